"""The main window: navigation, menus, status bar, live language switch and remembered state."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ciip_desktop import __version__, i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepInput, RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.about import about_html
from ciip_desktop.ui.fonts import CJK_FAMILY, install_fonts
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

CHINESE = {
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "Clients": "客户",
    "Calendar": "日程",
    "Packages": "资料包",
    "Service quality": "服务质量",
    "Sync": "同步",
    "Audit": "审计",
}


class _DictCatalog(gettext.NullTranslations):
    """A small zh_CN catalog, so the test does not depend on the state of the real one."""

    def gettext(self, message: str) -> str:
        return CHINESE.get(message, message)


@pytest.fixture(autouse=True)
def _restore_qt_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def chinese_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    real = i18n.load_catalog
    monkeypatch.setattr(
        i18n, "load_catalog", lambda lang: _DictCatalog() if lang == "zh_CN" else real(lang)
    )


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path
) -> Iterator[MakeWindow]:
    runners: list[TaskRunner] = []

    def make(
        settings_file: Path = tmp_path / "config" / "settings.ini",
        actor: Actor | None = None,
        show_pseudo: bool = False,
    ) -> MainWindow:
        settings = UiSettings(settings_file)
        runner = TaskRunner()
        runners.append(runner)
        window = MainWindow(
            Services.build(ctx),
            actor or counsellor,
            settings=settings,
            language=LanguageSwitcher(settings),
            runner=runner,
            database_path=ctx.db.path,
            log_dir=tmp_path / "logs",
            show_pseudo=show_pseudo,
        )
        qtbot.addWidget(window)
        return window

    yield make
    for runner in runners:
        runner.shutdown()


def _nav_labels(window: MainWindow) -> list[str]:
    items = [window.navigation.item(row) for row in range(window.navigation.count())]
    return [item.text() for item in items if not item.isHidden()]  # Audit: supervisors only


def test_the_window_offers_five_screens_and_says_which_database_and_who(
    make_window: MakeWindow, ctx: ServiceContext
) -> None:
    window = make_window()
    assert _nav_labels(window) == ["Clients", "Calendar", "Packages", "Service quality", "Sync"]
    assert window.stack.count() == 6  # one page per screen (Audit is the sixth)
    assert window.current_screen() == "clients"
    assert window.status.database_label.text() == "ciip.sqlite3"
    assert str(ctx.db.path) in window.status.database_label.toolTip()
    assert "Li Na" in window.status.user_label.text()
    assert window.status.sync_label.text().endswith("changes to send · never synced")
    assert "ciip.sqlite3" in window.windowTitle()


def test_before_any_account_exists_the_status_bar_says_nobody_signed_in(
    make_window: MakeWindow,
) -> None:
    window = make_window(actor=Actor.system())
    assert window.status.user_label.text() == "Not signed in: no accounts yet"


def test_ctrl_2_opens_the_calendar(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() == "calendar"
    assert window.stack.currentWidget() is window.screens["calendar"]
    assert window.menus.screen_actions["calendar"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() == "sync"


def test_menus_carry_the_agreed_shortcuts(make_window: MakeWindow) -> None:
    m = make_window().menus
    assert m.new_client.shortcut() == QKeySequence("Ctrl+N")
    assert m.import_clients.shortcut() == QKeySequence("Ctrl+I")
    assert m.export_view.shortcut() == QKeySequence("Ctrl+E")
    assert m.quit.shortcut() == QKeySequence("Ctrl+Q")
    assert m.find_client.shortcut() == QKeySequence("Ctrl+F")
    assert m.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert [a.shortcut().toString() for a in m.screen_actions.values()] == [
        f"Ctrl+{n}" for n in range(1, 7)
    ]
    assert set(m.language_actions) == {"en", "zh_CN", "fr_CA"}
    assert [a.text() for a in m.language_actions.values()] == list(i18n.LANGUAGES.values())


def test_the_pseudo_locale_is_offered_only_when_asked_for(make_window: MakeWindow) -> None:
    assert i18n.PSEUDO not in make_window().menus.language_actions
    assert i18n.PSEUDO in make_window(show_pseudo=True).menus.language_actions


def test_find_client_goes_to_the_clients_screen_and_its_search_box(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    calls: list[str] = []
    monkeypatch.setattr(window.clients_screen, "focus_search", lambda: calls.append("search"))
    monkeypatch.setattr(window.clients_screen, "new_client", lambda: calls.append("new"))
    window.show_screen("packages")
    window.menus.find_client.trigger()
    assert window.current_screen() == "clients"
    window.show_screen("sync")
    window.menus.new_client.trigger()
    assert calls == ["search", "new"]
    assert window.current_screen() == "clients"


def test_export_is_offered_only_where_there_is_a_view_to_export(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.menus.export_view.isEnabled()
    window.show_screen("calendar")
    assert not window.menus.export_view.isEnabled()


def test_edit_undo_and_redo_follow_ticking_an_action_step_done(
    make_window: MakeWindow, ctx: ServiceContext, counsellor: Actor
) -> None:
    services = Services.build(ctx)
    client = services.clients.register(
        counsellor,
        RegistrationInput(
            family_name="Li",
            given_name="Na",
            received_on=date.today(),
            registration_channel="mail",
            signature_on_file=True,
            signature_date=date.today(),
        ),
    )
    services.casework.add_step(
        counsellor, client.id, ActionStepInput("Open a Job Bank account", date.today())
    )
    window = make_window()
    menus = window.menus
    assert not menus.undo.isEnabled() and not menus.redo.isEnabled()
    assert menus.undo.text() == "&Undo"
    window.clients_screen.open_client(client.id)
    window.clients_screen.detail.follow_up.steps.item(0, 0).setCheckState(Qt.CheckState.Checked)

    def step_done() -> bool:
        return services.clients.get(counsellor, client.id).action_steps[0].done

    assert step_done()
    assert menus.undo.isEnabled() and not menus.redo.isEnabled()
    assert menus.undo.text() == "&Undo Mark “Open a Job Bank account” done"
    menus.undo.trigger()
    assert not step_done()
    assert not menus.undo.isEnabled() and menus.redo.isEnabled()
    assert menus.redo.text() == "&Redo Mark “Open a Job Bank account” done"
    menus.redo.trigger()
    assert step_done()
    assert menus.undo.isEnabled() and not menus.redo.isEnabled()
    # A language switch renames the change in the menu too.
    window.switch_language("pseudo")
    assert menus.undo.text() == i18n.pseudo_translate("&Undo {action}").format(
        action=i18n.pseudo_translate("Mark “{step}” done").format(step="Open a Job Bank account")
    )


def test_placeholders_say_the_screen_comes_later_and_what_it_will_do(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    calendar = window.placeholders[0]
    assert calendar.spec.key == "calendar"
    assert calendar.notice_label.text() == "This screen is coming in a later release."
    assert "phone sessions" in calendar.summary_label.text()
    assert all(page.summary_label.text() for page in window.placeholders)


@pytest.mark.usefixtures("chinese_catalog")
def test_switching_to_chinese_retranslates_in_place_and_keeps_the_screen(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    window.show_screen("packages")
    pages = [window.stack.widget(i) for i in range(window.stack.count())]

    window.menus.language_actions["zh_CN"].trigger()

    assert window.menus.menu_titles() == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert _nav_labels(window) == ["客户", "日程", "资料包", "服务质量", "同步"]
    audit_row = window.navigation.row_of("audit")  # hidden for this counsellor, translated
    assert window.navigation.item(audit_row).text() == "审计"
    assert window.menus.screen_actions["calendar"].text() == "日程"
    sync_page = next(p for p in window.placeholders if p.spec.key == "sync")
    assert sync_page.title_label.text() == "同步"
    assert window.current_screen() == "packages"
    assert [window.stack.widget(i) for i in range(window.stack.count())] == pages
    assert window.menus.language_actions["zh_CN"].isChecked()
    assert QLocale().name() == "zh_CN"
    assert UiSettings(tmp_path / "config" / "settings.ini").language == "zh_CN"

    window.switch_language("en")

    assert window.menus.menu_titles() == ["&File", "&Edit", "&View", "&Help"]
    assert _nav_labels(window)[2] == "Packages"
    assert window.current_screen() == "packages"
    assert window.menus.language_actions["en"].isChecked()


def test_geometry_and_screen_are_remembered_for_the_next_window(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    settings_file = tmp_path / "shared" / "settings.ini"
    first = make_window(settings_file)
    first.show()
    first.resize(720, 520)  # within the offscreen screen
    first.show_screen("quality")
    size = first.size()
    assert size.height() == 520  # not the default 760; the width may be held by a minimum
    first.close()
    assert settings_file.exists()

    second = make_window(settings_file)
    second.show()
    assert second.size() == size
    assert second.current_screen() == "quality"
    assert second.menus.screen_actions["quality"].isChecked()


def test_about_names_the_version_and_the_font_licence() -> None:
    text = about_html()
    assert __version__ in text
    assert "WenQuanYi Micro Hei" in text
    assert "Apache License 2.0" in text


RENDER_SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel
from ciip_desktop.ui.fonts import install_fonts

app = QApplication([])

def render(text):
    label = QLabel(text)
    label.setStyleSheet("background: white; color: black;")
    label.resize(label.sizeHint())
    return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

print("before", render("简") == render("中"))
print("family", install_fonts(app))
image = render("简体中文")
dark = sum(
    QColor(image.pixel(x, y)).lightness() < 128
    for y in range(image.height()) for x in range(image.width())
)
print("after", render("简") == render("中"), dark)
"""


def test_chinese_renders_on_a_machine_without_chinese_fonts(tmp_path: Path) -> None:
    """Fontconfig limited to DejaVu: the bundled font alone makes the Chinese glyphs."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", RENDER_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split("\n")
    assert out[0] == "before True", "without the bundled font every CJK glyph is the same box"
    assert out[1] == f"family {CJK_FAMILY}"
    same, dark = out[2].split()[1:]
    assert same == "False"
    assert int(dark) > 40


def _dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() < 128
    )


def test_chinese_renders_with_the_bundled_font(qtbot: QtBot, qapp: QApplication) -> None:
    family = install_fonts(qapp)
    assert family == CJK_FAMILY
    assert CJK_FAMILY in qapp.font().families()
    assert QFontMetrics(QFont(CJK_FAMILY)).inFontUcs4(ord("简"))

    def render(text: str) -> QImage:
        label = QLabel(text)
        label.setStyleSheet("background: white; color: black;")
        qtbot.addWidget(label)
        label.resize(label.sizeHint())
        return label.grab().toImage()

    whole = render("简体中文")
    assert _dark_pixels(whole) > 40
    # A missing glyph draws the same empty box for every character; real glyphs differ.
    assert render("简").convertToFormat(QImage.Format.Format_RGB32) != render("中").convertToFormat(
        QImage.Format.Format_RGB32
    )
