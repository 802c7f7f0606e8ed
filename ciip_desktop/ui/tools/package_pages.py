"""Render pages of a demo client's English and bilingual packages to PNG (for the README).

Run as ``python -m ciip_desktop.ui.tools.package_pages OUTDIR``: writes
``package-<language>-<page>.png`` for the cover and the first content pages, from a demo
database made in a temporary folder (the user's own files are never touched).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    parser.add_argument("--width", type=int, default=900, help="page width in pixels")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="ciip-pages-") as home:
        os.environ["CIIP_HOME"] = home
        return _render(args.outdir, Path(home), args.width)


def _render(outdir: Path, home: Path, width: int) -> int:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument
    from sqlalchemy import select

    from ciip_desktop.documents.package_pdf import render_package
    from ciip_desktop.models import Client, NeedsAssessment
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.services.demo import DemoService
    from ciip_desktop.store import Database

    app = QGuiApplication.instance() or QGuiApplication([])
    outdir.mkdir(parents=True, exist_ok=True)
    db = Database.open(home / "demo.sqlite3")
    ctx = ServiceContext.open(db)
    actor = ctx.counsellor_actor()
    DemoService(ctx).fill(actor, 40, seed=7)
    services = Services.build(ctx)
    services.library.ensure_defaults()
    with ctx.read() as session:
        client_id = session.scalars(
            select(Client.id)
            .join(NeedsAssessment, NeedsAssessment.client_id == Client.id)
            .where(NeedsAssessment.destination_province == "ON", NeedsAssessment.intended_noc != "")
            .order_by(Client.file_no)
        ).first()
    assert client_id is not None
    for language in ("en", "bilingual"):
        draft = services.packages.propose(client_id, language)
        pdf = render_package(services.packages.document(draft, actor.display_name))
        path = home / f"{language}.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        document.load(str(path))
        for page in (0, 2):
            size = document.pagePointSize(page)
            height = int(width * size.height() / size.width())
            image = document.render(page, QSize(width, height))
            out = outdir / f"package-{language}-{page + 1}.png"
            image.save(str(out))
            print(out)
        document.close()
    db.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
