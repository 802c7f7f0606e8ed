"""The divider between the client list and the record, remembered between sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

from ciip_desktop.ui.settings import UiSettings


class ClientsSplitter(QSplitter):
    """``left`` beside ``right``; where the user puts the divider is kept in ``settings``
    (none: remembered nowhere, as for a screen used alone)."""

    def __init__(self, left: QWidget, right: QWidget, settings: UiSettings | None) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("clientsSplitter")
        self._settings = settings
        self.addWidget(left)
        self.addWidget(right)
        # The list never gets narrower than its key columns need (its minimum width); room
        # beyond that is shared 3:2, so a wide window shows more of the list too.
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(self._remember)

    def restore(self) -> None:
        """Put the divider where it was last left (once the list knows its minimum width)."""
        if self._settings is not None and self._settings.clients_splitter is not None:
            self.restoreState(self._settings.clients_splitter)

    def _remember(self, _pos: int = 0, _index: int = 0) -> None:
        if self._settings is not None:
            self._settings.clients_splitter = self.saveState()
