"""Switch the interface language while the application runs, Qt's own strings included."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from ciip_desktop import i18n
from ciip_desktop.ui.settings import UiSettings

log = logging.getLogger(__name__)

# The Qt locale for each interface language (English formats as Canadians do).
_QT_LOCALE = {"en": "en_CA", "zh_CN": "zh_CN", "fr_CA": "fr_CA", i18n.PSEUDO: "en_CA"}


def qt_locale(language: str) -> QLocale:
    return QLocale(_QT_LOCALE.get(language, "en_CA"))


class LanguageSwitcher(QObject):
    """Sets the gettext language, Qt's default locale and Qt's translations, then tells windows.

    Windows connect to :attr:`changed` and re-translate themselves; Qt drops the connection
    when a window is deleted, so nothing global has to be unregistered.
    """

    changed = Signal(str)

    def __init__(self, settings: UiSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._qt_translator: QTranslator | None = None

    @property
    def language(self) -> str:
        return i18n.current_language()

    def apply(self, code: str | None, *, save: bool = False) -> str:
        """Switch to ``code`` (normalised); ``save`` remembers it for the next start."""
        language = i18n.set_language(code)
        QLocale.setDefault(qt_locale(language))
        self._load_qt_translations(language)
        if save and self._settings is not None:
            self._settings.language = language
            self._settings.sync()
        log.info("interface language: %s", language)
        self.changed.emit(language)
        return language

    def _load_qt_translations(self, language: str) -> None:
        """Qt's own strings (standard buttons, context menus) in the same language."""
        app = QCoreApplication.instance()
        if app is None:
            return
        if self._qt_translator is not None:
            QCoreApplication.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if language in (i18n.SOURCE_LANGUAGE, i18n.PSEUDO):
            return
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(qt_locale(language), "qtbase", "_", folder):
            QCoreApplication.installTranslator(translator)
            self._qt_translator = translator
