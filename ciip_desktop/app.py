"""Composition root: opens the database, builds the services and shows the main window.

``ciip-desktop`` and ``python -m ciip_desktop`` run :func:`main`. With ``--screenshot`` it
renders the window to a PNG file offscreen and exits, without an event loop.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QSize
from PySide6.QtWidgets import QApplication, QMessageBox

from ciip_desktop import APP_ID, APP_NAME, __version__
from ciip_desktop.config import Paths, app_paths, database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.logs import setup_logging
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.store import Database
from ciip_desktop.ui import excepthook
from ciip_desktop.ui.fonts import install_fonts
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.navigation import SCREEN_KEYS
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.qt_messages import route_qt_messages
from ciip_desktop.ui.screenshot import render_window_png
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

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
        help=_("render the window to a PNG file offscreen and exit"),
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
    offscreen = args.screenshot is not None
    app = _application()
    reporter.attach_gui()
    install_fonts(app)
    settings = UiSettings(paths.settings_file)
    language = LanguageSwitcher(settings)
    language.apply(args.lang or settings.language or QLocale.system().name())

    runner = TaskRunner()
    db: Database | None = None
    try:
        db = Database.open(database_path(args.db), backup_dir=paths.backup_dir)
        ctx = ServiceContext.open(db)
        if db.report.created and args.demo_clients > 0:
            _fill_demo(ctx, args.demo_clients, runner, offscreen)
        services = Services.build(ctx)
        actor = ctx.counsellor_actor(args.user)
        log.info("opened %s as %s", db.path, actor.display_name)
        window = MainWindow(
            services,
            actor,
            settings=settings,
            language=language,
            runner=runner,
            database_path=db.path,
            log_dir=paths.log_dir,
            show_pseudo=os.environ.get("CIIP_PSEUDO") == "1",
            remember=not offscreen,
        )
        if args.screen:
            window.show_screen(args.screen)
        if offscreen:
            window.resize(SCREENSHOT_SIZE)
            _settle(runner)  # screens load their data in the background
            size = render_window_png(window, args.screenshot)
            log.info("screenshot %s (%dx%d)", args.screenshot, size.width(), size.height())
            window.close()
            return 0
        window.show()
        return app.exec()
    except UserError as exc:
        log.warning("cannot start: %s", exc.message)
        _tell_user(exc.message, offscreen)
        return 1
    finally:
        runner.shutdown()
        if db is not None:
            db.close()


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
