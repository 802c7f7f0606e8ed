"""Send Qt's own warnings and errors to the application log instead of stderr."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ciip_desktop.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _to_log(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> Callable[[], None]:
    """Route Qt's messages to logging; returns a function that puts the old handler back."""
    previous: Any = qInstallMessageHandler(_to_log)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
