"""The main window's menu bar: its menus and actions, with shortcuts and translated texts.

The window connects the actions to what they do; this module only builds and names them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from ciip_desktop import i18n
from ciip_desktop.i18n import _
from ciip_desktop.ui.navigation import ScreenSpec


class MainMenus(QObject):
    """File, Edit, View and Help menus of one main window (a child of the window)."""

    def __init__(
        self,
        window: QMainWindow,
        screens: Sequence[ScreenSpec],
        undo_stack: QUndoStack,
        *,
        show_pseudo: bool = False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._screens = tuple(screens)
        bar = window.menuBar()

        def action(menu: QMenu, shortcut: QKeySequence | str | None = None) -> QAction:
            act = QAction(window)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            menu.addAction(act)
            return act

        self.file_menu = bar.addMenu("")
        self.new_client = action(self.file_menu, "Ctrl+N")
        self.import_clients = action(self.file_menu, "Ctrl+I")
        self.export_view = action(self.file_menu, "Ctrl+E")
        self.sync_by_file = action(self.file_menu)
        self.file_menu.addSeparator()
        self.quit = action(self.file_menu, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.edit_menu = bar.addMenu("")
        self.undo = action(self.edit_menu, QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo = action(self.edit_menu, QKeySequence(QKeySequence.StandardKey.Redo))
        self.edit_menu.addSeparator()
        self.find_client = action(self.edit_menu, "Ctrl+F")
        self.undo.triggered.connect(undo_stack.undo)
        self.redo.triggered.connect(undo_stack.redo)
        undo_stack.canUndoChanged.connect(self.undo.setEnabled)
        undo_stack.canRedoChanged.connect(self.redo.setEnabled)
        # The texts come with the signals: the stack itself may be half destroyed when it
        # sends its last ones, as the window closes.
        self._undo_text = undo_stack.undoText()
        self._redo_text = undo_stack.redoText()
        undo_stack.undoTextChanged.connect(self._on_undo_text)
        undo_stack.redoTextChanged.connect(self._on_redo_text)
        self.undo.setEnabled(undo_stack.canUndo())
        self.redo.setEnabled(undo_stack.canRedo())

        self.view_menu = bar.addMenu("")
        self._screen_group = QActionGroup(window)
        self._screen_group.setExclusive(True)
        self.screen_actions: dict[str, QAction] = {}
        for number, spec in enumerate(self._screens, start=1):
            act = action(self.view_menu, f"Ctrl+{number}")
            act.setCheckable(True)
            act.setData(spec.key)
            self._screen_group.addAction(act)
            self.screen_actions[spec.key] = act
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self._language_group = QActionGroup(window)
        # Optional: a language set from the command line may have no entry here (pseudo).
        self._language_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.language_actions: dict[str, QAction] = {}
        languages = list(i18n.LANGUAGES)
        if show_pseudo:
            languages.append(i18n.PSEUDO)
        for code in languages:
            act = action(self.language_menu)
            act.setCheckable(True)
            act.setData(code)
            self._language_group.addAction(act)
            self.language_actions[code] = act

        self.help_menu = bar.addMenu("")
        self.about = action(self.help_menu)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.open_log_folder = action(self.help_menu)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.new_client.setText(_("&New client"))
        self.new_client.setStatusTip(_("Enter a new client's registration"))
        self.import_clients.setText(_("&Import clients…"))
        self.import_clients.setStatusTip(_("Add clients from a spreadsheet of registrations"))
        self.export_view.setText(_("&Export current view…"))
        self.export_view.setStatusTip(_("Save the clients the list shows now to a file"))
        self.sync_by_file.setText(_("S&ync by file…"))
        self.sync_by_file.setStatusTip(_("Carry changes to or from another laptop on a USB stick"))
        self.quit.setText(_("&Quit"))

        self.edit_menu.setTitle(_("&Edit"))
        self._update_undo_texts()
        self.find_client.setText(_("&Find client"))
        self.find_client.setStatusTip(_("Search clients by name, file number, phone or e-mail"))

        self.view_menu.setTitle(_("&View"))
        for spec in self._screens:
            self.screen_actions[spec.key].setText(_(spec.title))
        self.language_menu.setTitle(_("&Language"))
        for code, act in self.language_actions.items():
            # Each language is named in itself, so anyone can find their own.
            act.setText(i18n.LANGUAGES.get(code) or _("Pseudo-locale (for testing)"))

        self.help_menu.setTitle(_("&Help"))
        self.about.setText(_("&About CIIP Desktop"))
        self.open_log_folder.setText(_("Open &log folder"))
        self.open_log_folder.setStatusTip(_("Show the folder with the log and crash reports"))

    @Slot(str)
    def _on_undo_text(self, text: str) -> None:
        self._undo_text = text
        self._update_undo_texts()

    @Slot(str)
    def _on_redo_text(self, text: str) -> None:
        self._redo_text = text
        self._update_undo_texts()

    def _update_undo_texts(self) -> None:
        undo, redo = self._undo_text, self._redo_text
        self.undo.setText(_("&Undo {action}").format(action=undo) if undo else _("&Undo"))
        self.redo.setText(_("&Redo {action}").format(action=redo) if redo else _("&Redo"))

    def set_current_screen(self, key: str) -> None:
        self.screen_actions[key].setChecked(True)

    def set_current_language(self, code: str) -> None:
        act = self.language_actions.get(code)
        if act is not None:
            act.setChecked(True)
        else:
            checked = self._language_group.checkedAction()
            if checked is not None:
                checked.setChecked(False)

    def menu_titles(self) -> list[str]:
        return [
            menu.title()
            for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu)
        ]
