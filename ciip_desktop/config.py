"""Where CIIP Desktop keeps its files: user folders from platformdirs, or one portable folder.

Set ``CIIP_HOME`` to keep everything (database, logs, backups, settings) in one folder, for
a portable install, a developer's sandbox or a test. ``CIIP_DB`` names the database file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

from ciip_desktop import APP_ID

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A data folder: beside the package in a source tree (editable install, recognised by
    its ``pyproject.toml``), else inside the installed package, where the wheel puts
    ``resources/`` and ``translations/``. The source tree wins so that a stale folder left
    inside ``ciip_desktop/`` by an older checkout (compiled catalogs are not tracked) is
    never read instead of the real one."""
    beside = PACKAGE_DIR.parent / name
    if (PACKAGE_DIR.parent / "pyproject.toml").is_file() and beside.is_dir():
        return beside
    return PACKAGE_DIR / name


RESOURCES_DIR = _shipped("resources")
REFERENCE_DIR = RESOURCES_DIR / "reference"
FONTS_DIR = RESOURCES_DIR / "fonts"
CJK_FONT_FILE = FONTS_DIR / "wqy-microhei.ttc"
TRANSLATIONS_DIR = _shipped("translations")


@dataclass(frozen=True)
class Paths:
    """The folders the application writes to."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / "ciip.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def crash_dir(self) -> Path:
        return self.log_dir / "crashes"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    def ensure(self) -> Paths:
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self


def app_paths(env: dict[str, str] | None = None) -> Paths:
    """The application's folders; ``CIIP_HOME`` overrides them all with one folder."""
    env = dict(os.environ) if env is None else env
    home = env.get("CIIP_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "data", root / "config", root / "logs", root / "cache")
    dirs = PlatformDirs(APP_ID, appauthor=False)
    return Paths(
        Path(dirs.user_data_dir),
        Path(dirs.user_config_dir),
        Path(dirs.user_log_dir),
        Path(dirs.user_cache_dir),
    )


def database_path(
    explicit: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None
) -> Path:
    """The database to open: an explicit path, else ``CIIP_DB``, else the user data folder."""
    env = dict(os.environ) if env is None else env
    if explicit:
        return Path(explicit).expanduser()
    if env.get("CIIP_DB"):
        return Path(env["CIIP_DB"]).expanduser()
    return app_paths(env).default_db
