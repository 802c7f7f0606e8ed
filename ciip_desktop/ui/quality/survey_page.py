"""Client satisfaction: paper surveys keyed in fast, keyboard only, and the results by
driver and session type, before and after a date, with 95 % intervals."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.context import Actor
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.stats import Mean
from ciip_desktop.services.quality.surveys import DRIVERS, SurveyAnswers

SESSION_KINDS = ("group", "one_on_one", "phone")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def interval_text(m: Mean) -> str:
    if m.low is None or m.high is None:
        return "—"
    return f"{_fmt(m.low)} – {_fmt(m.high)}"


class ScoreField(QLineEdit):
    """One answer: a digit 1-5 (or "-" for blank); typing it moves to the next field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(1)
        self.setFixedWidth(36)
        self.setValidator(QRegularExpressionValidator(QRegularExpression("[1-5-]")))
        self.textEdited.connect(self._advance)

    def _advance(self, text: str) -> None:
        if text:
            self.focusNextChild()

    def score(self) -> int | None:
        text = self.text()
        return int(text) if text.isdigit() else None


class SurveyPage(QWidget):
    def __init__(self, quality: QualityService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.quality, self.actor = quality, actor
        self.entry_box = QGroupBox()
        self.when = QDateEdit(_qdate(quality.today()))
        self.when.setCalendarPopup(True)
        self.kind = QComboBox()
        self.kind.addItems(["", "", ""])
        self.fields: dict[str, ScoreField] = {d: ScoreField() for d in DRIVERS}
        self.field_labels: dict[str, QLabel] = {d: QLabel() for d in DRIVERS}
        self.comments = QLineEdit()
        self.comments.setObjectName("survey-comments")
        self.comments.returnPressed.connect(self.save)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.when_label, self.kind_label, self.comments_label = QLabel(), QLabel(), QLabel()
        self.help = QLabel()
        self.help.setWordWrap(True)
        scores = QHBoxLayout()
        for d in DRIVERS:
            scores.addWidget(self.field_labels[d])
            scores.addWidget(self.fields[d])
        scores.addStretch(1)
        form = QFormLayout(self.entry_box)
        form.addRow(self.help)
        top = QHBoxLayout()
        top.addWidget(self.when_label)
        top.addWidget(self.when)
        top.addWidget(self.kind_label)
        top.addWidget(self.kind)
        top.addStretch(1)
        form.addRow(top)
        form.addRow(scores)
        row = QHBoxLayout()
        row.addWidget(self.comments_label)
        row.addWidget(self.comments, 1)
        row.addWidget(self.save_button)
        form.addRow(row)
        form.addRow(self.message)

        self.split_label = QLabel()
        self.split = QDateEdit(_qdate(quality.today() - timedelta(days=90)))
        self.split.setCalendarPopup(True)
        self.split.dateChanged.connect(lambda _d: self.refresh())
        self.results = QTableWidget()
        self.results.setObjectName("survey-results")
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_label)
        split_row.addWidget(self.split)
        split_row.addStretch(1)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry_box)
        layout.addLayout(split_row)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.verdict)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.entry_box.setTitle(_("Key in a paper survey"))
        self.help.setText(
            _(
                "Type each answer as a digit from 1 to 5 (or - if left blank); the cursor moves "
                "on by itself. Enter in the comments saves the survey and starts the next one."
            )
        )
        self.when_label.setText(_("Answered on"))
        self.kind_label.setText(_("Session"))
        for i, text in enumerate((_("Group session"), _("One-on-one"), _("Phone session"))):
            self.kind.setItemText(i, text)
        for d, label in self.field_labels.items():
            label.setText(_(DRIVERS[d]))
        self.comments_label.setText(_("Comments"))
        self.save_button.setText(_("Save survey"))
        self.split_label.setText(_("Compare before and after"))
        self.refresh()

    def save(self) -> None:
        answers = SurveyAnswers(
            self.when.date().toPython(),  # type: ignore[arg-type]
            {d: f.score() for d, f in self.fields.items()},
            session_kind=SESSION_KINDS[self.kind.currentIndex()],
            comments=self.comments.text(),
        )
        try:
            self.quality.surveys.record(self.actor, answers)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        for f in self.fields.values():
            f.clear()
        self.comments.clear()
        self.message.setText(_("Survey saved. Key in the next one."))
        self.fields["timeliness"].setFocus()
        self.refresh()

    def refresh(self) -> None:
        split: date = self.split.date().toPython()  # type: ignore[assignment]
        surveys = self.quality.surveys
        overall = surveys.by_driver()
        kinds = surveys.session_kinds()
        by_kind = {k: surveys.by_driver(session_kind=k) for k in kinds}
        headers = [_("Driver"), _("Responses"), _("Mean (1-5)"), _("95 % interval")]
        headers += [_("Before {date}").format(date=format_date(split))]
        headers += [_("From {date}").format(date=format_date(split)), _("Change (95 % interval)")]
        headers += [
            _(self.kind.itemText(SESSION_KINDS.index(k))) if k in SESSION_KINDS else k
            for k in kinds
        ]
        self.results.clear()
        self.results.setColumnCount(len(headers))
        self.results.setHorizontalHeaderLabels(headers)
        self.results.setRowCount(len(DRIVERS))
        clear_changes: list[str] = []
        for r, d in enumerate(DRIVERS):
            m = overall[d]
            moved = surveys.before_after(split, d)
            if moved.difference is None:
                change_text = "—"
            elif moved.low is None or moved.high is None:
                change_text = f"{moved.difference:+.2f}"
            else:
                change_text = f"{moved.difference:+.2f} ({moved.low:+.2f} – {moved.high:+.2f})"
            if moved.clear:
                clear_changes.append(_(DRIVERS[d]))
            values = [
                _(DRIVERS[d]),
                str(m.n),
                _fmt(m.mean),
                interval_text(m),
                f"{_fmt(moved.before.mean)} (n={moved.before.n})",
                f"{_fmt(moved.after.mean)} (n={moved.after.n})",
                change_text,
            ]
            values += [f"{_fmt(by_kind[k][d].mean)} (n={by_kind[k][d].n})" for k in kinds]
            for c, value in enumerate(values):
                self.results.setItem(r, c, QTableWidgetItem(value))
        self.results.resizeColumnsToContents()
        if clear_changes:
            self.verdict.setText(
                _("A clear change (its 95 % interval leaves out zero): {drivers}.").format(
                    drivers=", ".join(clear_changes)
                )
            )
        else:
            self.verdict.setText(
                _(
                    "No clear change: every interval includes zero, so the difference may be "
                    "chance. More responses narrow the intervals."
                )
            )
