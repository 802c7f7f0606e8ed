"""Registering clients, changing their records, finding probable duplicates, closing files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import Client, ClientStatus, Counsellor, new_id
from ciip_desktop.services.clients import duplicates
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.clients.names import suggest_pinyin
from ciip_desktop.services.clients.parsing import parse_bool, parse_date
from ciip_desktop.services.clients.record_service import ClientRecordService
from ciip_desktop.services.clients.status import (
    MANUAL,
    REASONS,
    RECALCULATED,
    REOPENED,
    derive_status,
    record_status,
    status_facts,
)
from ciip_desktop.services.clients.types import ClientDetail, DuplicateCandidate, RegistrationInput
from ciip_desktop.services.clients.validation import normalise_registration, validate_registration
from ciip_desktop.services.clients.views import client_detail, load_client
from ciip_desktop.services.context import Actor, Replica
from ciip_desktop.services.permissions import require_client
from ciip_desktop.services.security import audit

FIELD_TYPES = {f.name: str(f.type) for f in fields(RegistrationInput)}
DATE_FIELDS = frozenset(n for n, t in FIELD_TYPES.items() if t.startswith("date"))
BOOL_FIELDS = frozenset(n for n, t in FIELD_TYPES.items() if t == "bool")
# RegistrationInput fields stored as such on the Client row.
PLAIN_FIELDS = tuple(
    n for n in FIELD_TYPES if n not in {"principal_file_no", "pinyin", "counsellor_id"}
)
REOPEN = "reopen"


def invalid(errors: dict[str, str]) -> ValidationError:
    """The error for a record that does not pass the rules, with each field's reason."""
    count = len(errors)
    return ValidationError(
        ngettext(
            "The record has {n} problem; correct the field marked and save again.",
            "The record has {n} problems; correct the fields marked and save again.",
            count,
        ).format(n=count),
        errors,
    )


def apply_registration(session: Session, client: Client, data: RegistrationInput) -> None:
    """Copy a validated, normalised registration onto ``client`` (only what differs)."""
    values: dict[str, object] = {n: getattr(data, n) for n in PLAIN_FIELDS}
    values["pinyin"] = suggest_pinyin(data.chinese_name) if data.pinyin is None else data.pinyin
    values["counsellor_id"] = data.counsellor_id or None
    principal_id = None
    if data.principal_file_no and data.applicant_role == "family_member":
        principal_id = session.scalar(
            select(Client.id).where(
                Client.file_no == data.principal_file_no, Client.deleted.is_(False)
            )
        )
    values["principal_id"] = principal_id
    for name, value in values.items():
        if getattr(client, name) != value:
            setattr(client, name, value)


def new_client(
    session: Session, replica: Replica, actor: Actor, data: RegistrationInput, file_no: str
) -> Client:
    """A new client from a validated registration (the counsellor defaults to the actor).

    Flush it before adding rows that point to it (:func:`start_history` and others): the
    unit of work does not order inserts by foreign key without relationships.
    """
    if data.counsellor_id is None and actor.counsellor_id:
        data = replace(data, counsellor_id=actor.counsellor_id)
    client = Client(id=new_id(), file_no=file_no, office_id=replica.office_id, deleted=False)
    apply_registration(session, client, data)
    session.add(client)
    return client


def start_history(session: Session, client: Client, actor: Actor) -> None:
    """The first entry of a new client's status history: registered."""
    registered = ClientStatus.REGISTERED.value
    record_status(session, client, registered, actor.counsellor_id, REASONS[registered])


def parse_changes(
    session: Session, changes: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """(typed values, field → reason) for ``changes``; text is parsed as a form would."""
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, value in changes.items():
        if name not in FIELD_TYPES:
            errors[name] = _("There is no field named {name} in a client record.").format(name=name)
            continue
        try:
            parsed[name] = _parse_value(session, name, value)
        except ValueError as err:
            errors[name] = str(err)
    return parsed, errors


def _parse_value(session: Session, name: str, value: object) -> object:
    if name in DATE_FIELDS:
        if value is None or isinstance(value, date):
            return value
        return parse_date(str(value))
    if name in BOOL_FIELDS:
        return value if isinstance(value, bool) else parse_bool(str(value))
    if value is None:
        if FIELD_TYPES[name].endswith("None"):
            return None
        return ""
    text = str(value)
    if name == "counsellor_id" and text:
        by_username = session.scalar(select(Counsellor.id).where(Counsellor.username == text))
        return by_username or text
    if name in {"counsellor_id", "principal_file_no"}:
        return text or None
    return text


class ClientService(ClientRecordService):
    @staticmethod
    def suggest_pinyin(chinese_name: str) -> str:
        return suggest_pinyin(chinese_name)

    def validate(self, data: RegistrationInput, client_id: str | None = None) -> dict[str, str]:
        """Field name → translated reason for every rule ``data`` breaks (empty when fine)."""
        with self.ctx.read() as session:
            return validate_registration(
                session, normalise_registration(data), self.today(), client_id
            )

    def register(self, actor: Actor, data: RegistrationInput) -> ClientDetail:
        """Register a client: validate, give a file number, derive pinyin, start the history."""
        data = normalise_registration(data)
        with self.ctx.write(actor) as session:
            errors = validate_registration(session, data, self.today())
            if errors:
                raise invalid(errors)
            year = (data.received_on or self.today()).year
            replica = self.ctx.replica
            (file_no,) = next_file_numbers(session, replica.office_code, replica.device_code, year)
            client = new_client(session, replica, actor, data, file_no)
            start_history(session, client, actor)
            client_id = client.id
        return self.get(actor, client_id)

    def update(self, actor: Actor, client_id: str, changes: Mapping[str, object]) -> ClientDetail:
        """Change fields of a record (names as in RegistrationInput); validated like the form."""
        with self.ctx.write(actor) as session:
            client = load_client(session, client_id)
            require_client(actor.role, actor.counsellor_id, client.counsellor_id)
            audit.record_in(
                session, self.ctx, actor, audit.CHANGE, "client", client.file_no, ",".join(changes)
            )
            parsed, errors = parse_changes(session, changes)
            current = client_detail(session, client_id, self.today()).registration
            if (
                "chinese_name" in parsed
                and "pinyin" not in parsed
                and client.pinyin in ("", suggest_pinyin(client.chinese_name))
            ):
                parsed["pinyin"] = None  # not edited by hand: follow the new Chinese name
            merged = normalise_registration(replace(current, **parsed))  # type: ignore[arg-type]
            for name, reason in validate_registration(
                session, merged, self.today(), client_id
            ).items():
                errors.setdefault(name, reason)
            if errors:
                raise invalid(errors)
            apply_registration(session, client, merged)
        return self.get(actor, client_id)

    def get(self, actor: Actor, client_id: str) -> ClientDetail:
        """The record as the record view shows it (the view is audited)."""
        with self.ctx.read() as session:
            detail = client_detail(session, client_id, self.today())
        audit.record_view(self.ctx, actor, detail.file_no)
        return detail

    def get_by_file_no(self, actor: Actor, file_no: str) -> ClientDetail:
        with self.ctx.read() as session:
            client_id = session.scalar(
                select(Client.id).where(
                    Client.file_no == file_no.strip().upper(), Client.deleted.is_(False)
                )
            )
            if client_id is None:
                raise NotFoundError(
                    _("No client has the file number {file_no}; check the number.").format(
                        file_no=file_no.strip()
                    )
                )
            detail = client_detail(session, client_id, self.today())
        audit.record_view(self.ctx, actor, detail.file_no)
        return detail

    def find_duplicates(
        self, data: RegistrationInput, exclude_id: str | None = None, limit: int = 5
    ) -> list[DuplicateCandidate]:
        """Existing clients who may be the same person as ``data``, most likely first."""
        with self.ctx.read() as session:
            return duplicates.find_duplicates(session, data, exclude_id, limit)

    def set_status(
        self, actor: Actor, client_id: str, status: str, reason: str = ""
    ) -> ClientDetail:
        """Close or withdraw a file, or reopen it (``"reopen"`` or the status the record shows).

        The other statuses follow from the work recorded and cannot be set by hand.
        """
        wanted = status.strip().lower()
        with self.ctx.write(actor) as session:
            client = load_client(session, client_id)
            require_client(actor.role, actor.counsellor_id, client.counsellor_id)
            audit.record_in(
                session, self.ctx, actor, audit.CHANGE, "client", client.file_no, wanted
            )
            derived = derive_status(status_facts(session, client_id, self.package_ready)).value
            if wanted in MANUAL:
                if client.status != wanted:
                    record_status(session, client, wanted, actor.counsellor_id, reason.strip())
            elif wanted in (REOPEN, derived):
                if client.status in MANUAL:
                    why = reason.strip() or REOPENED
                    record_status(session, client, derived, actor.counsellor_id, why)
                elif client.status != derived:
                    why = reason.strip() or RECALCULATED
                    record_status(session, client, derived, actor.counsellor_id, why)
            else:
                raise ValidationError(
                    _(
                        "The status {status} follows from the work recorded and cannot be set "
                        "by hand; close, withdraw or reopen the file instead."
                    ).format(status=status),
                    {
                        "status": _("Choose closed, withdrawn or reopen."),
                    },
                )
        return self.get(actor, client_id)

    def counsellors(self) -> list[tuple[str, str]]:
        """(id, display name) of every active counsellor, by name."""
        with self.ctx.read() as session:
            rows = session.execute(
                select(Counsellor.id, Counsellor.display_name)
                .where(Counsellor.active.is_(True), Counsellor.deleted.is_(False))
                .order_by(Counsellor.display_name)
            )
            return [(cid, name) for cid, name in rows]
