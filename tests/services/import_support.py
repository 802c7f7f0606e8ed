"""Helpers for the import and export tests: spreadsheets on disk and a second office database."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from openpyxl import Workbook

from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database


def write_rows(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """A .csv (UTF-8 with BOM) or .xlsx file as an office would save it."""
    if path.suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_dicts(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    headers = list(dict.fromkeys(k for r in rows for k in r))
    return write_rows(path, headers, [[r.get(h, "") for h in headers] for r in rows])


@contextmanager
def office(path: Path, username: str = "lina") -> Iterator[tuple[Services, Actor]]:
    """Another office database (a fresh file) with one counsellor signed in."""
    database = Database.open(path)
    try:
        ctx = ServiceContext.open(database)
        with ctx.write(Actor.system()) as session:
            person = Counsellor(
                office_id=ctx.replica.office_id,
                username=username,
                display_name=username.title(),
                role=Role.COUNSELLOR.value,
            )
            session.add(person)
            session.flush()
            counsellor_id = person.id
        yield Services.build(ctx), Actor(counsellor_id, username.title(), Role.COUNSELLOR)
    finally:
        database.close()
