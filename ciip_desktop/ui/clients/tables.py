"""Read-only tables of the Clients screen: history, meetings, overdue steps, import problems."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QWidget


def read_only_table(
    name: str, columns: int, stretch: int, parent: QWidget | None = None
) -> QTableWidget:
    """A table the user reads and selects rows in: no row numbers, no editing, column
    ``stretch`` takes the spare width and the others fit their contents."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for column in range(columns):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    return table
