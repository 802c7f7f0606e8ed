"""The sync state and commands of one open database, as the Sync screen and status bar use
them: the engine's status, sync and conflicts (``services/sync``) in a counsellor's words."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.models import Office
from ciip_desktop.services.context import Actor
from ciip_desktop.services.permissions import Action, allowed
from ciip_desktop.services.sync import Resolution as EngineResolution
from ciip_desktop.services.sync import SyncReport
from ciip_desktop.services.sync.messages import no_hub_text, not_enrolled_text
from ciip_desktop.services.sync_view import ConflictView, Resolution, SyncOutcome, SyncOverview
from ciip_desktop.services.sync_words import describe

if TYPE_CHECKING:
    from ciip_desktop.services.bundle import Services

Progress = Callable[[int, int], bool]
_ENGINE_CHOICE = {
    Resolution.KEEP_CURRENT: EngineResolution.KEEP_MINE,
    Resolution.RESTORE_OVERWRITTEN: EngineResolution.KEEP_THEIRS,
    Resolution.NEW_VALUE: EngineResolution.NEW_VALUE,
    Resolution.OVERWRITTEN_AS_NOTE: EngineResolution.LOSER_AS_NOTE,
}


class SyncDesk:
    def __init__(self, services: Services, actor: Actor) -> None:
        self.services = services
        self.actor = actor
        self.ctx = services.ctx

    # ---- state ----------------------------------------------------------------------------

    def overview(self) -> SyncOverview:
        status = self.services.sync.status()
        why_not = ""
        if not status.enrolled:
            why_not = not_enrolled_text()
        elif not status.hub:
            why_not = no_hub_text()
        return SyncOverview(
            hub_url=status.hub,
            last_sync_at=status.last_sync,
            pending_changes=status.pending_changes,
            conflicts_open=status.conflicts_open,
            time_zone=self.time_zone(),
            can_sync_now=not why_not,
            why_not=why_not,
            may_set_hub=allowed(self.actor.role, Action.HUB_MANAGE),
        )

    def set_hub_url(self, url: str) -> None:
        """Remember the hub (a password in the address goes to the OS keyring)."""
        self.services.sync.set_hub_url(url.strip(), self.actor)

    def time_zone(self) -> str | None:
        with self.ctx.read() as session:
            office = session.get(Office, self.ctx.replica.office_id)
            return office.time_zone if office is not None else None

    # ---- sync now -------------------------------------------------------------------------

    def sync_now(self, progress: Progress, cancel: threading.Event) -> SyncOutcome:
        stopped = threading.Event()

        def report(_stage: str, done: int, total: int) -> None:
            if not progress(done, total):
                stopped.set()

        def cancelled() -> bool:
            return cancel.is_set() or stopped.is_set()

        return outcome_of_sync(self.services.sync.sync_now(report, cancelled))

    # ---- conflicts ------------------------------------------------------------------------

    def list_open(self) -> list[ConflictView]:
        found = self.services.conflicts.list_open()
        with self.ctx.read() as session:
            zone = self.time_zone()
            code = self.ctx.replica.device_code
            return [describe(session, c, code, zone) for c in found]

    def count_open(self, client_id: str) -> int:
        return self.services.conflicts.count_open(client_id)

    def resolve(self, conflict_id: str, choice: Resolution, new_value: str | None) -> object:
        if choice is Resolution.MERGE_INTO:
            self.services.conflicts.merge_duplicate(conflict_id, str(new_value), self.actor)
            return None  # merging two records is not undone
        try:
            self.services.conflicts.resolve(
                conflict_id, _ENGINE_CHOICE[choice], new_value, actor=self.actor
            )
        except ValidationError:
            raise
        except (ValueError, TypeError):  # a typed value the field cannot take
            raise UserError(
                _("That value does not fit this field; type it as the record's form shows it.")
            ) from None
        return conflict_id

    def undo(self, token: object) -> None:
        self.services.conflicts.reopen(str(token), actor=self.actor)


def outcome_of_sync(report: SyncReport) -> SyncOutcome:
    if report.cancelled:
        headline = _("The sync was stopped before the end; what was done is kept.")
    elif report.refused:
        headline = _("Synced with the office hub, but some changes were refused.")
    else:
        headline = _("Synced with the office hub (sent: {sent}).").format(
            sent=ngettext("{count} change", "{count} changes", report.pushed).format(
                count=format_number(report.pushed)
            )
        )
    return SyncOutcome(
        headline=headline,
        applied=report.applied,
        conflicting=report.conflicting,
        refused=report.refused,
        reasons=tuple(report.reasons),
    )
