"""Before Qt starts a window on X11: can its xcb platform plugin load, and if not, what to install.

Qt aborts the process (SIGABRT, not an exception) when no platform plugin loads, and says
why only in its log. On a fresh Debian or Ubuntu desktop that is a few missing ``libxcb-*``
libraries. This module finds them with ``ldd`` on PySide6's ``libqxcb.so`` (or by loading
it, where ``ldd`` is missing), maps each library to the Debian package that ships it, and
words one sentence for the user. ``python -m ciip_desktop.ui.qt_platform --install`` (run by
``make run``) installs the packages when it runs as root with ``apt-get``.

It imports no Qt module: it must run before Qt has a chance to abort.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ciip_desktop.i18n import _

# Libraries the xcb plugin and Qt's GUI load, and the Debian/Ubuntu package of each. A name
# not listed falls back to Debian's rule (libfoo-bar.so.1 -> libfoo-bar1).
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_DLOPEN_ERROR = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")
_SONAME = re.compile(r"^lib(?P<name>.+?)\.so(?:\.(?P<version>\d+))?")


def would_use_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will try its xcb (X11) plugin first, as it does on a Linux X11 desktop."""
    if not platform.startswith("linux"):
        return False
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0].strip() == "xcb"
    # Without a choice, Qt starts a Wayland session on Wayland (X11 only as a fallback).
    return env.get("XDG_SESSION_TYPE", "") != "wayland"


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the system cannot find, by file name."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run(
                [ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None:
            return list(dict.fromkeys(_NOT_FOUND.findall(out)))
    # No ldd: loading the plugin names the first library that is missing.
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        match = _DLOPEN_ERROR.search(str(exc))
        return [match.group(1)] if match else []
    return []


def debian_package(library: str) -> str:
    """The Debian/Ubuntu package that ships ``library`` (e.g. libxcb-icccm.so.4)."""
    if library in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[library]
    match = _SONAME.match(library)
    if not match:
        return library
    name, version = match.group("name").lower(), match.group("version") or ""
    joiner = "-" if name[-1:].isdigit() and version else ""
    return f"lib{name}{joiner}{version}"


def install_command(packages: Sequence[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def missing_display(env: Mapping[str, str]) -> bool:
    return not env.get("DISPLAY")


def _libraries_problem(missing: Sequence[str]) -> str:
    packages = list(dict.fromkeys(debian_package(lib) for lib in missing))
    if shutil.which("apt-get"):
        return _(
            "CIIP Desktop cannot open its window because system libraries are missing "
            "({libraries}): install them with `{command}`, then start it again."
        ).format(libraries=", ".join(missing), command=install_command(packages))
    return _(
        "CIIP Desktop cannot open its window because system libraries are missing "
        "({libraries}): install the packages that provide them, then start it again."
    ).format(libraries=", ".join(missing))


def startup_problem(env: Mapping[str, str] | None = None) -> str | None:
    """One translated sentence saying why Qt cannot open a window here, or None if it can."""
    env = os.environ if env is None else env
    if not would_use_xcb(env):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None  # a PySide6 build without xcb: let Qt pick its own platform
    missing = missing_libraries(plugin)
    if missing:
        return _libraries_problem(missing)
    if missing_display(env):
        return _(
            "CIIP Desktop cannot open its window because there is no display (DISPLAY is not "
            "set): start it from a desktop session, or set QT_QPA_PLATFORM=offscreen to take "
            "a --screenshot without one."
        )
    return None


def install_missing(env: Mapping[str, str] | None = None) -> int:
    """Install the missing packages with apt-get when root; else say what to run. Exit code."""
    env = os.environ if env is None else env
    plugin = xcb_plugin()
    if not would_use_xcb(env) or plugin is None:
        return 0
    missing = missing_libraries(plugin)
    if not missing:
        return 0
    packages = list(dict.fromkeys(debian_package(lib) for lib in missing))
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(
            _("Installing the system libraries Qt needs to open a window: {packages}").format(
                packages=" ".join(packages)
            ),
            file=sys.stderr,
        )
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            [apt, "install", "-y", "-qq", *packages],
            env=apt_env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        if not missing_libraries(plugin):
            return 0
        # The package lists may be stale on a fresh machine: refresh them once and retry.
        subprocess.run([apt, "update", "-qq"], env=apt_env, check=False)
        subprocess.run(
            [apt, "install", "-y", "-qq", *packages],
            env=apt_env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    still = missing_libraries(plugin)
    if still:
        print(_libraries_problem(still), file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--install"]:
        return install_missing()
    problem = startup_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
