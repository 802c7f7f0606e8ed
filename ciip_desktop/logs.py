"""Logging: a rotating file in the user log folder, plus stderr when asked.

Nothing written to the log (or to a crash report) may carry a client's personal data.
Exception messages can (a ``ValueError`` quoting a cell, an ``OSError`` naming a file called
after a client), so tracebacks are written by :func:`safe_traceback`: every frame (file,
line, function, code), and of each exception its type and only the text known to hold no
data: SQLite's own message and statement (the engine hides parameters), an OS error's code.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import sqlite3
import traceback
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "ciip-desktop.log"
_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe_exception(exc: BaseException) -> str:
    """The exception's type, with its message only where the message cannot hold data."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    orig = getattr(exc, "orig", None)
    if isinstance(exc, sqlite3.Error):
        return f"{name}: {exc}"
    if isinstance(orig, sqlite3.Error):
        statement = str(getattr(exc, "statement", "") or "").split("\n", 1)[0][:200]
        return f"{name}: ({type(orig).__module__}.{type(orig).__name__}) {orig} [SQL: {statement}]"
    if isinstance(exc, OSError) and exc.errno is not None:
        code = errno.errorcode.get(exc.errno, str(exc.errno))
        # The system's own words for the code: ``strerror`` is whatever the raiser wrote.
        return f"{name}: [{code}] {os.strerror(exc.errno)} (file names withheld)"
    text = str(exc)
    if not text:
        return name
    return f"{name}: (message of {len(text)} characters withheld: it may quote personal data)"


def safe_traceback(exc: BaseException) -> str:
    """A traceback of ``exc`` and the exceptions that led to it, without their data."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        cause = current.__cause__
        current = (
            cause
            if cause is not None
            else (None if current.__suppress_context__ else current.__context__)
        )
    parts: list[str] = []
    for i, item in enumerate(reversed(chain)):
        if i:
            parts.append("\nwhich led to:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.StackSummary.extract(traceback.walk_tb(item.__traceback__)).format())
        parts.append(describe_exception(item) + "\n")
    return "".join(parts)


class SafeFormatter(logging.Formatter):
    """Formats exceptions (``exc_info`` and exceptions passed as arguments) without data."""

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.args, tuple) and any(
            isinstance(a, BaseException) for a in record.args
        ):
            record.args = tuple(
                describe_exception(a) if isinstance(a, BaseException) else a for a in record.args
            )
        return super().format(record)

    def formatException(self, ei: object) -> str:
        exc = ei[1] if isinstance(ei, tuple) and len(ei) == 3 else None
        if isinstance(exc, BaseException):
            return safe_traceback(exc).rstrip("\n")
        return ""


def setup_logging(log_dir: Path, *, console: bool = False, level: int = logging.INFO) -> Path:
    """Send the application's log to ``log_dir`` (1 MB x 5 files); returns the log file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger("ciip_desktop")
    for handler in list(root.handlers):
        if getattr(handler, "_ciip", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(SafeFormatter(_FORMAT))
    file_handler._ciip = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(SafeFormatter("%(levelname)s %(message)s"))
        stream._ciip = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    return path
