"""Maintain the message catalogs: ``update`` extracts and merges, ``compile`` builds ``.mo``.

Run as ``python -m ciip_desktop.i18n_build update|compile`` (``make translations``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ciip_desktop.config import PACKAGE_DIR, TRANSLATIONS_DIR
from ciip_desktop.i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE, compile_po, po_path

POT = TRANSLATIONS_DIR / f"{DOMAIN}.pot"
TARGET_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def extract(output: Path = POT) -> None:
    """Extract every ``_()``, ``N_()`` and ``ngettext()`` message of the package to ``output``."""
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(  # type: ignore[no-untyped-call]
        [
            "pybabel", "-q", "extract", "--no-location", "--sort-output",
            "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
            "--project", "CIIP Desktop", "--copyright-holder", "CIIP Desktop",
            "-o", str(output), str(PACKAGE_DIR),
        ]
    )  # fmt: skip


def update() -> None:
    from babel.messages.frontend import CommandLineInterface

    extract()
    for lang in [SOURCE_LANGUAGE, *TARGET_LANGUAGES]:
        po = po_path(lang)
        verb = "update" if po.exists() else "init"
        po.parent.mkdir(parents=True, exist_ok=True)
        args = ["pybabel", "-q", verb, "-D", DOMAIN, "-i", str(POT), "-d", str(TRANSLATIONS_DIR)]
        args += ["-l", lang]
        if verb == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        CommandLineInterface().run(args)  # type: ignore[no-untyped-call]


def compile_all() -> list[Path]:
    written = []
    for lang in [SOURCE_LANGUAGE, *TARGET_LANGUAGES]:
        po = po_path(lang)
        if po.exists():
            mo = po.with_suffix(".mo")
            mo.write_bytes(compile_po(po))
            written.append(mo)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["update"]:
        update()
    elif args == ["compile"]:
        compile_all()
    else:
        print("usage: python -m ciip_desktop.i18n_build update|compile", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
