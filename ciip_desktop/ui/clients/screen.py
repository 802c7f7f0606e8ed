"""The Clients screen: search and filters over the client list, and the selected client's record."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import Actor
from ciip_desktop.services.reference import Reference
from ciip_desktop.ui.clients.detail import ClientDetailPane
from ciip_desktop.ui.clients.file_folder import FileFolder
from ciip_desktop.ui.clients.filters import ClientFilterBar
from ciip_desktop.ui.clients.import_dialog import ImportDialog
from ciip_desktop.ui.clients.messages import error_text, show_error, show_info
from ciip_desktop.ui.clients.overdue import OverdueStepsView
from ciip_desktop.ui.clients.reference_data import ReferenceData
from ciip_desktop.ui.clients.registration_form import OPEN_EXISTING, RegistrationForm
from ciip_desktop.ui.clients.shortcuts import add_shortcut
from ciip_desktop.ui.clients.table_model import ClientTableModel
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import TaskRunner

log = logging.getLogger(__name__)

SEARCH_LIMIT = 200
# From this many clients on, re-listing (not searching) runs on the worker: at 100 000 it
# takes 60-200 ms, several frames.
BACKGROUND_FROM = 20_000
DEFAULT_SORT = ("file_no", True)  # newest file numbers first
COLUMN_WIDTHS = (130, 160, 100, 150, 150, 110, 150, 95, 95)


class ClientsScreen(QWidget):
    """The client list with search and filters, the record of the selected client, and the
    commands of the Clients menu (new client, import, export the view)."""

    clientOpened = Signal(str)
    exportFinished = Signal(int)
    listRefreshed = Signal()
    countFinished = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        reference: ReferenceData | None = None,
        background_from: int = BACKGROUND_FROM,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientsScreen")
        self.background_from = background_from
        self._list_generation = 0
        self.services = services
        self.actor = actor
        self.reference: ReferenceData = reference or Reference.load()
        self._sort: tuple[str, bool] | None = DEFAULT_SORT
        self._local_undo: QUndoStack | None = None
        self._own_runner: TaskRunner | None = None
        self.import_dialog: ImportDialog | None = None
        self.registration_form: RegistrationForm | None = None
        self.total = 0
        self._counting = False
        self._count_generation = 0

        self.filters = ClientFilterBar(self._counsellors, self.reference.provinces, self)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newClient")
        self.import_button = QPushButton()
        self.import_button.setObjectName("importClients")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportView")
        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("overdueToggle")
        self.overdue_button.setCheckable(True)
        self.new_button.clicked.connect(self.new_client)
        self.import_button.clicked.connect(self.import_clients)
        self.export_button.clicked.connect(lambda: self.export_view())
        self.overdue_button.toggled.connect(self.show_overdue)

        self.model = ClientTableModel(services.search, self)
        self.table = QTableView()
        self.table.setObjectName("clientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        vheader = self.table.verticalHeader()
        vheader.hide()
        # Fixed row heights: the view never measures rows it does not show (100 000 clients).
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.sectionClicked.connect(self._header_clicked)
        self.model.sortRequested.connect(self._sort_requested)
        self.model.modelReset.connect(self._restore_selection)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)

        self.overdue = OverdueStepsView(services, actor)
        self.overdue.clientActivated.connect(self.open_client)
        self.list_pages = QStackedWidget()
        self.list_pages.addWidget(self.table)
        self.list_pages.addWidget(self.overdue)

        self.detail = ClientDetailPane(services, actor, self.reference, self.undo_stack)
        self.detail.clientChanged.connect(self._client_changed)
        self.detail.openClientRequested.connect(self.open_client)

        self.count_label = QLabel()
        self.count_label.setObjectName("clientCount")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.overdue_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_pages, 1)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self.filters.filterChanged.connect(self.refresh)
        self.filters.textChanged.connect(self._text_changed)
        self.filters.search.returnPressed.connect(self._search_entered)

        self._selected_id: str | None = None
        self._own_shortcuts = False
        self.retranslate_ui()
        self.refresh()

    # ---- what the main window calls -------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.new_button.setText(_("&New client…"))
        self.new_button.setToolTip(_("Key in a registration form"))
        self.import_button.setText(_("&Import…"))
        self.import_button.setToolTip(_("Import registrations from a CSV or Excel file"))
        self.export_button.setText(_("E&xport…"))
        self.export_button.setToolTip(_("Save the clients listed to a CSV or Excel file"))
        self.overdue_button.setText(_("Overdue action steps"))
        self.filters.retranslate_ui()
        self.model.retranslate()
        self.overdue.retranslate_ui()
        self.detail.retranslate_ui()
        for dialog in (self.import_dialog, self.registration_form):
            if dialog is not None:
                dialog.retranslate_ui()
        self._show_count()

    def new_client(self) -> RegistrationForm:
        """Open the registration form (window-modal); the new client is selected once saved."""
        form = RegistrationForm(self.services, self.actor, None, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.registration_form = form

        def finished(result: int) -> None:
            if self.registration_form is form:
                self.registration_form = None
            if result == OPEN_EXISTING and form.existing_id:
                self.open_client(form.existing_id)
            elif result and form.saved_client is not None:
                self.refresh(select_id=form.saved_client.id)
                self.open_client(form.saved_client.id)  # listed or not under this search

        form.finished.connect(finished)
        form.open()
        return form

    def import_clients(self) -> ImportDialog:
        dialog = ImportDialog(self.services, self.actor, self.runner(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_dialog = dialog
        dialog.imported.connect(lambda _count: self.refresh())

        def finished(_result: int) -> None:
            if self.import_dialog is dialog:
                self.import_dialog = None

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def export_view(self, path: str | bool | None = None) -> None:
        """Save the clients listed now (in their order) to CSV or Excel, on the worker.

        Without ``path`` a file dialog asks (a menu action's ``checked`` flag counts as none).
        """
        if not isinstance(path, str) or not path:
            folder = FileFolder()  # the same remembered folder as the import's picker
            path, _chosen = QFileDialog.getSaveFileName(
                self,
                _("Export the clients listed"),
                str(folder.start() / _("clients.xlsx")),
                _("Excel workbook (*.xlsx);;CSV file (*.csv)"),
            )
            if not path:
                return
            folder.remember(path)
        ids = self.model.ids()
        client_filter = self.filters.current_filter()
        target = Path(path)

        def work() -> int:
            return self.services.exporter.export(self.actor, client_filter, target, ids=ids)

        def done(count: int) -> None:
            show_info(
                self,
                ngettext(
                    "Exported {count} client to {file}.",
                    "Exported {count} clients to {file}.",
                    count,
                ).format(count=format_number(count), file=target.name),
            )
            self.exportFinished.emit(count)

        def failed(error: BaseException) -> None:
            show_error(self, error_text(error))
            self.exportFinished.emit(-1)

        task = self.runner().run(work, on_done=done, on_error=failed, name="export clients")
        DelayedProgress(task, _("Exporting clients…"), self)

    def focus_search(self) -> None:
        self.show_overdue(False)
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # ---- shared parts ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        # In the main window, Edit > Find client carries Ctrl+F; a second shortcut on the same
        # keys would make both ambiguous. Alone (tests, tools) the screen brings its own.
        if self.isWindow() and not self._own_shortcuts:
            self._own_shortcuts = True
            add_shortcut(self, QKeySequence.StandardKey.Find, self.focus_search)
        super().showEvent(event)

    def undo_stack(self) -> QUndoStack:
        """The main window's undo stack (Edit > Undo), or this screen's own when alone."""
        stack = getattr(self.window(), "undo_stack", None)
        if isinstance(stack, QUndoStack):
            return stack
        if self._local_undo is None:
            self._local_undo = QUndoStack(self)
            add_shortcut(self, QKeySequence.StandardKey.Undo, self._local_undo.undo)
            add_shortcut(self, QKeySequence.StandardKey.Redo, self._local_undo.redo)
        return self._local_undo

    def runner(self) -> TaskRunner:
        """The application's worker, or this screen's own when used alone (tests)."""
        runner = getattr(self.window(), "runner", None)
        if isinstance(runner, TaskRunner):
            return runner
        if self._own_runner is None:
            self._own_runner = TaskRunner(self)
        return self._own_runner

    def shutdown(self) -> None:
        """Stop this screen's own worker thread (the main window stops the shared one)."""
        if self._own_runner is not None:
            self._own_runner.shutdown(timeout=10)

    def _counsellors(self) -> list[tuple[str, str]]:
        try:
            return self.services.clients.counsellors()
        except UserError:
            return []

    # ---- the list --------------------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        """Run the search or filter again and show the result (keeping the selection).

        A ranked search is quick and answers at once. Listing every client a filter admits
        reads one id per client: once the list is long (``background_from``), that runs on
        the worker so typing and clicking never wait on it; the newest request wins.
        """
        if select_id is not None:
            self._selected_id = select_id
        client_filter = self.filters.current_filter()
        sort = self._sort
        self._count_generation += 1
        self._list_generation += 1
        generation = self._list_generation

        def query() -> tuple[list[str], bool]:
            if client_filter.text and sort is None:
                ids = self.services.search.search(client_filter, limit=SEARCH_LIMIT)
                return ids, len(ids) >= SEARCH_LIMIT
            key, descending = sort or DEFAULT_SORT
            ids = self.services.search.list_ids(client_filter, sort=key, descending=descending)
            return ids, False

        ranked = bool(client_filter.text) and sort is None
        if ranked or self.total < self.background_from:
            try:
                ids, count_later = query()
            except UserError as exc:
                show_error(self, exc)
                return
            self._show_list(ids, count_later, client_filter)
            return

        def loaded(result: tuple[list[str], bool]) -> None:
            if generation == self._list_generation:
                self._show_list(result[0], result[1], client_filter)

        def failed(error: BaseException) -> None:
            if isinstance(error, UserError):
                show_error(self, error)
            else:
                log.error("loading the client list failed", exc_info=error)

        self.runner().run(query, on_done=loaded, on_error=failed, name="list clients")

    def _show_list(self, ids: list[str], count_later: bool, client_filter: ClientFilter) -> None:
        self.total = len(ids)
        self._counting = count_later
        self.model.set_rows(ids)
        self._show_sort_indicator()
        self._show_count()
        if count_later:
            self._count_in_background(client_filter)
        self.listRefreshed.emit()

    def _count_in_background(self, client_filter: ClientFilter) -> None:
        """How many match in all: a full count costs tens of ms at 100 000 clients, so it runs
        on the worker and the label follows when it is back (unless the search moved on)."""
        generation = self._count_generation

        def counted(total: int) -> None:
            if generation == self._count_generation:
                self.total = total
                self._counting = False
                self._show_count()
                self.countFinished.emit(total)

        def failed(error: BaseException) -> None:
            log.warning("counting the clients found failed: %s", error)

        self.runner().run(
            lambda: self.services.search.count(client_filter),
            on_done=counted,
            on_error=failed,
            name="count clients",
        )

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        text = ngettext("{count} client", "{count} clients", self.total).format(
            count=format_number(self.total)
        )
        if self._counting:
            text = _("the {shown} most relevant clients — click a column title to list all").format(
                shown=format_number(shown)
            )
        elif shown < self.total:
            text = _("{shown} most relevant of {total} — click a column title to list all").format(
                shown=format_number(shown), total=text
            )
        self.count_label.setText(text)

    def _text_changed(self) -> None:
        # New words: rank by relevance again until a column title is clicked.
        if self.filters.search.text().strip():
            self._sort = None
        elif self._sort is None:
            self._sort = DEFAULT_SORT

    def _search_entered(self) -> None:
        self.filters.flush()
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def _header_clicked(self, column: int) -> None:
        key = ClientTableModel.SORT_KEYS.get(column)
        if key is None:
            self._show_sort_indicator()
            return
        descending = False
        if self._sort is not None and self._sort[0] == key:
            descending = not self._sort[1]
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.model.sort(column, order)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.refresh()

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if self._sort is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            key, descending = self._sort
            column = next(c for c, k in ClientTableModel.SORT_KEYS.items() if k == key)
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
        header.blockSignals(False)

    def sort_by(self, column: int, descending: bool = False) -> None:
        """Sort as a click on the column title does."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.model.sort(column, order)

    # ---- selection and the record ---------------------------------------------------------

    def _restore_selection(self) -> None:
        if self._selected_id is None:
            return
        row = self.model.row_of(self._selected_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        client_id = self.model.client_id(rows[0].row()) if rows else None
        if client_id is None:
            return  # a reset clears the selection; keep the record until another is chosen
        if client_id != self._selected_id or self.detail.client is None:
            self._selected_id = client_id
            self.detail.show_client(client_id)

    def selected_client_id(self) -> str | None:
        return self._selected_id

    def _activated(self, index: QModelIndex) -> None:
        client_id = self.model.client_id(index.row())
        if client_id:
            self.open_client(client_id)

    def open_client(self, client_id: str) -> None:
        """Show ``client_id``'s record (selecting it in the list when it is listed)."""
        self.show_overdue(False)
        self._selected_id = client_id
        row = self.model.row_of(client_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        if self.detail.client is None or self.detail.client.id != client_id:
            self.detail.show_client(client_id)
        self.detail.tabs.setFocus()
        self.clientOpened.emit(client_id)

    def _client_changed(self, client_id: str) -> None:
        self.model.refresh_client(client_id)
        if self.overdue_button.isChecked():
            self.overdue.refresh()

    def show_overdue(self, show: bool) -> None:
        """Switch the left side between the client list and the overdue action steps."""
        if self.overdue_button.isChecked() != show:
            self.overdue_button.blockSignals(True)
            self.overdue_button.setChecked(show)
            self.overdue_button.blockSignals(False)
        if show:
            self.overdue.refresh()
        self.list_pages.setCurrentIndex(1 if show else 0)
        self.count_label.setVisible(not show)
