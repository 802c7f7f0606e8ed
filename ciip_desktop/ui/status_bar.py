"""The main window's status bar: which database, who is signed in, and the sync state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ciip_desktop.i18n import _, format_datetime, format_number, ngettext

if TYPE_CHECKING:  # the window is shown before the services load
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.sync_view import SyncOverview


class MainStatusBar(QStatusBar):
    def __init__(
        self, database_path: Path, actor: Actor | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database_path = database_path
        self.actor = actor
        self.sync: SyncOverview | None = None
        self.database_label = QLabel()
        self.user_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.database_label, self.user_label, self.sync_label):
            label.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(label)
        self.retranslate_ui()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.retranslate_ui()

    def set_sync(self, overview: SyncOverview) -> None:
        """Show what waits to be sent, when this laptop last synced, and open conflicts."""
        self.sync = overview
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.database_label.setText(self.database_path.name)
        self.database_label.setToolTip(_("Database: {path}").format(path=self.database_path))
        if self.actor is None:
            self.user_label.setText("")
        elif not self.actor.counsellor_id:  # Actor.system(): the database has no accounts yet
            self.user_label.setText(_("Not signed in: no accounts yet"))
        else:
            name = self.actor.display_name
            self.user_label.setText(_("Signed in: {name}").format(name=name))
        self.user_label.setToolTip(_("The counsellor whose name is recorded with each change"))
        self.sync_label.setText(sync_summary(self.sync))
        self.sync_label.setToolTip(_("Changes on this laptop not yet sent to the office hub"))


def sync_summary(overview: SyncOverview | None) -> str:
    """ "12 changes to send · last sync 25 Nov 16:05 · 2 conflicts" (empty while opening)."""
    if overview is None:
        return ""
    parts = [
        ngettext(
            "{count} change to send", "{count} changes to send", overview.pending_changes
        ).format(count=format_number(overview.pending_changes))
        if overview.pending_changes
        else _("Nothing to send")
    ]
    if overview.last_sync_at is None:
        parts.append(_("never synced"))
    else:
        when = format_datetime(overview.last_sync_at, tz=overview.time_zone)
        parts.append(_("last sync {when}").format(when=when))
    if overview.conflicts_open:
        parts.append(
            ngettext("{count} conflict", "{count} conflicts", overview.conflicts_open).format(
                count=format_number(overview.conflicts_open)
            )
        )
    return " · ".join(parts)
