"""Offices and partner venues: city, partner, room, address, seats, contact, notes, time zone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.types import OFFICE_TIME_ZONE, PlaceInput, PlaceView

SavePlace = Callable[[PlaceInput, str | None], PlaceView]
FIELDS = ("name", "city", "partner", "room", "address", "contact", "notes", "time_zone")


class PlacesDialog(QDialog):
    def __init__(
        self, places: list[PlaceView], save: SavePlace, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("placesDialog")
        self.setWindowTitle(_("Places"))
        self.places = places
        self.save = save
        self.current: str | None = None
        self.list = QListWidget()
        self.list.setObjectName("placeList")
        self.edits = {name: QLineEdit() for name in FIELDS}
        for name, edit in self.edits.items():
            edit.setObjectName(f"place-{name}")
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 1000)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b03030")
        self.problem.setWordWrap(True)
        labels = {
            "name": _("Name"),
            "city": _("City"),
            "partner": _("Partner organisation"),
            "room": _("Room"),
            "address": _("Address"),
            "contact": _("Contact"),
            "notes": _("Notes"),
            "time_zone": _("Time zone"),
        }
        form = QFormLayout()
        for name in FIELDS:
            form.addRow(labels[name], self.edits[name])
            if name == "address":
                form.addRow(_("Seats"), self.capacity)
        new_button = QPushButton(_("New place"))
        new_button.clicked.connect(lambda: self._show(None))
        save_button = QPushButton(_("Save place"))
        save_button.setObjectName("savePlace")
        save_button.clicked.connect(self._save)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(save_button)
        row.addStretch(1)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(
            lambda row: self._show(self.places[row] if 0 <= row < len(self.places) else None)
        )
        self._fill()
        self._show(places[0] if places else None)

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.places:
            item = QListWidgetItem(f"{p.city} — {p.name}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _show(self, place: PlaceView | None) -> None:
        self.current = place.id if place else None
        for name, edit in self.edits.items():
            edit.setText(str(getattr(place, name)) if place else "")
        if place is None:
            self.edits["time_zone"].setText(OFFICE_TIME_ZONE)
        self.capacity.setValue(place.capacity if place else 30)
        self.problem.clear()

    def _save(self) -> None:
        values = {name: edit.text() for name, edit in self.edits.items()}
        data = PlaceInput(capacity=self.capacity.value(), **values)
        try:
            saved = self.save(data, self.current)
        except UserError as err:
            self.problem.setText(err.message)
            return
        self.places = [p for p in self.places if p.id != saved.id] + [saved]
        self.places.sort(key=lambda p: (p.city, p.name))
        self._fill()
        self.list.setCurrentRow(next(i for i, p in enumerate(self.places) if p.id == saved.id))
