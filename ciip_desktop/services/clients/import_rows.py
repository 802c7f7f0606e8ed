"""Reading one spreadsheet row of an import into a registration (and assessment), with reasons.

Every value is read as people type it (see :mod:`.parsing`) and checked by the same rules as
the registration form (:mod:`.validation`). Each problem names its field by its translated
label and never repeats the cell's text. What the row says but had to be interpreted — a
date not written as YYYY-MM-DD, Latin names read from the Chinese name — becomes a *note*
that the dry run shows for the counsellor to confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.clients.assessment import check_assessment
from ciip_desktop.services.clients.fields import (
    ASSESSMENT_COLUMNS,
    BY_NAME,
    IMPORT_COLUMNS,
    Kind,
    Part,
    title,
    trim,
)
from ciip_desktop.services.clients.names import has_han, pinyin_parts
from ciip_desktop.services.clients.parsing import (
    is_iso_date,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
)
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput
from ciip_desktop.services.clients.validation import (
    check_fields,
    normalise_registration,
    text_problem,
)
from ciip_desktop.services.reference import Reference


def reason(name: str, text: str) -> str:
    """A problem or note of a row, led by the translated label of the field it is about."""
    return _("{column}: {reason}").format(column=title(name), reason=text)


@dataclass
class ImportRow:
    row_no: int
    registration: RegistrationInput
    assessment: AssessmentInput | None
    file_no: str = ""  # the file number the row carries (an export), upper case; "" if none
    principal_row: int | None = None  # the row of this file holding the principal applicant
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class RowReader:
    """Turns the cells of one row (field name → text) into an :class:`ImportRow`."""

    def __init__(self, today: Callable[[], date], reference: Reference) -> None:
        self.today = today
        self.reference = reference

    def read(self, row_no: int, cells: Mapping[str, str]) -> ImportRow:
        values: dict[str, object] = {}
        reasons: list[str] = []
        notes: list[str] = []
        failed: set[str] = set()
        for name in IMPORT_COLUMNS:
            text = cells.get(name, "")
            try:
                values[name] = self._value(name, text, notes)
            except ValueError as err:
                reasons.append(reason(name, str(err)))
                failed.add(name)
        registration = self._registration(values, notes)
        today = self.today()
        received = registration.received_on
        for name, why in check_fields(registration, today).items():
            if name in failed or (name == "signature_date" and received is None):
                continue  # already said (a missing signature date is the date received)
            reasons.append(reason(name, why))
        assessment = None
        if any(cells.get(c, "").strip() for c in ASSESSMENT_COLUMNS):
            assessment, errors = self._assessment(values, today)
            reasons.extend(reason(n, r) for n, r in errors.items() if n not in failed)
        file_no = trim(str(values.get("file_no") or "")).upper()
        return ImportRow(
            row_no, registration, assessment, file_no=file_no, reasons=reasons, notes=notes
        )

    @staticmethod
    def _value(name: str, text: str, notes: list[str]) -> object:
        spec = BY_NAME[name]
        if spec.kind is Kind.DATE:
            day = parse_date(text)
            if day is not None and not is_iso_date(text, day):
                notes.append(
                    reason(
                        name,
                        _("“{text}” read as {date}").format(
                            text=trim(text), date=format_date(day, "long")
                        ),
                    )
                )
            return day
        if spec.kind is Kind.BOOL:
            return parse_bool(text)
        if spec.kind is Kind.INT:
            return parse_int(text)
        if spec.kind is Kind.CHOICE and spec.part is not Part.RECORD:
            return parse_choice(spec, text)
        if spec.part is Part.ASSESSMENT:
            problem = text_problem(spec, text)
            if problem is not None:
                raise ValueError(problem)
        return text

    def _registration(self, values: Mapping[str, object], notes: list[str]) -> RegistrationInput:
        typed = {
            n: v
            for n, v in values.items()
            if BY_NAME[n].part is Part.REGISTRATION and v is not None
        }
        received = _date(values.get("received_on"))
        signed = bool(values.get("signature_on_file"))
        data = normalise_registration(
            replace(
                RegistrationInput(**typed),  # type: ignore[arg-type]
                pinyin=str(values.get("pinyin") or "") or None,  # empty: from the Chinese name
                registration_channel=str(values.get("registration_channel") or "mail"),
                # A signed form with no date of its own was signed when it came in.
                signature_date=_date(values.get("signature_date"))
                or (received if signed else None),
            )
        )
        if data.family_name or data.given_name or not has_han(data.chinese_name):
            return data
        family, given = (part.capitalize() for part in pinyin_parts(data.chinese_name))
        notes.append(
            _(
                "The family and given names were read from the Chinese name as {family}, "
                "{given}; check them against the passport."
            ).format(family=family.upper(), given=given)
        )
        return normalise_registration(replace(data, family_name=family, given_name=given))

    def _assessment(
        self, values: Mapping[str, object], today: date
    ) -> tuple[AssessmentInput, dict[str, str]]:
        clb = values.get("english_clb")
        return check_assessment(
            AssessmentInput(
                destination_province=str(values.get("destination_province") or ""),
                destination_city=trim(str(values.get("destination_city") or "")),
                expected_departure=_date(values.get("expected_departure")),
                intended_noc=str(values.get("intended_noc") or ""),
                english_clb=clb if isinstance(clb, int) else None,
            ),
            False,
            today,
            self.reference,
        )


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None
