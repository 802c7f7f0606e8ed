"""Change capture: every flush of a write session stamps synced rows and logs each changed field.

This is the one place where local writes become sync changes (DESIGN §4): the unit of work
installs it on every write session, so no service can write around it.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, event, func, insert, inspect, select
from sqlalchemy.orm import Mapper, Session, UOWTransaction

from ciip_desktop.models.base import Synced
from ciip_desktop.models.replica import ChangeRecord
from ciip_desktop.store import guard
from ciip_desktop.sync.change import ROW_INSERT, SCHEMA_VERSION
from ciip_desktop.sync.clock import HybridLogicalClock, stamp_time

__all__ = ["ROW_INSERT", "SCHEMA_VERSION", "ChangeCapture", "SyncedRowDeleteError"]

CHANGE_LOG: Table = ChangeRecord.__table__  # type: ignore[assignment]

# Called inside the flush with the synced rows it writes, e.g. to refresh a local index.
FlushHook = Callable[[Session, list[Synced]], None]


class SyncedRowDeleteError(RuntimeError):
    """Synced rows are never deleted: set ``deleted = True`` so the tombstone syncs."""


def new_change_id() -> str:
    """A UUID whose leading bits are the time (the UUIDv7 layout), so ids of later changes sort
    after earlier ones and the change log's primary-key index grows at its end."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def _plain(value: Any) -> Any:
    """A field value as JSON carries it: dates and times as ISO text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def encode_value(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return json.dumps(_plain(value), ensure_ascii=False)


@functools.cache
def _captured_fields(mapper: Mapper[Any]) -> tuple[tuple[str, Any], ...]:
    """The fields of a synced entity that the change log carries, with scalar defaults."""
    fields = []
    for attr in mapper.column_attrs:
        if attr.key in Synced.SYNC_META_COLUMNS:
            continue
        default: Any = mapper.columns[attr.key].default
        scalar = default.arg if getattr(default, "is_scalar", False) else None
        fields.append((attr.key, scalar))
    return tuple(fields)


@dataclass
class ChangeCapture:
    """Installed on one session: who writes, from which device, with which clock."""

    device_id: str
    user_id: str
    clock: HybridLogicalClock
    hooks: Iterable[FlushHook] = ()

    def install(self, session: Session) -> None:
        event.listen(session, "before_flush", self._before_flush)
        # The flush's own statements may write synced tables: they are the captured ones.
        event.listen(session, "after_flush", _close_flush)

    def _before_flush(self, session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
        for obj in session.deleted:
            if isinstance(obj, Synced):
                raise SyncedRowDeleteError(f"{type(obj).__name__} rows are tombstoned, not deleted")
        written: list[Synced] = []
        records: list[dict[str, Any]] = []
        for obj in list(session.new):
            if isinstance(obj, Synced):
                self._capture(session, obj, records, is_new=True)
                written.append(obj)
        for obj in list(session.dirty):
            if (
                isinstance(obj, Synced)
                and session.is_modified(obj, include_collections=False)
                and self._capture(session, obj, records, is_new=False)
            ):
                written.append(obj)
        if records:
            # One executemany in the flush's own transaction: far cheaper than ORM objects
            # when an import or the demo writes thousands of rows.
            session.connection().execute(insert(CHANGE_LOG), records)
        for hook in self.hooks:
            hook(session, written)
        guard.allow(session.connection())

    def _capture(
        self, session: Session, obj: Synced, records: list[dict[str, Any]], *, is_new: bool
    ) -> bool:
        state = inspect(obj)
        mapper = state.mapper
        table = mapper.local_table.name  # type: ignore[attr-defined]
        if is_new and not obj.id:
            obj.id = str(uuid.uuid4())
        changed: list[tuple[str, Any]] = []
        for name, default in _captured_fields(mapper):
            if is_new:
                value = getattr(obj, name)
                if value is None and default is not None:
                    value = default
                    setattr(obj, name, value)
                changed.append((name, value))
            else:
                history = state.attrs[name].history
                if history.has_changes():
                    changed.append((name, getattr(obj, name)))
        if not changed:
            return False
        stamp = self.clock.tick()
        now = stamp_time(stamp)
        obj.hlc = stamp
        obj.updated_at = now
        if is_new and obj.created_at is None:
            obj.created_at = now
        if is_new:
            # A new row is one record carrying every field: the same information as one
            # record per field (all share this stamp and replace nothing), at a twentieth
            # of the size — the log would otherwise outgrow the records it describes. It
            # carries created_at too, so every replica keeps when the row was made.
            row = {name: _plain(value) for name, value in changed}
            row["created_at"] = _plain(obj.created_at)
            entries = [(ROW_INSERT, row, "")]
        else:
            entries = [
                (name, value, self._field_stamp(session, table, obj.id, name))
                for name, value in changed
            ]
        for field_name, value, base in entries:
            records.append(
                {
                    "change_id": new_change_id(),
                    "table_name": table,
                    "row_id": obj.id,
                    "field": field_name,
                    "new_value": encode_value(value),
                    "hlc": stamp,
                    "base_hlc": base,
                    "device_id": self.device_id,
                    "user_id": self.user_id,
                    "schema_version": SCHEMA_VERSION,
                    "hub_seq": None,
                }
            )
        return True

    @staticmethod
    def _field_stamp(session: Session, table: str, row_id: str, field: str) -> str:
        """The stamp of the value being replaced: the last change to this one field."""
        stmt = select(func.max(ChangeRecord.hlc)).where(
            ChangeRecord.table_name == table,
            ChangeRecord.row_id == row_id,
            ChangeRecord.field.in_((field, ROW_INSERT)),
        )
        return session.connection().execute(stmt).scalar() or ""


def _close_flush(session: Session, _ctx: UOWTransaction) -> None:
    guard.disallow(session.connection())
