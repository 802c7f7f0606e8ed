"""Workload: clients per stage, sessions' fill rate, each counsellor's open cases,
registrations per month and the forecast against the seats planned."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ciip_desktop.i18n import _, format_percent
from ciip_desktop.services.clients.status import LABELS
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.workload import workload


class WorkloadPage(QWidget):
    def __init__(self, quality: QualityService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quality = quality
        self.warning = QLabel()
        self.warning.setObjectName("workload-warning")
        self.warning.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("workload-table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        today = self.quality.today()
        w = workload(self.quality, f"{today.year:04d}-{today.month:02d}")
        rows: list[tuple[str, str, str]] = []
        for status, label in LABELS.items():
            rows.append((_("Clients at this stage"), _(label), str(w.stages.get(status, 0))))
        fill = format_percent(w.fill_rate) if w.fill_rate is not None else "—"
        rows.append((_("Group sessions' fill rate"), w.month, fill))
        for name, count in w.open_cases.items():
            rows.append((_("Open cases"), name, str(count)))
        for month, count in w.registrations.items():
            rows.append((_("Registrations"), month, str(count)))
        for month, f in w.forecast.items():
            value = _(
                "{expected} expected ({low}–{high}); {seats} seats planned; "
                "{slots} one-on-one slots in counsellors' hours"
            ).format(
                expected=round(f.expected),
                low=round(f.low),
                high=round(f.high),
                seats=w.seats_planned.get(month, 0),
                slots=w.slots_planned.get(month, 0),
            )
            rows.append((_("Forecast registrations (95 % range)"), month, value))
        self.table.clear()
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels([_("Figure"), _("Of"), _("Value")])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        seats, hours = w.short_of_seats(), w.short_of_hours()
        warnings = []
        if seats:
            warnings.append(
                _(
                    "Expected registrations exceed the group-session seats planned in {months}: "
                    "plan more sessions."
                ).format(months=", ".join(seats))
            )
        if hours:
            warnings.append(
                _(
                    "Expected registrations exceed the one-on-one slots in the counsellors' "
                    "hours in {months}: plan more counsellor hours."
                ).format(months=", ".join(hours))
            )
        if warnings:
            self.warning.setText("\n".join(warnings))
            self.warning.setStyleSheet("color: #a00000; font-weight: bold;")
        else:
            self.warning.setText(
                _("The seats and counsellor hours planned cover the expected registrations.")
            )
            self.warning.setStyleSheet("")
