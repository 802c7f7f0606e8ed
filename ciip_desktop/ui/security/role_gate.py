"""What the signed-in person's role may not do is not offered on screen (issue 17).

Screens call :func:`offer_only` once, after building their commands: a command the role
may not use is hidden (the service refuses it anyway, whatever calls it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ciip_desktop.services.context import Actor
from ciip_desktop.services.permissions import Action, allowed


def offer_only(actor: Actor, action: Action, *widgets: QWidget) -> bool:
    """Hide ``widgets`` unless ``actor`` may do ``action``; whether they may."""
    may = allowed(actor.role, action)
    if not may:
        for widget in widgets:
            widget.setVisible(False)
    return may
