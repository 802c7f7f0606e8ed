"""The `ciip` command: the same services as the desktop app, headless (admin, batch, cron).

Exit codes: 0 done, 1 a user error (one translated line on stderr, no traceback), 2 wrong
usage, 130 interrupted (Ctrl+C). The modules load inside :func:`main`, so that even a
Ctrl+C while they load ends without a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `ciip` command and return its exit code."""
    try:
        from ciip_desktop.cli.main import run

        return run(argv)
    except KeyboardInterrupt:
        print("ciip: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
