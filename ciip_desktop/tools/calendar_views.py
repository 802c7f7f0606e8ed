"""Pictures of the Calendar screen's views for the documentation, drawn offscreen.

``python -m ciip_desktop.tools.calendar_views OUTDIR --lang en`` writes
``calendar-month-<lang>.png``, ``calendar-week-<lang>.png``, ``calendar-day-<lang>.png`` and
``calendar-list-<lang>.png`` from a temporary demo database (its calendar included), with a
group session selected; the user's own files are not touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.tools.tool_main import run_tool

VIEWS = ("month", "week", "day", "list")


def render(outdir: Path, language: str, clients: int = 300) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ciip_desktop.store import Database
    from ciip_desktop.ui.calendar.screen import CalendarScreen
    from ciip_desktop.ui.fonts import install_fonts
    from ciip_desktop.ui.screenshot import render_window_png

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_fonts(app)
    i18n.set_language(language)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ciip-calendar-shots-") as home:
        db = Database.open(Path(home) / "shots.sqlite3")
        try:
            ctx = ServiceContext.open(db)
            services = Services.build(ctx)
            DemoService(ctx).fill(ctx.counsellor_actor(), clients)
            actor = ctx.counsellor_actor("lina")
            screen = CalendarScreen(services, actor)
            screen.resize(1400, 800)
            today = date.today()
            # The next group session with people on its list, for the day view and the panel.
            coming = [
                s
                for s in services.calendar.sessions.days(today, today + timedelta(days=21))
                if s.is_group and s.enrolled
            ]
            for key in VIEWS:
                screen.show_view(key)
                if coming:
                    screen.go_to(coming[0].day)
                screen.wait_loaded()  # the period is read on a worker
                if coming:
                    screen.view().select(coming[0].id)
                written.append(outdir / f"calendar-{key}-{language}.png")
                render_window_png(screen, written[-1])
            screen.close()  # joins the screen's reading thread
            screen.deleteLater()
            app.processEvents()
        finally:
            db.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool(render, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
