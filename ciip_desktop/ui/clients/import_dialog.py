"""Import registrations from a spreadsheet: preview, map the columns, check, then import.

The columns are the declared fields (``services.clients.fields``), shown by their labels in
the user's language; which column of the file holds which field is found by the import
service from the headings (English, Chinese, French and their synonyms) and can be changed.
The check is a dry run of the same import on the worker thread; every invalid row is listed
with the row number the user sees in the spreadsheet. Import stays disabled while rows are
invalid unless the counsellor chooses to import only the valid ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields import title
from ciip_desktop.services.clients.types import ImportReport
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.file_folder import FileFolder
from ciip_desktop.ui.clients.messages import error_text
from ciip_desktop.ui.clients.tables import read_only_table
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import ProgressFn, TaskCancelled, TaskRunner

PREVIEW_ROWS = 20
ROW, PROBLEMS, NOTES = range(3)


def _cells(row: object, headers: Sequence[str]) -> list[str]:
    if isinstance(row, Mapping):
        return ["" if row.get(h) is None else str(row.get(h)) for h in headers]
    if isinstance(row, list | tuple):
        return ["" if v is None else str(v) for v in row]
    return [str(row)]


class PathEdit(QLineEdit):
    """A file name typed or pasted; Enter opens it (and does not press the dialog's button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ImportDialog(QDialog):
    """``imported(count)`` is emitted after a real import so the list can refresh."""

    imported = Signal(int)
    checked = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        folder: FileFolder | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self._services = services
        self._actor = actor
        self._runner = runner
        self._folder = folder or FileFolder()
        self.unmatched: list[str] = []
        self.path: Path | None = None
        self.headers: list[str] = []
        self.report: ImportReport | None = None  # the last check (dry run)
        self.outcome: ImportReport | None = None  # the import done
        self._busy = False
        # The fields a file may hold: the template's, and an export's file number and status.
        self.template: list[str] = list(services.importer.IMPORT_COLUMNS)

        self.file_label = QLabel()
        self.file_edit = PathEdit()
        self.file_edit.setObjectName("fileName")
        self.file_label.setBuddy(self.file_edit)
        self.file_edit.returnPressed.connect(self._path_entered)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(lambda: self.choose_file())
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.preview_box = QGroupBox()
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("preview")
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.addWidget(self.preview)

        self.mapping_box = QGroupBox()
        mapping_inner = QWidget()
        self.mapping_form = QFormLayout(mapping_inner)
        self.mapping: dict[str, QComboBox] = {}
        self.mapping_labels: dict[str, QLabel] = {}
        for column in self.template:
            combo = QComboBox()
            combo.setObjectName(f"map_{column}")
            combo.currentIndexChanged.connect(self._mapping_changed)
            label = QLabel()
            label.setBuddy(combo)
            self.mapping[column] = combo
            self.mapping_labels[column] = label
            self.mapping_form.addRow(label, combo)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_inner)
        self.unmatched_label = QLabel()
        self.unmatched_label.setObjectName("unmatched")
        self.unmatched_label.setWordWrap(True)
        mapping_layout = QVBoxLayout(self.mapping_box)
        mapping_layout.addWidget(scroll)
        mapping_layout.addWidget(self.unmatched_label)

        self.problems_box = QGroupBox()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problems = read_only_table("problems", 3, stretch=PROBLEMS)
        self.problems.horizontalHeader().setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.summary)
        problems_layout.addWidget(self.problems)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.mapping_box)
        lower.addWidget(self.problems_box)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.preview_box)
        body.addWidget(lower)

        self.skip_invalid = QCheckBox()
        self.skip_invalid.setObjectName("skipInvalid")
        self.skip_invalid.toggled.connect(lambda _checked: self._update_buttons())
        self.check_button = QPushButton()
        self.check_button.setObjectName("check")
        self.check_button.clicked.connect(lambda: self.check())
        self.import_button = QPushButton()
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(lambda: self.run_import())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        for button in (self.check_button, self.import_button, self.choose_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()
        self._update_buttons()
        self.resize(980, 700)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Import clients"))
        self.file_label.setText(_("File:"))
        self.file_edit.setPlaceholderText(_("a .csv or .xlsx file with one registration a row"))
        self.choose_button.setText(_("&Choose file…"))
        self.preview_box.setTitle(
            _("First rows of the file ({count} shown)").format(count=PREVIEW_ROWS)
        )
        self.mapping_box.setTitle(_("Which column of the file holds each field"))
        self.problems_box.setTitle(_("Check"))
        self.skip_invalid.setText(_("Import only the &valid rows"))
        self.check_button.setText(_("C&heck"))
        self.import_button.setText(_("&Import"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Problems"), _("To confirm")])
        for column, label in self.mapping_labels.items():
            label.setText(_("{label}:").format(label=title(column)))
        for combo in self.mapping.values():
            if combo.count():
                combo.setItemText(0, _("(not in the file)"))
        self._show_unmatched()
        if self.report is not None and self.outcome is None and not self._busy:
            self.check()  # the check's reasons are sentences: ask for them in the new language
        else:
            self._show_report()

    # ---- the file --------------------------------------------------------------------------

    def choose_file(self, path: str | None = None) -> bool:
        """Open ``path`` (or ask for one): preview it and match its columns to the fields."""
        if path is None:
            path, _chosen = QFileDialog.getOpenFileName(
                self,
                _("Import clients"),
                str(self._folder.start()),
                _("Spreadsheets (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"),
            )
            if not path:
                return False
            self._folder.remember(path)
        try:
            headers, rows = self._services.importer.read_table(Path(path))
        except UserError as exc:
            self.summary.setText(error_text(exc))
            return False
        except OSError as exc:
            self.summary.setText(
                _("The file could not be read: {reason}").format(reason=exc.strerror or str(exc))
            )
            return False
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.headers = [str(h) for h in headers]
        self._fill_preview(rows)
        self._fill_mapping()
        self.report = None
        self.outcome = None
        self._show_report()
        self._update_buttons()
        return True

    def _path_entered(self) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self.choose_file()
        elif self.path is None or Path(text) != self.path:
            self.choose_file(text)

    def _fill_preview(self, rows: Sequence[object]) -> None:
        shown = list(rows)[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(self.headers))
        self.preview.setRowCount(len(shown))
        self.preview.setHorizontalHeaderLabels(self.headers)
        # Row numbers as in the spreadsheet: the header is row 1.
        self.preview.setVerticalHeaderLabels([str(n + 2) for n in range(len(shown))])
        for r, row in enumerate(shown):
            for c, value in enumerate(_cells(row, self.headers)[: len(self.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.preview.resizeColumnsToContents()

    def _fill_mapping(self) -> None:
        match = self._services.importer.match_headers(self.headers)
        guessed = match.mapping()
        for column, combo in self.mapping.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not in the file)"), "")
            for header in self.headers:
                combo.addItem(header, header)
            index = combo.findData(guessed.get(column, ""))
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._show_unmatched()

    def _show_unmatched(self) -> None:
        """The file's columns that no field reads from (they are not imported)."""
        used = set(self.current_mapping().values())
        self.unmatched = [h for h in self.headers if h and h not in used]
        self.unmatched_label.setText(
            _("Not imported: {columns}").format(columns=", ".join(self.unmatched))
            if self.unmatched
            else ""
        )
        self.unmatched_label.setVisible(bool(self.unmatched))

    def current_mapping(self) -> dict[str, str]:
        return {
            column: str(combo.currentData())
            for column, combo in self.mapping.items()
            if combo.currentData()
        }

    def set_mapping(self, column: str, header: str) -> None:
        combo = self.mapping[column]
        combo.setCurrentIndex(max(combo.findData(header), 0))

    def _mapping_changed(self, _index: int) -> None:
        # A different mapping is a different import: check it again before importing.
        self.report = None
        self._show_unmatched()
        self._show_report()
        self._update_buttons()

    # ---- check and import ------------------------------------------------------------------

    def check(self) -> None:
        """Dry run on the worker; lists every invalid row when it is back."""
        self._start(dry_run=True)

    def run_import(self) -> None:
        self._start(dry_run=False)

    def _start(self, dry_run: bool) -> None:
        if self.path is None or self._busy:
            return
        path = self.path
        mapping = self.current_mapping()
        skip = self.skip_invalid.isChecked()
        importer = self._services.importer
        actor = self._actor

        def work(progress: ProgressFn) -> ImportReport:
            return importer.run(
                actor,
                path,
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=skip,
                progress=progress,
            )

        self._busy = True
        self._update_buttons()
        self.summary.setText(_("Checking the file…") if dry_run else _("Importing…"))
        task = self._runner.run_with_progress(
            work,
            on_done=self._checked if dry_run else self._imported,
            on_error=self._failed,
            name="import clients",
        )
        label = _("Checking the rows…") if dry_run else _("Importing clients…")
        DelayedProgress(task, label, self)

    def _checked(self, report: ImportReport) -> None:
        self._busy = False
        self.report = report
        self._show_report()
        self._update_buttons()
        self.checked.emit()

    def _imported(self, report: ImportReport) -> None:
        self._busy = False
        self.outcome = report
        self._show_report()
        self._update_buttons()
        self.imported.emit(report.imported)
        self.checked.emit()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, TaskCancelled):
            self.summary.setText(_("Stopped; nothing was imported."))
        else:
            self.summary.setText(error_text(error))
        self._update_buttons()
        self.checked.emit()

    def _show_report(self) -> None:
        if self.outcome is not None:
            report = self.outcome
            text = ngettext(
                "Imported {count} client.", "Imported {count} clients.", report.imported
            ).format(count=format_number(report.imported))
            if report.imported_file_nos:
                numbers = report.imported_file_nos
                listed = ", ".join(numbers[:10])
                if len(numbers) > 10:
                    listed += " …"
                text += " " + _("File numbers: {numbers}").format(numbers=listed)
            if report.problems:
                text += " " + ngettext(
                    "{count} row was left out.", "{count} rows were left out.", len(report.problems)
                ).format(count=format_number(len(report.problems)))
            self.summary.setText(text)
            self._show_problems(report)
            return
        checked = self.report
        if checked is None:
            self.summary.setText(
                _("Choose “Check” to look for problems before importing.") if self.path else ""
            )
            self.problems.setRowCount(0)
            return
        rows = ngettext("{count} row", "{count} rows", checked.rows_total).format(
            count=format_number(checked.rows_total)
        )
        if checked.problems:
            self.summary.setText(
                _("{rows}: {valid} valid, {invalid} with problems (listed below).").format(
                    rows=rows,
                    valid=format_number(checked.valid_rows),
                    invalid=format_number(checked.invalid_rows),
                )
            )
        else:
            self.summary.setText(_("{rows}: all valid, ready to import.").format(rows=rows))
        if checked.notices:
            self.summary.setText(" ".join([self.summary.text(), *checked.notices]))
        self._show_problems(checked)

    def _show_problems(self, report: ImportReport) -> None:
        """Each row with problems or with something to confirm, in the sheet's row order."""
        problems = {p.row_no: p.reasons for p in report.problems}
        notes = {n.row_no: n.notes for n in report.notes}
        self.problems.setRowCount(0)
        for row_no in sorted(problems.keys() | notes.keys()):
            row = self.problems.rowCount()
            self.problems.insertRow(row)
            self.problems.setItem(row, ROW, QTableWidgetItem(str(row_no)))
            self.problems.setItem(
                row, PROBLEMS, QTableWidgetItem("\n".join(problems.get(row_no, ())))
            )
            self.problems.setItem(row, NOTES, QTableWidgetItem("\n".join(notes.get(row_no, ()))))
        self.problems.resizeRowsToContents()

    def problem_rows(self) -> list[int]:
        source = self.outcome or self.report
        return [p.row_no for p in source.problems] if source else []

    def _update_buttons(self) -> None:
        has_file = self.path is not None and not self._busy
        self.choose_button.setEnabled(not self._busy)
        self.check_button.setEnabled(has_file)
        report = self.report
        ready = (
            has_file
            and self.outcome is None
            and report is not None
            and report.valid_rows > 0
            and (report.invalid_rows == 0 or self.skip_invalid.isChecked())
        )
        self.import_button.setEnabled(bool(ready))

    def reject(self) -> None:
        if self._busy:
            return  # the progress dialog's Cancel stops the work; close after it is back
        super().reject()
