"""The registration form's list of possible duplicates, or why they could not be looked for.

Hidden while there is nothing to say. A failed check is shown as a failure with a way to try
again, never as "no duplicates".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.clients.types import DuplicateCandidate
from ciip_desktop.ui.clients.field_errors import reason_label

LIST_HEIGHT = 90


class DuplicatesPanel(QGroupBox):
    """``openRequested(client_id)`` when the counsellor opens a candidate's record instead."""

    openRequested = Signal(str)
    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates")
        self._candidates: list[DuplicateCandidate] = []
        self._failure = ""

        self.list = QListWidget()
        self.list.setObjectName("duplicateList")
        self.list.setMaximumHeight(LIST_HEIGHT)
        self.failure_label = reason_label("duplicateCheckFailed")
        self.open_button = QPushButton()
        self.open_button.setObjectName("openExisting")
        self.open_button.setAutoDefault(False)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("checkDuplicatesAgain")
        self.retry_button.setAutoDefault(False)

        left = QVBoxLayout()
        left.addWidget(self.list)
        left.addWidget(self.failure_label)
        right = QVBoxLayout()
        right.addWidget(self.open_button)
        right.addWidget(self.retry_button)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.list.currentRowChanged.connect(lambda row: self.open_button.setEnabled(row >= 0))
        self.list.itemActivated.connect(lambda _item: self._open())
        self.open_button.clicked.connect(self._open)
        self.retry_button.clicked.connect(self.retryRequested)
        self._show()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Possible duplicates"))
        self.open_button.setText(_("&Open existing record"))
        self.retry_button.setText(_("Check &again"))
        self._show()

    def candidates(self) -> list[DuplicateCandidate]:
        return list(self._candidates)

    def failure(self) -> str:
        """Why the last check failed ("" when it answered)."""
        return self._failure

    def show_candidates(self, found: list[DuplicateCandidate]) -> None:
        self._candidates = list(found)
        self._failure = ""
        self._show()

    def show_failure(self, reason: str) -> None:
        """The check could not run: say so (the earlier candidates are no longer known)."""
        self._candidates = []
        self._failure = reason
        self._show()

    def current_client_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _show(self) -> None:
        self.list.clear()
        for candidate in self._candidates:
            details = [candidate.file_no, candidate.name]
            if candidate.date_of_birth:
                details.append(format_date(candidate.date_of_birth, "medium"))
            text = "  ".join(details)
            if candidate.reasons:
                text += " — " + "; ".join(candidate.reasons)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, candidate.client_id)
            self.list.addItem(item)
        failed = bool(self._failure)
        if failed:
            self.failure_label.setText(
                _("Possible duplicates could not be looked for: {reason}").format(
                    reason=self._failure
                )
            )
        self.failure_label.setVisible(failed)
        self.retry_button.setVisible(failed)
        self.list.setVisible(not failed)
        self.open_button.setVisible(not failed)
        if self._candidates:
            self.list.setCurrentRow(0)
        self.open_button.setEnabled(bool(self._candidates))
        self.setVisible(bool(self._candidates) or failed)

    def _open(self) -> None:
        client_id = self.current_client_id()
        if client_id is not None:
            self.openRequested.emit(client_id)
