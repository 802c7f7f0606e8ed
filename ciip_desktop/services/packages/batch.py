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
from ciip_desktop.services.packages.issuing import PackageIssuer
from ciip_desktop.services.packages.types import PackageDraft


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class _Job:
    document: PackageDocument
    path: str
    draft: PackageDraft
    version: int | None  # the version it is issued as, or None: a draft


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
    issuer: PackageIssuer | None = None,
) -> BatchResult:
    """Write ``package-<file no>.pdf`` for each client into ``out_dir``; with ``issuer``
    each is issued (its next version, kept as written) as soon as its PDF is written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    total = len(client_ids)
    jobs: list[_Job] = []
    for client_id in client_ids:
        if cancelled():
            result.cancelled = True
            return result
        draft = builder.propose(client_id, language, paper)
        path = str(out_dir / f"package-{draft.file_no}.pdf")
        if issuer is not None:
            version, document = issuer.prepare(actor, draft)
            jobs.append(_Job(document, path, draft, version))
        else:
            jobs.append(_Job(builder.document(draft, actor.display_name), path, draft, None))

    def finished(job: _Job) -> None:
        if issuer is not None and job.version is not None:
            issuer.record(actor, job.draft, job.version, Path(job.path).read_bytes())
        result.written.append(Path(job.path))
        if progress is not None:
            progress(len(result.written), total)

    count = workers or min(2, os.cpu_count() or 1)
    if count < 2 or len(jobs) < 4:  # starting worker processes costs more than it saves
        for job in jobs:
            if cancelled():
                result.cancelled = True
                break
            write_package(job.document, job.path)
            finished(job)
        return result
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        pending: dict[Future[str], _Job] = {}
        queue = list(jobs)
        while queue or pending:
            while queue and len(pending) < 2 * count and not cancelled():
                job = queue.pop(0)
                pending[pool.submit(write_package, job.document, job.path)] = job
            if cancelled() and queue:
                result.cancelled = True
                queue.clear()
            if not pending:
                break
            done, _rest = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                future.result()
                finished(pending.pop(future))
    result.written.sort()
    return result
