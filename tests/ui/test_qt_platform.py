"""Before Qt starts on X11: missing xcb libraries are named with the packages to install."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ciip_desktop import i18n
from ciip_desktop.ui import qt_platform

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def _fake_ldd(folder: Path, output: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ldd"
    script.write_text(f"#!/bin/sh\ncat <<'OUT'\n{output}OUT\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


def test_qt_is_checked_only_where_it_would_use_x11() -> None:
    assert qt_platform.would_use_xcb({"DISPLAY": ":0"}, "linux")
    assert qt_platform.would_use_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not qt_platform.would_use_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not qt_platform.would_use_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert not qt_platform.would_use_xcb({"XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not qt_platform.would_use_xcb({"DISPLAY": ":0"}, "win32")


def test_library_names_map_to_the_debian_packages_that_ship_them() -> None:
    assert qt_platform.debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert qt_platform.debian_package("libxcb-keysyms.so.1") == "libxcb-keysyms1"
    assert qt_platform.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    # Not in the table: Debian's naming rule.
    assert qt_platform.debian_package("libxcb-util.so.1") == "libxcb-util1"
    assert qt_platform.debian_package("libfoo2.so.3") == "libfoo2-3"


def test_missing_libraries_are_read_from_ldd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_ldd(tmp_path / "bin", LDD_OUTPUT)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    plugin = qt_platform.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert qt_platform.missing_libraries(plugin) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_the_sentence_names_the_libraries_and_the_command_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qt_platform, "missing_libraries", lambda _p: ["libxcb-icccm.so.4"])
    monkeypatch.setattr(qt_platform.shutil, "which", lambda name: f"/usr/bin/{name}")
    env = {"DISPLAY": ":0"}
    message = qt_platform.startup_problem(env)
    assert message is not None
    assert "libxcb-icccm.so.4" in message
    assert "`sudo apt-get install -y libxcb-icccm4`" in message
    assert message.count(".") >= 1 and "\n" not in message
    i18n.set_language("fr_CA")
    french = qt_platform.startup_problem(env)
    assert french is not None and french != message
    assert "sudo apt-get install -y libxcb-icccm4" in french


def test_without_a_display_the_sentence_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qt_platform, "missing_libraries", lambda _p: [])
    message = qt_platform.startup_problem({"QT_QPA_PLATFORM": "xcb"})
    assert message is not None and "DISPLAY" in message
    assert qt_platform.startup_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":5"}) is None


def test_the_app_says_what_to_install_instead_of_aborting(tmp_path: Path) -> None:
    bin_dir = _fake_ldd(tmp_path / "bin", LDD_OUTPUT)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":99",
        "CIIP_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "ciip_desktop", "--lang", "zh_CN", "--db", str(tmp_path / "o.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "libxcb-icccm.so.4" in done.stderr
    assert "libxcb-icccm4 libxcb-keysyms1" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.db").exists()  # stopped before anything was opened
