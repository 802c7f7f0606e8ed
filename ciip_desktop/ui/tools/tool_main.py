"""What the screenshot tools share: one command line (an output folder, a language, a scratch
home) and one scratch office to draw in."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ciip_desktop import i18n

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext

Render = Callable[[Path, str], list[Path]]


def run_tool(render: Render, description: str | None, argv: Sequence[str] | None) -> int:
    """Parse ``OUTDIR [--lang L]``, render into OUTDIR with the settings, logs and database in
    a temporary ``CIIP_HOME`` (restored afterwards), and print each file written."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", default="en", help="interface language (en, zh_CN, fr_CA)")
    args = parser.parse_args(argv)
    previous = os.environ.get("CIIP_HOME")
    with tempfile.TemporaryDirectory(prefix="ciip-home-") as home:
        os.environ["CIIP_HOME"] = home
        try:
            for path in render(args.outdir, args.lang):
                print(path)
        finally:
            if previous is None:
                os.environ.pop("CIIP_HOME", None)
            else:
                os.environ["CIIP_HOME"] = previous
    return 0


@contextmanager
def scratch_office(language: str, prefix: str) -> Iterator[tuple[ServiceContext, Services]]:
    """The application (offscreen unless told otherwise) with its fonts, in ``language``, and
    a new database in a temporary folder with its services; the database is closed after."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.store import Database
    from ciip_desktop.ui.fonts import install_fonts

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_fonts(app)
    i18n.set_language(language)
    with tempfile.TemporaryDirectory(prefix=prefix) as home:
        db = Database.open(Path(home) / "shots.sqlite3")
        try:
            ctx = ServiceContext.open(db)
            yield ctx, Services.build(ctx)
        finally:
            db.close()


def discard(*widgets: QWidget) -> None:
    """Close and delete the widgets drawn, before the database closes under them."""
    from PySide6.QtWidgets import QApplication

    for widget in widgets:
        widget.close()  # a screen joins its reading threads on close
        widget.deleteLater()
    QApplication.processEvents()
