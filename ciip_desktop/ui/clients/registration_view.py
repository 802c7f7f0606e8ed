"""The registration as label/value rows for the read-only view of a client's record."""

from __future__ import annotations

from ciip_desktop.i18n import _, format_date, format_datetime
from ciip_desktop.services.clients.contact import phone_display
from ciip_desktop.services.clients.types import ClientDetail
from ciip_desktop.ui.clients.labels import (
    APPLICANT_ROLES,
    IMMIGRATION_STREAMS,
    REGISTRATION_CHANNELS,
    SEXES,
    label,
)


def client_title(detail: ClientDetail) -> str:
    r = detail.registration
    latin = f"{r.family_name.upper()}, {r.given_name}".strip(", ") or detail.pinyin
    if r.chinese_name:
        return f"{latin} ({r.chinese_name})" if latin else r.chinese_name
    return latin


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def registration_rows(detail: ClientDetail) -> list[tuple[str, str]]:
    r = detail.registration
    signature = yes_no(r.signature_on_file)
    if r.signature_on_file and r.signature_date:
        signature = _("Yes, signed {date}").format(date=format_date(r.signature_date))
    rows = [
        (_("File no."), detail.file_no),
        (_("Family name"), r.family_name),
        (_("Given names"), r.given_name),
        (_("Chinese name"), r.chinese_name),
        (_("Pinyin"), detail.pinyin),
        (_("Sex"), label(SEXES, r.sex)),
        (_("Date of birth"), format_date(r.date_of_birth)),
        (_("Phone"), phone_display(r.phone)),
        (_("E-mail"), r.email),
        (_("WeChat ID"), r.wechat_id),
        (_("City of residence"), r.city_of_residence),
        (_("Immigration stream"), label(IMMIGRATION_STREAMS, r.immigration_stream)),
        (_("Applicant"), label(APPLICANT_ROLES, r.applicant_role)),
    ]
    if detail.principal is not None:
        p = detail.principal
        rows.append((_("Principal applicant"), f"{p.file_no}  {p.chinese_name or p.pinyin}"))
    elif r.principal_file_no:
        rows.append((_("Principal applicant"), r.principal_file_no))
    if detail.family_members:
        members = ", ".join(
            f"{m.file_no} {m.chinese_name or m.given_name}" for m in detail.family_members
        )
        rows.append((_("Family members"), members))
    rows += [
        (_("Received by"), label(REGISTRATION_CHANNELS, r.registration_channel)),
        (_("Date received"), format_date(r.received_on)),
        (_("Signature on file"), signature),
        (_("Consent to share"), yes_no(r.consent_to_share)),
        (_("Counsellor"), detail.counsellor_name),
        (_("Notes"), r.notes),
        (_("Last changed"), format_datetime(detail.updated_at)),
    ]
    return rows
