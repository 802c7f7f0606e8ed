"""A combo box of stored codes shown by their translated labels, relabelled on a language switch."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from ciip_desktop.i18n import _


class CodeCombo(QComboBox):
    """Items are ``(code, untranslated label)``; ``blank`` adds a first item for "no choice".

    With ``editable=True`` the user may also type a value that is not in the list; ``code()``
    then returns the typed text.
    """

    def __init__(
        self,
        table: dict[str, str],
        parent: QWidget | None = None,
        *,
        blank: str | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__(parent)
        self._table = table
        self._blank = blank
        self.setEditable(editable)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if self._blank is not None:
            self.addItem(_(self._blank) if self._blank else "", "")
        for code, text in self._table.items():
            self.addItem(_(text), code)
        self.blockSignals(False)
        self.set_code(current)

    def code(self) -> str:
        if self.isEditable():
            text = self.currentText().strip()
            index = self.findText(text)
            if index >= 0:
                return str(self.itemData(index) or "")
            return text
        data = self.currentData()
        return str(data) if data else ""

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
        elif self.isEditable():
            self.setEditText(code)
        else:
            self.setCurrentIndex(0 if self.count() else -1)
