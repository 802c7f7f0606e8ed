"""Keyboard shortcuts of the client forms (Ctrl+Enter saves, as in the office's other tools)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def add_shortcut(
    owner: QWidget, keys: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], Any]
) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), owner)
    shortcut.activated.connect(slot)
    return shortcut


def add_save_shortcuts(owner: QWidget, slot: Callable[[], Any]) -> None:
    for keys in SAVE_KEYS:
        add_shortcut(owner, keys, slot)
