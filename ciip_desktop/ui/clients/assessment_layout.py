"""The needs-assessment form's widgets and their layout, top to bottom in the order of the call.

Destination and work on the left, languages and family on the right; under each field a
line for its reason, hidden while there is none. What the form does with them is
:class:`~ciip_desktop.ui.clients.assessment_form.AssessmentForm`'s.
"""

from __future__ import annotations

import itertools

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

from ciip_desktop.i18n import N_, _
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.field_errors import FieldErrors, reason_label
from ciip_desktop.ui.clients.labels import (
    CONCERNS,
    EDUCATION_LEVELS,
    ENGLISH_TESTS,
    FRENCH_TESTS,
    SESSION_PREFERENCES,
)
from ciip_desktop.ui.clients.language_scores import Converter, LanguageLevel


class AssessmentLayout(QDialog):
    """One widget per answer in four boxes, the problems beside the buttons; keyboard order
    is the order of the call. ``level_from_test`` turns test scores into a CLB/NCLC level."""

    def __init__(self, level_from_test: Converter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.noc_completer = completer
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

        self.problem = reason_label("problem")
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

    def _row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(widget)
        form.addRow(caption, widget)
        self._captions[name] = caption
        self.errors.attach(name, form, widget)

    def retranslate_ui(self) -> None:
        """Boxes, captions, hints, choices and buttons in the current language."""
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
        self.education_level.retranslate_ui()
        self.session_preference.retranslate_ui()
        for code, box in self.concern_boxes.items():
            box.setText(_(CONCERNS[code]))
        self.english.retranslate_ui()
        self.french.retranslate_ui()
        self.assessed_on.retranslate_ui()
        self.expected_departure.retranslate_ui()
        self.draft_button.setText(_("Save &draft"))
        self.draft_button.setToolTip(_("Keep what is filled in so far (Ctrl+S)"))
        self.complete_button.setText(_("Save as &complete"))
        self.complete_button.setToolTip(_("Check the required answers and save (Ctrl+Enter)"))
        self.cancel_button.setText(_("Cancel"))
