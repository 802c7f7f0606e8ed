"""The office hub: a durable, ordered log of changes and the laptops enrolled in the office.

The hub never merges. It stores each change once (``change_id`` is unique) under a server
sequence number, tells each laptop the changes after its cursor, and remembers how far each
laptop has pulled. The same code serves a SQLite file (a shared drive, tests) and
PostgreSQL (the office server, through psycopg 3) with SQLAlchemy Core; only a push's bulk
insert is written for each of the two (:mod:`ciip_desktop.sync.hub_push`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from ciip_desktop.sync import hub_push
from ciip_desktop.sync.change import CHANGE_COLUMNS, Change, change_from_values

HUB_SCHEMA_VERSION = 1
metadata = MetaData()
_Seq = BigInteger().with_variant(Integer(), "sqlite")

hub_meta = Table(
    "hub_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("schema_version", Integer, nullable=False),
    Column("office_id", String(36), nullable=False),
    Column("office_code", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
hub_device = Table(
    "hub_device",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("device_code", String(4), nullable=False, unique=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("pulled_seq", _Seq, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
)
hub_change = Table(
    "hub_change",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=True),
    Column("change_id", String(36), nullable=False, unique=True),
    Column("table_name", String(64), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("field", String(64), nullable=False),
    Column("new_value", Text, nullable=False),
    Column("hlc", String(40), nullable=False),
    Column("base_hlc", String(40), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("schema_version", Integer, nullable=False),
)


class HubError(Exception):
    """The hub refused or cannot be used (the service turns it into the user's sentence)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class HubInfo:
    office_id: str
    office_code: str


@dataclass(frozen=True)
class HubDevice:
    device_id: str
    device_code: str
    pulled_seq: int


def normalise_url(url: str) -> str:
    """A hub URL as SQLAlchemy takes it: a plain path is a SQLite file; ``postgresql://``
    uses psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


class Hub:
    """One hub, opened by URL (``sqlite:///path``, a path, or ``postgresql://...``)."""

    def __init__(self, url: str, password: str | None = None) -> None:
        full = make_url(normalise_url(url))
        if password is not None and full.password is None:
            full = full.set(password=password)
        self.url = full
        self.engine: Engine = create_engine(full, hide_parameters=True, pool_pre_ping=True)
        if full.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    def close(self) -> None:
        self.engine.dispose()

    # -- setting up ------------------------------------------------------------------
    def init(self, office_id: str, office_code: str) -> HubInfo:
        """Create the hub's tables and name its office (once; a second init changes nothing)."""
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            row = conn.execute(select(hub_meta)).first()
            if row is None:
                conn.execute(
                    insert(hub_meta).values(
                        id=1,
                        schema_version=HUB_SCHEMA_VERSION,
                        office_id=office_id,
                        office_code=office_code,
                        created_at=datetime.now(UTC),
                    )
                )
                return HubInfo(office_id, office_code)
            return HubInfo(row.office_id, row.office_code)

    def info(self) -> HubInfo:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(select(hub_meta)).first()
        except Exception as exc:
            raise HubError("unreachable", type(exc).__name__) from exc
        if row is None:
            raise HubError("not_a_hub")
        if row.schema_version > HUB_SCHEMA_VERSION:
            raise HubError("newer_hub")
        return HubInfo(row.office_id, row.office_code)

    def enrol(self, device_code: str, device_id: str | None = None) -> HubDevice:
        """Register a laptop under a code unique in the office (a duplicate is refused)."""
        code = device_code.upper()
        new_id = device_id or str(uuid.uuid4())
        with self.engine.begin() as conn:
            taken = conn.execute(
                select(hub_device.c.device_id).where(hub_device.c.device_code == code)
            ).scalar()
            if taken is not None and taken != new_id:
                raise HubError("code_taken")
            if taken is None:
                try:
                    conn.execute(
                        insert(hub_device).values(
                            device_id=new_id,
                            device_code=code,
                            enrolled_at=datetime.now(UTC),
                            pulled_seq=0,
                            active=True,
                        )
                    )
                except IntegrityError as exc:
                    raise HubError("code_taken") from exc
        return HubDevice(new_id, code, 0)

    def devices(self) -> list[HubDevice]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(hub_device).where(hub_device.c.active.is_(True)))
            return [HubDevice(r.device_id, r.device_code, int(r.pulled_seq)) for r in rows]

    def _known_device(self, conn: Connection, device_id: str) -> None:
        found = conn.execute(
            select(hub_device.c.device_id).where(
                hub_device.c.device_id == device_id, hub_device.c.active.is_(True)
            )
        ).scalar()
        if found is None:
            raise HubError("not_enrolled")

    # -- the log -----------------------------------------------------------------------
    def push(self, device_id: str, changes: Sequence[Change]) -> dict[str, int]:
        """Store ``changes`` (those already here are kept as they are); returns the sequence
        number of every change given, in one transaction (see :mod:`.hub_push`)."""
        with self.engine.begin() as conn:
            self._known_device(conn, device_id)
            hub_push.take_turn(conn)
            return hub_push.store(conn, hub_change, changes)

    def pull(self, device_id: str, after: int, limit: int = 5000) -> list[Change]:
        """Changes after sequence ``after``, in order (a laptop skips its own: it has them)."""
        with self.engine.connect() as conn:
            self._known_device(conn, device_id)
            stmt = (
                select(*_PULLED)
                .where(hub_change.c.seq > after)
                .order_by(hub_change.c.seq)
                .limit(limit)
            )
            return [change_from_values(r) for r in conn.execute(stmt)]

    def row_changes(self, table: str, row_id: str) -> list[Change]:
        """Every change of one row (the office row a new laptop needs to join)."""
        with self.engine.connect() as conn:
            stmt = (
                select(hub_change)
                .where(hub_change.c.table_name == table, hub_change.c.row_id == row_id)
                .order_by(hub_change.c.seq)
            )
            return [_change(r) for r in conn.execute(stmt)]

    def head(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.coalesce(func.max(hub_change.c.seq), 0))).scalar() or 0
            )

    def acknowledge(self, device_id: str, seq: int) -> None:
        """Record that ``device_id`` has applied everything up to ``seq``."""
        with self.engine.begin() as conn:
            conn.execute(
                update(hub_device)
                .where(hub_device.c.device_id == device_id, hub_device.c.pulled_seq < seq)
                .values(pulled_seq=seq)
            )

    def all_pulled_past(self) -> int:
        """The sequence every enrolled laptop has pulled past (what each may prune)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(func.min(hub_device.c.pulled_seq)).where(hub_device.c.active.is_(True))
            ).scalar()
        return int(value or 0)


# The log's columns in the order of a Change's fields (the hub's sequence last).
_PULLED = [hub_change.c[n] for n in CHANGE_COLUMNS if n != "hub_seq"] + [hub_change.c.seq]


def _change(row: object) -> Change:
    m = row._mapping  # type: ignore[attr-defined]
    return Change(
        change_id=m["change_id"],
        table_name=m["table_name"],
        row_id=m["row_id"],
        field=m["field"],
        new_value=m["new_value"],
        hlc=m["hlc"],
        base_hlc=m["base_hlc"],
        device_id=m["device_id"],
        user_id=m["user_id"],
        schema_version=int(m["schema_version"]),
        hub_seq=int(m["seq"]),
    )


def chunks(items: Sequence[Change], size: int) -> Iterable[Sequence[Change]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
