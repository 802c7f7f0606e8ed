"""Pictures of the Service quality screen's tabs for the documentation, drawn offscreen.

``python -m ciip_desktop.ui.tools.quality_views OUTDIR --lang en`` writes
``quality-<tab>-<lang>.png`` (my-day, dashboard, satisfaction, feedback, improvements,
workload, standards) from a temporary demo database, as a supervisor sees them (the whole
office); the user's own files are not touched.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ciip_desktop.services.context import Actor
from ciip_desktop.services.demo import DemoService
from ciip_desktop.ui.tools.tool_main import discard, run_tool, scratch_office

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
    from ciip_desktop.models import Role
    from ciip_desktop.ui.quality.screen import QualityScreen
    from ciip_desktop.ui.screenshot import render_window_png

    written: list[Path] = []
    with scratch_office(language, "ciip-quality-shots-") as (ctx, services):
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
        discard(screen)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool(render, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
