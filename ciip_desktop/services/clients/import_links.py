"""An import's file numbers and family links: which numbers a file's rows keep, whom they join.

An export imported into another database keeps each client's file number when that
database has not used it; a family member's principal applicant is found among the rows of
the file by the number it carried, then among the clients already registered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _
from ciip_desktop.models import ApplicantRole, Client
from ciip_desktop.services.clients.import_rows import ImportRow, reason
from ciip_desktop.services.clients.validation import check_links

# Office code and device letter, year, sequence: GZA-2026-00042.
FILE_NO = re.compile(r"[A-Z]{2,12}-\d{4}-\d{5,9}")
_CHUNK = 500


def link_principals(session: Session, rows: list[ImportRow]) -> None:
    """Link each family member to its principal applicant: a row of the file, or a client.

    A principal's number is looked up among the file numbers the rows carry first (an
    export brings families along), then among the clients of this database.
    """
    by_number: dict[str, ImportRow] = {}
    for row in rows:
        if row.file_no:
            by_number.setdefault(row.file_no, row)
    for row in rows:
        data = row.registration
        if data.applicant_role != ApplicantRole.FAMILY_MEMBER.value:
            continue
        if not data.principal_file_no:
            continue  # the rules of the form have said so already
        principal = by_number.get(data.principal_file_no)
        if principal is None:
            for name, why in check_links(session, data).items():
                row.reasons.append(reason(name, why))
        elif principal.registration.applicant_role != ApplicantRole.PRINCIPAL.value:
            row.reasons.append(
                reason(
                    "principal_file_no",
                    _(
                        "{file_no} is a family member, not a principal applicant; enter the "
                        "principal applicant's file number."
                    ).format(file_no=data.principal_file_no),
                )
            )
        elif principal.reasons:
            row.reasons.append(
                reason(
                    "principal_file_no",
                    _("the principal applicant's row {row} has problems; correct it first.").format(
                        row=principal.row_no
                    ),
                )
            )
        else:
            row.principal_row = principal.row_no


def plan_file_numbers(
    session: Session, rows: Iterable[ImportRow], *, note: bool = False
) -> dict[int, str]:
    """Row number → the file number it keeps (one it carries that is free here).

    With ``note``, each row whose number cannot be kept says so in its notes.
    """
    rows = [r for r in rows if r.file_no]
    wanted = [r.file_no for r in rows]
    used: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        used.update(session.scalars(select(Client.file_no).where(Client.file_no.in_(chunk))))
    kept: dict[int, str] = {}
    for row in rows:
        if FILE_NO.fullmatch(row.file_no) is None:
            why = _("this is not a file number; the client will get a new one.")
        elif row.file_no in used:
            why = _(
                "{file_no} is already used in this database; the client will get a new file number."
            ).format(file_no=row.file_no)
        else:
            used.add(row.file_no)
            kept[row.row_no] = row.file_no
            continue
        if note:
            row.notes.append(reason("file_no", why))
    return kept
