"""Importing a batch of registrations from a spreadsheet, and exporting the list back out."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from ciip_desktop.errors import UserError
from ciip_desktop.models import Client, NeedsAssessment
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields import EXPORT_COLUMNS, TEMPLATE_COLUMNS, field
from ciip_desktop.services.clients.types import ClientFilter, RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext

GOOD = {
    "family_name": "Zhang",
    "given_name": "Wei",
    "chinese_name": "张伟",
    "sex": "M",
    "date_of_birth": "1988-05-17",
    "phone": "13800138000",
    "email": "zhang.wei@example.com",
    "registration_channel": "email",
    "received_on": "2025-03-03",
    "signature_on_file": "yes",
    "consent_to_share": "no",
    "destination_province": "ON",
    "destination_city": "Toronto",
    "expected_departure": "2025-09-01",
    "intended_noc": "21231",
    "english_clb": "7",
}


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def people(n: int) -> list[dict[str, str]]:
    """``n`` different people (distinct names, phones, e-mails, birth dates)."""
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平"
    family = "王李张刘陈杨黄赵吴周"
    out = []
    for i in range(n):
        out.append(
            row(
                family_name="",
                given_name="",
                chinese_name=f"{family[i % 10]}{given[i % 20]}{given[(i // 20) % 20]}",
                phone=f"139{i:08d}",
                email=f"client{i}@example.com",
                date_of_birth=date.fromordinal(date(1970, 1, 1).toordinal() + i * 3).isoformat(),
            )
        )
    return out


def write_csv(path: Path, rows: list[dict[str, str]], *, bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS))
        writer.writeheader()
        for r in rows:
            writer.writerow(r)
    return path


def client_count(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return int(session.scalar(select(func.count(Client.id))) or 0)


@pytest.mark.parametrize("bom", [True, False])
def test_a_csv_saved_by_excel_with_or_without_bom_imports(
    tmp_path: Path, services: Services, counsellor: Actor, bom: bool
) -> None:
    path = write_csv(tmp_path / "batch.csv", [GOOD, *people(2)], bom=bom)
    report = services.importer.run(counsellor, path)
    assert (report.rows_total, report.valid_rows, report.imported) == (3, 3, 3)
    assert report.problems == []
    assert report.imported_file_nos == ["GZA-2025-00001", "GZA-2025-00002", "GZA-2025-00003"]
    detail = services.clients.get_by_file_no(counsellor, "GZA-2025-00001")
    assert detail.registration.chinese_name == "张伟"
    assert detail.registration.phone == "+8613800138000"
    assert detail.registration.signature_date == date(2025, 3, 3)
    assert detail.pinyin == "Zhang Wei"
    assert detail.counsellor_name == "Li Na"
    assert detail.assessment is not None
    assert detail.assessment.complete is False
    assert detail.assessment.destination_province == "ON"
    assert detail.assessment.english_clb == 7
    assert detail.status == "registered"
    assert services.search.search(ClientFilter(text="张伟")) == [detail.id]


def test_an_xlsx_with_numbers_and_dates_as_excel_stores_them_imports(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(TEMPLATE_COLUMNS))
    values = dict(GOOD)
    typed: dict[str, object] = {
        **values,
        "phone": 13800138000,  # typed into Excel: a number
        "date_of_birth": date(1988, 5, 17),
        "received_on": date(2025, 3, 3),
        "expected_departure": date(2025, 9, 1),
        "english_clb": 7,
        "signature_on_file": True,
        "consent_to_share": False,
    }
    sheet.append([typed.get(c) for c in TEMPLATE_COLUMNS])
    path = tmp_path / "batch.xlsx"
    workbook.save(path)
    headers, rows = services.importer.read_table(path)
    assert headers == list(TEMPLATE_COLUMNS)
    assert rows[0][TEMPLATE_COLUMNS.index("phone")] == "13800138000"
    assert rows[0][TEMPLATE_COLUMNS.index("received_on")] == "2025-03-03"
    report = services.importer.run(counsellor, path)
    assert report.imported == 1, report.problems
    detail = services.clients.get_by_file_no(counsellor, report.imported_file_nos[0])
    assert detail.registration.phone == "+8613800138000"
    assert detail.registration.signature_on_file is True


def test_a_dry_run_checks_everything_and_imports_nothing(
    tmp_path: Path, ctx: ServiceContext, services: Services, counsellor: Actor
) -> None:
    path = write_csv(tmp_path / "batch.csv", people(3))
    report = services.importer.run(counsellor, path, dry_run=True)
    assert (report.rows_total, report.valid_rows, report.imported, report.dry_run) == (
        3,
        3,
        0,
        True,
    )
    assert client_count(ctx) == 0


BAD_ROWS = [
    ({"family_name": "", "given_name": "", "chinese_name": ""}, "Family name: Enter the family"),
    ({"received_on": ""}, "Date received: Enter the date the registration was received"),
    ({"received_on": "03/04/2025"}, "Date received: The day and month could be either way"),
    ({"date_of_birth": "1988-13-01"}, "Date of birth: There is no such day"),
    ({"phone": "555-0199"}, "Phone: This is not a valid Chinese or Canadian phone number"),
    ({"email": "zhang.wei(at)example.com"}, "E-mail: This is not a valid e-mail address"),
    ({"destination_province": "XX"}, "Destination province: XX is not a Canadian province"),
    ({"intended_noc": "99999"}, "Intended occupation (NOC): 99999 is not a NOC 2021 code"),
    ({"signature_on_file": "perhaps"}, "Signature on file: Write yes or no"),
    ({"english_clb": "seven"}, "English (CLB): This is not a whole number"),
    ({"english_clb": "13"}, "English (CLB): Enter a level from 1 to 12"),
    ({"sex": "maybe"}, "Sex: Choose one of: Female, Male, Other"),
    (
        {"registration_channel": "pigeon"},
        "Received by: Choose one of: Mail, Fax, E-mail, In person",
    ),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS)
def test_invalid_rows_are_listed_with_their_spreadsheet_row_number_and_nothing_is_imported(
    tmp_path: Path,
    ctx: ServiceContext,
    services: Services,
    counsellor: Actor,
    bad: dict[str, str],
    reason: str,
) -> None:
    rows = people(4)
    rows[2] = {**rows[2], **bad}
    path = write_csv(tmp_path / "batch.csv", rows)
    report = services.importer.run(counsellor, path)
    assert report.imported == 0
    assert [p.row_no for p in report.problems] == [4]  # header is row 1, so the 3rd client is row 4
    assert any(reason in r for r in report.problems[0].reasons), report.problems[0].reasons
    if "XX" not in reason and "99999" not in reason:  # codes may be named; what was typed not
        assert not any(v and v in r for v in bad.values() for r in report.problems[0].reasons)
    assert client_count(ctx) == 0


def test_skip_invalid_imports_only_the_valid_rows(
    tmp_path: Path, ctx: ServiceContext, services: Services, counsellor: Actor
) -> None:
    rows = people(4)
    rows[1]["phone"] = "12"
    rows[3]["received_on"] = "yesterday"
    path = write_csv(tmp_path / "batch.csv", rows)
    report = services.importer.run(counsellor, path, skip_invalid=True)
    assert [p.row_no for p in report.problems] == [3, 5]
    assert (report.valid_rows, report.imported) == (2, 2)
    assert client_count(ctx) == 2


def test_blank_lines_are_skipped_but_row_numbers_stay_as_the_user_sees_them(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    rows = people(2)
    rows[1]["email"] = "bad"
    blank = dict.fromkeys(TEMPLATE_COLUMNS, "")
    path = write_csv(tmp_path / "batch.csv", [rows[0], blank, rows[1]])
    report = services.importer.run(counsellor, path)
    assert report.rows_total == 2
    assert [p.row_no for p in report.problems] == [4]


def test_the_same_person_twice_in_one_file_is_flagged_on_the_later_row(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    rows = people(3)
    rows[2] = {**rows[2], "phone": rows[0]["phone"]}
    path = write_csv(tmp_path / "batch.csv", rows)
    report = services.importer.run(counsellor, path)
    assert [p.row_no for p in report.problems] == [4]
    assert "probably the same person as row 2 (same phone number)" in report.problems[0].reasons[0]


def test_a_client_already_registered_is_flagged_as_a_probable_duplicate(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    existing = services.clients.register(
        counsellor,
        RegistrationInput(
            family_name="Zhang",
            given_name="Wei",
            date_of_birth=date(1988, 5, 17),
            received_on=date(2025, 1, 2),
        ),
    )
    path = write_csv(tmp_path / "batch.csv", [row(chinese_name="", phone="", email="")])
    report = services.importer.run(counsellor, path)
    assert report.imported == 0
    reason = report.problems[0].reasons[0]
    assert existing.file_no in reason
    assert "similar name and same date of birth" in reason


def test_an_import_crossing_a_batch_boundary_is_one_transaction_with_one_number_range(
    tmp_path: Path, ctx: ServiceContext, services: Services, counsellor: Actor
) -> None:
    path = write_csv(tmp_path / "batch.csv", people(620))
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    report = services.importer.run(counsellor, path, progress=progress)
    assert report.imported == 620
    assert report.imported_file_nos[-1] == "GZA-2025-00620"
    assert seen and seen[-1][1] == 1240
    with ctx.read() as session:
        assert session.scalar(select(func.count(NeedsAssessment.id))) == 620


def test_a_cancelled_import_leaves_nothing_behind(
    tmp_path: Path, ctx: ServiceContext, services: Services, counsellor: Actor
) -> None:
    path = write_csv(tmp_path / "batch.csv", people(620))
    with pytest.raises(UserError, match="cancelled"):
        services.importer.run(counsellor, path, progress=lambda done, total: done < 700)
    assert client_count(ctx) == 0


def test_a_file_that_is_not_utf8_is_refused_with_advice(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(",".join(TEMPLATE_COLUMNS).encode() + "\n张伟,".encode("gbk"))
    with pytest.raises(UserError, match="not in UTF-8"):
        services.importer.run(counsellor, path)


@pytest.mark.parametrize("name", ["batch.txt", "batch.xls", "batch"])
def test_a_file_of_another_kind_is_refused(
    tmp_path: Path, services: Services, counsellor: Actor, name: str
) -> None:
    path = tmp_path / name
    path.write_text("family_name\nZhang\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"not a \.csv or \.xlsx file"):
        services.importer.run(counsellor, path)


def test_a_broken_workbook_is_refused(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(UserError, match="cannot be read as an Excel workbook"):
        services.importer.run(counsellor, path)


def test_columns_with_other_names_can_be_mapped(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    path = tmp_path / "own.csv"
    path.write_text("客户,到达,号码\n张伟,2025-03-03,13800138000\n", encoding="utf-8")
    with pytest.raises(UserError, match="has no column the import knows"):
        services.importer.run(counsellor, path)
    report = services.importer.run(
        counsellor,
        path,
        mapping={"chinese_name": "客户", "received_on": "到达", "phone": "号码"},
    )
    assert report.imported == 1
    assert report.columns == {"chinese_name": "客户", "received_on": "到达", "phone": "号码"}
    with pytest.raises(UserError, match="has no column"):
        services.importer.run(counsellor, path, mapping={"chinese_name": "名字"})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_has_exactly_the_import_columns(
    tmp_path: Path, services: Services, suffix: str
) -> None:
    path = tmp_path / f"template{suffix}"
    services.importer.write_template(path)
    headers, rows = services.importer.read_table(path)
    assert headers == list(TEMPLATE_COLUMNS)
    assert rows == []


def test_a_csv_export_opens_in_excel_with_chinese_and_can_be_imported_again(
    tmp_path: Path, ctx: ServiceContext, services: Services, counsellor: Actor
) -> None:
    services.importer.run(counsellor, write_csv(tmp_path / "in.csv", [GOOD, *people(2)]))
    out = tmp_path / "out.csv"
    assert services.exporter.export(counsellor, ClientFilter(), out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [field(c).title() for c in EXPORT_COLUMNS]
    assert rows[0]["File no."] == "GZA-2025-00001"
    assert rows[0]["Status"] == "Registered"
    assert rows[0]["Chinese name"] == "张伟"
    assert rows[0]["Phone"] == "+8613800138000"
    assert rows[0]["Sex"] == "Male"
    assert rows[0]["Received by"] == "E-mail"
    assert rows[0]["Signature on file"] == "Yes"
    assert rows[0]["Consent to share"] == "No"
    assert rows[0]["Destination province"] == "ON"
    assert rows[0]["Expected departure"] == "2025-09-01"
    # Once those records are gone, the export goes back in without a single change.
    with ctx.write(counsellor) as session:
        for client in session.scalars(select(Client)):
            client.deleted = True
    report = services.importer.run(counsellor, out, dry_run=True)
    assert report.problems == [] and report.valid_rows == 3


def test_an_xlsx_export_follows_the_view_order_and_reads_back(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    report = services.importer.run(counsellor, write_csv(tmp_path / "in.csv", people(3)))
    ids = services.search.list_ids(ClientFilter(), descending=True)
    out = tmp_path / "view.xlsx"
    assert services.exporter.export(counsellor, ClientFilter(), out, ids=ids) == 3
    headers, rows = services.importer.read_table(out)
    assert headers == [field(c).title() for c in EXPORT_COLUMNS]
    assert [r[0] for r in rows] == report.imported_file_nos[::-1]
    assert rows[0][EXPORT_COLUMNS.index("phone")].startswith("+86139")
    workbook = load_workbook(out, read_only=True)
    try:
        first = next(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
        assert isinstance(first[EXPORT_COLUMNS.index("received_on")], date)
    finally:
        workbook.close()


def test_an_export_follows_the_filter(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    services.importer.run(counsellor, write_csv(tmp_path / "in.csv", people(3)))
    out = tmp_path / "bc.csv"
    assert services.exporter.export(counsellor, ClientFilter(destination_province="BC"), out) == 0
    assert services.exporter.export(counsellor, ClientFilter(text="client1@"), out) == 1
    with pytest.raises(UserError, match=r"not a \.csv or \.xlsx"):
        services.exporter.export(counsellor, ClientFilter(), tmp_path / "out.pdf")
