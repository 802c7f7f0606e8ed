"""Importing a batch of registrations from a spreadsheet (.csv or .xlsx), all or nothing.

Rows are numbered as the user sees them in the spreadsheet: the header is row 1, the first
client row 2. Columns are found by their headings in any UI language, by the machine names
of the template, or by common synonyms (:mod:`.fields`). Every row is read and checked like
the registration form (:mod:`.import_rows`), and against the clients already registered and
the other rows of the file for probable duplicates. By default nothing is imported while any
row has a problem; with ``skip_invalid`` the valid rows are. The import is one transaction:
cancelled or failed, it leaves nothing half-imported.

An export imported into another database keeps each client's file number when it is free
there; otherwise the row's note says a new number will be given. Statuses are never
imported: each client starts as registered and moves on as work is recorded, and the report
says so once when the file has a status column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import ClientStatus, NeedsAssessment
from ciip_desktop.services.clients.assessment import apply_assessment
from ciip_desktop.services.clients.duplicates import Person, compare, find_duplicates_many
from ciip_desktop.services.clients.fields import (
    BY_NAME,
    IMPORT_COLUMNS,
    TEMPLATE_COLUMNS,
    HeaderMatch,
    choice_code,
    key,
    match_headers,
    title,
)
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.clients.import_links import link_principals, plan_file_numbers
from ciip_desktop.services.clients.import_rows import ImportRow, RowReader
from ciip_desktop.services.clients.registration import new_client, start_history
from ciip_desktop.services.clients.search_index import index_written_clients
from ciip_desktop.services.clients.tables import read_table, write_table
from ciip_desktop.services.clients.types import ImportReport, RowNote, RowProblem
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.reference import Reference

Progress = Callable[[int, int], bool]


@dataclass
class _Row:
    row: ImportRow
    person: Person

    @property
    def row_no(self) -> int:
        return self.row.row_no


class ClientImporter:
    TEMPLATE_COLUMNS = TEMPLATE_COLUMNS
    IMPORT_COLUMNS = IMPORT_COLUMNS

    def __init__(self, ctx: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self.ctx = ctx
        self.today = today
        self.reference = Reference.load()
        ctx.add_flush_hook(index_written_clients)

    @staticmethod
    def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
        return read_table(path)

    @staticmethod
    def match_headers(headers: Sequence[str]) -> HeaderMatch:
        """Which column holds which field, found from the headings (for the import dialog)."""
        return match_headers(headers)

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

        ``mapping`` maps a field name to the file's heading for it (default: found from the
        headings, see :meth:`match_headers`). ``progress(done, total)`` returning False
        cancels.
        """
        headers, table = read_table(Path(path))
        columns = self._columns(Path(path), headers, mapping)
        report = ImportReport(path=str(path), dry_run=dry_run)
        report.columns = {name: headers[i] for name, i in columns.items()}
        used = set(columns.values())
        report.unmatched = [h for i, h in enumerate(headers) if h and i not in used]
        numbered = [(i + 2, r) for i, r in enumerate(table) if any(c.strip() for c in r)]
        reader = RowReader(self.today, self.reference)
        rows: list[_Row] = []
        statuses: set[str] = set()
        total = len(numbered) * 2
        for done, (row_no, cells) in enumerate(numbered, start=1):
            values = {c: cells[i] if i < len(cells) else "" for c, i in columns.items()}
            statuses.add(values.get("status", ""))
            parsed = reader.read(row_no, values)
            rows.append(_Row(parsed, Person.of_input(parsed.registration)))
            if progress and done % 100 == 0 and not progress(done, total):
                raise self._cancelled()
        self._check_duplicates(rows)
        with self.ctx.read() as session:
            link_principals(session, [r.row for r in rows])
            plan_file_numbers(session, [r.row for r in rows], note=True)
        report.notices = self._notices(statuses, "file_no" in columns)
        valid = [r.row for r in rows if not r.row.reasons]
        report.rows_total = len(rows)
        report.valid_rows = len(valid)
        report.problems = [
            RowProblem(r.row_no, tuple(r.row.reasons)) for r in rows if r.row.reasons
        ]
        report.notes = [RowNote(r.row_no, tuple(r.row.notes)) for r in rows if r.row.notes]
        if dry_run or not valid or (report.problems and not skip_invalid):
            return report
        report.imported_file_nos = self._write(actor, valid, progress, len(numbered), total)
        report.imported = len(report.imported_file_nos)
        return report

    @staticmethod
    def _cancelled() -> UserError:
        return UserError(_("The import was cancelled; nothing was imported."))

    @staticmethod
    def _notices(statuses: set[str], has_file_numbers: bool) -> list[str]:
        notices = []
        status = BY_NAME["status"]
        if any(choice_code(status, s) not in ("", ClientStatus.REGISTERED.value) for s in statuses):
            notices.append(
                _(
                    "Statuses are not imported: every client starts as {registered}, and the "
                    "status then follows from the work recorded in this database."
                ).format(registered=status.value_label(ClientStatus.REGISTERED.value))
            )
        if has_file_numbers:
            notices.append(
                _(
                    "File numbers in the file are kept where this database has not used them; "
                    "the rows noted below get new ones."
                )
            )
        return notices

    @staticmethod
    def _columns(
        path: Path, headers: Sequence[str], mapping: Mapping[str, str] | None
    ) -> dict[str, int]:
        """Field name → index of the file's column holding it."""
        if not mapping:
            columns = dict(match_headers(headers).columns)
        else:
            exact = {h: i for i, h in reversed(list(enumerate(headers))) if h}
            by_key = {key(h): i for i, h in reversed(list(enumerate(headers))) if h}
            columns = {}
            for name, header in mapping.items():
                if name not in IMPORT_COLUMNS:
                    raise UserError(
                        _("{column} is not a column of the import template.").format(column=name)
                    )
                index = exact.get(header.strip(), by_key.get(key(header)))
                if index is None:
                    raise UserError(
                        _("{file} has no column {header}; check the column names.").format(
                            file=path.name, header=header
                        )
                    )
                columns[name] = index
        if not set(columns) - {"file_no", "status"}:
            raise UserError(
                _(
                    "{file} has no column the import knows, such as {examples}; start from "
                    "the import template or match the columns."
                ).format(
                    file=path.name,
                    examples=", ".join(
                        title(n) for n in ("family_name", "chinese_name", "received_on")
                    ),
                )
            )
        return columns

    def _check_duplicates(self, rows: list[_Row]) -> None:
        """Flag rows that are probably a registered client, or another row of the file."""
        with self.ctx.read() as session:
            found = find_duplicates_many(session, [r.person for r in rows], limit=1)
        for row, matches in zip(rows, found, strict=True):
            for match in matches:
                row.row.reasons.append(
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
                    row.row.reasons.append(
                        _("probably the same person as row {row} ({reasons}).").format(
                            row=other.row_no, reasons=", ".join(_(r) for r in reasons)
                        )
                    )
                    break
            for key_ in row.person.lookup_keys():
                seen.setdefault(key_, []).append(row)

    def _write(
        self, actor: Actor, rows: list[ImportRow], progress: Progress | None, done: int, total: int
    ) -> list[str]:
        replica = self.ctx.replica
        with self.ctx.write(actor) as session:
            numbers = plan_file_numbers(session, rows)
            by_year: dict[int, list[ImportRow]] = {}
            for row in rows:
                if row.row_no not in numbers:
                    year = (row.registration.received_on or self.today()).year
                    by_year.setdefault(year, []).append(row)
            kept = set(numbers.values())
            for year, group in by_year.items():
                # A kept number may lie in the range issued next: skip it (hence the extra).
                issued = next_file_numbers(
                    session, replica.office_code, replica.device_code, year, len(group) + len(kept)
                )
                fresh = [n for n in issued if n not in kept][: len(group)]
                numbers.update({r.row_no: n for r, n in zip(group, fresh, strict=True)})
            # Principal applicants first, so that their family members find them.
            in_order = sorted(rows, key=lambda r: r.principal_row is not None)
            for count, row in enumerate(in_order, start=1):
                data = row.registration
                if row.principal_row is not None:
                    data = replace(data, principal_file_no=numbers[row.principal_row])
                client = new_client(session, replica, actor, data, numbers[row.row_no])
                start_history(session, client, actor)
                if row.assessment is not None:
                    na = NeedsAssessment(client_id=client.id, complete=False)
                    apply_assessment(na, row.assessment)
                    session.add(na)
                if count % 500 == 0:
                    session.flush()  # bounded memory; one transaction all the same
                if progress and count % 100 == 0 and not progress(done + count, total):
                    raise self._cancelled()
        return [numbers[row.row_no] for row in rows]
