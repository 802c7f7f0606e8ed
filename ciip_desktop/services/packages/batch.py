"""Packages for many clients at once (a group session's attendees), on both cores.

The drafts and their content are read from the database here; the PDFs are laid out in
worker processes (reportlab is pure Python, so threads would share one core). Progress is
reported per finished package; a cancel request stops handing out new work.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ciip_desktop.documents.package_doc import PackageDocument
from ciip_desktop.documents.package_pdf import write_package
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.builder import PackageBuilder


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    cancelled: bool = False


def build_batch(
    builder: PackageBuilder,
    actor: Actor,
    client_ids: Sequence[str],
    out_dir: Path,
    language: str = "en",
    paper: str = "a4",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int | None = None,
) -> BatchResult:
    """Write ``package-<file no>.pdf`` for each client into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    total = len(client_ids)
    jobs: list[tuple[PackageDocument, str]] = []
    for client_id in client_ids:
        if cancelled():
            result.cancelled = True
            return result
        draft = builder.propose(client_id, language, paper)
        document = builder.document(draft, actor.display_name)
        jobs.append((document, str(out_dir / f"package-{draft.file_no}.pdf")))
    count = workers or min(2, os.cpu_count() or 1)
    if count < 2 or len(jobs) < 4:  # starting worker processes costs more than it saves
        for number, (document, path) in enumerate(jobs, start=1):
            if cancelled():
                result.cancelled = True
                break
            result.written.append(Path(write_package(document, path)))
            if progress is not None:
                progress(number, total)
        return result
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        pending: set[Future[str]] = set()
        queue = list(jobs)
        while queue or pending:
            while queue and len(pending) < 2 * count and not cancelled():
                document, path = queue.pop(0)
                pending.add(pool.submit(write_package, document, path))
            if cancelled() and queue:
                result.cancelled = True
                queue.clear()
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result.written.append(Path(future.result()))
                if progress is not None:
                    progress(len(result.written), total)
    result.written.sort()
    return result
