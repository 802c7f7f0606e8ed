"""The needs-assessment form, filled in during the phone call with the client.

Top to bottom in the order of the call; "Save draft" keeps a half-done assessment, "Save as
complete" checks the required answers and shows what is missing next to each field.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import N_, _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import AssessmentInput, AssessmentView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.field_errors import FieldErrors
from ciip_desktop.ui.clients.labels import (
    CONCERNS,
    EDUCATION_LEVELS,
    ENGLISH_TESTS,
    FRENCH_TESTS,
    SESSION_PREFERENCES,
)
from ciip_desktop.ui.clients.language_scores import Converter, LanguageLevel
from ciip_desktop.ui.clients.messages import confirm
from ciip_desktop.ui.clients.reference_data import ReferenceData
from ciip_desktop.ui.clients.shortcuts import add_save_shortcuts, add_shortcut

_NOC_CODE = re.compile(r"^\s*(\d{5})\b")
NOC_SUGGESTIONS = 30
ENGLISH_FIELDS = ("english_clb", "english_test", "english_scores")
FRENCH_FIELDS = ("french_nclc", "french_test", "french_scores")


def noc_code(text: str) -> str:
    """The five-digit code at the start of ``21300 Civil engineers``; else the text itself."""
    match = _NOC_CODE.match(text)
    return match.group(1) if match else text.strip()


class AssessmentForm(QDialog):
    """Fill in or edit a client's needs assessment; ``saved`` holds the result."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        client_id: str,
        existing: AssessmentView | None,
        reference: ReferenceData,
        *,
        client_name: str = "",
        convert: Converter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentForm")
        self._services = services
        self._actor = actor
        self._client_id = client_id
        self._reference = reference
        self._client_name = client_name
        self.saved: AssessmentView | None = None
        level_from_test: Converter = convert or _reference_converter(reference)

        self.assessed_on = DateField()
        self.destination_province = QComboBox()
        self.destination_city = QComboBox()
        self.destination_city.setEditable(True)
        self.expected_departure = DateField(empty_text=N_("not known"))
        self.intended_noc = QLineEdit()
        self.noc_title = QLabel()
        self.noc_title.setObjectName("nocTitle")
        self.noc_title.setWordWrap(True)
        self._noc_model = QStringListModel(self)
        completer = QCompleter(self._noc_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.intended_noc.setCompleter(completer)
        self.career_goals = QPlainTextEdit()
        self.education_level = CodeCombo(EDUCATION_LEVELS, blank="")
        self.education_field = QLineEdit()
        self.years_experience = QSpinBox()
        self.years_experience.setRange(-1, 60)
        self.years_experience.setMaximumWidth(160)
        self.english = LanguageLevel(ENGLISH_TESTS, "CLB", level_from_test)
        self.french = LanguageLevel(FRENCH_TESTS, "NCLC", level_from_test)
        self.accompanying_family = QPlainTextEdit()
        self.concern_boxes = {code: QCheckBox() for code in CONCERNS}
        self.session_preference = CodeCombo(SESSION_PREFERENCES, blank="")
        self.notes = QPlainTextEdit()
        for edit, height in (
            (self.career_goals, 56),
            (self.accompanying_family, 44),
            (self.notes, 56),
        ):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(height)
        names = [
            "assessed_on",
            "destination_province",
            "destination_city",
            "expected_departure",
            "intended_noc",
            "career_goals",
            "education_level",
            "education_field",
            "years_experience",
            "english",
            "french",
            "accompanying_family",
            "session_preference",
            "notes",
        ]
        for name in names:
            getattr(self, name).setObjectName(name)
        for code, box in self.concern_boxes.items():
            box.setObjectName(f"concern_{code}")

        self.errors = FieldErrors(self)
        self._captions: dict[str, QLabel] = {}
        self.where_box = QGroupBox()
        where = QFormLayout(self.where_box)
        self._row(where, "assessed_on", self.assessed_on)
        self._row(where, "destination_province", self.destination_province)
        self._row(where, "destination_city", self.destination_city)
        self._row(where, "expected_departure", self.expected_departure)

        self.work_box = QGroupBox()
        work = QFormLayout(self.work_box)
        noc = QWidget()
        noc_layout = QVBoxLayout(noc)
        noc_layout.setContentsMargins(0, 0, 0, 0)
        noc_layout.setSpacing(2)
        noc_layout.addWidget(self.intended_noc)
        noc_layout.addWidget(self.noc_title)
        self._row(work, "intended_noc", noc)
        self._row(work, "career_goals", self.career_goals)
        self._row(work, "education_level", self.education_level)
        self._row(work, "education_field", self.education_field)
        self._row(work, "years_experience", self.years_experience)

        self.language_box = QGroupBox()
        languages = QFormLayout(self.language_box)
        self._row(languages, "english", self.english)
        self._row(languages, "french", self.french)
        self.english_errors = FieldErrors(self)
        self.english_errors.attach("english_scores", languages, self.english)
        self.french_errors = FieldErrors(self)
        self.french_errors.attach("french_scores", languages, self.french)

        self.family_box = QGroupBox()
        family = QFormLayout(self.family_box)
        self._row(family, "accompanying_family", self.accompanying_family)
        concerns = QWidget()
        grid = QGridLayout(concerns)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, box in enumerate(self.concern_boxes.values()):
            grid.addWidget(box, index // 2, index % 2)
        self._row(family, "concerns", concerns)
        self._row(family, "session_preference", self.session_preference)
        self._row(family, "notes", self.notes)

        left = QVBoxLayout()
        left.addWidget(self.where_box)
        left.addWidget(self.work_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.language_box)
        right.addWidget(self.family_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox()
        self.draft_button = QPushButton()
        self.draft_button.setObjectName("saveDraft")
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("saveComplete")
        self.cancel_button = QPushButton()
        self.buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.complete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.draft_button, self.complete_button, self.cancel_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bottom)

        order: list[QWidget] = [
            self.assessed_on,
            self.destination_province,
            self.destination_city,
            self.expected_departure,
            self.intended_noc,
            self.career_goals,
            self.education_level,
            self.education_field,
            self.years_experience,
            self.english.test,
            *self.english.scores,
            self.english.level,
            self.french.test,
            *self.french.scores,
            self.french.level,
            self.accompanying_family,
            *self.concern_boxes.values(),
            self.session_preference,
            self.notes,
            self.draft_button,
            self.complete_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.draft_button.clicked.connect(lambda: self.save(complete=False))
        self.complete_button.clicked.connect(lambda: self.save(complete=True))
        self.cancel_button.clicked.connect(self.reject)
        add_shortcut(self, "Ctrl+S", lambda: self.save(complete=False))
        add_save_shortcuts(self, lambda: self.save(complete=True))
        self.destination_province.currentIndexChanged.connect(self._province_changed)
        self.intended_noc.textEdited.connect(self._suggest_noc)
        self.intended_noc.textChanged.connect(self._show_noc_title)
        completer.activated.connect(self._show_noc_title)

        self.retranslate_ui()
        self._initial = self._load(existing)
        hint = self.sizeHint()
        self.resize(max(hint.width(), 1000), hint.height())

    def _row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(widget)
        form.addRow(caption, widget)
        self._captions[name] = caption
        self.errors.attach(name, form, widget)

    # ---- text ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        title = _("Needs assessment")
        if self._client_name:
            title = _("Needs assessment — {client}").format(client=self._client_name)
        self.setWindowTitle(title)
        self.where_box.setTitle(_("Destination"))
        self.work_box.setTitle(_("Occupation and education"))
        self.language_box.setTitle(_("Languages"))
        self.family_box.setTitle(_("Family, concerns and next steps"))
        captions = {
            "assessed_on": _("Date of call:"),
            "destination_province": _("&Province:"),
            "destination_city": _("Cit&y:"),
            "expected_departure": _("Expected &departure:"),
            "intended_noc": _("Intended occupation (&NOC):"),
            "career_goals": _("Career &goals:"),
            "education_level": _("&Education:"),
            "education_field": _("&Field of study:"),
            "years_experience": _("&Years of experience:"),
            "english": _("English:"),
            "french": _("French:"),
            "accompanying_family": _("Accompanying &family:"),
            "concerns": _("Concerns:"),
            "session_preference": _("&Session preference:"),
            "notes": _("N&otes:"),
        }
        for name, text in captions.items():
            self._captions[name].setText(text)
        self.intended_noc.setPlaceholderText(_("type a code or words of the title"))
        self.accompanying_family.setPlaceholderText(_("e.g. spouse and one child (8)"))
        self.years_experience.setSpecialValueText(_("not known"))
        self._fill_provinces()
        self.education_level.retranslate_ui()
        self.session_preference.retranslate_ui()
        for code, box in self.concern_boxes.items():
            box.setText(_(CONCERNS[code]))
        self.english.retranslate_ui()
        self.french.retranslate_ui()
        self.assessed_on.retranslate_ui()
        self.expected_departure.retranslate_ui()
        self._show_noc_title()
        self.draft_button.setText(_("Save &draft"))
        self.draft_button.setToolTip(_("Keep what is filled in so far (Ctrl+S)"))
        self.complete_button.setText(_("Save as &complete"))
        self.complete_button.setToolTip(_("Check the required answers and save (Ctrl+Enter)"))
        self.cancel_button.setText(_("Cancel"))

    def _fill_provinces(self) -> None:
        current = self.destination_province.currentData()
        self.destination_province.blockSignals(True)
        self.destination_province.clear()
        self.destination_province.addItem(_("not known yet"), "")
        for code, name in self._reference.provinces():
            self.destination_province.addItem(f"{name} ({code})", code)
        index = self.destination_province.findData(current)
        self.destination_province.setCurrentIndex(max(index, 0))
        self.destination_province.blockSignals(False)

    # ---- values ----------------------------------------------------------------------------

    def _load(self, view: AssessmentView | None) -> AssessmentInput:
        data: AssessmentInput = view or AssessmentInput(
            assessed_on=date.today(), session_preference="group"
        )
        self.assessed_on.set_value(data.assessed_on or date.today())
        index = self.destination_province.findData(data.destination_province)
        self.destination_province.setCurrentIndex(max(index, 0))
        self._province_changed()
        self.destination_city.setEditText(data.destination_city)
        self.expected_departure.set_value(data.expected_departure)
        if data.intended_noc:
            title = self._reference.noc_label(data.intended_noc) or ""
            self.intended_noc.setText(f"{data.intended_noc} {title}".strip())
            self.intended_noc.setCursorPosition(0)
        self.career_goals.setPlainText(data.career_goals)
        self.education_level.set_code(data.education_level)
        self.education_field.setText(data.education_field)
        years = data.years_experience
        self.years_experience.setValue(-1 if years is None else years)
        self.english.set_values(data.english_test, data.english_scores, data.english_clb)
        self.french.set_values(data.french_test, data.french_scores, data.french_nclc)
        self.accompanying_family.setPlainText(data.accompanying_family)
        for code, box in self.concern_boxes.items():
            box.setChecked(code in data.concerns)
        self.session_preference.set_code(data.session_preference)
        self.notes.setPlainText(data.notes)
        return self.value()

    def value(self) -> AssessmentInput:
        years = self.years_experience.value()
        english_test = self.english.test.code()
        french_test = self.french.test.code()
        return AssessmentInput(
            destination_province=str(self.destination_province.currentData() or ""),
            destination_city=self.destination_city.currentText().strip(),
            expected_departure=self.expected_departure.value(),
            intended_noc=noc_code(self.intended_noc.text()),
            career_goals=self.career_goals.toPlainText().strip(),
            education_level=self.education_level.code(),
            education_field=self.education_field.text().strip(),
            years_experience=None if years < 0 else years,
            english_clb=self.english.level_value(),
            english_test=english_test,
            english_scores=self.english.scores_text() if english_test else "",
            french_nclc=self.french.level_value(),
            french_test=french_test,
            french_scores=self.french.scores_text() if french_test else "",
            accompanying_family=self.accompanying_family.toPlainText().strip(),
            concerns=tuple(code for code, box in self.concern_boxes.items() if box.isChecked()),
            session_preference=self.session_preference.code(),
            notes=self.notes.toPlainText().strip(),
            assessed_on=self.assessed_on.value(),
        )

    def is_dirty(self) -> bool:
        return self.value() != self._initial

    # ---- behaviour -------------------------------------------------------------------------

    def _province_changed(self, *_args: object) -> None:
        code = str(self.destination_province.currentData() or "")
        typed = self.destination_city.currentText()
        self.destination_city.blockSignals(True)
        self.destination_city.clear()
        self.destination_city.addItem("")
        self.destination_city.addItems(self._reference.cities(code) if code else [])
        self.destination_city.setEditText(typed)
        self.destination_city.blockSignals(False)

    def _suggest_noc(self, text: str) -> None:
        query = text.strip()
        found = self._reference.search_noc(query, NOC_SUGGESTIONS) if query else []
        self._noc_model.setStringList([f"{code} {title}" for code, title in found])

    def _show_noc_title(self, *_args: object) -> None:
        code = noc_code(self.intended_noc.text())
        if not code:
            self.noc_title.setText("")
            return
        title = self._reference.noc_label(code)
        if title is None:
            self.noc_title.setText(
                _("Choose an occupation from the list, or type its five-digit code.")
            )
        elif self.intended_noc.text().strip() == code:
            self.noc_title.setText(title)
        else:
            self.noc_title.setText("")

    # ---- saving ----------------------------------------------------------------------------

    def check(self, complete: bool) -> dict[str, str]:
        """The reasons this assessment cannot be saved (as draft or as complete), shown inline."""
        reasons: dict[str, str] = {}
        for name, field in (
            ("assessed_on", self.assessed_on),
            ("expected_departure", self.expected_departure),
        ):
            if not field.is_valid():
                reasons[name] = _("Type the date as YYYY-MM-DD.")
        try:
            reasons = {**self._services.assessments.validate(self.value(), complete), **reasons}
        except UserError as exc:
            reasons.setdefault("", exc.message)
        self._show_reasons(reasons)
        return reasons

    def _show_reasons(self, reasons: dict[str, str]) -> None:
        self.errors.show(reasons)
        english = [reasons[k] for k in ENGLISH_FIELDS if k in reasons]
        french = [reasons[k] for k in FRENCH_FIELDS if k in reasons]
        self.english_errors.show({"english_scores": " ".join(english)})
        self.french_errors.show({"french_scores": " ".join(french)})
        known = self.errors.names() | set(ENGLISH_FIELDS) | set(FRENCH_FIELDS)
        loose = [text for key, text in reasons.items() if key not in known]
        if reasons and not loose:
            loose = [_("Some answers need attention; see the notes beside them.")]
        self.problem.setText(" ".join(loose))

    def save(self, complete: bool) -> bool:
        if self.check(complete):
            return False
        try:
            self.saved = self._services.assessments.save(
                self._actor, self._client_id, self.value(), complete
            )
        except ValidationError as exc:
            self._show_reasons(dict(exc.fields) or {"": exc.message})
            return False
        except UserError as exc:
            self.problem.setText(exc.message)
            return False
        self._initial = self.value()
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty() and not confirm(self, _("Discard the answers typed in this form?")):
            return
        super().reject()


def _reference_converter(reference: ReferenceData) -> Converter:
    return reference.level_from_test
