"""A counsellor's one-on-one hours for each weekday, e.g. ``09:00-12:00, 13:30-17:00``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, babel_locale
from ciip_desktop.services.calendar.one_on_ones import DEFAULT_HOURS

Spans = list[tuple[int, int]]
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def spans_text(spans: Spans) -> str:
    return ", ".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in spans)


def parse_spans(text: str) -> Spans:
    """``09:00-12:00, 13:30-17:00`` → minutes; ValueError on anything else."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = _SPAN.match(part)
        if match is None:
            raise ValueError(part)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
            raise ValueError(part)
        spans.append((h1 * 60 + m1, h2 * 60 + m2))
    return spans


class HoursDialog(QDialog):
    """Edits the hours of one counsellor at a time; saves each weekday through ``save``."""

    def __init__(
        self,
        counsellors: Sequence[tuple[str, str, str]],
        load: Callable[[str], dict[int, Spans]],
        save: Callable[[str, int, Spans], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hoursDialog")
        self.setWindowTitle(_("One-on-one hours"))
        self.load, self.save = load, save
        self.counsellor = QComboBox()
        for cid, _username, name in counsellors:
            self.counsellor.addItem(name, cid)
        self.days = [QLineEdit() for _day in range(7)]
        names = babel_locale().days["format"]["wide"]
        form = QFormLayout()
        form.addRow(_("Counsellor"), self.counsellor)
        for day, edit in enumerate(self.days):
            edit.setPlaceholderText(_("not working"))
            form.addRow(names[day], edit)
        hint = QLabel(_("Hours as 09:00-12:00, 13:30-17:00; empty for a day off."))
        hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b03030")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.counsellor.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        hours = self.load(str(self.counsellor.currentData() or ""))
        for day, edit in enumerate(self.days):
            default = list(DEFAULT_HOURS) if day < 5 else []
            edit.setText(spans_text(hours.get(day, default)))

    def _on_save(self) -> None:
        cid = str(self.counsellor.currentData() or "")
        parsed: dict[int, Spans] = {}
        for day, edit in enumerate(self.days):
            try:
                parsed[day] = parse_spans(edit.text())
            except ValueError as err:
                self.problem.setText(
                    _("{text} is not a span of hours; write it as 09:00-12:00.").format(text=err)
                )
                return
        try:
            for day, spans in parsed.items():
                self.save(cid, day, spans)
        except UserError as err:
            self.problem.setText(err.message)
            return
        self.accept()
