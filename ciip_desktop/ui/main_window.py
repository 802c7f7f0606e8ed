"""The main window: navigation on the left, the current screen, menus and a status bar.

The window can be shown before the database is open: its frame, menus, navigation and the
placeholder screens need neither SQLAlchemy nor the services, so the first paint does not
wait for them. :meth:`MainWindow.show_first_page` builds the Clients screen on the list read
without them, for that first paint; :meth:`MainWindow.attach` then gives it the services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QPaintEvent, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.menus import MainMenus
from ciip_desktop.ui.navigation import SCREENS, NavigationList
from ciip_desktop.ui.placeholder import PlaceholderScreen
from ciip_desktop.ui.screen_builders import LAZY_SCREENS
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.status_bar import MainStatusBar
from ciip_desktop.ui.worker import TaskRunner

if TYPE_CHECKING:  # the services load after the first paint (SQLAlchemy alone takes ~0.25 s)
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.clients.opening_list import OpeningList
    from ciip_desktop.services.context import Actor
    from ciip_desktop.ui.clients.screen import ClientsScreen
    from ciip_desktop.ui.sync.screen import SyncScreen

DEFAULT_SIZE = (1200, 760)
log = logging.getLogger(__name__)


class _WriteFlag:
    """Set inside every write flush (any thread); taken by the window's timer (no Qt here)."""

    def __init__(self) -> None:
        self._set = False

    def __call__(self, _session: object, _rows: object) -> None:
        self._set = True

    def take(self) -> bool:
        was, self._set = self._set, False
        return was


class Retranslatable(Protocol):
    def retranslate_ui(self) -> None: ...


class MainWindow(QMainWindow):
    """One open database, for one signed-in counsellor."""

    # Emitted once, after the window's first paint has reached the screen.
    firstPainted = Signal()
    # Emitted once the Clients screen is built on the services (see :meth:`attach`).
    attached = Signal()

    def __init__(
        self,
        services: Services | None,
        actor: Actor | None,
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
        self.services: Services | None = None
        self.actor: Actor | None = None
        self.clients_screen: ClientsScreen | None = None
        self.sync_screen: SyncScreen | None = None
        self._sync_timer: QTimer | None = None
        self._sync_runner: TaskRunner | None = None
        self._painted = False
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

        # Until the services are attached, the Clients page says that the office is opening.
        self.opening_page: QLabel | None = QLabel()
        self.opening_page.setObjectName("screen-clients-opening")
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholders = [
            PlaceholderScreen(spec, self.stack) for spec in SCREENS if spec.key != "clients"
        ]
        self.screens: dict[str, QWidget] = {"clients": self.opening_page}
        self.screens.update({page.spec.key: page for page in self.placeholders})
        for spec in SCREENS:
            self.stack.addWidget(self.screens[spec.key])
        self._retranslatables: list[Retranslatable] = list(self.placeholders)

        self.status = MainStatusBar(database_path, None)
        self.setStatusBar(self.status)
        self.menus = MainMenus(self, SCREENS, self.undo_stack, show_pseudo=show_pseudo)
        self._connect_actions()
        self.navigation.item(self.navigation.row_of("audit")).setHidden(True)
        self.menus.screen_actions["audit"].setVisible(False)
        self._set_clients_actions_enabled(False)
        self.navigation.currentRowChanged.connect(self._on_screen_changed)
        language.changed.connect(self._on_language_changed)

        self.resize(*DEFAULT_SIZE)
        self.show_screen("clients")
        if remember:
            self.restore_state()
        self.menus.set_current_language(language.language)
        self.retranslate_ui()
        if services is not None and actor is not None:
            self.attach(services, actor)

    def show_first_page(self, opening: OpeningList) -> None:
        """Before the first paint: the Clients screen on the list read without the services."""
        from ciip_desktop.ui.clients.screen import ClientsScreen

        screen = ClientsScreen.opening(
            opening,
            self.stack,
            undo_stack=self.undo_stack,
            runner=self.runner,
            settings=self.settings,
        )
        self._put_clients_screen(screen)
        self.firstPainted.connect(screen.load_rest)

    def attach(self, services: Services, actor: Actor) -> None:
        """Give the Clients screen the open database's services (building it if need be)."""
        from ciip_desktop.ui.clients.screen import ClientsScreen

        self.services = services
        self.actor = actor
        if self.clients_screen is not None:
            self.clients_screen.attach(services, actor)
        else:
            # Screens receive what they share with the window: undo stack, worker, settings.
            screen = ClientsScreen(
                services,
                actor,
                self.stack,
                undo_stack=self.undo_stack,
                runner=self.runner,
                settings=self.settings,
            )
            self._put_clients_screen(screen)
        self.status.set_actor(actor)
        self._show_screens_for(actor)
        if actor.counsellor_id:  # a signed-in person: lock after a while without use
            from ciip_desktop.services.security.accounts import AccountService
            from ciip_desktop.ui.security.idle_lock import IdleLock, idle_minutes

            self.idle_lock = IdleLock(self, AccountService(services.ctx), actor, idle_minutes())
        self._start_sync_status()
        self._set_clients_actions_enabled(True)
        self._on_screen_changed(self.navigation.currentRow())
        self.attached.emit()

    def _show_screens_for(self, actor: Actor | None) -> None:
        """Screens a role may not use are not offered (the services refuse them too)."""
        from ciip_desktop.services.permissions import Action, allowed

        may = actor is not None and allowed(actor.role, Action.AUDIT_VIEW)
        self.navigation.item(self.navigation.row_of("audit")).setHidden(not may)
        self.menus.screen_actions["audit"].setVisible(may)

    def _put_clients_screen(self, screen: ClientsScreen) -> None:
        current = self.stack.currentIndex()
        if self.opening_page is not None:
            index = self.stack.indexOf(self.opening_page)
            self.stack.insertWidget(index, screen)
            self.stack.removeWidget(self.opening_page)
            self.opening_page.deleteLater()
            self.opening_page = None
        self.stack.setCurrentIndex(current)
        self.clients_screen = screen
        self.screens["clients"] = screen
        self._retranslatables.insert(0, screen)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once this paint has been flushed to the screen, not in the middle of it.
            QTimer.singleShot(0, self.firstPainted.emit)

    # ---- wiring ---------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        m = self.menus
        m.new_client.triggered.connect(lambda: self._on_clients(lambda s: s.new_client()))
        m.import_clients.triggered.connect(lambda: self._on_clients(lambda s: s.import_clients()))
        m.export_view.triggered.connect(
            lambda: self._on_clients(lambda s: s.export_view(), show=False)
        )
        m.find_client.triggered.connect(lambda: self._on_clients(lambda s: s.focus_search()))
        m.sync_by_file.triggered.connect(self.sync_by_file)
        m.quit.triggered.connect(self.close)
        for key, act in m.screen_actions.items():
            act.triggered.connect(lambda _checked=False, key=key: self.show_screen(key))
        for code, act in m.language_actions.items():
            act.triggered.connect(lambda _checked=False, code=code: self.switch_language(code))
        m.about.triggered.connect(self.show_about)
        m.open_log_folder.triggered.connect(self.open_log_folder)

    def _set_clients_actions_enabled(self, enabled: bool) -> None:
        m = self.menus
        for act in (m.new_client, m.import_clients, m.find_client, m.sync_by_file):
            act.setEnabled(enabled)
        m.export_view.setEnabled(enabled and self.current_screen() == "clients")

    def _on_clients(self, command: Callable[[ClientsScreen], object], show: bool = True) -> None:
        if self.clients_screen is None or self.services is None:
            return  # the database is still opening; the actions are disabled meanwhile
        if show:
            self.show_screen("clients")
        command(self.clients_screen)

    # ---- screens --------------------------------------------------------------------------

    def current_screen(self) -> str:
        return self.navigation.key_at(max(self.stack.currentIndex(), 0))

    def show_screen(self, key: str) -> None:
        self.navigation.setCurrentRow(self.navigation.row_of(key))

    def _on_screen_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.navigation.key_at(row)
        self._build_screen(key)
        if key == "sync":
            self._ensure_sync_screen()
        self.stack.setCurrentIndex(row)
        self.menus.set_current_screen(key)
        # "Export current view" exports what a screen shows; only Clients can so far.
        self.menus.export_view.setEnabled(key == "clients" and self.services is not None)

    def _build_screen(self, key: str) -> None:
        """A screen replaces its placeholder the first time it is shown, once attached."""
        page = self.screens.get(key)
        builder = LAZY_SCREENS.get(key)
        if self.services is None or self.actor is None or builder is None:
            return
        if not isinstance(page, PlaceholderScreen):
            return
        screen = builder(self.services, self.actor, self.runner, self.stack)
        index = self.stack.indexOf(page)
        self.stack.insertWidget(index, screen)
        self.stack.removeWidget(page)
        self.placeholders.remove(page)
        self._retranslatables.remove(page)
        page.deleteLater()
        self.screens[key] = screen
        self._retranslatables.append(cast(Retranslatable, screen))

    # ---- sync -----------------------------------------------------------------------------

    def _ensure_sync_screen(self) -> None:
        """Build the Sync screen the first time it is shown (after the services are open)."""
        if self.sync_screen is not None or self.services is None or self.actor is None:
            return
        from ciip_desktop.ui.sync.wiring import build_sync_screen

        # Its own worker: a long sync does not hold up the other screens' background work.
        self._sync_runner = TaskRunner(self)
        screen = build_sync_screen(
            self.services,
            self.actor,
            self.stack,
            runner=self._sync_runner,
            undo_stack=self.undo_stack,
            on_changed=self.refresh_sync_status,
        )
        old = self.screens["sync"]
        index = self.stack.indexOf(old)
        self.stack.insertWidget(index, screen)
        self.stack.removeWidget(old)
        if old in self.placeholders:
            self.placeholders.remove(old)  # type: ignore[arg-type]
        old.deleteLater()
        self._retranslatables = [r for r in self._retranslatables if r is not old]  # type: ignore[comparison-overlap]
        self._retranslatables.append(screen)
        self.screens["sync"] = screen
        self.sync_screen = screen

    def sync_by_file(self) -> None:
        """File > Sync by file…: the Sync screen, with its export and import commands."""
        self.show_screen("sync")
        if self.sync_screen is not None:
            self.sync_screen.show_file_sync()

    def _start_sync_status(self) -> None:
        """Keep the status bar's sync state true: after every write this window's services
        make (a flag set inside the write, read here once a second, no query otherwise),
        after each edit, undo and sync, and when the window is activated again (a `ciip`
        job may have written to the same file meanwhile)."""
        assert self.services is not None
        self._sync_dirty = _WriteFlag()
        self.services.ctx.add_flush_hook(self._sync_dirty)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(1000)
        self._sync_timer.timeout.connect(self._on_sync_timer)
        self._sync_timer.start()
        self.undo_stack.indexChanged.connect(self._on_undo_index)
        self.refresh_sync_status()

    def _on_sync_timer(self) -> None:
        if self._sync_dirty.take():
            self.refresh_sync_status()

    def _on_undo_index(self, _index: int) -> None:
        # After the edit's own slots have run; dropped if the window closes meanwhile.
        QTimer.singleShot(0, self, self.refresh_sync_status)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_sync_status()

    def refresh_sync_status(self) -> None:
        if self.services is None or self.actor is None:
            return
        from ciip_desktop.errors import UserError
        from ciip_desktop.services.sync_desk import SyncDesk

        try:
            overview = SyncDesk(self.services, self.actor).overview()
        except (UserError, OSError) as exc:  # busy or gone: keep what it showed
            log.info("sync status not refreshed: %s", type(exc).__name__)
            return
        self.status.set_sync(overview)
        if self.sync_screen is not None and self.sync_screen.isVisible():
            self.sync_screen.refresh()

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
        if self.opening_page is not None:
            self.opening_page.setText(_("Opening the office's records…"))
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
        if self._sync_timer is not None:
            self._sync_timer.stop()
        if self._sync_runner is not None:
            self._sync_runner.shutdown()  # a running sync stops at its next batch
        if self._remember:
            self.save_state()
        for screen in list(self.screens.values()):
            screen.close()  # each screen stops its own readers (the calendar's period loader)
        super().closeEvent(event)

    # ---- help -----------------------------------------------------------------------------

    def show_about(self) -> None:
        from ciip_desktop.ui.about import show_about

        show_about(self)

    def open_log_folder(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))
