"""`ciip clients import --dry-run` says what it understood before anything is imported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ciip_desktop.cli import main


def test_a_dry_run_prints_what_the_counsellor_should_confirm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["中文姓名", "手机", "收到日期", "状态"])
        writer.writerow(["欧阳娜娜", "13800138000", "2025年3月4日", "已关闭"])
    db = tmp_path / "office.sqlite3"
    assert main(["--db", str(db), "clients", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "batch.csv: 1 rows, 1 valid, 0 with problems."
    assert out[1].startswith("Statuses are not imported: every client starts as Registered")
    assert out[2:4] == [
        "row 2, to confirm: Date received: “2025年3月4日” read as March 4, 2025",
        "row 2, to confirm: The family and given names were read from the Chinese name as "
        "OUYANG, Nana; check them against the passport.",
    ]
    assert out[-1] == "Dry run: nothing was imported."
