"""Translated labels for the codes stored in client records (status, channel, concern ...).

The English texts are marked with ``N_`` at import time and translated with ``_()`` each
time they are shown, so a language switch changes them.
"""

from __future__ import annotations

from ciip_desktop.i18n import N_, _
from ciip_desktop.services.clients import codes

# The services' own tables, so the list, the record and the reports use the same words.
STATUSES: dict[str, str] = dict(codes.STATUS_LABELS)

SEXES: dict[str, str] = {"F": N_("Female"), "M": N_("Male"), "X": N_("Other")}

REGISTRATION_CHANNELS: dict[str, str] = {
    "mail": N_("Mail"),
    "fax": N_("Fax"),
    "email": N_("E-mail"),
    "walk_in": N_("In person"),
}

APPLICANT_ROLES: dict[str, str] = {
    "principal": N_("Principal applicant"),
    "family_member": N_("Accompanying family member"),
}

CONCERNS: dict[str, str] = dict(codes.CONCERNS)

SESSION_PREFERENCES: dict[str, str] = {
    "group": N_("Group session"),
    "one_on_one": N_("One-on-one"),
    "phone": N_("Phone session"),
}

MEETING_CHANNELS: dict[str, str] = {
    "group": N_("Group session"),
    "one_on_one": N_("One-on-one"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
}

EDUCATION_LEVELS: dict[str, str] = {
    "secondary": N_("Secondary school"),
    "trade": N_("Trade certificate"),
    "college": N_("College diploma"),
    "bachelor": N_("Bachelor's degree"),
    "master": N_("Master's degree"),
    "doctorate": N_("Doctorate"),
    "other": N_("Other"),
}

ENGLISH_TESTS: dict[str, str] = {"ielts": N_("IELTS General Training"), "celpip": N_("CELPIP")}
FRENCH_TESTS: dict[str, str] = {"tef": N_("TEF Canada"), "tcf": N_("TCF Canada")}

# Stored as the programme's English name (free text is allowed too); shown translated.
IMMIGRATION_STREAMS: dict[str, str] = {
    "Federal Skilled Worker": N_("Federal Skilled Worker"),
    "Canadian Experience Class": N_("Canadian Experience Class"),
    "Federal Skilled Trades": N_("Federal Skilled Trades"),
    "Provincial Nominee Program": N_("Provincial Nominee Program"),
    "Quebec Skilled Worker": N_("Quebec Skilled Worker"),
    "Start-up Visa": N_("Start-up Visa"),
    "Family sponsorship": N_("Family sponsorship"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` in ``table``; an unknown code is shown as it is."""
    if not code:
        return ""
    text = table.get(code)
    return _(text) if text is not None else code


def status_label(code: str | None) -> str:
    return label(STATUSES, code)
