"""The service context: the database, this replica's identity and clock, and the write path.

Every write in the application goes through :meth:`ServiceContext.write`, which opens one
transaction, installs change capture (DESIGN §4) and commits or rolls back as a whole.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import Counsellor, Office, ReplicaState, Role
from ciip_desktop.store import Database
from ciip_desktop.sync.capture import ChangeCapture, FlushHook
from ciip_desktop.sync.clock import HybridLogicalClock

DEFAULT_OFFICE = {
    "code": "GZ",
    "name": "CIIP Guangzhou",
    "city": "Guangzhou",
    "time_zone": "Asia/Shanghai",
}


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service call acts (recorded with every change)."""

    counsellor_id: str
    display_name: str
    role: Role = Role.COUNSELLOR

    @classmethod
    def system(cls) -> Actor:
        """Setup and maintenance done by the application itself, not by a person."""
        return cls(counsellor_id="", display_name="system", role=Role.ADMINISTRATOR)

    @property
    def is_supervisor(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Replica:
    device_id: str
    device_code: str
    office_id: str
    office_code: str


@dataclass
class ServiceContext:
    db: Database
    replica: Replica
    clock: HybridLogicalClock
    _hooks: list[FlushHook] = field(default_factory=list)
    _write_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, db: Database, device_code: str = "A") -> ServiceContext:
        """The context for ``db``; a new database is given its office and replica identity.

        An enrolled database is only read (a long write elsewhere does not block opening);
        the first open enrols under the write lock, so two first opens enrol once.
        """
        for writing in (False, True):
            with db.explained():
                session = db.write_session() if writing else db.session()
                with session, session.begin():
                    state = session.scalars(select(ReplicaState)).first()
                    if state is None and writing:
                        state = cls._enrol(session, device_code)
                    if state is None:
                        continue
                    office = session.get(Office, state.office_id)
                    assert office is not None
                    replica = Replica(state.device_id, state.device_code, office.id, office.code)
                    last = state.last_hlc
                return cls(db=db, replica=replica, clock=HybridLogicalClock(last))
        raise AssertionError("unreachable: the second pass enrols")

    @staticmethod
    def _enrol(session: Session, device_code: str) -> ReplicaState:
        """First open of a database: give this laptop its identity, and a new database its
        office (the office row is captured like any write, so it syncs)."""
        clock = HybridLogicalClock()
        state = ReplicaState(id=1, device_id=str(uuid.uuid4()), device_code=device_code.upper())
        office = session.scalars(select(Office).where(Office.deleted.is_(False))).first()
        if office is None:
            ChangeCapture(device_id=state.device_id, user_id="", clock=clock).install(session)
            office = Office(**DEFAULT_OFFICE)
            session.add(office)
            session.flush()
        state.office_id = office.id
        state.last_hlc = clock.last
        session.add(state)
        session.flush()
        return state

    def add_flush_hook(self, hook: FlushHook) -> None:
        """Run ``hook`` inside every write flush (derived local indexes use this)."""
        if hook not in self._hooks:
            self._hooks.append(hook)

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Session]:
        """One transaction on behalf of ``actor``: committed whole, or rolled back whole.

        It begins with ``BEGIN IMMEDIATE``: it waits (up to the busy timeout) until no other
        process is writing, so numbers it allocates from what it reads stay unique.
        """
        with self._write_lock, self.db.explained(), self.db.write_session() as session:
            ChangeCapture(
                device_id=self.replica.device_id,
                user_id=actor.counsellor_id,
                clock=self.clock,
                hooks=tuple(self._hooks),
            ).install(session)
            with session.begin():
                # Another process (a scheduled ``ciip`` job beside the window) may have
                # written since: resume after its last stamp, under the write lock, so two
                # processes on one database never issue the same stamp.
                self.clock.resume(session.scalar(select(ReplicaState.last_hlc)) or "")
                yield session
                session.flush()
                session.execute(update(ReplicaState).values(last_hlc=self.clock.last))

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.db.explained(), self.db.read() as session:
            yield session

    def counsellor_actor(self, username: str | None = None) -> Actor:
        """The actor for ``username``, or the first active administrator/supervisor/counsellor."""
        with self.read() as session:
            stmt = select(Counsellor).where(
                Counsellor.active.is_(True), Counsellor.deleted.is_(False)
            )
            if username:
                stmt = stmt.where(Counsellor.username == username)
            people = list(session.scalars(stmt.order_by(Counsellor.username)))
        if not people:
            if username:
                raise UserError(_("There is no active user named {name}.").format(name=username))
            return Actor.system()
        order = {Role.ADMINISTRATOR: 0, Role.SUPERVISOR: 1, Role.COUNSELLOR: 2}
        person = min(people, key=lambda c: order.get(Role(c.role), 3))
        return Actor(person.id, person.display_name, Role(person.role))
