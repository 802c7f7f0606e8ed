"""The needs-assessment form, filled in during the phone call with the client.

Top to bottom in the order of the call; "Save draft" keeps a half-done assessment, "Save as
complete" checks the required answers and shows what is missing next to each field. The
widgets and their layout are :class:`AssessmentLayout`'s (``assessment_layout.py``).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QWidget

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import AssessmentInput, AssessmentView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.assessment_layout import AssessmentLayout
from ciip_desktop.ui.clients.language_scores import Converter
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


class AssessmentForm(AssessmentLayout):
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
        super().__init__(convert or reference.level_from_test, parent)
        self.setObjectName("assessmentForm")
        self._services = services
        self._actor = actor
        self._client_id = client_id
        self._reference = reference
        self._client_name = client_name
        self.saved: AssessmentView | None = None

        self.draft_button.clicked.connect(lambda: self.save(complete=False))
        self.complete_button.clicked.connect(lambda: self.save(complete=True))
        self.cancel_button.clicked.connect(self.reject)
        add_shortcut(self, "Ctrl+S", lambda: self.save(complete=False))
        add_save_shortcuts(self, lambda: self.save(complete=True))
        self.destination_province.currentIndexChanged.connect(self._province_changed)
        self.intended_noc.textEdited.connect(self._suggest_noc)
        self.intended_noc.textChanged.connect(self._show_noc_title)
        self.noc_completer.activated.connect(self._show_noc_title)

        self.retranslate_ui()
        self._initial = self._load(existing)
        hint = self.sizeHint()
        self.resize(max(hint.width(), 1000), hint.height())

    # ---- text ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        title = _("Needs assessment")
        if self._client_name:
            title = _("Needs assessment — {client}").format(client=self._client_name)
        self.setWindowTitle(title)
        super().retranslate_ui()
        self._fill_provinces()
        self._show_noc_title()

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
