"""Worker processes that lay packages out on every core (reportlab is pure Python, so threads
would share one core).

Each worker imports reportlab and registers the bundled font once, when it starts; a pool is
started early (when the counsellor opens the batch dialog, or at the start of a batch while
the database is read), so a batch's packages go straight to warm workers. Workers are
spawned, not forked: the application has threads (Qt, the database worker).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from ciip_desktop.documents.package_doc import PackageDocument


def default_workers() -> int:
    return min(2, os.cpu_count() or 1)


def _ready() -> None:
    """Run once in each worker as it starts: the font, reportlab and a tiny package laid out
    (both scripts, a table, a link), so the first real package finds every cache warm."""
    from ciip_desktop.documents.package_doc import CoverField, Links, Section, Table, Text
    from ciip_desktop.documents.package_pdf import render_package

    blocks = (
        Text("Warm-up"),
        Text("预热", cjk=True),
        Table(("a", "b"), (("1", "2"),), cjk=True),
        Links(("https://example.org/",)),
    )
    tiny = PackageDocument(
        title="-", subtitle="-", author="-", subject="-", language="en",
        names=("-", "-"), cover=(CoverField("-", "-"),), contents_title="-",
        header="-", page_label="{page}/{pages}", sections=(Section("-", blocks),),
    )  # fmt: skip
    render_package(tiny)


def _started() -> int:
    return os.getpid()


def lay_out(document: PackageDocument, path: str, keep: bool) -> bytes:
    """Lay ``document`` out into the file ``path``; its bytes when ``keep`` (to be issued)."""
    from ciip_desktop.documents.package_pdf import render_package

    pdf = render_package(document)
    with open(path, "wb") as fh:
        fh.write(pdf)
    return pdf if keep else b""


class RenderPool:
    """A few worker processes, started by :meth:`start` and stopped by :meth:`close`."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start every worker now (they get ready while the caller does other work)."""
        if self._pool is not None:
            return
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ready,
        )
        for _n in range(self.workers):
            self._pool.submit(_started)  # a pool spawns a worker per task it cannot place

    def submit(self, document: PackageDocument, path: str, keep: bool) -> Future[bytes]:
        self.start()
        assert self._pool is not None
        return self._pool.submit(lay_out, document, path, keep)

    def close(self, wait: bool = True) -> None:
        """Stop the workers (``wait=False``: let them exit in the background)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> RenderPool:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
