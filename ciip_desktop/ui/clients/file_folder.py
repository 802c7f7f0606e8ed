"""The folder the import and export file pickers open in: one setting, remembered after each pick.

Counsellors import a partner bank's batch and export a view to the same shared folder; each
picker starts where the last one, of either kind, left off.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ciip_desktop.config import app_paths

KEY = "files/folder"


class FileFolder:
    """Reads and writes the remembered folder in the settings file (the app's by default)."""

    def __init__(self, settings_file: Path | None = None) -> None:
        path = settings_file or app_paths().settings_file
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def start(self) -> Path:
        """Where a picker opens: the remembered folder while it exists, else the home folder."""
        value = self._settings.value(KEY)
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return Path.home()

    def remember(self, chosen: str | Path) -> None:
        """Remember the folder of the file ``chosen`` (or ``chosen`` itself, a folder)."""
        path = Path(chosen)
        folder = path if path.is_dir() else path.parent
        self._settings.setValue(KEY, str(folder))
        self._settings.sync()
