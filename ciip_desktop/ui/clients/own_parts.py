"""What the main window hands the Clients screen, or the screen's own when it is used alone.

In the window the screen shares the window's undo stack (Edit > Undo), its worker and its
Edit > Find client shortcut. Alone (tests, tools) it makes its own stack with Undo and Redo
keys, its own worker (stopped by :meth:`OwnParts.shutdown`) and its own Ctrl+F.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from ciip_desktop.ui.clients.shortcuts import add_shortcut
from ciip_desktop.ui.worker import TaskRunner


class OwnParts:
    """The undo stack and worker of ``owner``: the ones handed over, else its own."""

    def __init__(
        self, owner: QWidget, undo_stack: QUndoStack | None, runner: TaskRunner | None
    ) -> None:
        self._owner = owner
        self.undo: QUndoStack | None = undo_stack  # None until one is needed
        self._runner = runner
        self._own_runner: TaskRunner | None = None
        self._own_find = False

    def undo_stack(self) -> QUndoStack:
        if self.undo is None:
            self.undo = QUndoStack(self._owner)
            add_shortcut(self._owner, QKeySequence.StandardKey.Undo, self.undo.undo)
            add_shortcut(self._owner, QKeySequence.StandardKey.Redo, self.undo.redo)
        return self.undo

    def runner(self) -> TaskRunner:
        if self._runner is not None:
            return self._runner
        if self._own_runner is None:
            self._own_runner = TaskRunner(self._owner)
        return self._own_runner

    def shutdown(self) -> None:
        """Stop the owner's own worker thread (the main window stops the shared one)."""
        if self._own_runner is not None:
            self._own_runner.shutdown(timeout=10)

    def shown(self, find: Callable[[], None]) -> None:
        """The owner is shown: alone, it brings its own Ctrl+F. (In the main window, Edit >
        Find client carries those keys; a second shortcut would make both ambiguous.)"""
        if self._owner.isWindow() and not self._own_find:
            self._own_find = True
            add_shortcut(self._owner, QKeySequence.StandardKey.Find, find)
