"""The search box and filter widgets above the client list; they produce a ``ClientFilter``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ciip_desktop.i18n import N_, _
from ciip_desktop.services.clients.list_types import ClientFilter
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.labels import STATUSES

SEARCH_DELAY_MS = 150


class ClientFilterBar(QWidget):
    """Search as you type (debounced) plus status, counsellor, destination and departure."""

    filterChanged = Signal()

    def __init__(
        self,
        counsellors: Callable[[], list[tuple[str, str]]],
        provinces: Callable[[], list[tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._counsellors = counsellors
        self._provinces = provinces

        self.search = QLineEdit(self)
        self.search.setObjectName("clientSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.counsellor = QComboBox(self)
        self.counsellor.setObjectName("counsellorFilter")
        self.province = QComboBox(self)
        self.province.setObjectName("provinceFilter")
        self.departs_label = QLabel(self)
        self.departs_from = DateField(self, empty_text=N_("from"))
        self.departs_to = DateField(self, empty_text=N_("to"))
        for field in (self.departs_from, self.departs_to):
            field.setMaximumWidth(130)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.counsellor, 1)
        layout.addWidget(self.province, 1)
        layout.addWidget(self.departs_label)
        layout.addWidget(self.departs_from)
        layout.addWidget(self.departs_to)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.filterChanged)
        self.search.textChanged.connect(self._on_text)
        for combo in (self.status, self.counsellor, self.province):
            combo.currentIndexChanged.connect(self._on_choice)
        for field in (self.departs_from, self.departs_to):
            field.valueChanged.connect(self._on_date)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(
            _("Search by name, Chinese name, pinyin, file no., phone or e-mail")
        )
        self.departs_label.setText(_("Departing:"))
        self._fill(
            self.status, _("All statuses"), [(code, _(text)) for code, text in STATUSES.items()]
        )
        self._fill(self.counsellor, _("All counsellors"), self._counsellors())
        self._fill(self.province, _("All destinations"), self._provinces())
        self.departs_from.retranslate_ui()
        self.departs_to.retranslate_ui()

    def reload_choices(self) -> None:
        """Counsellors or provinces may have changed (a sync, a new colleague)."""
        self.retranslate_ui()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for code, text in items:
            combo.addItem(text, code)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def current_filter(self) -> ClientFilter:
        departs_from: date | None = self.departs_from.value()
        departs_to: date | None = self.departs_to.value()
        return ClientFilter(
            text=self.search.text().strip(),
            status=self.status.currentData(),
            counsellor_id=self.counsellor.currentData(),
            destination_province=self.province.currentData(),
            departs_from=departs_from,
            departs_to=departs_to,
        )

    def flush(self) -> bool:
        """Apply a pending search now (Enter in the box); True when one was pending."""
        if self._timer.isActive():
            self._timer.stop()
            self.filterChanged.emit()
            return True
        return False

    def _on_text(self, _text: str) -> None:
        self._timer.start()

    def _on_choice(self, _index: int) -> None:
        self.filterChanged.emit()

    def _on_date(self) -> None:
        field = self.sender()
        if isinstance(field, DateField) and not field.is_valid():
            return  # wait until the date is complete
        self._timer.start()
