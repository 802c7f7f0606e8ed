"""The list side of the Clients screen: the clients found (or the overdue steps), how many,
and a notice in their place when reading them failed.

The list tells the truth: the sort arrow is the order of the rows shown (none when a search
ranks by relevance), a failed read is said in words rather than shown as an empty list, and
what the user types is read on the worker so that typing never waits on the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.clients.list_types import ClientFilter
from ciip_desktop.ui.clients.client_table import ClientTable
from ciip_desktop.ui.clients.list_query import ListAnswer, ListSource, Sort, ask, problem_text
from ciip_desktop.ui.clients.table_model import ClientTableModel
from ciip_desktop.ui.worker import TaskRunner

log = logging.getLogger(__name__)

SEARCH_LIMIT = 200
# From this many clients on, re-listing after a save or import runs on the worker too: at
# 100 000 it takes 60-200 ms, several frames. (What the user types always does.)
BACKGROUND_FROM = 20_000
DEFAULT_SORT: Sort = ("file_no", True)  # newest file numbers first


class ClientList(QWidget):
    # A list was shown; True when the user's typing or filters asked for it.
    listShown = Signal(bool)
    listRefreshed = Signal()
    countFinished = Signal(int)

    def __init__(
        self,
        source: ListSource,
        current_filter: Callable[[], ClientFilter],
        runner: Callable[[], TaskRunner],
        overdue: QWidget,
        background_from: int = BACKGROUND_FROM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._current_filter = current_filter
        self._runner = runner
        self.background_from = background_from
        self.total = 0
        self._counting = False
        self._rest_of: int | None = None  # the list whose rest is coming (see show_rest)
        self._list_generation = 0
        self._count_generation = 0
        self._waiting = False  # an answer is on its way from the worker
        # The column the user sorted by (None: not chosen; a search then ranks by relevance).
        self._chosen_sort: Sort | None = None
        self._shown_sort: Sort | None = DEFAULT_SORT  # the order of the rows listed now

        self.model = ClientTableModel(source, self)
        self.table = ClientTable(self.model)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.model.sortRequested.connect(self._sort_requested)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(overdue)
        self.count_label = QLabel()
        self.count_label.setObjectName("clientCount")
        # Shown in place of the list when reading it failed: never an empty list that
        # looks like "no clients".
        self.problem = QLabel()
        self.problem.setObjectName("listProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            "QLabel { color: #b00020; background: #fde8e8; border: 1px solid #e0a0a0;"
            " padding: 4px; }"
        )
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problem)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count_label)

    @property
    def waiting(self) -> bool:
        """True while a list asked for is still being read on the worker."""
        return self._waiting

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self.table.fit_columns()
        # The list never gets narrower than the key columns need in this language.
        self.setMinimumWidth(self.table.key_width())
        if not self.problem.isHidden():
            self.reload()  # read again: a failure is told in the new language
        self._show_count()

    # ---- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again for the program (after a save, an import): a short list
        answers at once, a long one (``background_from``) is read on the worker."""
        self._load(in_background=self.total >= self.background_from, typed=False)

    def show_answer(self, answer: ListAnswer) -> None:
        """Show the default list read elsewhere (the window's first page, before the worker
        has the services): every client, newest file number first. When it holds the first
        page only (``answer.total``), :meth:`show_rest` adds the others."""
        self._show_list(answer, DEFAULT_SORT, self._current_filter(), typed=False)
        self._rest_of = self._list_generation if answer.total is not None else None
        self._show_count()

    def show_rest(self, ids: list[str]) -> None:
        """The whole default list whose first page is shown: the rows after it are added
        (unless the user has asked for another list meanwhile)."""
        if self._rest_of != self._list_generation:
            return
        self._rest_of = None
        self.model.extend_rows(ids)
        self.total = self.model.rowCount()
        self._show_count()

    def reload(self) -> None:
        """The user typed, chose a filter or a sort: read on the worker; the newest wins."""
        self._load(in_background=True, typed=True)

    def _current_sort(self, client_filter: ClientFilter) -> Sort | None:
        """The order asked for: the column chosen; else relevance for a search; else newest."""
        if self._chosen_sort is not None:
            return self._chosen_sort
        return None if client_filter.text else DEFAULT_SORT

    def _load(self, *, in_background: bool, typed: bool) -> None:
        client_filter = self._current_filter()
        sort = self._current_sort(client_filter)
        self._count_generation += 1
        self._list_generation += 1
        generation = self._list_generation
        source = self._source

        def query() -> ListAnswer:
            return ask(source, client_filter, sort, SEARCH_LIMIT)

        def loaded(answer: ListAnswer) -> None:
            if generation == self._list_generation:
                self._waiting = False
                self._show_list(answer, sort, client_filter, typed=typed)

        def failed(error: BaseException) -> None:
            if generation == self._list_generation:
                self._waiting = False
                self._show_problem(problem_text(error))

        if not in_background:
            self._waiting = False
            try:
                answer = query()
            except Exception as exc:  # shown in the screen, never a traceback
                failed(exc)
                return
            loaded(answer)
            return
        self._waiting = True
        self._runner().run(query, on_done=loaded, on_error=failed, name="list clients")

    def _show_problem(self, text: str) -> None:
        self.model.set_rows([])
        self.total = 0
        self._counting = False
        self.problem.setText(text)
        self.problem.show()
        self.count_label.setText("")
        self.listRefreshed.emit()

    def _show_list(
        self, answer: ListAnswer, sort: Sort | None, client_filter: ClientFilter, *, typed: bool
    ) -> None:
        self.problem.hide()
        self.total = len(answer.ids) if answer.total is None else answer.total
        self._counting = answer.count_later
        self._shown_sort = sort
        self.model.set_rows(answer.ids, answer.first_rows)
        self._show_sort_indicator()
        self._show_count()
        if answer.count_later:
            self._count_in_background(client_filter)
        self.listShown.emit(typed)
        self.listRefreshed.emit()

    def _count_in_background(self, client_filter: ClientFilter) -> None:
        """How many match in all: a full count costs tens of ms at 100 000 clients, so it runs
        on the worker and the label follows when it is back (unless the search moved on)."""
        generation = self._count_generation
        source = self._source

        def counted(total: int) -> None:
            if generation == self._count_generation:
                self.total = total
                self._counting = False
                self._show_count()
                self.countFinished.emit(total)

        def failed(error: BaseException) -> None:
            log.warning("counting the clients found failed: %s", type(error).__name__)

        self._runner().run(
            lambda: source.count(client_filter),
            on_done=counted,
            on_error=failed,
            name="count clients",
        )

    def _show_count(self) -> None:
        if not self.problem.isHidden():
            return
        shown = self.model.rowCount()
        text = ngettext("{count} client", "{count} clients", self.total).format(
            count=format_number(self.total)
        )
        if self._counting:
            text = _("the {shown} most relevant clients — click a column title to list all").format(
                shown=format_number(shown)
            )
        elif shown < self.total and self._rest_of is None:
            text = _("{shown} most relevant of {total} — click a column title to list all").format(
                shown=format_number(shown), total=text
            )
        self.count_label.setText(text)

    # ---- sorting ---------------------------------------------------------------------------

    def _header_clicked(self, column: int) -> None:
        """A click on a title sorts by it, a second click reverses; in a search a third click
        goes back to the most relevant first (no arrow)."""
        # Qt moved the arrow on the click: it stays where the rows are sorted until the
        # newly sorted rows are back from the worker.
        self._show_sort_indicator()
        key = ClientTableModel.SORT_KEYS.get(column)
        if key is None:
            return
        shown = self._shown_sort
        if shown is None or shown[0] != key:
            self._sort_requested(key, False)
        elif not shown[1]:
            self._sort_requested(key, True)
        elif self._current_filter().text:
            self._chosen_sort = None
            self.reload()
        else:
            self._sort_requested(key, False)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._chosen_sort = (key, descending)
        self.reload()

    def _show_sort_indicator(self) -> None:
        """The arrow is where the rows are sorted, and nowhere when ranked by relevance."""
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if self._shown_sort is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            key, descending = self._shown_sort
            column = next(c for c, k in ClientTableModel.SORT_KEYS.items() if k == key)
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
        header.blockSignals(False)

    def sort_by(self, column: int, descending: bool = False) -> None:
        """Sort as a click on the column title does (the list follows from the worker)."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.model.sort(column, order)
