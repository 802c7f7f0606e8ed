"""Issuing packages: frozen versions, how they went out, e-mail messages, corrections.

Each issued version keeps the PDF exactly as issued (re-printed byte for byte; the bytes stay
outside the synced row, see :mod:`snapshots`) and the revision of every library item it
carried, so that when an item is corrected the clients who received the old text can be
listed. Issuing moves the client's status to "package ready" through the status rules.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.documents.package_doc import PackageDocument
from ciip_desktop.errors import NotFoundError, UserError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import Client, InfoPackage, LibraryItem, utcnow
from ciip_desktop.services.clients.status import refresh_status
from ciip_desktop.services.clients.views import load_client
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages.appointments import NextAppointment, package_deadline
from ciip_desktop.services.packages.builder import PackageBuilder
from ciip_desktop.services.packages.ready import package_ready
from ciip_desktop.services.packages.snapshots import keep_pdf, relaid_pdf, stored_pdf
from ciip_desktop.services.packages.types import IssuedView, PackageDraft
from ciip_desktop.services.packages.wording import TEXT_LANGUAGES, tr
from ciip_desktop.services.security import audit, guards

CHANNELS = ("print", "email", "saved")


@dataclass(frozen=True)
class Laid:
    """A draft laid out as its next version, ready to be kept as issued."""

    draft: PackageDraft
    version: int
    document: PackageDocument
    pdf: bytes


def _view(row: InfoPackage, file_no: str) -> IssuedView:
    return IssuedView(
        id=row.id,
        client_id=row.client_id,
        file_no=file_no,
        version=row.version,
        language=row.language,
        paper=row.paper,
        issued_at=row.issued_at,
        channel=row.channel,
        sent_at=row.sent_at,
        pdf_sha256=row.pdf_sha256,
    )


class PackageIssuer:
    def __init__(
        self,
        ctx: ServiceContext,
        builder: PackageBuilder,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.ctx = ctx
        self.builder = builder
        self.today = today

    def issue(self, actor: Actor, draft: PackageDraft, channel: str = "saved") -> IssuedView:
        """Give the draft its next version, freeze its PDF and contents, update the status."""
        from ciip_desktop.documents.package_pdf import render_package  # reportlab: on first use

        version, document = self.prepare(actor, draft)
        return self.record(actor, draft, version, document, render_package(document), channel)

    def prepare(self, actor: Actor, draft: PackageDraft) -> tuple[int, PackageDocument]:
        """The draft's next version number and its content as that version (to lay out)."""
        guards.own_client(self.ctx, actor, draft.client_id)
        with self.ctx.read() as session:
            latest = session.scalar(
                select(func.max(InfoPackage.version)).where(
                    InfoPackage.client_id == draft.client_id
                )
            )
        version = (latest or 0) + 1
        document = self.builder.document(draft, actor.display_name, version)
        return version, issued_document(document)

    def next_versions(self, client_ids: Sequence[str]) -> dict[str, int]:
        """The version each client's next issued package gets (one query for all)."""
        with self.ctx.read() as session:
            rows = session.execute(
                select(InfoPackage.client_id, func.max(InfoPackage.version))
                .where(InfoPackage.client_id.in_(list(client_ids)))
                .group_by(InfoPackage.client_id)
            )
            latest = {client_id: top for client_id, top in rows}
        return {c: (latest.get(c) or 0) + 1 for c in client_ids}

    def record(
        self,
        actor: Actor,
        draft: PackageDraft,
        version: int,
        document: PackageDocument,
        pdf: bytes,
        channel: str = "saved",
    ) -> IssuedView:
        """Keep ``pdf`` as issued ``version`` of the draft, with the revision of every item."""
        return self.record_many(actor, [Laid(draft, version, document, pdf)], channel)[0]

    def record_many(
        self, actor: Actor, laid: Sequence[Laid], channel: str = "saved"
    ) -> list[IssuedView]:
        """Keep each laid-out draft as issued, all in one transaction (a batch's finished
        packages): the PDF in this replica's store, its hash and content in the synced row."""
        from ciip_desktop.documents.package_json import to_json
        from ciip_desktop.documents.package_pdf import renderer_id

        renderer = renderer_id()
        ids = list({d.item_id for one in laid for d in one.draft.items})
        client_ids = list({one.draft.client_id for one in laid})
        for client_id in client_ids:
            guards.own_client(self.ctx, actor, client_id)
        with self.ctx.write(actor) as session:
            items = session.scalars(select(LibraryItem).where(LibraryItem.id.in_(ids)))
            revisions = {i.id: [i.slug, i.en_revision, i.zh_revision, i.fr_revision] for i in items}
            found = session.scalars(select(Client).where(Client.id.in_(client_ids)))
            clients = {c.id: c for c in found if not c.deleted}
            rows: list[InfoPackage] = []
            for one in laid:
                draft = one.draft
                client = clients.get(draft.client_id) or load_client(session, draft.client_id)
                contents = [
                    {"item": d.item_id, "rev": revisions[d.item_id]}
                    for d in draft.items
                    if d.item_id in revisions
                ]
                rows.append(
                    InfoPackage(
                        client_id=client.id,
                        counsellor_id=actor.counsellor_id or None,
                        version=one.version,
                        language=draft.language,
                        paper=draft.paper,
                        note=draft.note,
                        contents=json.dumps(contents, ensure_ascii=False),
                        issued_at=utcnow(),
                        channel=channel if channel != "saved" else "",
                        sent_at=utcnow() if channel in ("print", "email") else None,
                        pdf_sha256=keep_pdf(session, one.pdf),
                        document=to_json(one.document),
                        renderer=renderer,
                    )
                )
            session.add_all(rows)
            session.flush()
            for row in rows:
                client = clients[row.client_id]
                sent = f"v{row.version} {channel}"
                audit.record_in(
                    session, self.ctx, actor, audit.PACKAGE, "client", client.file_no, sent
                )
                refresh_status(session, client, actor.counsellor_id, package_ready)
            return [_view(row, clients[row.client_id].file_no) for row in rows]

    def record_sent(self, actor: Actor, package_id: str, channel: str) -> IssuedView:
        """Record that an issued version went out (printed or e-mailed) now."""
        if channel not in CHANNELS:
            raise UserError(_("Choose print, email or saved."))
        with self.ctx.write(actor) as session:
            row = self._row(session, package_id)
            guards.own_client(self.ctx, actor, row.client_id)
            kind = {"print": audit.PRINT, "email": audit.EMAIL}.get(channel, audit.PACKAGE)
            file_no = load_client(session, row.client_id).file_no
            audit.record_in(session, self.ctx, actor, kind, "client", file_no, f"v{row.version}")
            row.channel = channel
            row.sent_at = utcnow()
            session.flush()
            return _view(row, load_client(session, row.client_id).file_no)

    def versions(self, client_id: str) -> list[IssuedView]:
        with self.ctx.read() as session:
            client = load_client(session, client_id)
            rows = session.scalars(
                select(InfoPackage)
                .where(InfoPackage.client_id == client_id, InfoPackage.deleted.is_(False))
                .order_by(InfoPackage.version.desc())
            )
            return [_view(r, client.file_no) for r in rows]

    def snapshot(self, package_id: str) -> bytes:
        """The PDF of an issued version, byte for byte as it was issued: from this replica's
        store, else laid out again from the synced content and checked against its hash."""
        with self.ctx.read() as session:
            row = self._row(session, package_id)
            pdf = stored_pdf(session, row)
            sha, document, renderer = row.pdf_sha256, row.document, row.renderer
        if pdf is None:
            pdf = relaid_pdf(package_id, sha, document, renderer)
        if pdf is None:
            raise UserError(
                _(
                    "The exact copy of this package version is kept on the laptop that issued "
                    "it (another release of CIIP Desktop); open it there, or issue a new "
                    "version here."
                )
            )
        return pdf

    def clients_with_old_text(self, item_id: str) -> list[IssuedView]:
        """Issued versions (latest per client) that carried an older English text of the item."""
        with self.ctx.read() as session:
            item = session.get(LibraryItem, item_id)
            if item is None:
                raise NotFoundError(_("This library item no longer exists; refresh the library."))
            needle = f'"item": "{item_id}"'
            rows = session.execute(
                select(InfoPackage, Client.file_no)
                .join(Client, Client.id == InfoPackage.client_id)
                .where(InfoPackage.deleted.is_(False), InfoPackage.contents.contains(needle))
                .order_by(Client.file_no, InfoPackage.version.desc())
            )
            found: dict[str, IssuedView] = {}
            for row, file_no in rows:
                if row.client_id in found:
                    continue
                for entry in json.loads(row.contents):
                    if entry["item"] == item_id and entry["rev"][1] < item.en_revision:
                        found[row.client_id] = _view(row, file_no)
            return list(found.values())

    def email_message(self, package_id: str, sender: str) -> bytes:
        """An .eml message to the client with the issued PDF attached (standard library)."""
        with self.ctx.read() as session:
            row = self._row(session, package_id)
            client = load_client(session, row.client_id)
            address, file_no, language = client.email, client.file_no, row.language
            name = " ".join(p for p in (client.given_name, client.family_name) if p)
        if not address:
            raise UserError(
                _("{file_no} has no e-mail address; add one to the record, then try again.")
                .format(file_no=file_no)
            )  # fmt: skip
        pdf = self.snapshot(package_id)
        langs = [x for x in TEXT_LANGUAGES[language] if x]
        message = EmailMessage()
        message["To"] = f"{name} <{address}>" if name else address
        message["From"] = sender
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="ciip.local")
        message["Subject"] = " / ".join(
            dict.fromkeys(tr(x, N_("Your pre-arrival information package")) for x in langs)
        )
        message["X-Unsent"] = "1"  # mail clients open it as a draft to send
        body = "\n\n".join(
            tr(
                x,
                N_(
                    "Please find attached your pre-arrival information package. "
                    "Reply to this message if you have any questions."
                ),
            )
            for x in langs
        )
        message.set_content(body)
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=f"package-{file_no}.pdf"
        )
        return message.as_bytes()

    def late_phone_session(self, client_id: str, next_appointment: NextAppointment) -> date | None:
        """The deadline missed when a phone session is near and no package has gone out."""
        today = self.today()
        with self.ctx.read() as session:
            appointment = next_appointment(session, client_id, today)
            if appointment is None:
                return None
            deadline = package_deadline(appointment)
            if deadline is None or today < deadline:
                return None
            sent = session.scalar(
                select(InfoPackage.id).where(
                    InfoPackage.client_id == client_id,
                    InfoPackage.deleted.is_(False),
                    InfoPackage.sent_at.is_not(None),
                )
            )
            return deadline if sent is None else None

    @staticmethod
    def _row(session: Session, package_id: str) -> InfoPackage:
        row = session.get(InfoPackage, package_id)
        if row is None or row.deleted:
            raise NotFoundError(_("This package version no longer exists; refresh the list."))
        return row


def issued_document(document: PackageDocument) -> PackageDocument:
    """``document`` as issued now: its PDF then depends on its content alone (see
    :mod:`snapshots`)."""
    return dataclasses.replace(document, created=int(utcnow().timestamp()))
