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

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QTableWidgetItem, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ImportReport
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.file_folder import FileFolder
from ciip_desktop.ui.clients.import_layout import PREVIEW_ROWS, ImportLayout
from ciip_desktop.ui.clients.import_report import check_text, outcome_text, show_problems
from ciip_desktop.ui.clients.messages import error_text
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import ProgressFn, TaskCancelled, TaskRunner


def _cells(row: object, headers: Sequence[str]) -> list[str]:
    if isinstance(row, Mapping):
        return ["" if row.get(h) is None else str(row.get(h)) for h in headers]
    if isinstance(row, list | tuple):
        return ["" if v is None else str(v) for v in row]
    return [str(row)]


class ImportDialog(ImportLayout):
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
        # The fields a file may hold: the template's, and an export's file number and status.
        template = list(services.importer.IMPORT_COLUMNS)
        super().__init__(template, parent)
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
        self.template: list[str] = template

        self.file_edit.returnPressed.connect(self._path_entered)
        self.choose_button.clicked.connect(lambda: self.choose_file())
        for combo in self.mapping.values():
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.skip_invalid.toggled.connect(lambda _checked: self._update_buttons())
        self.check_button.clicked.connect(lambda: self.check())
        self.import_button.clicked.connect(lambda: self.run_import())
        self.buttons.rejected.connect(self.reject)
        self.retranslate_ui()
        self._update_buttons()
        self.resize(980, 700)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
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
            self.summary.setText(outcome_text(self.outcome))
            show_problems(self.problems, self.outcome)
            return
        checked = self.report
        if checked is None:
            self.summary.setText(
                _("Choose “Check” to look for problems before importing.") if self.path else ""
            )
            self.problems.setRowCount(0)
            return
        self.summary.setText(check_text(checked))
        show_problems(self.problems, checked)

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
