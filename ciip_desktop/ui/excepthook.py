"""Unexpected errors, on any thread: log them, keep a crash report file and tell the user.

The user sees a translated sentence (what happened, where the report is, that saved work is
safe), never a traceback; the traceback goes to the log and the report file.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from ciip_desktop import APP_NAME, __version__
from ciip_desktop.i18n import _
from ciip_desktop.logs import safe_traceback

log = logging.getLogger(__name__)

ShowFn = Callable[[Path | None], None]
"""Tells the user about a crash; gets the report file (None if it could not be written)."""


def crash_message(report: Path | None) -> str:
    if report is None:
        return _(
            "Something went wrong and CIIP Desktop could not finish what it was doing. "
            "Work you had already saved is safe. The details are in the log file."
        )
    return _(
        "Something went wrong and CIIP Desktop could not finish what it was doing. "
        "Work you had already saved is safe.\n\n"
        "A report was written to:\n{path}\n\n"
        "Please send this file to your office's support person."
    ).format(path=report)


def show_crash_dialog(report: Path | None) -> None:
    """The default way to tell the user: a dialog, when there is an application to show it."""
    if not isinstance(QCoreApplication.instance(), QApplication):
        print(crash_message(report), file=sys.stderr)
        return
    QMessageBox.critical(None, _("CIIP Desktop"), crash_message(report))


def print_crash_message(report: Path | None) -> None:
    """Tell the user on stderr (for runs without windows, such as screenshots)."""
    print(crash_message(report), file=sys.stderr)


class _GuiCall(QObject):
    """Runs a callable on the thread this object lives in (the GUI thread)."""

    requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.requested.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


class CrashReporter:
    """Writes crash reports into ``crash_dir`` and shows them with ``show`` on the GUI thread."""

    def __init__(self, crash_dir: Path, show: ShowFn = show_crash_dialog) -> None:
        self.crash_dir = crash_dir
        self.show = show
        self._gui: _GuiCall | None = None
        self._showing = False
        self._previous_sys: (
            Callable[[type[BaseException], BaseException, TracebackType | None], object] | None
        ) = None
        self._previous_threading: Callable[[threading.ExceptHookArgs], object] | None = None

    # ---- hooks ----------------------------------------------------------------------------

    def install(self) -> CrashReporter:
        """Become ``sys.excepthook`` and ``threading.excepthook`` (undo with :meth:`uninstall`)."""
        if self._previous_sys is None:
            self._previous_sys = sys.excepthook
            self._previous_threading = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        self.attach_gui()
        return self

    def uninstall(self) -> None:
        if self._previous_sys is not None:
            sys.excepthook = self._previous_sys
            self._previous_sys = None
        if self._previous_threading is not None:
            threading.excepthook = self._previous_threading
            self._previous_threading = None

    def attach_gui(self) -> None:
        """Let crashes on other threads reach the dialog; call once the QApplication exists."""
        if (
            self._gui is None
            and QCoreApplication.instance() is not None
            and threading.current_thread() is threading.main_thread()
        ):
            self._gui = _GuiCall()

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_type, exc, args.exc_traceback, thread_name=name)

    # ---- the work -------------------------------------------------------------------------

    def report(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> Path | None:
        """Log the error, write the crash report and tell the user; returns the report file."""
        thread_name = thread_name or threading.current_thread().name
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        text = safe_traceback(exc)  # frames and error types: never a client's data
        log.error("unexpected error in thread %s:\n%s", thread_name, text.rstrip())
        path = self.write_report(text, thread_name)
        self._notify(path)
        return path

    def write_report(self, traceback_text: str, thread_name: str) -> Path | None:
        import platform  # its regular expressions cost ~4 ms of start-up; needed only here

        now = datetime.now(UTC)
        try:
            self.crash_dir.mkdir(parents=True, exist_ok=True)
            path = self.crash_dir / f"crash-{now:%Y%m%d-%H%M%S-%f}.txt"
            path.write_text(
                f"{APP_NAME} {__version__} crash report\n"
                f"Time (UTC): {now.isoformat(timespec='seconds')}\n"
                f"Python: {platform.python_version()} ({sys.executable})\n"
                f"Platform: {platform.platform()}\n"
                f"PySide6: {pyside_version}\n"
                f"Thread: {thread_name}\n\n"
                f"{traceback_text}",
                encoding="utf-8",
            )
        except OSError:
            log.exception("could not write a crash report into %s", self.crash_dir)
            return None
        return path

    def _notify(self, path: Path | None) -> None:
        if threading.current_thread() is threading.main_thread():
            self._show_once(path)
        elif self._gui is not None:
            self._gui.requested.emit(lambda: self._show_once(path))

    def _show_once(self, path: Path | None) -> None:
        if self._showing:  # an error while telling the user about an error: the log has it
            return
        self._showing = True
        try:
            self.show(path)
        except Exception:
            log.exception("could not show the crash dialog")
        finally:
            self._showing = False


def install(crash_dir: Path, show: ShowFn = show_crash_dialog) -> CrashReporter:
    """Install a :class:`CrashReporter` writing into ``crash_dir`` (``Paths.crash_dir``)."""
    return CrashReporter(crash_dir, show).install()
