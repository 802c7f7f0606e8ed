"""Packages for many clients at once (a group session's attendees), on both cores.

The content of all the packages is read in a few queries (:mod:`batch_documents`) while the
worker processes start (:mod:`render_pool`: reportlab and the font loaded once per worker);
the workers lay the PDFs out, a few packages ahead of what is finished, so they never wait
and a cancel stops quickly. Finished packages are issued in groups, one transaction each.
Progress is reported per finished package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from ciip_desktop.documents.package_doc import PackageDocument
from ciip_desktop.documents.render_pool import RenderPool, default_workers, lay_out
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.batch_documents import batch_documents
from ciip_desktop.services.packages.builder import PackageBuilder
from ciip_desktop.services.packages.issuing import Laid, PackageIssuer, issued_document
from ciip_desktop.services.packages.types import PackageDraft

# Finished packages issued together in one transaction (fewer commits, same result).
ISSUE_GROUP = 8


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class _Job:
    draft: PackageDraft
    document: PackageDocument
    path: str
    version: int | None  # the version it is issued as, or None: a draft


class _Finisher:
    """Counts finished packages and issues them in groups."""

    def __init__(
        self,
        actor: Actor,
        issuer: PackageIssuer | None,
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.actor, self.issuer, self.total, self.progress = actor, issuer, total, progress
        self.result = BatchResult()
        self._waiting: list[Laid] = []

    def done(self, job: _Job, pdf: bytes) -> None:
        if self.issuer is not None and job.version is not None:
            self._waiting.append(Laid(job.draft, job.version, job.document, pdf))
            if len(self._waiting) >= ISSUE_GROUP:
                self.flush()
        self.result.written.append(Path(job.path))
        if self.progress is not None:
            self.progress(len(self.result.written), self.total)

    def flush(self) -> None:
        if self.issuer is not None and self._waiting:
            self.issuer.record_many(self.actor, self._waiting)
        self._waiting = []


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
    pool: RenderPool | None = None,
) -> BatchResult:
    """Write ``package-<file no>.pdf`` for each client into ``out_dir``; with ``issuer``
    each is issued (its next version, kept as written). ``pool``: workers started earlier
    (left running); without one the batch starts its own and stops it at the end."""
    if cancelled():
        return BatchResult(cancelled=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    count = pool.workers if pool is not None else workers or default_workers()
    own = None
    if pool is None and count >= 2 and len(client_ids) >= 4:
        own = pool = RenderPool(count)  # starting processes costs more than a few packages
        pool.start()  # the workers get ready while the database is read
    try:
        jobs = _jobs(builder, actor, client_ids, out_dir, language, paper, issuer)
        finisher = _Finisher(actor, issuer, len(jobs), progress)
        try:
            if pool is None:
                _inline(jobs, finisher, cancelled)
            else:
                _on_workers(pool, jobs, finisher, cancelled, issuer is not None)
        finally:
            finisher.flush()
    finally:
        if own is not None:
            own.close()
    finisher.result.written.sort()
    return finisher.result


def _jobs(
    builder: PackageBuilder,
    actor: Actor,
    client_ids: Sequence[str],
    out_dir: Path,
    language: str,
    paper: str,
    issuer: PackageIssuer | None,
) -> list[_Job]:
    versions = issuer.next_versions(client_ids) if issuer is not None else None
    jobs = []
    for draft, document in batch_documents(
        builder, client_ids, language, paper, actor.display_name, versions
    ):
        path = str(out_dir / f"package-{draft.file_no}.pdf")
        if versions is not None:
            document = issued_document(document)
        jobs.append(_Job(draft, document, path, versions[draft.client_id] if versions else None))
    return jobs


def _inline(jobs: list[_Job], finisher: _Finisher, cancelled: Callable[[], bool]) -> None:
    for job in jobs:
        if cancelled():
            finisher.result.cancelled = True
            return
        finisher.done(job, lay_out(job.document, job.path, keep=True))


def _on_workers(
    pool: RenderPool,
    jobs: list[_Job],
    finisher: _Finisher,
    cancelled: Callable[[], bool],
    keep: bool,
) -> None:
    pending: dict[Future[bytes], _Job] = {}
    queue = list(reversed(jobs))
    while queue or pending:
        while queue and len(pending) < 2 * pool.workers and not cancelled():
            job = queue.pop()
            pending[pool.submit(job.document, job.path, keep)] = job
        if cancelled() and queue:
            finisher.result.cancelled = True
            queue.clear()
        if not pending:
            break
        done, _rest = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            finisher.done(pending.pop(future), future.result())
