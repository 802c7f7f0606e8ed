"""The Audit screen: who saw, printed, exported or changed what, and when (supervisors).

Filters by person, action, client file number, laptop and dates; the list is read on the
worker (the window stays responsive on a long trail); Export writes what the filters match
to .xlsx or .csv, and the export is itself audited. Keyboard: every filter has an Alt key,
Enter searches, Ctrl+E exports, Escape clears the filters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, allowed
from ciip_desktop.services.security import audit
from ciip_desktop.services.security.audit_trail import MAX_ROWS, AuditFilter, AuditRow, AuditService
from ciip_desktop.ui.security.audit_model import AuditTableModel, action_label
from ciip_desktop.ui.worker import TaskRunner

NO_DATE = QDate(2000, 1, 1)  # the date fields' "any date" (shown as the special text)
PathChooser = Callable[[QWidget], Path | None]


def choose_export_path(parent: QWidget) -> Path | None:
    name, _chosen = QFileDialog.getSaveFileName(
        parent,
        _("Export the audit trail"),
        "audit.xlsx",
        _("Excel workbook (*.xlsx);;CSV (*.csv)"),
    )
    return Path(name) if name else None


class AuditScreen(QWidget):
    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        choose_path: PathChooser = choose_export_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen-audit")
        self.trail = AuditService(ctx)
        self.actor = actor
        self.runner = runner
        self.choose_path = choose_path
        self.loading = False
        self._loaded_once = False

        self.title = QLabel()
        self.title.setObjectName("audit-title")
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.action = QComboBox()
        self.action.addItem("", "")
        for kind in audit.KINDS:
            self.action.addItem("", kind)
        self.file_no = QLineEdit()
        self.device = QLineEdit()
        self.device.setMaxLength(36)
        self.first = self._date_field()
        self.last = self._date_field()
        self.search_button = QPushButton()
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        person_edit = self.person.lineEdit()
        assert person_edit is not None
        self.person_edit: QLineEdit = person_edit
        for edit in (self.file_no, self.device, self.person_edit):
            edit.returnPressed.connect(self.search)
        self.action.activated.connect(lambda _i: self.search())

        self.model = AuditTableModel()
        self.table = QTableView()
        self.table.setObjectName("audit-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel()
        self.status.setObjectName("audit-status")
        self.status.setWordWrap(True)

        self.labels = {key: QLabel() for key in ("person", "action", "file_no", "device")}
        self.labels["first"] = QLabel()
        self.labels["last"] = QLabel()
        fields: dict[str, QWidget] = {
            "person": self.person,
            "action": self.action,
            "file_no": self.file_no,
            "device": self.device,
            "first": self.first,
            "last": self.last,
        }
        for key, label in self.labels.items():
            label.setBuddy(fields[key])
        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        for key in ("person", "action", "file_no"):
            left.addRow(self.labels[key], fields[key])
        for key in ("device", "first", "last"):
            right.addRow(self.labels[key], fields[key])
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        QShortcut(QKeySequence("Ctrl+E"), self, self.export)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear_filters)
        may = allowed(actor.role, Action.AUDIT_VIEW)
        for widget in (self.search_button, self.export_button, self.clear_button):
            widget.setEnabled(may)
        self.retranslate_ui()
        if not may:
            self.status.setText(self._not_allowed())

    def _date_field(self) -> QDateEdit:
        field = QDateEdit()
        field.setCalendarPopup(True)
        field.setMinimumDate(NO_DATE)
        field.setDate(NO_DATE)
        field.setDisplayFormat("yyyy-MM-dd")
        return field

    @staticmethod
    def _not_allowed() -> str:
        return _("Only supervisors and administrators may read the audit trail.")

    def retranslate_ui(self) -> None:
        self.title.setText(_("Audit trail: who saw, printed, exported or changed what"))
        self.labels["person"].setText(_("&Person:"))
        self.labels["action"].setText(_("&Action:"))
        self.labels["file_no"].setText(_("Client &file no.:"))
        self.labels["device"].setText(_("La&ptop:"))
        self.labels["first"].setText(_("Fro&m:"))
        self.labels["last"].setText(_("&To:"))
        self.person_edit.setPlaceholderText(_("everyone"))
        self.action.setItemText(0, _("any action"))
        for i, kind in enumerate(audit.KINDS, start=1):
            self.action.setItemText(i, action_label(kind))
        self.file_no.setPlaceholderText(_("e.g. GZA-2026-00042"))
        self.device.setPlaceholderText(_("e.g. A"))
        for field in (self.first, self.last):
            field.setSpecialValueText(_("any date"))
        self.search_button.setText(_("&Search"))
        self.clear_button.setText(_("C&lear"))
        self.export_button.setText(_("&Export…"))
        self.export_button.setToolTip(
            _("Write the entries the filters match to .xlsx or .csv (Ctrl+E)")
        )
        self.model.retranslate()
        if self._loaded_once and not self.loading:
            self._show_count()

    # ---- reading ------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        def day(field: QDateEdit) -> date | None:
            value = field.date()
            return None if value == NO_DATE else date(value.year(), value.month(), value.day())

        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return AuditFilter(
            login=self.person.currentText().strip(),
            action=str(self.action.currentData() or ""),
            target=self.file_no.text().strip(),
            device=self.device.text().strip(),
            first=day(self.first),
            last=day(self.last),
            zone=zone,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once and allowed(self.actor.role, Action.AUDIT_VIEW):
            self.search()

    def search(self) -> None:
        """Read the entries the filters match, on the worker."""
        if not allowed(self.actor.role, Action.AUDIT_VIEW):
            self.status.setText(self._not_allowed())
            return
        where = self.current_filter()
        self.loading = True
        self.status.setText(_("Reading the audit trail…"))
        actor, trail = self.actor, self.trail

        def work() -> tuple[list[AuditRow], list[str]]:
            return trail.search(actor, where), trail.logins(actor)

        self.runner.run(work, on_done=self._on_rows, on_error=self._on_error, name="audit")

    def _on_rows(self, found: tuple[list[AuditRow], list[str]]) -> None:
        rows, logins = found
        self.loading = False
        self._loaded_once = True
        self.model.set_rows(rows)
        typed = self.person.currentText()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("")
        self.person.addItems(logins)
        self.person.setEditText(typed)
        self.person.blockSignals(False)
        self._show_count()

    def _show_count(self) -> None:
        count = len(self.model.rows)
        if count >= MAX_ROWS:
            self.status.setText(
                _("The newest {n} entries are shown; narrow the filters or export them all.")
                .format(n=format_number(count))
            )  # fmt: skip
            return
        self.status.setText(
            ngettext("{n} entry matches.", "{n} entries match.", count).format(
                n=format_number(count)
            )
        )

    def _on_error(self, exc: BaseException) -> None:
        self.loading = False
        if isinstance(exc, UserError):
            self.status.setText(exc.message)
            return
        raise exc

    def clear_filters(self) -> None:
        self.person.setEditText("")
        self.action.setCurrentIndex(0)
        self.file_no.clear()
        self.device.clear()
        self.first.setDate(NO_DATE)
        self.last.setDate(NO_DATE)
        self.search()

    # ---- export -------------------------------------------------------------------------

    def export(self) -> None:
        if not allowed(self.actor.role, Action.AUDIT_VIEW):
            self.status.setText(self._not_allowed())
            return
        path = self.choose_path(self)
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        where = self.current_filter()
        actor, trail = self.actor, self.trail
        self.status.setText(_("Exporting the audit trail…"))

        def done(count: int) -> None:
            self.status.setText(
                ngettext(
                    "Exported {n} entry to {file}.", "Exported {n} entries to {file}.", count
                ).format(n=format_number(count), file=path.name)
            )

        self.runner.run(
            lambda: trail.export(actor, path, where),
            on_done=done,
            on_error=self._on_error,
            name="audit export",
        )
