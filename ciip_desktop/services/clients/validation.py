"""The rules of the registration form, shared by the form, the command line and the import."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _
from ciip_desktop.models import ApplicantRole, Client, Counsellor, RegistrationChannel, Sex
from ciip_desktop.services.clients.contact import is_valid_email, normalise_phone
from ciip_desktop.services.clients.fields import (
    BY_NAME,
    MAX_LENGTHS,
    REGISTRATION_FIELDS,
    ClientField,
    Kind,
    choice_code,
    trim,
)
from ciip_desktop.services.clients.names import has_han
from ciip_desktop.services.clients.types import RegistrationInput

MAX_AGE_YEARS = 120
# No registration (or signature) predates this: an earlier date is a typing slip (year 1, 1026).
EARLIEST_RECEIVED = date(2000, 1, 1)
# Bidirectional embeddings, overrides, isolates and marks: they reorder what is shown.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u180e\u200b\u200c\u200d\u2060\ufeff")
# Multi-line text (notes) keeps line breaks and tabs, and the joiners emoji and some scripts use.
_MULTILINE_OK = frozenset("\n\t\u200c\u200d\u2028\u2029")
_TEXT_KINDS = (Kind.TEXT, Kind.MULTILINE, Kind.CHOICE)
_LINE_BREAKS = re.compile(r"\r\n?")
_SPACE_RUNS = re.compile(" {2,}")
SEXES = ("", *(s.value for s in Sex))
CHANNELS = tuple(c.value for c in RegistrationChannel)
ROLES = tuple(r.value for r in ApplicantRole)


def _spaces_out(text: str) -> str:
    return "".join(c for c in trim(text) if unicodedata.category(c) != "Zs")


def _single_spaced(text: str) -> str:
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in trim(text))
    return _SPACE_RUNS.sub(" ", spaced)


def _code(name: str, text: str) -> str:
    """The code of a choice as typed in any language ("女" → "F"); other text as it is."""
    found = choice_code(BY_NAME[name], text)
    return trim(text) if found is None else found


def normalise_registration(data: RegistrationInput) -> RegistrationInput:
    """Trimmed text, choices as their codes, and the phone in E.164 when it is a valid number."""
    phone = trim(data.phone)
    principal = trim(data.principal_file_no or "").upper() or None
    return replace(
        data,
        family_name=trim(data.family_name),
        given_name=trim(data.given_name),
        chinese_name=_spaces_out(data.chinese_name),
        pinyin=None if data.pinyin is None else _single_spaced(data.pinyin),
        sex=_code("sex", data.sex),
        phone=normalise_phone(phone) or phone,
        email=trim(data.email),
        wechat_id=trim(data.wechat_id),
        city_of_residence=trim(data.city_of_residence),
        immigration_stream=_code("immigration_stream", data.immigration_stream),
        applicant_role=_code("applicant_role", data.applicant_role)
        or ApplicantRole.PRINCIPAL.value,
        principal_file_no=principal,
        registration_channel=_code("registration_channel", data.registration_channel),
        notes=trim(_LINE_BREAKS.sub("\n", data.notes)),
        counsellor_id=data.counsellor_id or None,
    )


def has_control_characters(text: str, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control or invisible formatting character it may not.

    Single-line text: none at all (NUL, ESC, BEL, line breaks, tabs, bidirectional overrides,
    zero-width characters). Multi-line text may contain line breaks, tabs and joiners.
    """
    for char in text:
        if multiline and char in _MULTILINE_OK:
            continue
        if char in _BIDI or char in _ZERO_WIDTH:
            return True
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return True
        code = ord(char)
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return True  # a noncharacter (U+FFFE, U+FFFF ...): no text holds one
    return False


def text_problem(spec: ClientField, value: str) -> str | None:
    """The translated reason ``value`` cannot be the text of ``spec``, or None; never the value."""
    if not has_control_characters(value, multiline=not spec.single_line):
        return None
    if spec.single_line:
        return _(
            "This contains a control or invisible character (a line break, a tab, a direction "
            "mark ...); retype it without."
        )
    return _(
        "This contains a control or invisible character other than line breaks and tabs; "
        "retype it without."
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_fields(data: RegistrationInput, today: date) -> dict[str, str]:
    """Every rule that needs no database; field name → translated reason."""
    errors: dict[str, str] = {}
    has_latin = bool(data.family_name or data.given_name)
    if not has_latin and not data.chinese_name:
        errors["family_name"] = _(
            "Enter the family and given names in Latin letters, or the Chinese name."
        )
    elif not has_latin and not has_han(data.chinese_name):
        errors["family_name"] = _(
            "Enter the family and given names in Latin letters: the Chinese name has no "
            "Chinese characters to read them from."
        )
    elif has_latin and not data.chinese_name:
        if not data.family_name:
            errors["family_name"] = _("Enter the family name too, or the Chinese name.")
        if not data.given_name:
            errors["given_name"] = _("Enter the given name too, or the Chinese name.")
    for name, limit in MAX_LENGTHS.items():
        value = getattr(data, name) or ""
        if len(value) > limit:
            errors[name] = _("This is too long: at most {limit} characters.").format(limit=limit)
    if data.received_on is None:
        errors["received_on"] = _("Enter the date the registration was received.")
    elif data.received_on > today:
        errors["received_on"] = _("The date received is in the future; check the date.")
    elif data.received_on < EARLIEST_RECEIVED:
        errors["received_on"] = _("The date received is before {year}; check the year.").format(
            year=EARLIEST_RECEIVED.year
        )
    if data.phone and normalise_phone(data.phone) is None:
        errors["phone"] = _(
            "This is not a valid Chinese or Canadian phone number; "
            "write it as 138 0013 8000 or +1 416 555 0123."
        )
    if data.email and not is_valid_email(data.email):
        errors["email"] = _("This is not a valid e-mail address; check it (e.g. name@example.com).")
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth is in the future; check the date.")
        elif data.date_of_birth <= _years_before(today, MAX_AGE_YEARS):
            errors["date_of_birth"] = _(
                "The date of birth is more than {years} years ago; check the year."
            ).format(years=MAX_AGE_YEARS)
    if data.signature_on_file and data.signature_date is None:
        errors["signature_date"] = _("Enter the date the client signed the registration.")
    elif data.signature_date is not None and data.signature_date > today:
        errors["signature_date"] = _("The signature date is in the future; check the date.")
    elif data.signature_date is not None and data.signature_date < EARLIEST_RECEIVED:
        errors["signature_date"] = _("The signature date is before {year}; check the year.").format(
            year=EARLIEST_RECEIVED.year
        )
    if data.sex not in SEXES:
        errors["sex"] = _("Choose F, M or X for sex, or leave it empty.")
    if data.registration_channel not in CHANNELS:
        errors["registration_channel"] = _(
            "Choose how the registration arrived: mail, fax, email or walk_in."
        )
    if data.applicant_role not in ROLES:
        errors["applicant_role"] = _("Choose principal or family_member.")
    elif data.applicant_role == ApplicantRole.FAMILY_MEMBER.value and not data.principal_file_no:
        errors["principal_file_no"] = _(
            "Enter the file number of the principal applicant this family member comes with."
        )
    elif data.applicant_role == ApplicantRole.PRINCIPAL.value and data.principal_file_no:
        errors["principal_file_no"] = _(
            "Only a family member is linked to a principal applicant; "
            "choose family_member or clear the principal's file number."
        )
    for spec in REGISTRATION_FIELDS:
        value = getattr(data, spec.name)
        if spec.kind in _TEXT_KINDS and isinstance(value, str):
            problem = text_problem(spec, value)
            if problem is not None:
                errors[spec.name] = problem  # the cause of any other reason for this field
    return errors


def check_links(
    session: Session, data: RegistrationInput, client_id: str | None = None
) -> dict[str, str]:
    """The rules that look at other records: the principal applicant and the counsellor."""
    errors: dict[str, str] = {}
    if data.principal_file_no and data.applicant_role == ApplicantRole.FAMILY_MEMBER.value:
        principal = session.execute(
            select(Client.id, Client.applicant_role).where(
                Client.file_no == data.principal_file_no, Client.deleted.is_(False)
            )
        ).first()
        if principal is None:
            errors["principal_file_no"] = _(
                "No client has the file number {file_no}; check the principal applicant's "
                "file number."
            ).format(file_no=data.principal_file_no)
        elif principal.id == client_id:
            errors["principal_file_no"] = _(
                "A client cannot be their own principal applicant; enter the principal's "
                "file number."
            )
        elif principal.applicant_role != ApplicantRole.PRINCIPAL.value:
            errors["principal_file_no"] = _(
                "{file_no} is a family member, not a principal applicant; enter the "
                "principal applicant's file number."
            ).format(file_no=data.principal_file_no)
    if data.counsellor_id:
        active = session.scalar(
            select(Counsellor.id).where(
                Counsellor.id == data.counsellor_id,
                Counsellor.active.is_(True),
                Counsellor.deleted.is_(False),
            )
        )
        if active is None:
            errors["counsellor_id"] = _(
                "There is no active counsellor with this id; choose one from the list."
            )
    return errors


def validate_registration(
    session: Session, data: RegistrationInput, today: date, client_id: str | None = None
) -> dict[str, str]:
    errors = check_fields(data, today)
    for name, reason in check_links(session, data, client_id).items():
        errors.setdefault(name, reason)
    return errors
