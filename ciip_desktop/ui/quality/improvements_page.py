"""Improvement projects: ideas raised by staff, their state, and the before/after of the
implemented ones on the standard and the survey driver they aimed at."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
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
from ciip_desktop.services.permissions import Action
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.improvements import STATES
from ciip_desktop.services.quality.stats import Change
from ciip_desktop.services.quality.surveys import DRIVERS
from ciip_desktop.ui.security.role_gate import offer_only


def change_text(moved: Change | None, percent: bool = False) -> str:
    if moved is None or moved.before.mean is None or moved.after.mean is None:
        return "—"
    scale = 100 if percent else 1
    unit = " %" if percent else ""
    text = f"{moved.before.mean * scale:.0f}{unit} → {moved.after.mean * scale:.0f}{unit}"
    if not percent:
        text = f"{moved.before.mean:.2f} → {moved.after.mean:.2f}"
    verdict = _("a clear change") if moved.clear else _("not a clear change yet")
    return f"{text} (n={moved.before.n}/{moved.after.n}; {verdict})"


class ImprovementsPage(QWidget):
    def __init__(self, quality: QualityService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.quality, self.actor = quality, actor
        self.title = QLineEdit()
        self.title.returnPressed.connect(self.raise_idea)
        self.standard = QComboBox()
        self.driver = QComboBox()
        self.raise_button = QPushButton()
        self.raise_button.clicked.connect(self.raise_idea)
        self.counts = QLabel()
        self.table = QTableWidget()
        self.table.setObjectName("improvements-table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.ids: list[str] = []
        self.moves = {state: QPushButton() for state in ("approved", "implemented", "dropped")}
        for state, button in self.moves.items():
            button.clicked.connect(lambda _c=False, s=state: self.move_to(s))
        self.message = QLabel()
        form = QHBoxLayout()
        form.addWidget(self.title, 1)
        form.addWidget(self.standard)
        form.addWidget(self.driver)
        form.addWidget(self.raise_button)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        for button in self.moves.values():
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        offer_only(actor, Action.QUALITY_MANAGE, *self.moves.values())  # supervisors decide
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setPlaceholderText(_("The idea, in a few words"))
        self.standard.clear()
        self.standard.addItem(_("No standard"), "")
        for s in self.quality.catalogue.standards():
            self.standard.addItem(s.title, s.key)
        self.driver.clear()
        self.driver.addItem(_("No survey question"), "")
        for key, name in DRIVERS.items():
            self.driver.addItem(_(name), key)
        self.raise_button.setText(_("Raise the idea"))
        self.moves["approved"].setText(_("Approve"))
        self.moves["implemented"].setText(_("Implemented today"))
        self.moves["dropped"].setText(_("Drop"))
        self.refresh()

    def raise_idea(self) -> None:
        try:
            self.quality.improvements.raise_idea(
                self.actor,
                self.title.text(),
                self.quality.today(),
                self.standard.currentData(),
                self.driver.currentData(),
            )
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.title.clear()
        self.message.setText(_("Idea raised."))
        self.refresh()

    def move_to(self, state: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.ids):
            self.message.setText(_("Choose a project in the list first."))
            return
        try:
            self.quality.improvements.move(self.actor, self.ids[row], state, self.quality.today())
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.refresh()

    def refresh(self) -> None:
        service = self.quality.improvements
        today = self.quality.today()
        raised, done = service.counts(today - timedelta(days=365), today)
        self.counts.setText(
            _("In the last 12 months: {raised} ideas raised, {done} implemented.").format(
                raised=raised, done=done
            )
        )
        projects = service.projects()
        names = self.quality.counsellor_names()
        titles = {s.key: s.title for s in self.quality.catalogue.standards()}
        headers = [_("Idea"), _("Raised on"), _("By"), _("Aims at"), _("State")]
        headers += [_("Implemented"), _("Standard before → after"), _("Survey before → after")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(projects))
        self.ids = [p.id for p in projects]
        for r, p in enumerate(projects):
            effect = service.effect(p)
            aims = [titles.get(p.standard_key, "")] if p.standard_key else []
            aims += [_(DRIVERS[p.driver])] if p.driver in DRIVERS else []
            values = [
                p.title,
                format_date(p.raised_on),
                names.get(p.raised_by or "", ""),
                "; ".join(aims),
                _(STATES.get(p.state, p.state)),
                format_date(p.implemented_on),
                change_text(effect.standard, percent=True),
                change_text(effect.driver),
            ]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
