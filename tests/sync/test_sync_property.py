"""Stateful property test: three laptops, random edits, deletes, new rows, offline periods and
sync orders. At the end every laptop holds the same rows, and every value somebody typed that
lost to a concurrent one without anybody having seen it is kept in a conflict record.

``make test`` runs a few hundred schedules; ``make sync-soak`` runs thousands
(``CIIP_SYNC_SCHEDULES``). The schedules it found that left the laptops' conflict records
different (one lost value recorded by two laptops against different winners; a resolution
undone by a later record of the same conflict) are replayed in
``test_conflict_convergence.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule
from sqlalchemy import select
from sync_support import OPEN, Laptop, office, open_laptop, snapshot

from ciip_desktop.models import ChangeRecord, Client, SyncConflict, Venue
from ciip_desktop.sync.change import ROW_INSERT

SCHEDULES = int(os.environ.get("CIIP_SYNC_SCHEDULES", "200"))
CODES = ("A", "B", "C")
_TEMPLATE: Path | None = None


def _template() -> Path:
    """One office (hub and three enrolled laptops) built once, copied for every schedule."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="ciip-sync-template-"))
        os.environ.setdefault("CIIP_HOME", str(folder / "home"))
        laptops = office(folder, str(folder / "hub.sqlite3"), CODES)
        for laptop in laptops:
            laptop.sync.sync_now()
            laptop.close()
        _TEMPLATE = folder
    return _TEMPLATE


@dataclass
class Write:
    table: str
    row: str
    field: str
    value: Any
    hlc: str
    device: str
    saw: frozenset[str]  # change ids the writer held when it wrote
    change_id: str


class ThreeLaptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ciip-sync-run-"))
        template = _template()
        for name in [*CODES, "hub"]:
            shutil.copy(template / f"{name}.sqlite3", self.folder / f"{name}.sqlite3")
        self.hub = str(self.folder / "hub.sqlite3")
        self.laptops = [open_laptop(self.folder, code) for code in CODES]
        self.known: list[set[str]] = [set() for _ in CODES]
        self.writes: list[Write] = []
        self.venues: list[str] = []
        self.clients: list[str] = []
        self.counter = 0
        for index in range(len(CODES)):
            self._learn(index)

    # -- bookkeeping ------------------------------------------------------------------
    def _learn(self, index: int) -> None:
        with self.laptops[index].ctx.read() as session:
            self.known[index] |= set(session.scalars(select(ChangeRecord.change_id)))

    def _record_writes(self, index: int) -> None:
        """Record the changes this laptop itself just wrote (a person's, or its merge's)."""
        laptop = self.laptops[index]
        device = laptop.ctx.replica.device_id
        saw = frozenset(self.known[index])
        with laptop.ctx.read() as session:
            fresh = [
                r
                for r in session.scalars(select(ChangeRecord))
                if r.change_id not in self.known[index]
                and r.table_name != "sync_conflict"
                and r.device_id == device
            ]
        for r in fresh:
            value = json.loads(r.new_value)
            fields = value if r.field == ROW_INSERT else {r.field: value}
            for name, v in fields.items():
                if name == "created_at":
                    continue
                self.writes.append(
                    Write(r.table_name, r.row_id, name, v, r.hlc, r.device_id, saw, r.change_id)
                )
        self._learn(index)

    def _live(self, index: int, entity: type[Any], ids: list[str]) -> list[str]:
        laptop = self.laptops[index]
        with laptop.ctx.read() as session:
            found = session.scalars(
                select(entity.id).where(entity.id.in_(ids), entity.deleted.is_(False))
            ).all()
        return sorted(found)

    # -- what people do ------------------------------------------------------------------
    @rule(index=st.integers(0, 2), capacity=st.integers(10, 12))
    def new_venue(self, index: int, capacity: int) -> None:
        self.counter += 1
        venue = self.laptops[index].add_venue(f"room {self.counter}", capacity=capacity)
        self.venues.append(venue)
        self._record_writes(index)

    @rule(index=st.integers(0, 2), number=st.integers(1, 3))
    def new_client(self, index: int, number: int) -> None:
        # A small range of file numbers: two laptops often give the same one (each laptop
        # itself never gives one twice).
        laptop = self.laptops[index]
        with laptop.ctx.read() as session:
            if session.scalar(select(Client.id).where(Client.file_no == f"GZ-{number}")):
                return
        client = laptop.add_client(f"GZ-{number}", family_name=f"F{self.counter}")
        self.counter += 1
        self.clients.append(client)
        self._record_writes(index)

    @precondition(lambda self: self.venues)
    @rule(
        index=st.integers(0, 2),
        pick=st.integers(0, 50),
        field=st.sampled_from(["name", "capacity"]),
        value=st.integers(0, 2),
    )
    def edit_venue(self, index: int, pick: int, field: str, value: int) -> None:
        live = self._live(index, Venue, self.venues)
        if not live:
            return
        venue = live[pick % len(live)]
        typed: Any = value + 20 if field == "capacity" else f"{field} {value}"
        self.laptops[index].edit(Venue, venue, **{field: typed})
        self._record_writes(index)

    @precondition(lambda self: self.clients)
    @rule(index=st.integers(0, 2), pick=st.integers(0, 50), value=st.integers(0, 2))
    def edit_client(self, index: int, pick: int, value: int) -> None:
        live = self._live(index, Client, self.clients)
        if not live:
            return
        self.laptops[index].edit(Client, live[pick % len(live)], phone=f"+8613800{value}")
        self._record_writes(index)

    @precondition(lambda self: self.venues)
    @rule(index=st.integers(0, 2), pick=st.integers(0, 50))
    def delete_venue(self, index: int, pick: int) -> None:
        live = self._live(index, Venue, self.venues)
        if not live:
            return
        self.laptops[index].edit(Venue, live[pick % len(live)], deleted=True)
        self._record_writes(index)

    @rule(index=st.integers(0, 2))
    def sync(self, index: int) -> None:
        report = self.laptops[index].sync.sync_now(hub_url=self.hub)
        assert report.refused == 0, report.reasons
        self._record_writes(index)  # the merge's own changes are not a person's
        self._learn(index)

    # -- what must hold ------------------------------------------------------------------
    def teardown(self) -> None:
        try:
            self._check_the_end()
        finally:
            for laptop in self.laptops:
                laptop.close()
                OPEN.remove(laptop)  # not kept until the end of the whole test: memory
            shutil.rmtree(self.folder, ignore_errors=True)

    def _check_the_end(self) -> None:
        for _round in range(4):
            for index, laptop in enumerate(self.laptops):
                report = laptop.sync.sync_now(hub_url=self.hub)
                assert report.refused == 0, report.reasons
                self._learn(index)
        shots = [snapshot(laptop) for laptop in self.laptops]
        assert shots[0] == shots[1] == shots[2]
        self._every_lost_value_is_kept(self.laptops[0])

    def _every_lost_value_is_kept(self, laptop: Laptop) -> None:
        user_writes = [w for w in self.writes if w.device in self._devices()]
        # A value is seen when somebody wrote the same field holding that value's change (or
        # a change with the same value: typing over "x" knowingly covers every "x").
        value_of = {(w.change_id, w.table, w.row, w.field): _json(w.value) for w in user_writes}
        seen: set[tuple[str, str, str, str]] = set()
        for w in user_writes:
            for cid in w.saw:
                found = value_of.get((cid, w.table, w.row, w.field))
                if found is not None:
                    seen.add((w.table, w.row, w.field, found))
        with laptop.ctx.read() as session:
            conflicts = session.scalars(select(SyncConflict)).all()
            kept = {(c.table_name, c.row_id, c.field.lstrip("*"), c.loser_value) for c in conflicts}
            finals: dict[tuple[str, str, str], Any] = {}
            for w in user_writes:
                key = (w.table, w.row, w.field)
                if key not in finals:
                    entity = Venue if w.table == "venue" else Client
                    row = session.get(entity, w.row)
                    finals[key] = None if row is None else getattr(row, w.field)
        for w in user_writes:
            if (w.table, w.row, w.field, _json(w.value)) in seen:
                continue  # somebody saw it and typed over it: not lost
            final = finals[(w.table, w.row, w.field)]
            if final == w.value or (w.table == "venue" and w.field in ("office_id", "city")):
                continue
            if w.field in ("hlc",):
                continue
            encoded = _json(w.value)
            assert (w.table, w.row, w.field, encoded) in kept or self._taken_out(kept, w), (
                f"lost without a record: {w.table}.{w.field}={w.value!r} from {w.device[:4]}"
            )

    @staticmethod
    def _taken_out(kept: set[tuple[str, str, str, str]], w: Write) -> bool:
        return any(k[0] == w.table and k[1] == w.row for k in kept)

    def _devices(self) -> set[str]:
        return {laptop.ctx.replica.device_id for laptop in self.laptops}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


ThreeLaptops.TestCase.settings = settings(
    max_examples=SCHEDULES,
    stateful_step_count=25,
    # `make test` replays the same schedules every run (a red CI names a change, not luck);
    # `make sync-soak` (CIIP_SYNC_SOAK=1) explores new ones each time.
    derandomize=not os.environ.get("CIIP_SYNC_SOAK"),
    deadline=None,
    # No shrinking: a failing schedule is printed step by step as found.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_three_laptops_converge_and_lose_nothing = ThreeLaptops.TestCase
