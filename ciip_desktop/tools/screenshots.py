"""Render every screen in every interface language to PNG files (``make screenshots``).

Run as ``python -m ciip_desktop.tools.screenshots OUTDIR``: files are ``<screen>-<lang>.png``.

Each picture goes through the application's own ``--screenshot`` path, against one demo
database made in a temporary folder, so the user's own files are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ciip_desktop import app
from ciip_desktop.i18n import LANGUAGES
from ciip_desktop.ui.navigation import SCREEN_KEYS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    parser.add_argument("--demo-clients", type=int, default=app.DEFAULT_DEMO_CLIENTS)
    parser.add_argument("--lang", action="append", help="only these languages (repeatable)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    languages = args.lang or list(LANGUAGES)
    args.outdir.mkdir(parents=True, exist_ok=True)
    previous_home = os.environ.get("CIIP_HOME")
    with tempfile.TemporaryDirectory(prefix="ciip-screenshots-") as home:
        os.environ["CIIP_HOME"] = home
        try:
            return _render_all(args.outdir, Path(home) / "demo.sqlite3", languages, args)
        finally:
            if previous_home is None:
                os.environ.pop("CIIP_HOME", None)
            else:
                os.environ["CIIP_HOME"] = previous_home


def _render_all(outdir: Path, db: Path, languages: Sequence[str], args: argparse.Namespace) -> int:
    for lang in languages:
        for screen in SCREEN_KEYS:
            out = outdir / f"{screen}-{lang}.png"
            code = app.main(
                [
                    *("--db", str(db), "--lang", lang, "--screen", screen),
                    *("--screenshot", str(out), "--demo-clients", str(args.demo_clients)),
                ]
            )
            if code != 0:
                return code
            print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
