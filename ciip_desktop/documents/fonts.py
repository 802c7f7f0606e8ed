"""The bundled CJK font for reportlab: registered once, lazily (it costs ~0.25 s)."""

from __future__ import annotations

import functools
import hashlib
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ciip_desktop.config import CJK_FONT_FILE

# The name documents use in paragraph styles; Latin and CJK glyphs come from the same font.
BODY_FONT = "WenQuanYiMicroHei"
_lock = threading.Lock()


def body_font() -> str:
    """Register the bundled font with reportlab on first use and return its name."""
    with _lock:
        if BODY_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(BODY_FONT, str(CJK_FONT_FILE), subfontIndex=0))
    return BODY_FONT


@functools.cache
def font_digest() -> str:
    """A short fingerprint of the bundled font file (part of the renderer's identity)."""
    return hashlib.sha256(CJK_FONT_FILE.read_bytes()).hexdigest()[:16]
