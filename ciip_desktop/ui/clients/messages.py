"""Telling the user about a problem: a translated sentence in a message box, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    """What to tell the user about ``error``: its own sentence for a UserError."""
    if isinstance(error, UserError):
        return error.message
    log.error("unexpected error", exc_info=error)
    return _("Something went wrong. The details were written to the log file.")


def show_error(parent: QWidget | None, error: BaseException | str, title: str = "") -> QMessageBox:
    """Show ``error`` in a window-modal box that does not block the caller (tests stay simple)."""
    text = error if isinstance(error, str) else error_text(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("Clients"), text, parent=parent)
    box.setObjectName("clientsErrorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_info(parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title or _("Clients"), text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm(parent: QWidget | None, text: str, title: str = "") -> bool:
    """Ask a yes/no question and wait for the answer."""
    answer = QMessageBox.question(parent, title or _("Clients"), text)
    return answer == QMessageBox.StandardButton.Yes
