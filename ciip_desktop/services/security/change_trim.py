"""Old personal values leave the change log once sync no longer needs them (issue 17).

The change log keeps one record per changed field, and a row's insert record carries every
field: a client whose phone changed 20 times would keep 20 old numbers. Sync needs an old
value only until every replica has it; after that only the record's ids and stamps matter
(the merge reads the newest stamp of each field, and a newer record always wins). So a
personal value that a newer value of the same field has replaced is blanked:

* on a laptop never enrolled (its records can never leave it: only a fresh database may
  join an office) as soon as it is replaced, in the same transaction as the new value
  (:class:`TrimOnWrite`, a flush hook);
* on an enrolled laptop once the hub has acknowledged it and every enrolled laptop has pulled
  past it (``floor``, the pruning rule), at the end of each sync (:func:`blank_superseded`).

Which fields are personal comes from the client field declaration (``personal=True``); the
blank is what the column holds when empty (``""``, or null where the column allows it).
Ids, stamps, devices and the record itself stay.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, exists, select, update
from sqlalchemy.orm import Session

from ciip_desktop.models import Client, ReplicaState
from ciip_desktop.models.base import Synced
from ciip_desktop.sync import rows
from ciip_desktop.sync.capture import CHANGE_LOG, encode_value
from ciip_desktop.sync.change import ROW_INSERT

_CHUNK = 900  # ids per IN (...) under SQLite's variable limit


@functools.cache
def personal_fields() -> Mapping[str, frozenset[str]]:
    """Table -> its fields holding personal values, from the field declaration."""
    from ciip_desktop.services.clients.fields.declaration import FIELDS

    synced = rows.fields(Client.__tablename__)
    return {Client.__tablename__: frozenset(f.name for f in FIELDS if f.personal) & synced}


def blank_of(table: str, field: str) -> Any:
    """The empty value of ``table.field``: null where the column allows it, else ``""``."""
    return None if rows.table(table).c[field].nullable else ""


def blank_superseded(
    conn: Connection, floor: int | None, row_ids: Collection[str] | None = None
) -> int:
    """Blank every personal value a newer value of the same field replaced; how many records
    changed. ``floor`` None: a laptop never enrolled (every replaced value); else only records
    the hub acknowledged at or below ``floor``. ``row_ids`` limits it to those rows."""
    changed = 0
    for table, names in personal_fields().items():
        for ids in _chunks(row_ids):
            changed += _blank_field_records(conn, table, names, floor, ids)
            changed += _blank_insert_records(conn, table, names, floor, ids)
    return changed


def _chunks(row_ids: Collection[str] | None) -> Iterator[list[str] | None]:
    if row_ids is None:
        yield None
        return
    ids = list(dict.fromkeys(row_ids))
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _eligible(records: Any, floor: int | None, ids: list[str] | None) -> list[Any]:
    terms = []
    if floor is not None:
        terms += [records.c.hub_seq.is_not(None), records.c.hub_seq <= floor]
    if ids is not None:
        terms.append(records.c.row_id.in_(ids))
    return terms


def _blank_field_records(
    conn: Connection, table: str, names: frozenset[str], floor: int | None, ids: list[str] | None
) -> int:
    log = CHANGE_LOG
    newer = CHANGE_LOG.alias("newer")
    nullable = sorted(n for n in names if blank_of(table, n) is None)
    blank = case((log.c.field.in_(nullable), encode_value(None)), else_=encode_value(""))
    replaced = exists().where(
        newer.c.table_name == log.c.table_name,
        newer.c.row_id == log.c.row_id,
        newer.c.field == log.c.field,
        newer.c.hlc > log.c.hlc,
    )
    stmt = (
        update(log)
        .where(
            log.c.table_name == table,
            log.c.field.in_(sorted(names)),
            log.c.new_value.not_in([encode_value(None), encode_value("")]),
            replaced,
            *_eligible(log, floor, ids),
        )
        .values(new_value=blank)
    )
    return int(conn.execute(stmt).rowcount or 0)


def _blank_insert_records(
    conn: Connection, table: str, names: frozenset[str], floor: int | None, ids: list[str] | None
) -> int:
    ins = CHANGE_LOG.alias("ins")
    later = CHANGE_LOG.alias("later")
    stmt = (
        select(ins.c.change_id, ins.c.new_value, later.c.field)
        .distinct()
        .select_from(
            ins.join(
                later,
                and_(
                    later.c.table_name == ins.c.table_name,
                    later.c.row_id == ins.c.row_id,
                    later.c.field.in_(sorted(names)),
                    later.c.hlc > ins.c.hlc,
                ),
            )
        )
        .where(ins.c.table_name == table, ins.c.field == ROW_INSERT, *_eligible(ins, floor, ids))
    )
    replaced: dict[str, set[str]] = defaultdict(set)
    values: dict[str, str] = {}
    for change_id, new_value, field in conn.execute(stmt):
        replaced[change_id].add(field)
        values[change_id] = new_value
    rewritten = []
    for change_id, fields in replaced.items():
        row = json.loads(values[change_id])
        blanked = {f: blank_of(table, f) for f in fields if f in row}
        if any(row[f] != blank for f, blank in blanked.items()):
            row.update(blanked)
            rewritten.append({"cid": change_id, "value": encode_value(row)})
    if rewritten:
        log = CHANGE_LOG
        conn.execute(
            update(log)
            .where(log.c.change_id == bindparam("cid"))
            .values(new_value=bindparam("value")),
            rewritten,
        )
    return len(rewritten)


class TrimOnWrite:
    """A flush hook: on a laptop never enrolled, the value a write replaces is blanked from
    the change log in the same transaction. The first such write of a process on a database
    sweeps the whole log once (values replaced before this release; ~25 ms at 100 000
    clients), later ones only the rows they change."""

    def __init__(self) -> None:
        self._swept: set[str] = set()

    def __call__(self, session: Session, written: list[Synced]) -> None:
        tables = personal_fields()
        edited = [
            obj.id
            for obj in written
            if obj not in session.new and getattr(obj, "__tablename__", "") in tables
        ]
        if not edited:
            return
        conn = session.connection()
        enrolled = conn.execute(select(ReplicaState.enrolled)).scalar()
        if enrolled:
            return
        database = str(conn.engine.url)
        if database in self._swept:
            blank_superseded(conn, None, edited)
        else:
            blank_superseded(conn, None)
            self._swept.add(database)


TRIM_ON_WRITE = TrimOnWrite()
