"""The one command line of the screenshot tools: an output folder, a language, a scratch home."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

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
