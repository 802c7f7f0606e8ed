"""Sync with the office hub: push what the hub lacks, pull what this laptop lacks, apply.

``sync_now`` is safe to interrupt anywhere: a push marks changes as acknowledged only after
the hub has stored them (re-sending is harmless: the hub keeps each change once), and each
pulled batch is applied together with the pull cursor in one local transaction, in batches
small enough that a save in the window waits at most for one batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from ciip_desktop.errors import UserError
from ciip_desktop.models import ConflictState, KnownDevice, ReplicaState, SyncConflict
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import change_trim
from ciip_desktop.services.sync import credentials
from ciip_desktop.services.sync.apply import apply_remote
from ciip_desktop.services.sync.messages import (
    cancelled_text,
    hub_error_text,
    no_hub_text,
    not_enrolled_text,
)
from ciip_desktop.services.sync.types import (
    ApplyReport,
    Cancel,
    Progress,
    SyncReport,
    SyncStatus,
    never_cancel,
    no_progress,
)
from ciip_desktop.store import guard
from ciip_desktop.sync import log
from ciip_desktop.sync.change import Change
from ciip_desktop.sync.hub import Hub, HubError

_log = logging.getLogger(__name__)
PUSH_BATCH = 5000
PULL_BATCH = 2000
# Called with the name of each step of a sync ("push:sent", "pull:applied", ...): tests
# raise there to stop a sync at that point, as a kill or a lost network would.
StepHook = Callable[[str], None]


def _no_step(_name: str) -> None:
    return None


def safe_url(url: str) -> str:
    """The hub URL without a password (for settings, screens and logs)."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


class SyncService:
    def __init__(self, ctx: ServiceContext, step: StepHook = _no_step) -> None:
        self.ctx = ctx
        self.step = step
        self.push_batch = PUSH_BATCH
        self.pull_batch = PULL_BATCH
        # The hub's engine stays open between syncs: a new PostgreSQL connection costs more
        # than a sync with nothing to do.
        self._hub: Hub | None = None
        self._hub_url = ""

    def close(self) -> None:
        """Close the connection to the hub (it reopens at the next sync)."""
        if self._hub is not None:
            self._hub.close()
            self._hub = None

    # -- settings and status -----------------------------------------------------------
    def _state(self) -> ReplicaState:
        with self.ctx.read() as session:
            state = session.scalars(select(ReplicaState)).one()
            session.expunge(state)
            return state

    def hub_url(self) -> str:
        return self._state().hub_url

    def set_hub_url(self, url: str, actor: Actor | None = None) -> None:
        """Remember the hub; a password in the URL goes to the OS keyring, not to settings."""
        from sqlalchemy.engine import make_url

        from ciip_desktop.services.security import audit, guards

        if actor is not None:  # a person (not enrolment itself): administrators, audited
            guards.require(actor.role, guards.Action.HUB_MANAGE)
            audit.record(self.ctx, actor, audit.HUB, "office", self.ctx.replica.office_code)

        stored = url.strip()
        if "://" in stored:
            parsed = make_url(stored)
            if parsed.password is not None:
                credentials.store_password(
                    _hub_key(stored), parsed.username or "", str(parsed.password)
                )
                stored = parsed._replace(password=None).render_as_string(hide_password=False)
        with self.ctx.write(actor or Actor.system()) as session:
            session.execute(update(ReplicaState).values(hub_url=stored))

    def pending_changes(self) -> int:
        with self.ctx.read() as session:
            return log.pending_count(session.connection())

    def status(self) -> SyncStatus:
        state = self._state()
        with self.ctx.read() as session:
            pending = log.pending_count(session.connection())
            open_conflicts = session.scalar(
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.state == ConflictState.OPEN, SyncConflict.deleted.is_(False))
            )
        return SyncStatus(
            hub=safe_url(state.hub_url),
            enrolled=state.enrolled,
            office_code=self.ctx.replica.office_code,
            device_code=self.ctx.replica.device_code,
            last_sync=state.last_sync_at,
            pending_changes=pending,
            conflicts_open=int(open_conflicts or 0),
        )

    def open_hub(self, url: str | None = None) -> Hub:
        url = url or self.hub_url()
        if not url:
            raise UserError(no_hub_text())
        username = None
        if "://" in url:
            from sqlalchemy.engine import make_url

            username = make_url(url).username
        return Hub(url, password=credentials.password_for(_hub_key(url), username))

    # -- the bundle's two functions ----------------------------------------------------
    def high_water_marks(self) -> dict[str, str]:
        with self.ctx.read() as session:
            return log.high_water_marks(session.connection())

    def changes_for_peer(self, known: Mapping[str, str]) -> list[Change]:
        with self.ctx.read() as session:
            return log.changes_for_peer(session.connection(), known)

    def apply_remote(self, changes: Sequence[Change], actor: Actor | None = None) -> ApplyReport:
        return apply_remote(self.ctx, changes, actor)

    # -- sync --------------------------------------------------------------------------
    def sync_now(
        self,
        progress: Progress = no_progress,
        cancel: Cancel = never_cancel,
        hub_url: str | None = None,
    ) -> SyncReport:
        """Push, pull and apply; every outcome is in the report (never a silent failure)."""
        state = self._state()
        if not state.enrolled:
            raise UserError(not_enrolled_text())
        url = hub_url or state.hub_url
        if self._hub is None or url != self._hub_url:
            self.close()
            self._hub, self._hub_url = self.open_hub(url), url
        hub = self._hub
        report = SyncReport(hub=safe_url(str(hub.url.render_as_string(hide_password=True))))
        try:
            info = hub.info()
            if info.office_id != self.ctx.replica.office_id:
                raise HubError("other_office")
            self._push(hub, report, progress, cancel)
            if not report.cancelled:
                self._pull(hub, state.pull_cursor, report, progress, cancel)
            if not report.cancelled:
                self._finish(hub, report)
        except HubError as exc:
            _log.warning("sync stopped: hub %s", exc.reason)
            self.close()
            raise UserError(hub_error_text(exc)) from None
        if report.cancelled:
            report.reasons.append(cancelled_text())
        report.finished_at = datetime.now(UTC)
        return report

    def _push(self, hub: Hub, report: SyncReport, progress: Progress, cancel: Cancel) -> None:
        total = self.pending_changes()
        device = self.ctx.replica.device_id
        while True:
            if cancel():
                report.cancelled = True
                return
            with self.ctx.read() as session:
                batch = log.pending(session.connection(), self.push_batch)
            if not batch:
                return
            self.step("push:read")
            seqs = hub.push(device, batch)
            self.step("push:sent")
            with self.ctx.write(Actor.system()) as session:
                log.mark_pushed(session.connection(), seqs)
            self.step("push:marked")
            report.pushed += len(batch)
            progress("push", report.pushed, max(total, report.pushed))

    def _pull(
        self, hub: Hub, cursor: int, report: SyncReport, progress: Progress, cancel: Cancel
    ) -> None:
        device = self.ctx.replica.device_id
        head = hub.head()
        while True:
            if cancel():
                report.cancelled = True
                return
            batch = hub.pull(device, cursor, self.pull_batch)
            self.step("pull:fetched")
            if not batch:
                return
            last = max(c.hub_seq or 0 for c in batch)
            applied = apply_remote(
                self.ctx,
                batch,
                cursor=last,
                before_commit=lambda _s: self.step("apply:before-commit"),
            )
            self.step("pull:applied")
            report.add(applied)
            report.pulled += len(batch)
            if applied.refused:
                return  # the cursor stays: the next sync (after an update) applies them
            cursor = last
            progress("pull", min(cursor, head), head)

    def _finish(self, hub: Hub, report: SyncReport) -> None:
        state = self._state()
        hub.acknowledge(self.ctx.replica.device_id, state.pull_cursor)
        self.step("ack:sent")
        devices = hub.devices()
        floor = hub.all_pulled_past()
        with self.ctx.write(Actor.system()) as session:
            conn = session.connection()
            for d in devices:
                known = session.get(KnownDevice, d.device_id)
                if known is None:
                    session.add(KnownDevice(device_id=d.device_id, device_code=d.device_code))
                else:
                    known.device_code, known.pulled_seq = d.device_code, d.pulled_seq
            with guard.synced_writes(conn):
                report.pruned = log.prune(conn, floor)
            change_trim.blank_superseded(conn, floor)  # old personal values nobody needs
            session.execute(update(ReplicaState).values(last_sync_at=datetime.now(UTC)))


def _hub_key(url: str) -> str:
    """The keyring entry of a hub: its address without user or password."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed._replace(username=None, password=None).render_as_string(hide_password=True)
