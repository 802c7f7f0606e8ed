"""A date typed as on the paper form (``2026-03-14``), empty for "not known", with a calendar.

Counsellors key dates from paper; a line edit that accepts ``2026-03-14``, ``2026/3/14`` or
``20260314`` is faster than the sections of a ``QDateEdit`` and has a natural empty state.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from ciip_desktop.i18n import _

_SEPARATED = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(text: str) -> date | None:
    """The date in ``text`` (ISO order, any of - / . 年月日), None when empty; ValueError if bad."""
    if not text.strip():
        return None
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)


class DateField(QLineEdit):
    """A date or nothing. ``value()`` is a ``date`` or None; ``is_valid()`` is False on bad text."""

    valueChanged = Signal()

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self._empty_text = empty_text  # untranslated; shown as the placeholder
        self.setMaxLength(12)
        self._calendar_action = self.addAction(
            QIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self._calendar_action.triggered.connect(self._show_calendar)
        self._calendar: QCalendarWidget | None = None
        self.textChanged.connect(self._on_text_changed)
        self.retranslate_ui()

    def full_width(self) -> int:
        """The width that shows a whole date beside the calendar button (table cells)."""
        text = self.fontMetrics().horizontalAdvance("2026-12-28")
        button = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 12
        return text + button + 16

    def retranslate_ui(self) -> None:
        self.setPlaceholderText(_(self._empty_text) if self._empty_text else _("YYYY-MM-DD"))
        self._calendar_action.setToolTip(_("Choose from a calendar"))

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.retranslate_ui()

    def value(self) -> date | None:
        try:
            return parse_date(self.text())
        except ValueError:
            return None

    def is_valid(self) -> bool:
        try:
            parse_date(self.text())
        except ValueError:
            return False
        return True

    def set_value(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def _on_text_changed(self, _text: str) -> None:
        valid = self.is_valid()
        self.setProperty("invalid", not valid)
        self.setStyleSheet("" if valid else "QLineEdit { background: #fde8e8; }")
        self.valueChanged.emit()

    def _show_calendar(self) -> None:
        if self._calendar is None:
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlags(Qt.WindowType.Popup)
            self._calendar.clicked.connect(self._calendar_picked)
            self._calendar.activated.connect(self._calendar_picked)
        current = self.value() or date.today()
        self._calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._calendar.show()
        self._calendar.setFocus()

    def _calendar_picked(self, picked: QDate) -> None:
        self.set_value(date(picked.year(), picked.month(), picked.day()))
        if self._calendar is not None:
            self._calendar.hide()
        self.setFocus()
