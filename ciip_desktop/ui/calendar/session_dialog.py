"""Create or change a session: kind, day and times, city and venue, counsellors, seats, client."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.types import (
    CITIES,
    KIND_LABELS,
    LANGUAGE_LABELS,
    OFFICE_TIME_ZONE,
    PlaceView,
    SessionInput,
    SessionView,
    city_label,
    label,
)

CLIENT_ZONES = (
    "Asia/Shanghai", "America/Vancouver", "America/Edmonton", "America/Regina",
    "America/Winnipeg", "America/Toronto", "America/Halifax", "America/Moncton",
    "America/St_Johns",
)  # fmt: skip
# Finds a client by file number: (client id, file no.), raising a UserError when none.
FindClient = Callable[[str], tuple[str, str]]


class SessionDialog(QDialog):
    """Returns a :class:`SessionInput` from :meth:`draft`; the screen saves it."""

    def __init__(
        self,
        places: Sequence[PlaceView],
        counsellors: Sequence[tuple[str, str, str]],
        find_client: FindClient,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        start: datetime | None = None,
        existing: SessionView | None = None,
        default_counsellor: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionDialog")
        self.places = list(places)
        self.find_client = find_client
        self.client_id: str | None = existing.client_id if existing else None

        self.kind = QComboBox()
        for key in KIND_LABELS:
            self.kind.addItem(label(KIND_LABELS, key), key)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.city = QComboBox()
        for city in CITIES:
            self.city.addItem(city_label(city), city)
        self.venue = QComboBox()
        self.lead = QComboBox()
        self.lead.addItem("—", "")
        self.support = QListWidget()
        self.support.setMaximumHeight(90)
        for cid, _username, name in counsellors:
            self.lead.addItem(name, cid)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.support.addItem(item)
        self.language = QComboBox()
        for key in LANGUAGE_LABELS:
            self.language.addItem(label(LANGUAGE_LABELS, key), key)
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 500)
        self.capacity.setValue(30)
        self.client = QLineEdit()
        self.client.setPlaceholderText(_("File number, e.g. GZA-2026-00042"))
        self.client_zone = QComboBox()
        for zone in CLIENT_ZONES:
            self.client_zone.addItem(zone, zone)
        self.title = QLineEdit()
        self.notes = QLineEdit()
        self.problem = QLabel()
        self.problem.setObjectName("sessionDialogProblem")
        self.problem.setStyleSheet("color: #b03030")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Day"), self.day)
        form.addRow(_("Starts"), self.start)
        form.addRow(_("Ends"), self.end)
        form.addRow(_("City"), self.city)
        form.addRow(_("Venue"), self.venue)
        form.addRow(_("Lead counsellor"), self.lead)
        form.addRow(_("Supporting counsellors"), self.support)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Seats"), self.capacity)
        form.addRow(_("Client"), self.client)
        form.addRow(_("Client's time zone"), self.client_zone)
        self.zone_hint = QLabel(_("A phone session's day and times are the client's."))
        self.zone_hint.setWordWrap(True)
        form.addRow("", self.zone_hint)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Notes"), self.notes)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._on_kind)
        self.city.currentIndexChanged.connect(self._fill_venues)
        self.venue.currentIndexChanged.connect(self._on_venue)
        self.setWindowTitle(_("Change session") if existing else _("New session"))
        self._load(existing, day, start, default_counsellor)

    # ---- loading --------------------------------------------------------------------------

    def _load(
        self,
        existing: SessionView | None,
        day: date | None,
        start: datetime | None,
        default_counsellor: str,
    ) -> None:
        if existing is not None:
            self._choose(self.kind, existing.kind)
            # A phone session's time was agreed in the client's zone: it is edited in it.
            zone = existing.client_time_zone if existing.kind == "phone" else ""
            local_start = existing.local(existing.starts_at, zone or None)
            local_end = existing.local(existing.ends_at, zone or None)
            self._choose(self.city, existing.city)
            self._fill_venues()
            self._choose(self.venue, existing.venue_id or "")
            self._choose(self.lead, existing.lead_counsellor_id or "")
            for row in range(self.support.count()):
                item = self.support.item(row)
                if item.data(Qt.ItemDataRole.UserRole) in existing.support_counsellor_ids:
                    item.setCheckState(Qt.CheckState.Checked)
            self._choose(self.language, existing.language)
            self.capacity.setValue(existing.capacity)
            self.client.setText(existing.client_file_no)
            self._choose(self.client_zone, existing.client_time_zone or OFFICE_TIME_ZONE)
            self.title.setText(existing.title)
            self.notes.setText(existing.notes)
        else:
            when = start or datetime.combine(
                day or date.today(), time(9), ZoneInfo(OFFICE_TIME_ZONE)
            )
            local_start = when
            local_end = when + timedelta(hours=7, minutes=30)
            self._choose(self.lead, default_counsellor)
            self._fill_venues()
        self.day.setDate(QDate(local_start.year, local_start.month, local_start.day))
        self.start.setTime(QTime(local_start.hour, local_start.minute))
        self.end.setTime(QTime(local_end.hour, local_end.minute))
        self._on_kind()

    @staticmethod
    def _choose(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _fill_venues(self) -> None:
        city = self.city.currentData()
        self.venue.blockSignals(True)
        self.venue.clear()
        self.venue.addItem("—", "")
        for place in self.places:
            if place.city == city:
                self.venue.addItem(place.name, place.id)
        self.venue.blockSignals(False)
        if self.venue.count() > 1 and self.kind.currentData() == "group":
            self.venue.setCurrentIndex(1)
            self._on_venue()

    def _on_venue(self) -> None:
        place = next((p for p in self.places if p.id == self.venue.currentData()), None)
        if place is not None and self.kind.currentData() == "group":
            self.capacity.setValue(place.capacity)

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        group = kind == "group"
        for widget, visible in (
            (self.capacity, group),
            (self.support, group),
            (self.client, not group),
            (self.client_zone, kind == "phone"),
            (self.zone_hint, kind == "phone"),
        ):
            widget.setVisible(visible)
            field_label = self.form.labelForField(widget)
            if field_label is not None:
                field_label.setVisible(visible)
        if not group and self.end.time() > self.start.time().addSecs(3 * 3600):
            self.end.setTime(self.start.time().addSecs(45 * 60))

    # ---- saving ---------------------------------------------------------------------------

    def _on_save(self) -> None:
        self.problem.clear()
        if self.kind.currentData() != "group":
            text = self.client.text().strip()
            if not text:
                self.problem.setText(_("Give the client's file number."))
                return
            try:
                self.client_id, file_no = self.find_client(text)
            except Exception as err:  # a UserError: its own sentence
                self.problem.setText(getattr(err, "message", "") or str(err))
                return
            self.client.setText(file_no)
        self.accept()

    def draft(self) -> SessionInput:
        kind = str(self.kind.currentData())
        qd = self.day.date()
        day = date(qd.year(), qd.month(), qd.day())
        phone = kind == "phone"
        zone = ZoneInfo(str(self.client_zone.currentData()) if phone else OFFICE_TIME_ZONE)
        start = datetime.combine(day, self.start.time().toPython(), tzinfo=zone)  # type: ignore[arg-type]
        end = datetime.combine(day, self.end.time().toPython(), tzinfo=zone)  # type: ignore[arg-type]
        support = tuple(
            str(self.support.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.support.count())
            if self.support.item(r).checkState() == Qt.CheckState.Checked
        )
        group = kind == "group"
        return SessionInput(
            kind=kind,
            starts_at=start,
            ends_at=end,
            city=str(self.city.currentData()),
            venue_id=str(self.venue.currentData() or "") or None,
            lead_counsellor_id=str(self.lead.currentData() or "") or None,
            support_counsellor_ids=support if group else (),
            language=str(self.language.currentData()),
            capacity=self.capacity.value() if group else 1,
            title=self.title.text(),
            time_zone=OFFICE_TIME_ZONE,
            client_id=None if group else self.client_id,
            client_time_zone=str(self.client_zone.currentData()) if kind == "phone" else "",
            notes=self.notes.text(),
        )
