"""The main window: navigation on the left, the current screen, menus and a status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.about import show_about
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.menus import MainMenus
from ciip_desktop.ui.navigation import SCREENS, NavigationList
from ciip_desktop.ui.placeholder import PlaceholderScreen
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.status_bar import MainStatusBar
from ciip_desktop.ui.worker import TaskRunner

DEFAULT_SIZE = (1200, 760)


class Retranslatable(Protocol):
    def retranslate_ui(self) -> None: ...


class MainWindow(QMainWindow):
    """One open database, for one signed-in counsellor."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        settings: UiSettings,
        language: LanguageSwitcher,
        runner: TaskRunner,
        database_path: Path,
        log_dir: Path,
        show_pseudo: bool = False,
        remember: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.services = services
        self.actor = actor
        self.settings = settings
        self.language = language
        self.runner = runner
        self.database_path = database_path
        self.log_dir = log_dir
        self._remember = remember
        # Screens push their edits here; Edit > Undo/Redo act on it.
        self.undo_stack = QUndoStack(self)

        self.navigation = NavigationList(SCREENS)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Screens receive what they share with the window: undo stack, worker, settings.
        self.clients_screen = ClientsScreen(
            services,
            actor,
            self.stack,
            undo_stack=self.undo_stack,
            runner=runner,
            settings=settings,
        )
        self.placeholders = [
            PlaceholderScreen(spec, self.stack) for spec in SCREENS if spec.key != "clients"
        ]
        self.screens: dict[str, QWidget] = {"clients": self.clients_screen}
        self.screens.update({page.spec.key: page for page in self.placeholders})
        for spec in SCREENS:
            self.stack.addWidget(self.screens[spec.key])
        self._retranslatables: list[Retranslatable] = [self.clients_screen, *self.placeholders]

        self.status = MainStatusBar(database_path, actor)
        self.setStatusBar(self.status)
        self.menus = MainMenus(self, SCREENS, self.undo_stack, show_pseudo=show_pseudo)
        self._connect_actions()
        self.navigation.currentRowChanged.connect(self._on_screen_changed)
        language.changed.connect(self._on_language_changed)

        self.resize(*DEFAULT_SIZE)
        self.show_screen("clients")
        if remember:
            self.restore_state()
        self.menus.set_current_language(language.language)
        self.retranslate_ui()

    # ---- wiring ---------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        m = self.menus
        m.new_client.triggered.connect(lambda: self._on_clients(self.clients_screen.new_client))
        m.import_clients.triggered.connect(
            lambda: self._on_clients(self.clients_screen.import_clients)
        )
        m.export_view.triggered.connect(lambda: self.clients_screen.export_view())
        m.find_client.triggered.connect(lambda: self._on_clients(self.clients_screen.focus_search))
        m.quit.triggered.connect(self.close)
        for key, act in m.screen_actions.items():
            act.triggered.connect(lambda _checked=False, key=key: self.show_screen(key))
        for code, act in m.language_actions.items():
            act.triggered.connect(lambda _checked=False, code=code: self.switch_language(code))
        m.about.triggered.connect(lambda: show_about(self))
        m.open_log_folder.triggered.connect(self.open_log_folder)

    def _on_clients(self, command: object) -> None:
        self.show_screen("clients")
        if callable(command):
            command()

    # ---- screens --------------------------------------------------------------------------

    def current_screen(self) -> str:
        return self.navigation.key_at(max(self.stack.currentIndex(), 0))

    def show_screen(self, key: str) -> None:
        self.navigation.setCurrentRow(self.navigation.row_of(key))

    def _on_screen_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.navigation.key_at(row)
        self.stack.setCurrentIndex(row)
        self.menus.set_current_screen(key)
        # "Export current view" exports what a screen shows; only Clients can so far.
        self.menus.export_view.setEnabled(key == "clients")

    # ---- language -------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Switch the whole interface (every open window) to ``code`` and remember it."""
        self.language.apply(code, save=self._remember)

    def _on_language_changed(self, code: str) -> None:
        self.menus.set_current_language(code)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("{database} — CIIP Desktop").format(database=self.database_path.name))
        self.menus.retranslate_ui()
        self.navigation.retranslate_ui()
        self.status.retranslate_ui()
        for screen in self._retranslatables:
            screen.retranslate_ui()

    # ---- window state ---------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        key = self.settings.current_screen
        if key in self.screens:
            self.show_screen(key)

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.current_screen = self.current_screen()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember:
            self.save_state()
        super().closeEvent(event)

    # ---- help -----------------------------------------------------------------------------

    def open_log_folder(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))
