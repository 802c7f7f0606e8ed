"""Enter in the client search box goes to the first result, once the answer is back."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ciip_desktop.ui.clients.client_list import ClientList
from ciip_desktop.ui.clients.filters import ClientFilterBar


class FirstResultOnEnter(QObject):
    """Enter in ``filters``' search box selects the first row of ``client_list`` and gives the
    list the focus; when the answer to what was typed is still on its way, it does so as
    soon as that answer is shown."""

    def __init__(self, filters: ClientFilterBar, client_list: ClientList) -> None:
        super().__init__(client_list)
        self._filters = filters
        self._list = client_list
        self._pending = False  # Enter was pressed in the search box before the answer
        filters.search.returnPressed.connect(self._entered)
        client_list.listShown.connect(self._shown)

    def _entered(self) -> None:
        if self._filters.flush() or self._list.waiting:
            self._pending = True
        else:
            self._go()

    def _shown(self, _typed: bool) -> None:
        if self._pending:
            self._go()

    def _go(self) -> None:
        self._pending = False
        table = self._list.table
        if self._list.model.rowCount():
            table.setFocus()
            if not table.selectionModel().hasSelection():
                table.selectRow(0)
