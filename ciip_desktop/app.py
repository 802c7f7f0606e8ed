"""Composition root: shows the main window, then opens the database and builds the services.

``ciip-desktop`` and ``python -m ciip_desktop`` run :func:`main`. The window is shown first,
with only what its first paint needs imported: the client list's first page is read for it
with the standard library (``store/first_page.py``), so the list is on screen, searchable
and selectable, in that first paint. SQLAlchemy, the services, the database's checks and
migrations load on the worker right after it; the record pane and the commands join the
Clients screen then. With ``--screenshot`` the same start runs and, once the services are
attached, the window is saved to a PNG and the app exits 0.

``CIIP_STARTUP_REPORT=FILE`` (for ``benchmarks/bench_startup.py``) writes the wall-clock
times of the first paint, of the usable window (the list's first page painted, the GUI
thread free) and of the services attached to FILE as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ciip_desktop import APP_ID, APP_NAME, __version__, i18n
from ciip_desktop.config import Paths, app_paths, database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.logs import setup_logging
from ciip_desktop.ui import excepthook
from ciip_desktop.ui.fonts import install_fonts
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.navigation import SCREEN_KEYS
from ciip_desktop.ui.qt_messages import route_qt_messages
from ciip_desktop.ui.qt_platform import startup_problem
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

if TYPE_CHECKING:
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.clients.opening_list import OpeningList
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.store import Database
    from ciip_desktop.ui.security.backup_timer import BackupTimer
    from ciip_desktop.ui.security.startup import EarlySignIn

log = logging.getLogger(__name__)

ORGANIZATION = "CIIP"
SCREENSHOT_SIZE = QSize(1280, 800)
DEFAULT_DEMO_CLIENTS = 300


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ciip-desktop",
        description=_("CIIP Desktop: client records, sessions and information packages."),
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("database file (default: $CIIP_DB, else the user data folder)"),
    )
    parser.add_argument("--lang", metavar="LOCALE", help=_("language: en, zh_CN or fr_CA"))
    parser.add_argument("--user", metavar="USERNAME", help=_("act as this counsellor"))
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        type=Path,
        help=_("save the window to a PNG file once it is ready, then exit"),
    )
    parser.add_argument("--screen", choices=SCREEN_KEYS, help=_("the screen to open on"))
    parser.add_argument(
        "--demo-clients",
        metavar="N",
        type=int,
        default=DEFAULT_DEMO_CLIENTS,
        help=_("clients in the demo data a new database is filled with (0: none)"),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # No cyclic garbage collection until the first paint: start-up makes many objects and
    # no cycles worth the time (~15 ms of the first paint). ``python -m ciip_desktop`` turns
    # it off before importing this module already.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    paths = app_paths().ensure()
    setup_logging(paths.log_dir)
    log.info("%s %s starting", APP_NAME, __version__)
    offscreen = args.screenshot is not None
    show = excepthook.print_crash_message if offscreen else excepthook.show_crash_dialog
    reporter = excepthook.install(paths.crash_dir, show=show)
    restore_qt_messages = route_qt_messages()
    try:
        return _run(args, paths, reporter)
    finally:
        restore_qt_messages()
        reporter.uninstall()


def _application() -> QApplication:
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    app.setDesktopFileName(APP_ID)
    return app


def _run(args: argparse.Namespace, paths: Paths, reporter: excepthook.CrashReporter) -> int:
    screenshot = args.screenshot is not None
    settings = UiSettings(paths.settings_file)
    if QCoreApplication.instance() is None:
        # Qt aborts the process when it cannot load its platform plugin: check first.
        i18n.set_language(args.lang or settings.language or QLocale.system().name())
        problem = startup_problem()
        if problem:
            log.error("Qt cannot open a window here: %s", problem)
            print(problem, file=sys.stderr)
            return 1
    # The client list's first page is read on a thread while Qt starts and the window is built.
    opening = Startup.read_first_page(args)
    app = _application()
    log.info("Qt platform: %s", QGuiApplication.platformName())
    reporter.attach_gui()
    install_fonts(app)
    language = LanguageSwitcher(settings)
    language.apply(args.lang or settings.language or QLocale.system().name())

    runner = TaskRunner()
    start = Startup(args, paths, runner)
    window = MainWindow(
        None,
        None,
        settings=settings,
        language=language,
        runner=runner,
        database_path=database_path(args.db),
        log_dir=paths.log_dir,
        show_pseudo=os.environ.get("CIIP_PSEUDO") == "1",
        remember=not screenshot,
    )
    start.window = window
    start.show_opening(opening)
    try:
        if args.screen:
            window.show_screen(args.screen)
        if screenshot:
            window.resize(SCREENSHOT_SIZE)
        window.firstPainted.connect(start.first_painted)
        window.show()
        # Should no paint ever come (a window that is never exposed), start anyway.
        QTimer.singleShot(1000, start.first_painted)
        if screenshot:
            # A loop of our own: main() may run inside an application that is already running.
            loop = QEventLoop()
            start.finished = loop.exit
            code = loop.exec()
            window.close()
            return code
        start.finished = app.exit
        return app.exec()
    finally:
        runner.shutdown()
        start.stop_backups()  # the last automatic copy, before the database closes
        if start.services is not None:
            start.services.sync.close()  # the hub's connections, before the database
        if start.db is not None:
            start.db.close()


class Startup:
    """The start-up steps: the first page for the first paint, then, on the worker, the
    database and the services, attached to the window once loaded."""

    def __init__(self, args: argparse.Namespace, paths: Paths, runner: TaskRunner) -> None:
        self.args = args
        self.paths = paths
        self.runner = runner
        self.window: MainWindow | None = None
        self.db: Database | None = None
        self.services: Services | None = None  # closed (hub connections) when the app exits
        self.opening: OpeningList | None = None
        self.backups: BackupTimer | None = None
        self.finished: Callable[[int], None] = lambda _code: None
        self._report = os.environ.get("CIIP_STARTUP_REPORT")
        self._times: dict[str, float] = {}
        # An encrypted database: the login and password that unlocked it (issue 17).
        self._given: tuple[str, str] | None = None
        # The sign-in shown with the first paint, and the office loaded while it was open.
        self._early: EarlySignIn | None = None
        self._early_open = False
        self._loaded: _Office | None = None

    @property
    def screenshot(self) -> bool:
        return self.args.screenshot is not None

    @staticmethod
    def read_first_page(args: argparse.Namespace) -> OpeningList | None:
        """The reader of a current CIIP database, its first page already being read on a
        thread (None: the services come first)."""
        from ciip_desktop.services.clients.opening_list import OpeningList
        from ciip_desktop.ui.clients.list_query import FIRST_PAGE

        opening = OpeningList.open(database_path(args.db))
        if opening is not None:
            opening.read_ahead(FIRST_PAGE)
        return opening

    def show_first_page(self) -> None:
        """Before the first paint: the client list read without SQLAlchemy, when the file is
        a current CIIP database (else the Clients page says the office is opening)."""
        self.show_opening(self.read_first_page(self.args))

    def show_opening(self, opening: OpeningList | None) -> None:
        """:meth:`show_first_page` with the reader :meth:`read_first_page` gave."""
        assert self.window is not None
        if opening is None:
            return
        try:
            self.window.show_first_page(opening)
        except Exception as exc:  # the services read the file next and say what is wrong
            log.warning("the first page could not be shown: %s", type(exc).__name__)
            opening.give_up(exc)
            return
        self.opening = opening

    def first_painted(self) -> None:
        if "first_paint" in self._times:
            return
        self._times["first_paint"] = time.time()
        gc.enable()  # off since main() began
        if self.opening is not None:
            self._times["ready"] = self._times["first_paint"]  # the list was in that paint
        # The paint has reached the screen; now the rest, without the user waiting on a
        # blank window.
        QTimer.singleShot(0, lambda: self._step(self.open_office))
        if self.opening is None and not self.screenshot:
            QTimer.singleShot(0, lambda: self._step(self.sign_in_early))

    def sign_in_early(self) -> None:
        """Where counsellors sign in: the sign-in at once, checked with the standard library
        while the services load on the worker (they sign the person in once attached)."""
        from ciip_desktop.ui.security.startup import early_sign_in

        if self._given is not None or os.environ.get("CIIP_PASSWORD") is not None:
            return
        self._early_open = True
        try:
            early = early_sign_in(database_path(self.args.db), self.args.user, self.window)
        finally:
            self._early_open = False
        loaded, self._loaded = self._loaded, None
        self._early = early
        if early is not None and early.given is None:  # cancelled
            if loaded is not None:
                loaded.db.close()
            self.finished(0)
        elif loaded is not None:
            self._step(lambda: self._attach(loaded))

    def _step(self, step: Callable[[], None]) -> None:
        """Run one start-up step; an unexpected error is reported like any crash, then the
        app stops instead of waiting on a window that will never be ready."""
        try:
            step()
        except Exception as exc:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            log.warning("cannot start: %s", exc.message)
            _tell_user(exc.message, self.screenshot)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.finished(1)

    def open_office(self) -> None:
        """Load SQLAlchemy and the services and open the database, on the worker."""
        from ciip_desktop.store import cipher

        args, backup_dir, opening = self.args, self.paths.backup_dir, self.opening
        path = database_path(args.db)
        key = None
        if cipher.is_encrypted(path):  # the first page could not read it: sign in first
            from ciip_desktop.ui.security.startup import unlock_database

            unlocked = unlock_database(path, args.user, self.screenshot, self.window)
            if unlocked is None:
                self.finished(0)
                return
            key, self._given = unlocked

        def load() -> _Office:
            try:
                return _load_office(path, backup_dir, args, opening, key)
            except BaseException as exc:
                if opening is not None:
                    opening.give_up(exc)
                raise

        self.runner.run(load, on_done=self._opened, on_error=self._failed, name="open office")

    def _opened(self, office: _Office) -> None:
        if self._early_open:  # attached once the sign-in shown at the first paint is done
            self._loaded = office
            return
        if self._early is not None and self._early.given is None:  # it was cancelled
            office.db.close()
            return
        self._step(lambda: self._attach(office))

    def _attach(self, office: _Office) -> None:
        from ciip_desktop.services.bundle import Services
        from ciip_desktop.ui.security.startup import signed_in_actor

        assert self.window is not None
        self.db = office.db
        ctx, services = office.ctx, office.services
        try:
            if services is None:  # a new database: the demo office first
                if self.args.demo_clients > 0:
                    _fill_demo(ctx, self.args.demo_clients, self.runner, self.screenshot)
                services = Services.build(ctx)
            self.services = services
            actor = signed_in_actor(
                ctx, self.args.user, self.screenshot, self.window, self._given, self._early
            )
        except UserError as exc:
            self._failed(exc)
            return
        if actor is None:  # the sign-in was cancelled
            self.finished(0)
            return
        log.info("opened %s as %s", office.db.path, actor.display_name)
        self.window.attach(services, actor)
        if not self.screenshot:
            self._start_backups(office.db.path)
        self.window.repaint()  # the client list's first page, on screen now
        QTimer.singleShot(0, lambda: self._step(self.ready))

    def _start_backups(self, database: Path) -> None:
        from ciip_desktop.ui.security.backup_timer import start_auto_backups

        assert self.window is not None
        status = self.window.statusBar()
        self.backups = start_auto_backups(
            self.window, database, self.paths.backup_dir, status.showMessage
        )

    def stop_backups(self) -> None:
        if self.backups is not None:
            self.backups.stop()
            self.backups = None

    def ready(self) -> None:
        now = time.time()
        self._times.setdefault("ready", now)
        self._times["attached"] = now
        if self._report:
            Path(self._report).write_text(json.dumps(self._times), encoding="utf-8")
        if self.screenshot:
            self._save_screenshot()

    def _save_screenshot(self) -> None:
        assert self.window is not None
        _settle(self.runner)  # screens load their data in the background
        path: Path = self.args.screenshot
        size = save_window_png(self.window, path)
        log.info("screenshot %s (%dx%d)", path, size.width(), size.height())
        self.finished(0)


@dataclass
class _Office:
    db: Database
    ctx: ServiceContext
    services: Services | None  # None: a new database, to fill with the demo office first


def _load_office(
    path: Path,
    backup_dir: Path,
    args: argparse.Namespace,
    opening: OpeningList | None,
    key: bytes | None = None,
) -> _Office:
    """On the worker: import SQLAlchemy and the services, open (or create, or migrate) the
    database, build the services; the opening list hands its questions over to them."""
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.store import Database

    db = Database.open(path, backup_dir=backup_dir, key=key)
    try:
        ctx = ServiceContext.open(db)
        if db.report.created:
            return _Office(db, ctx, None)
        services = Services.build(ctx)
    except BaseException:
        db.close()
        raise
    if opening is not None:
        opening.take_over(services.search)
    return _Office(db, ctx, services)


def save_window_png(window: MainWindow, path: Path) -> QSize:
    """The window as it is on screen (read back from the display server on a real desktop),
    or rendered by Qt on the offscreen platform."""
    from ciip_desktop.ui.screenshot import render_window_png

    if QGuiApplication.platformName() in ("offscreen", "minimal") or not window.isVisible():
        return render_window_png(window, path)
    for _turn in range(3):
        QCoreApplication.processEvents()
    screen = window.screen()
    pixmap = screen.grabWindow(window.winId())
    path.parent.mkdir(parents=True, exist_ok=True)
    if pixmap.isNull() or not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return pixmap.size()


def _settle(runner: TaskRunner, rounds: int = 20) -> None:
    """Let background work started by the screens (and work it starts in turn) finish."""
    for _round in range(rounds):
        QCoreApplication.processEvents()
        if runner.active_tasks == 0:
            return
        runner.wait_for_done(timeout=30)


def _tell_user(message: str, offscreen: bool) -> None:
    if offscreen:
        print(message, file=sys.stderr)
    else:
        QMessageBox.critical(None, _("CIIP Desktop"), message)


def _fill_demo(ctx: ServiceContext, clients: int, runner: TaskRunner, offscreen: bool) -> None:
    """Fill a new database with a demo office, showing progress if it takes a while."""
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.demo import DemoService
    from ciip_desktop.ui.progress import DelayedProgress

    demo = DemoService(ctx)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            _tell_user(exc.message, offscreen)
        else:
            log.error("the demo data could not be made", exc_info=exc)

    task = runner.run_with_progress(
        lambda progress: demo.fill(Actor.system(), clients=clients, seed=1, progress=progress),
        on_error=failed,
        name="demo-fill",
    )
    if not offscreen:
        DelayedProgress(
            task, _("Preparing a demo office with {count} clients…").format(count=clients)
        )
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()
