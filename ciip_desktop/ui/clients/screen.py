"""The Clients screen: search and filters over the client list, and the selected client's record.

The screen can be built before the services have loaded (:meth:`ClientsScreen.opening`):
the list, its search box and its filters are there for the window's first paint, answered
by an :class:`OpeningList`; :meth:`ClientsScreen.attach` then adds the record pane, the
overdue steps and the commands. Dialogs and forms load when first opened.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.clients.opening_list import OpeningList
from ciip_desktop.services.reference import Reference
from ciip_desktop.ui.clients.client_list import BACKGROUND_FROM, ClientList
from ciip_desktop.ui.clients.clients_splitter import ClientsSplitter
from ciip_desktop.ui.clients.filters import ClientFilterBar
from ciip_desktop.ui.clients.first_result import FirstResultOnEnter
from ciip_desktop.ui.clients.list_query import FIRST_PAGE, ListAnswer, ListSource
from ciip_desktop.ui.clients.own_parts import OwnParts
from ciip_desktop.ui.clients.reference_data import ReferenceData
from ciip_desktop.ui.clients.screen_buttons import ScreenButtons
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

if TYPE_CHECKING:  # loaded with the services, after the first paint
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import Actor
    from ciip_desktop.ui.clients.commands import ClientCommands
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
        self._parts = OwnParts(self, undo_stack, runner)
        self._commands: ClientCommands | None = None

        self.filters = ClientFilterBar(self._counsellors, self.reference.provinces, self)
        self.buttons = ScreenButtons()
        self.new_button = self.buttons.new_button
        self.import_button = self.buttons.import_button
        self.export_button = self.buttons.export_button
        self.overdue_button = self.buttons.overdue_button
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

        self.splitter = ClientsSplitter(self.client_list, self._waiting_detail, settings)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(self.buttons.layout)
        layout.addWidget(self.splitter, 1)

        self.filters.filterChanged.connect(self.client_list.reload)
        self.first_result = FirstResultOnEnter(self.filters, self.client_list)

        self._selected_id: str | None = None
        self.buttons.set_commands_enabled(False)
        self._built = False
        if services is not None and actor is not None:
            self.attach(services, actor)
        self.retranslate_ui()
        self.splitter.restore()
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
        from ciip_desktop.ui.clients.commands import ClientCommands
        from ciip_desktop.ui.clients.detail import ClientDetailPane
        from ciip_desktop.ui.clients.overdue import OverdueStepsView

        self.services = services
        self.actor = actor
        self._commands = ClientCommands(self, services, actor, self.runner)
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
        self.buttons.set_commands_enabled(True)
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

    def commands(self) -> ClientCommands:
        """The Clients menu's commands (once the services are attached)."""
        if self._commands is None:
            raise RuntimeError("the Clients screen has no services yet")
        return self._commands

    def _opening_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("clientsOpening")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    # ---- what the main window calls -------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.buttons.retranslate_ui()
        self.filters.retranslate_ui()
        self.client_list.retranslate_ui()
        if self._overdue is None or self._detail is None:
            for waiting in (self._waiting_overdue, self._waiting_detail):
                waiting.setText(_("Opening the office's records…"))
            return
        self._overdue.retranslate_ui()
        self._detail.retranslate_ui()
        self.commands().retranslate_ui()
        undo = self._parts.undo
        if undo is not None and undo.count():
            from ciip_desktop.ui.clients.followup import retranslate_commands

            retranslate_commands(undo)

    def new_client(self) -> RegistrationForm:
        """Open the registration form (window-modal); the new client is selected once saved."""

        def saved(client_id: str) -> None:
            self.refresh(select_id=client_id)
            self.open_client(client_id)  # listed or not under this search

        return self.commands().new_client(saved, self.open_client)

    def import_clients(self) -> ImportDialog:
        return self.commands().import_clients(self.refresh)

    def export_view(self, path: str | bool | None = None) -> None:
        """Save the clients listed now (in their order) to CSV or Excel, on the worker.

        Without ``path`` a file dialog asks (a menu action's ``checked`` flag counts as none).
        """
        self.commands().export_view(
            path, self.model.ids, self.filters.current_filter, self.exportFinished.emit
        )

    def focus_search(self) -> None:
        self.show_overdue(False)
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # ---- shared parts ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._parts.shown(self.focus_search)
        super().showEvent(event)

    def undo_stack(self) -> QUndoStack:
        """The window's undo stack (Edit > Undo), or this screen's own when alone."""
        return self._parts.undo_stack()

    def runner(self) -> TaskRunner:
        """The application's worker, or this screen's own when used alone (tests)."""
        return self._parts.runner()

    def shutdown(self) -> None:
        """Stop this screen's own worker thread (the main window stops the shared one)."""
        self._parts.shutdown()

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
