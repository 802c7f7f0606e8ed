"""Importing a batch of registrations from a spreadsheet (.csv or .xlsx), all or nothing.

Rows are numbered as the user sees them in the spreadsheet: the header is row 1, the first
client row 2. Every row is checked like the registration form, and against the clients
already registered and the other rows of the file for probable duplicates. By default
nothing is imported while any row has a problem; with ``skip_invalid`` the valid rows are.
The import is one transaction: cancelled or failed, it leaves nothing half-imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import NeedsAssessment
from ciip_desktop.services.clients.assessment import apply_assessment, check_assessment
from ciip_desktop.services.clients.duplicates import Person, compare, find_duplicates_many
from ciip_desktop.services.clients.fields import ASSESSMENT_COLUMNS, TEMPLATE_COLUMNS
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.clients.parsing import parse_bool, parse_date, parse_int
from ciip_desktop.services.clients.registration import new_client, start_history
from ciip_desktop.services.clients.search_index import index_written_clients
from ciip_desktop.services.clients.tables import read_table, write_table
from ciip_desktop.services.clients.types import (
    AssessmentInput,
    ImportReport,
    RegistrationInput,
    RowProblem,
)
from ciip_desktop.services.clients.validation import check_fields, normalise_registration
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.reference import Reference

_DATES = ("date_of_birth", "received_on", "expected_departure")
_BOOLS = ("signature_on_file", "consent_to_share")
_HEADER_JUNK = re.compile(r"[\s\-]+")
Progress = Callable[[int, int], bool]


@dataclass
class _Row:
    row_no: int
    registration: RegistrationInput
    assessment: AssessmentInput | None
    person: Person
    reasons: list[str] = field(default_factory=list)


def _header_key(text: str) -> str:
    return _HEADER_JUNK.sub("_", text.strip().lower())


def _reason(column: str, reason: str) -> str:
    return _("{column}: {reason}").format(column=column, reason=reason)


class ClientImporter:
    TEMPLATE_COLUMNS = TEMPLATE_COLUMNS

    def __init__(self, ctx: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self.ctx = ctx
        self.today = today
        self.reference = Reference.load()
        ctx.add_flush_hook(index_written_clients)

    @staticmethod
    def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
        return read_table(path)

    @staticmethod
    def write_template(path: Path) -> None:
        """An empty template (.csv or .xlsx) with the header row the import expects."""
        write_table(path, TEMPLATE_COLUMNS, [])

    def run(
        self,
        actor: Actor,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Check every row and import the batch (see the module docstring for the rules).

        ``mapping`` maps a template column to the file's header for it (default: the headers
        are the template names). ``progress(done, total)`` returning False cancels.
        """
        headers, table = read_table(Path(path))
        columns = self._columns(Path(path), headers, mapping)
        report = ImportReport(path=str(path), dry_run=dry_run)
        numbered = [(i + 2, r) for i, r in enumerate(table) if any(c.strip() for c in r)]
        rows: list[_Row] = []
        total = len(numbered) * 2
        for done, (row_no, cells) in enumerate(numbered, start=1):
            values = {c: cells[i] if i < len(cells) else "" for c, i in columns.items()}
            rows.append(self._parse_row(row_no, values))
            if progress and done % 100 == 0 and not progress(done, total):
                raise self._cancelled()
        self._check_duplicates(rows)
        valid = [r for r in rows if not r.reasons]
        report.rows_total = len(rows)
        report.valid_rows = len(valid)
        report.problems = [RowProblem(r.row_no, tuple(r.reasons)) for r in rows if r.reasons]
        if dry_run or not valid or (report.problems and not skip_invalid):
            return report
        report.imported_file_nos = self._write(actor, valid, progress, len(numbered), total)
        report.imported = len(report.imported_file_nos)
        return report

    @staticmethod
    def _cancelled() -> UserError:
        return UserError(_("The import was cancelled; nothing was imported."))

    @staticmethod
    def _columns(
        path: Path, headers: Sequence[str], mapping: Mapping[str, str] | None
    ) -> dict[str, int]:
        """Template column → index of the file's column holding it."""
        by_header = {_header_key(h): i for i, h in reversed(list(enumerate(headers))) if h}
        columns: dict[str, int] = {}
        if mapping:
            for column, header in mapping.items():
                if column not in TEMPLATE_COLUMNS:
                    raise UserError(
                        _("{column} is not a column of the import template.").format(column=column)
                    )
                if _header_key(header) not in by_header:
                    raise UserError(
                        _("{file} has no column {header}; check the column names.").format(
                            file=path.name, header=header
                        )
                    )
                columns[column] = by_header[_header_key(header)]
        for column in TEMPLATE_COLUMNS:
            if column not in columns and column in by_header and not mapping:
                columns[column] = by_header[column]
        if not columns:
            raise UserError(
                _(
                    "{file} has none of the template's columns (family_name, received_on …); "
                    "start from the import template or match the columns."
                ).format(file=path.name)
            )
        return columns

    def _parse_row(self, row_no: int, values: Mapping[str, str]) -> _Row:
        reasons: list[str] = []
        failed: set[str] = set()
        dates: dict[str, date | None] = {}
        for column in _DATES:
            try:
                dates[column] = parse_date(values.get(column, ""))
            except ValueError as err:
                reasons.append(_reason(column, str(err)))
                failed.add(column)
        flags: dict[str, bool] = {}
        for column in _BOOLS:
            try:
                flags[column] = parse_bool(values.get(column, ""))
            except ValueError as err:
                reasons.append(_reason(column, str(err)))
        try:
            clb = parse_int(values.get("english_clb", ""))
        except ValueError as err:
            reasons.append(_reason("english_clb", str(err)))
            clb = None
        received = dates.get("received_on")
        signed = flags.get("signature_on_file", False)
        registration = normalise_registration(
            RegistrationInput(
                family_name=values.get("family_name", ""),
                given_name=values.get("given_name", ""),
                chinese_name=values.get("chinese_name", ""),
                sex=values.get("sex", ""),
                date_of_birth=dates.get("date_of_birth"),
                phone=values.get("phone", ""),
                email=values.get("email", ""),
                wechat_id=values.get("wechat_id", ""),
                city_of_residence=values.get("city_of_residence", ""),
                immigration_stream=values.get("immigration_stream", ""),
                registration_channel=values.get("registration_channel", "") or "mail",
                received_on=received,
                # The template has no signature date: the signed form came in that day.
                signature_on_file=signed,
                signature_date=received if signed else None,
                consent_to_share=flags.get("consent_to_share", False),
                notes=values.get("notes", ""),
            )
        )
        for name, reason in check_fields(registration, self.today()).items():
            if name in failed or (name == "signature_date" and received is None):
                continue  # already reported (the signature date is the date received)
            reasons.append(_reason(name, reason))
        assessment = None
        if any(values.get(c, "").strip() for c in ASSESSMENT_COLUMNS):
            assessment, errors = check_assessment(
                AssessmentInput(
                    destination_province=values.get("destination_province", ""),
                    destination_city=values.get("destination_city", ""),
                    expected_departure=dates.get("expected_departure"),
                    intended_noc=values.get("intended_noc", ""),
                    english_clb=clb,
                ),
                False,
                self.today(),
                self.reference,
            )
            reasons.extend(_reason(n, r) for n, r in errors.items() if n not in failed)
        return _Row(row_no, registration, assessment, Person.of_input(registration), reasons)

    def _check_duplicates(self, rows: list[_Row]) -> None:
        """Flag rows that are probably a registered client, or another row of the file."""
        with self.ctx.read() as session:
            found = find_duplicates_many(session, [r.person for r in rows], limit=1)
        for row, matches in zip(rows, found, strict=True):
            for match in matches:
                row.reasons.append(
                    _(
                        "probably the same person as {file_no} {name} ({reasons}); check "
                        "before importing."
                    ).format(
                        file_no=match.file_no, name=match.name, reasons=", ".join(match.reasons)
                    )
                )
        seen: dict[str, list[_Row]] = {}
        for row in rows:
            earlier = {id(r): r for k in row.person.lookup_keys() for r in seen.get(k, [])}
            for other in sorted(earlier.values(), key=lambda r: r.row_no):
                _score, reasons = compare(row.person, other.person)
                if reasons:
                    row.reasons.append(
                        _("probably the same person as row {row} ({reasons}).").format(
                            row=other.row_no, reasons=", ".join(_(r) for r in reasons)
                        )
                    )
                    break
            for key in row.person.lookup_keys():
                seen.setdefault(key, []).append(row)

    def _write(
        self, actor: Actor, rows: list[_Row], progress: Progress | None, done: int, total: int
    ) -> list[str]:
        replica = self.ctx.replica
        imported: list[str] = []
        with self.ctx.write(actor) as session:
            by_year: dict[int, list[_Row]] = {}
            for row in rows:
                year = (row.registration.received_on or self.today()).year
                by_year.setdefault(year, []).append(row)
            numbers: dict[int, str] = {}
            for year, group in by_year.items():
                issued = next_file_numbers(
                    session, replica.office_code, replica.device_code, year, len(group)
                )
                numbers.update({r.row_no: n for r, n in zip(group, issued, strict=True)})
            for count, row in enumerate(rows, start=1):
                client = new_client(session, replica, actor, row.registration, numbers[row.row_no])
                start_history(session, client, actor)
                if row.assessment is not None:
                    na = NeedsAssessment(client_id=client.id, complete=False)
                    apply_assessment(na, row.assessment)
                    session.add(na)
                imported.append(client.file_no)
                if count % 500 == 0:
                    session.flush()  # bounded memory; one transaction all the same
                if progress and count % 100 == 0 and not progress(done + count, total):
                    raise self._cancelled()
        return imported
