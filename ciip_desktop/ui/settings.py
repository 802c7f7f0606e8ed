"""What the interface remembers between runs (language, window geometry, current screen,
where the Clients screen's list ends and the record begins)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """The user's interface settings in one INI file (``Paths.settings_file``)."""

    _LANGUAGE = "ui/language"
    _GEOMETRY = "window/geometry"
    _STATE = "window/state"
    _SCREEN = "window/screen"
    _CLIENTS_SPLITTER = "clients/splitter"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def _text(self, key: str) -> str | None:
        value = self._qsettings.value(key)
        return value if isinstance(value, str) and value else None

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qsettings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    @property
    def language(self) -> str | None:
        return self._text(self._LANGUAGE)

    @language.setter
    def language(self, code: str) -> None:
        self._qsettings.setValue(self._LANGUAGE, code)

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes(self._GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qsettings.setValue(self._GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(self._STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qsettings.setValue(self._STATE, value)

    @property
    def current_screen(self) -> str | None:
        return self._text(self._SCREEN)

    @current_screen.setter
    def current_screen(self, key: str) -> None:
        self._qsettings.setValue(self._SCREEN, key)

    @property
    def clients_splitter(self) -> QByteArray | None:
        """Where the Clients screen divides its list from the client's record."""
        return self._bytes(self._CLIENTS_SPLITTER)

    @clients_splitter.setter
    def clients_splitter(self, value: QByteArray) -> None:
        self._qsettings.setValue(self._CLIENTS_SPLITTER, value)

    def sync(self) -> None:
        """Write pending changes to the file now (Qt otherwise writes them later)."""
        self._qsettings.sync()
