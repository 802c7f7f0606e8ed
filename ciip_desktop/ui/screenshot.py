"""Render a window to a PNG file without showing it on screen (docs, tests, bug reports)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QWidget


def render_window_png(window: QWidget, path: Path) -> QSize:
    """Lay ``window`` out, grab it and save it as PNG; returns the image size in pixels."""
    if not window.isVisible():
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.show()
    # Layouts, polish and deferred size changes settle over a few event-loop turns.
    for _turn in range(3):
        QCoreApplication.processEvents()
    pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return pixmap.size()
