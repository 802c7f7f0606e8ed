"""Errors and warnings of the calendar, told in one translated sentence each, never silent."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.base import WarningsNotAccepted
from ciip_desktop.ui.clients.messages import show_error

T = TypeVar("T")


def tell(parent: QWidget | None, error: BaseException) -> None:
    show_error(parent, error, _("Calendar"))


def with_warnings(parent: QWidget | None, action: Callable[[bool], T]) -> T | None:
    """Run ``action(accept=False)``; when it has warnings, show them all and run it again
    with ``accept=True`` only if the counsellor says so. Errors are shown; None is returned."""
    try:
        return action(False)
    except WarningsNotAccepted as warned:
        text = "\n".join(f"• {w.message}" for w in warned.warnings)
        answer = QMessageBox.question(
            parent,
            _("Calendar"),
            _("Please check:\n{warnings}\n\nSave anyway?").format(warnings=text),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            return action(True)
        except UserError as err:
            tell(parent, err)
            return None
    except UserError as err:
        tell(parent, err)
        return None
