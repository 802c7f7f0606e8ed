"""`ciip-desktop` from the command line: screenshots, a refused file, a first start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ciip_desktop import app
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.tools import screenshots
from ciip_desktop.ui.navigation import SCREEN_KEYS
from ciip_desktop.ui.tools import client_forms


@pytest.fixture(autouse=True)
def _one_application(qapp: QApplication) -> Iterator[None]:
    """main() reuses the test session's QApplication; put back what it changes globally."""
    locale = QLocale()
    yield
    QLocale.setDefault(locale)


def test_a_screenshot_in_chinese_is_written_at_the_windows_size(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "main.png"
    db = tmp_path / "office.sqlite3"
    code = app.main(
        ["--db", str(db), "--screenshot", str(out), "--lang", "zh_CN", "--demo-clients", "12"]
    )
    assert code == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (
        app.SCREENSHOT_SIZE.width(),
        app.SCREENSHOT_SIZE.height(),
    )
    assert out.stat().st_size > 5_000
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 3  # a rendered window, not a blank page


def test_the_first_start_fills_a_demo_office(tmp_path: Path) -> None:
    db_path = tmp_path / "new.sqlite3"
    shot = tmp_path / "first.png"
    args = ["--db", str(db_path), "--screenshot", str(shot), "--demo-clients", "5"]
    assert app.main(args) == 0
    db = Database.open(db_path)
    try:
        actor = ServiceContext.open(db).counsellor_actor()
        assert actor.counsellor_id  # the demo staff exist: someone to act as
    finally:
        db.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"hello")
    code = app.main(["--db", str(path), "--screenshot", str(tmp_path / "x.png")])
    assert code == 1
    err = capsys.readouterr().err
    assert "is not a CIIP Desktop database" in err
    assert "Traceback" not in err
    assert path.read_bytes() == b"hello"
    assert not (tmp_path / "x.png").exists()


def test_an_unknown_user_is_refused_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(tmp_path / "o.sqlite3"), "--demo-clients", "0", "--user", "nobody"]
    code = app.main([*args, "--screenshot", str(tmp_path / "x.png")])
    assert code == 1
    assert "There is no active user named nobody" in capsys.readouterr().err


def test_the_database_can_come_from_ciip_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("CIIP_DB", str(db_path))
    code = app.main(["--screenshot", str(tmp_path / "s.png"), "--demo-clients", "0"])
    assert code == 0
    assert db_path.exists()


def test_the_screenshot_tool_renders_every_screen(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert screenshots.main([str(out), "--lang", "fr_CA", "--demo-clients", "3"]) == 0
    assert sorted(p.name for p in out.glob("*.png")) == sorted(
        f"{key}-fr_CA.png" for key in SCREEN_KEYS
    )
    for picture in out.glob("*.png"):
        image = QImage(str(picture))
        assert (image.width(), image.height()) == (1280, 800), picture.name


def test_the_client_pictures_show_the_clients_screen_at_1280_by_800(tmp_path: Path) -> None:
    written = client_forms.render(tmp_path, "fr_CA")
    assert [p.name for p in written] == [
        "clients-list-fr_CA.png",
        "registration-fr_CA.png",
        "assessment-fr_CA.png",
    ]
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (1280, 800)


def test_an_unknown_screen_name_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        app.main(["--screen", "reports", "--screenshot", "x.png"])
    assert stop.value.code == 2
