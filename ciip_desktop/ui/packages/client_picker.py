"""Choosing whose package to build: a search box and the matching clients."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.search import ClientSearch
from ciip_desktop.services.packages.clients import find_clients

ROLE = Qt.ItemDataRole.UserRole


class ClientPicker(QWidget):
    """Emits ``chosen`` with the client id the counsellor picks."""

    chosen = Signal(str)

    def __init__(self, search: ClientSearch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client_search = search
        self.search_label = QLabel()
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("package-clients")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_label)
        layout.addWidget(self.search_box)
        layout.addWidget(self.results, 1)
        self.search_box.returnPressed.connect(self.search)
        self.search_box.textChanged.connect(lambda _t: self.search())
        self.results.currentItemChanged.connect(self._on_result)
        self.retranslate_ui()
        self.search()  # the first clients in file-number order, before anything is typed

    def retranslate_ui(self) -> None:
        self.search_label.setText(_("Client (file number, name or phone):"))
        self.search_box.setPlaceholderText(_("Find a client"))

    def search(self) -> None:
        text = self.search_box.text().strip()
        self.results.clear()
        for choice in find_clients(self.client_search, text):
            label = f"{choice.file_no}  {choice.name}"
            if choice.destination:
                label += f" — {choice.destination}"
            item = QListWidgetItem(label)
            item.setData(ROLE, choice.id)
            self.results.addItem(item)

    def _on_result(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.chosen.emit(str(current.data(ROLE)))
