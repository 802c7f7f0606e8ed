"""The bundled CJK font: registered with Qt and added as a fallback to the application font.

Without it, Chinese renders as empty boxes on a machine that has no Chinese fonts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ciip_desktop.config import CJK_FONT_FILE

log = logging.getLogger(__name__)
CJK_FAMILY = "WenQuanYi Micro Hei"

# Font files already added to Qt's font database, which is one per process: adding a file
# again would load a second copy.
_registered: dict[Path, str] = {}


def register_cjk_font(font_file: Path = CJK_FONT_FILE) -> str | None:
    """Make the bundled CJK font available to Qt; returns its family, or None if it failed."""
    if font_file in _registered:
        return _registered[font_file]
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the CJK font %s; Chinese may show as boxes", font_file)
        return None
    _registered[font_file] = families[0]
    return families[0]


def use_cjk_fallback(app: QApplication, family: str) -> QFont:
    """Keep the platform's font for Latin text and fall back to ``family`` for other glyphs."""
    font = app.font()
    families = [name for name in font.families() if name != family] or [font.family()]
    font.setFamilies([*families, family])
    app.setFont(font)
    return font


def install_fonts(app: QApplication) -> str | None:
    """Register the bundled fonts and set the application font; returns the CJK family."""
    family = register_cjk_font()
    if family:
        use_cjk_fallback(app, family)
    return family
