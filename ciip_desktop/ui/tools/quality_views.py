"""Pictures of the Service quality screen's tabs for the documentation, drawn offscreen.

``python -m ciip_desktop.ui.tools.quality_views OUTDIR --lang en`` writes
``quality-<tab>-<lang>.png`` (my-day, dashboard, satisfaction, feedback, improvements,
workload, standards) from a temporary demo database, as a supervisor sees them (the whole
office); the user's own files are not touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.ui.tools.tool_main import run_tool

TABS = (
    "my-day",
    "dashboard",
    "satisfaction",
    "feedback",
    "improvements",
    "workload",
    "standards",
)


def render(outdir: Path, language: str, clients: int = 300) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ciip_desktop.models import Role
    from ciip_desktop.store import Database
    from ciip_desktop.ui.fonts import install_fonts
    from ciip_desktop.ui.quality.screen import QualityScreen
    from ciip_desktop.ui.screenshot import render_window_png

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_fonts(app)
    i18n.set_language(language)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ciip-quality-shots-") as home:
        db = Database.open(Path(home) / "shots.sqlite3")
        try:
            ctx = ServiceContext.open(db)
            services = Services.build(ctx)
            DemoService(ctx).fill(ctx.counsellor_actor(), clients)
            screen = QualityScreen(services, Actor("", "Supervisor", Role.SUPERVISOR))
            screen.resize(1400, 820)
            for i, key in enumerate(TABS):
                screen.tabs.setCurrentIndex(i)
                if key == "dashboard":
                    table = screen.dashboard.table
                    table.cellClicked.emit(0, table.columnCount() - 2)
                written.append(outdir / f"quality-{key}-{language}.png")
                render_window_png(screen, written[-1])
            screen.hide()
            screen.deleteLater()
            app.processEvents()
        finally:
            db.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool(render, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
