"""The screens of the main window and the navigation list on its left."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QStyle, QWidget

from ciip_desktop.i18n import N_, _

_SP = QStyle.StandardPixmap


@dataclass(frozen=True)
class ScreenSpec:
    """One screen: its key (settings, ``--screen``), title and, until it is built, a promise."""

    key: str
    title: str  # marked with N_(); translated where shown
    icon: QStyle.StandardPixmap
    coming: str | None = None  # what a placeholder says the screen will do (N_-marked)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("clients", N_("Clients"), _SP.SP_DirHomeIcon),
    ScreenSpec(
        "calendar",
        N_("Calendar"),
        _SP.SP_FileDialogDetailedView,
        N_(
            "A calendar of group sessions, one-on-one sessions and phone sessions, "
            "with venues, capacity and who is coming."
        ),
    ),
    ScreenSpec(
        "packages",
        N_("Packages"),
        _SP.SP_FileIcon,
        N_(
            "The information package builder: each client's package compiled from the "
            "resource library, reviewed, then printed or e-mailed."
        ),
    ),
    ScreenSpec(
        "quality",
        N_("Service quality"),
        _SP.SP_DialogApplyButton,
        N_("Reports on the office's service standards and on client satisfaction."),
    ),
    ScreenSpec(
        "sync",
        N_("Sync"),
        _SP.SP_BrowserReload,
        N_("Sync this laptop's records with the office hub, over the network or by bundle file."),
    ),
    ScreenSpec(
        "audit",
        N_("Audit"),
        _SP.SP_FileDialogContentsView,
        N_("Who saw, printed, exported or changed which record, and when (supervisors)."),
    ),
)
SCREEN_KEYS: tuple[str, ...] = tuple(spec.key for spec in SCREENS)


class NavigationList(QListWidget):
    """One entry per screen, icon and title; the row is the screen's index in the stack."""

    def __init__(self, screens: Sequence[ScreenSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screens = tuple(screens)
        self.setObjectName("navigation")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setIconSize(QSize(24, 24))
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        for spec in self.screens:
            item = QListWidgetItem(self.style().standardIcon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.addItem(item)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(_("Screens"))
        widest = 0
        metrics = self.fontMetrics()
        for row, spec in enumerate(self.screens):
            item = self.item(row)
            item.setText(_(spec.title))
            item.setToolTip(_(spec.title))
            widest = max(widest, metrics.horizontalAdvance(item.text()))
        # Wide enough for the longest title in the current language (French and pseudo run long).
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        self.setFixedWidth(max(160, widest + self.iconSize().width() + frame + 32))

    def key_at(self, row: int) -> str:
        return self.screens[row].key

    def row_of(self, key: str) -> int:
        for row, spec in enumerate(self.screens):
            if spec.key == key:
                return row
        raise KeyError(key)
