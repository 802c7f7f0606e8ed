"""Conflicts for a person: list the open ones in readable terms, resolve them so it syncs.

Every resolution is a write through ``ServiceContext.write`` (change capture): the chosen
value and the conflict's new state sync to every laptop like any edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import (
    Base,
    Client,
    ConflictState,
    Counsellor,
    KnownDevice,
    SyncConflict,
)
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync.typed_value import checked_value
from ciip_desktop.services.sync.types import ConflictView, Resolution
from ciip_desktop.sync import rows


def entity_for(table: str) -> type[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table:  # type: ignore[attr-defined]
            return mapper.class_
    raise KeyError(table)


def _decode(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


class ConflictService:
    def __init__(self, ctx: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self.ctx = ctx
        self.today = today  # a typed value's date rules (a birth date in the future ...)

    def count_open(self, client_id: str | None = None) -> int:
        return len(self.list_open(client_id))

    def list_open(self, client_id: str | None = None) -> list[ConflictView]:
        """Open conflicts, newest first (``client_id``: only those of that client)."""
        with self.ctx.read() as session:
            stmt = select(SyncConflict).where(
                SyncConflict.state == ConflictState.OPEN, SyncConflict.deleted.is_(False)
            )
            found = [self._view(session, c) for c in session.scalars(stmt)]
        if client_id is not None:
            found = [v for v in found if v.client_id == client_id]
        found.sort(key=lambda v: (v.winner_at, v.id), reverse=True)
        return found

    def get(self, conflict_id: str) -> ConflictView:
        with self.ctx.read() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise NotFoundError(_("This conflict no longer exists."))
            return self._view(session, conflict)

    def _view(self, session: Session, c: SyncConflict) -> ConflictView:
        client_id = self._client_of(session, c.table_name, c.row_id)
        file_no = ""
        if client_id:
            file_no = session.scalar(select(Client.file_no).where(Client.id == client_id)) or ""
        return ConflictView(
            id=c.id,
            kind=c.kind,
            table_name=c.table_name,
            row_id=c.row_id,
            field=c.field,
            client_id=client_id,
            file_no=file_no,
            base_value=_decode(c.base_value),
            current_value=_decode(c.winner_value),
            lost_value=_decode(c.loser_value),
            winner_user=self._user(session, c.winner_user),
            loser_user=self._user(session, c.loser_user),
            winner_device=self._device(session, c.winner_device),
            loser_device=self._device(session, c.loser_device),
            winner_at=rows.stamp_time(c.winner_hlc) if c.winner_hlc else c.created_at,
            loser_at=rows.stamp_time(c.loser_hlc) if c.loser_hlc else c.created_at,
            other_row_id=c.other_row_id,
        )

    @staticmethod
    def _client_of(session: Session, table: str, row_id: str) -> str | None:
        if table == Client.__tablename__:
            return row_id
        try:
            entity = entity_for(table)
        except KeyError:
            return None
        if "client_id" not in rows.fields(table):
            return None
        return session.scalar(select(entity.client_id).where(entity.id == row_id))

    @staticmethod
    def _user(session: Session, user_id: str) -> str:
        if not user_id:
            return ""
        return session.scalar(select(Counsellor.display_name).where(Counsellor.id == user_id)) or ""

    def _device(self, session: Session, device_id: str) -> str:
        if device_id == self.ctx.replica.device_id:
            return self.ctx.replica.device_code
        known = session.get(KnownDevice, device_id)
        return known.device_code if known is not None else "?"

    # -- resolving ---------------------------------------------------------------------
    def resolve(
        self,
        conflict_id: str,
        choice: Resolution | str,
        new_value: object = None,
        actor: Actor | None = None,
    ) -> None:
        """Resolve one conflict; the value chosen is written (and synced) like any edit."""
        choice = Resolution(choice)
        actor = actor or Actor.system()
        with self.ctx.write(actor) as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None or conflict.deleted:
                raise NotFoundError(_("This conflict no longer exists."))
            if conflict.state != ConflictState.OPEN:
                raise ValidationError(_("This conflict was already resolved."))
            target = self._target(session, conflict)
            if choice is Resolution.KEEP_THEIRS and target is not None:
                self._set(target, conflict, _decode(conflict.loser_value))
            elif choice is Resolution.NEW_VALUE and target is not None:
                value = checked_value(
                    session,
                    conflict.table_name,
                    conflict.row_id,
                    conflict.field,
                    new_value,
                    self.today(),
                )
                self._set(target, conflict, value)
            elif choice is Resolution.LOSER_AS_NOTE:
                self._note(session, conflict)
            conflict.state = ConflictState.RESOLVED
            conflict.resolution = choice.value
            conflict.resolved_by = actor.counsellor_id
            conflict.resolved_at = datetime.now(UTC)

    def merge_duplicate(
        self, conflict_id: str, keep_client_id: str, actor: Actor | None = None
    ) -> None:
        """The same person on two laptops: keep ``keep_client_id``, move everything of the
        other record to it (see :mod:`ciip_desktop.services.sync.merge_people`)."""
        from ciip_desktop.services.sync.merge_people import merge_duplicate

        merge_duplicate(self.ctx, conflict_id, keep_client_id, actor or Actor.system())

    def reopen(self, conflict_id: str, actor: Actor | None = None) -> None:
        """Undo a resolution: the conflict is open again and the record holds the value the
        merge had chosen (a note added stays: it is the person's own text)."""
        with self.ctx.write(actor or Actor.system()) as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise NotFoundError(_("This conflict no longer exists."))
            target = self._target(session, conflict)
            if target is not None and conflict.resolution in (
                Resolution.KEEP_THEIRS.value,
                Resolution.NEW_VALUE.value,
            ):
                self._set(target, conflict, _decode(conflict.winner_value))
            conflict.state = ConflictState.OPEN
            conflict.resolution = ""
            conflict.resolved_by = ""
            conflict.resolved_at = None

    @staticmethod
    def _target(session: Session, conflict: SyncConflict) -> Any:
        if conflict.field not in rows.fields(conflict.table_name) if conflict.field else True:
            return None
        try:
            entity = entity_for(conflict.table_name)
        except KeyError:
            return None
        return session.get(entity, conflict.row_id)

    @staticmethod
    def _set(target: Any, conflict: SyncConflict, value: object) -> None:
        setattr(target, conflict.field, rows.to_column(conflict.table_name, conflict.field, value))

    def _note(self, session: Session, conflict: SyncConflict) -> None:
        client_id = self._client_of(session, conflict.table_name, conflict.row_id)
        client = session.get(Client, client_id) if client_id else None
        if client is None:
            return
        lost = _decode(conflict.loser_value)
        line = _("Kept from a sync conflict ({field}): {value}").format(
            field=conflict.field, value="" if lost is None else lost
        )
        client.notes = f"{client.notes}\n{line}" if client.notes else line
