"""Logging: a rotating file in the user log folder, plus stderr when asked."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "ciip-desktop.log"
_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


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
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler._ciip = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        stream._ciip = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    return path
