"""Pictures of the Calendar screen's views for the documentation, drawn offscreen.

``python -m ciip_desktop.ui.tools.calendar_views OUTDIR --lang en`` writes
``calendar-month-<lang>.png``, ``calendar-week-<lang>.png``, ``calendar-day-<lang>.png`` and
``calendar-list-<lang>.png`` from a temporary demo database (its calendar included), with a
group session selected; the user's own files are not touched.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from ciip_desktop.services.demo import DemoService
from ciip_desktop.ui.tools.tool_main import discard, run_tool, scratch_office

VIEWS = ("month", "week", "day", "list")


def render(outdir: Path, language: str, clients: int = 300) -> list[Path]:
    from ciip_desktop.ui.calendar.screen import CalendarScreen
    from ciip_desktop.ui.screenshot import render_window_png

    written: list[Path] = []
    with scratch_office(language, "ciip-calendar-shots-") as (ctx, services):
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
        discard(screen)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool(render, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
