"""The Clients screen: search and filters over the client list, and the selected client's record.

The screen can be built before the services have loaded (:meth:`ClientsScreen.opening`):
the list, its search box and its filters are there for the window's first paint, answered
by an :class:`OpeningList`; :meth:`ClientsScreen.attach` then adds the record pane, the
overdue steps and the commands. Dialogs and forms load when first opened.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.clients.opening_list import OpeningList
from ciip_desktop.services.reference import Reference
from ciip_desktop.ui.clients.client_list import BACKGROUND_FROM, ClientList
from ciip_desktop.ui.clients.file_folder import FileFolder
from ciip_desktop.ui.clients.filters import ClientFilterBar
from ciip_desktop.ui.clients.list_query import FIRST_PAGE, ListAnswer, ListSource
from ciip_desktop.ui.clients.messages import error_text, show_error, show_info
from ciip_desktop.ui.clients.reference_data import ReferenceData
from ciip_desktop.ui.clients.shortcuts import add_shortcut
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

if TYPE_CHECKING:  # loaded with the services, after the first paint
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import Actor
    from ciip_desktop.ui.clients.detail import ClientDetailPane
    from ciip_desktop.ui.clients.import_dialog import ImportDialog
    from ciip_desktop.ui.clients.overdue import OverdueStepsView
    from ciip_desktop.ui.clients.registration_form import RegistrationForm

log = logging.getLogger(__name__)


class ClientsScreen(QWidget):
    """The client list with search and filters, the record of the selected client, and the
    commands of the Clients menu (new client, import, export the view).

    The window hands over its undo stack, task runner and settings; used alone (tests,
    tools) the screen makes its own stack and runner and remembers nothing. Built with
    ``services`` it is whole at once; built by :meth:`opening` it shows the list first and
    becomes whole when :meth:`attach` brings the services.
    """

    clientOpened = Signal(str)
    exportFinished = Signal(int)
    listRefreshed = Signal()
    countFinished = Signal(int)

    def __init__(
        self,
        services: Services | None,
        actor: Actor | None,
        parent: QWidget | None = None,
        *,
        opening: OpeningList | None = None,
        reference: ReferenceData | None = None,
        background_from: int = BACKGROUND_FROM,
        undo_stack: QUndoStack | None = None,
        runner: TaskRunner | None = None,
        settings: UiSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientsScreen")
        self.services: Services | None = None
        self.actor: Actor | None = None
        self._opening = opening
        self.reference: ReferenceData = reference or Reference.load()
        self.settings = settings
        self._undo: QUndoStack | None = undo_stack
        self._runner: TaskRunner | None = runner
        self._own_runner: TaskRunner | None = None
        self.import_dialog: ImportDialog | None = None
        self.registration_form: RegistrationForm | None = None

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

        # Until the services are attached: the overdue steps and the record say so.
        self._overdue: OverdueStepsView | None = None
        self._detail: ClientDetailPane | None = None
        self._waiting_overdue = self._opening_label()
        self._waiting_detail = self._opening_label()
        source: ListSource
        if services is not None:
            source = services.search
        elif opening is not None:
            source = opening
        else:
            raise ValueError("the Clients screen needs the services or an opening list")
        self.client_list = ClientList(
            source,
            self.filters.current_filter,
            self.runner,
            self._waiting_overdue,
            background_from,
        )
        self.client_list.listShown.connect(self._list_shown)
        self.client_list.listRefreshed.connect(self.listRefreshed)
        self.client_list.countFinished.connect(self.countFinished)
        # The parts tests and the window reach for.
        self.model = self.client_list.model
        self.table = self.client_list.table
        self.list_pages = self.client_list.pages
        self.count_label = self.client_list.count_label
        self.problem = self.client_list.problem
        self.model.modelReset.connect(self._restore_selection)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.overdue_button)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("clientsSplitter")
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(self._waiting_detail)
        # The list never gets narrower than its key columns need (its minimum width); room
        # beyond that is shared 3:2, so a wide window shows more of the list too.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._remember_splitter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self.filters.filterChanged.connect(self.client_list.reload)
        self.filters.search.returnPressed.connect(self._search_entered)

        self._selected_id: str | None = None
        self._own_shortcuts = False
        self._go_to_first = False  # Enter was pressed in the search box before the answer
        self._set_commands_enabled(False)
        self._built = False
        if services is not None and actor is not None:
            self.attach(services, actor)
        self.retranslate_ui()
        if settings is not None and settings.clients_splitter is not None:
            self.splitter.restoreState(settings.clients_splitter)
        self._built = True
        if opening is not None and services is None:
            ids, rows, total = opening.first_page(FIRST_PAGE)
            self.client_list.show_answer(ListAnswer(ids, False, rows, total))
        else:
            self.refresh()

    def load_rest(self) -> None:
        """After the first paint: the rest of the list shown first, read on the worker."""
        if self._opening is None:
            return

        def failed(error: BaseException) -> None:
            log.warning("the rest of the first list was not read: %s", type(error).__name__)
            self.client_list.reload()  # the whole list again, from the services

        self.runner().run(
            self._opening.all_ids,
            on_done=self.client_list.show_rest,
            on_error=failed,
            name="list clients",
        )

    @classmethod
    def opening(
        cls,
        opening: OpeningList,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
        runner: TaskRunner | None = None,
        settings: UiSettings | None = None,
    ) -> ClientsScreen:
        """The screen on the first page, before the services load (see :meth:`attach`)."""
        return cls(
            None,
            None,
            parent,
            opening=opening,
            undo_stack=undo_stack,
            runner=runner,
            settings=settings,
        )

    def attach(self, services: Services, actor: Actor) -> None:
        """Add what needs the services: the record, the overdue steps, the commands."""
        from ciip_desktop.ui.clients.detail import ClientDetailPane
        from ciip_desktop.ui.clients.overdue import OverdueStepsView

        self.services = services
        self.actor = actor
        overdue = OverdueStepsView(services, actor)
        overdue.clientActivated.connect(self.open_client)
        self.list_pages.removeWidget(self._waiting_overdue)
        self.list_pages.insertWidget(1, overdue)
        detail = ClientDetailPane(services, actor, self.reference, self.undo_stack)
        detail.clientChanged.connect(self._client_changed)
        detail.openClientRequested.connect(self.open_client)
        self.splitter.replaceWidget(1, detail)
        for waiting in (self._waiting_overdue, self._waiting_detail):
            waiting.deleteLater()
        self._overdue = overdue
        self._detail = detail
        self._set_commands_enabled(True)
        if self._built:  # else the constructor translates it all next
            overdue.retranslate_ui()
            detail.retranslate_ui()
        if self._opening is not None:
            self.filters.reload_choices()  # the same counsellors, from the services now
        if self.overdue_button.isChecked():
            overdue.refresh()
        if self._selected_id is not None:
            detail.show_client(self._selected_id)

    @property
    def detail(self) -> ClientDetailPane:
        """The selected client's record (once the services are attached)."""
        if self._detail is None:
            raise RuntimeError("the Clients screen has no services yet")
        return self._detail

    @property
    def overdue(self) -> OverdueStepsView:
        if self._overdue is None:
            raise RuntimeError("the Clients screen has no services yet")
        return self._overdue

    def _attached(self) -> tuple[Services, Actor]:
        if self.services is None or self.actor is None:
            raise RuntimeError("the Clients screen has no services yet")
        return self.services, self.actor

    def _opening_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("clientsOpening")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _set_commands_enabled(self, enabled: bool) -> None:
        for button in (self.new_button, self.import_button, self.export_button):
            button.setEnabled(enabled)

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
        self.client_list.retranslate_ui()
        if self._overdue is None or self._detail is None:
            for waiting in (self._waiting_overdue, self._waiting_detail):
                waiting.setText(_("Opening the office's records…"))
            return
        self._overdue.retranslate_ui()
        self._detail.retranslate_ui()
        for dialog in (self.import_dialog, self.registration_form):
            if dialog is not None:
                dialog.retranslate_ui()
        if self._undo is not None and self._undo.count():
            from ciip_desktop.ui.clients.followup import retranslate_commands

            retranslate_commands(self._undo)

    def new_client(self) -> RegistrationForm:
        """Open the registration form (window-modal); the new client is selected once saved."""
        from ciip_desktop.ui.clients.registration_form import OPEN_EXISTING, RegistrationForm

        services, actor = self._attached()
        form = RegistrationForm(services, actor, None, self)
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
        from ciip_desktop.ui.clients.import_dialog import ImportDialog

        services, actor = self._attached()
        dialog = ImportDialog(services, actor, self.runner(), self)
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
        services, actor = self._attached()
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
            return services.exporter.export(actor, client_filter, target, ids=ids)

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
        """The window's undo stack (Edit > Undo), or this screen's own when alone."""
        if self._undo is None:
            self._undo = QUndoStack(self)
            add_shortcut(self, QKeySequence.StandardKey.Undo, self._undo.undo)
            add_shortcut(self, QKeySequence.StandardKey.Redo, self._undo.redo)
        return self._undo

    def runner(self) -> TaskRunner:
        """The application's worker, or this screen's own when used alone (tests)."""
        if self._runner is not None:
            return self._runner
        if self._own_runner is None:
            self._own_runner = TaskRunner(self)
        return self._own_runner

    def shutdown(self) -> None:
        """Stop this screen's own worker thread (the main window stops the shared one)."""
        if self._own_runner is not None:
            self._own_runner.shutdown(timeout=10)

    def _remember_splitter(self, _pos: int = 0, _index: int = 0) -> None:
        if self.settings is not None:
            self.settings.clients_splitter = self.splitter.saveState()

    def _counsellors(self) -> list[tuple[str, str]]:
        try:
            if self.services is not None:
                return self.services.clients.counsellors()
            return self._opening.counsellors() if self._opening is not None else []
        except UserError:
            return []

    # ---- the list --------------------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        """Run the search or filter again and show the result (keeping the selection)."""
        if select_id is not None:
            self._selected_id = select_id
        self.client_list.refresh()

    def sort_by(self, column: int, descending: bool = False) -> None:
        """Sort as a click on the column title does (the list follows from the worker)."""
        self.client_list.sort_by(column, descending)

    def _list_shown(self, typed: bool) -> None:
        if typed and self._selected_id is not None and self.model.row_of(self._selected_id) < 0:
            # The search or filter left out the client shown: do not keep showing them as
            # if they were one of the results.
            self._selected_id = None
            if self._detail is not None:
                self._detail.show_client(None)
        if self._go_to_first:
            self._to_first_result()

    def _search_entered(self) -> None:
        """Enter in the search box: go to the first result (once the answer is back)."""
        if self.filters.flush() or self.client_list.waiting:
            self._go_to_first = True
        else:
            self._to_first_result()

    def _to_first_result(self) -> None:
        self._go_to_first = False
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

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
        if self._detail is None:
            self._selected_id = client_id  # shown once the services are attached
            return
        if client_id != self._selected_id or self._detail.client is None:
            self._selected_id = client_id
            self._detail.show_client(client_id)

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
        if self._detail is None:
            return  # shown once the services are attached
        if self._detail.client is None or self._detail.client.id != client_id:
            self._detail.show_client(client_id)
        self._detail.tabs.setFocus()
        self.clientOpened.emit(client_id)

    def _client_changed(self, client_id: str) -> None:
        self.model.refresh_client(client_id)
        if self.overdue_button.isChecked() and self._overdue is not None:
            self._overdue.refresh()

    def show_overdue(self, show: bool) -> None:
        """Switch the left side between the client list and the overdue action steps."""
        if self.overdue_button.isChecked() != show:
            self.overdue_button.blockSignals(True)
            self.overdue_button.setChecked(show)
            self.overdue_button.blockSignals(False)
        if show and self._overdue is not None:
            self._overdue.refresh()
        self.list_pages.setCurrentIndex(1 if show else 0)
        self.count_label.setVisible(not show)
