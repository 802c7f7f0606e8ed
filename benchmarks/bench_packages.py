"""Information packages: one ~12-page bilingual package vs plain reportlab, and a batch of 40.

The floor is plain reportlab laying out the very same flowables in the same process with its
own recipe for a document with contents (``SimpleDocTemplate.multiBuild`` and TOC entries
from ``afterFlowable``; without the entries the contents would stay empty and reportlab would
stop after one pass). The package's own cost (reading the record, choosing and writing its
content in two languages, running headers, "page X of Y", the outline) must stay within
1.3× of it and under 0.5 s. The font is registered once, before either is timed.

The batch's floor is one package of the batch's kind made on its own in this process (record
to PDF; with issuing, ``issue()``), measured in the same run: 40 packages must take at most
40× that ÷ 1.7 (both cores). Timed in one process, then on two worker processes started by
the batch itself ("cold") and started beforehand, as the builder does when the batch dialog
opens ("warm"). The machine's load (``uptime``) is printed beside the figures.
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import report, timed
from ciip_desktop.documents.fonts import body_font
from ciip_desktop.documents.package_pdf import PAPER, render_package, story
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    AssessmentInput,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages.types import PackageDraft
from ciip_desktop.store import Database

BATCH = 40


def _client(services: Services, actor: Actor, n: int) -> str:
    today = date.today()
    client_id = services.clients.register(
        actor,
        RegistrationInput(
            family_name="Wang",
            given_name=f"Wei{n}",
            chinese_name=f"王伟{n}",
            received_on=today - timedelta(days=20),
            signature_on_file=True,
            signature_date=today - timedelta(days=21),
        ),
    ).id
    services.assessments.save(
        actor,
        client_id,
        AssessmentInput(
            destination_province="ON",
            destination_city="Toronto",
            expected_departure=today + timedelta(days=60),
            intended_noc="21300",
            english_clb=7,
            concerns=("licensing", "housing", "schools", "health", "money"),
            accompanying_family="spouse and two children",
        ),
        complete=True,
    )
    for k in range(4):
        services.casework.add_step(
            actor, client_id, ActionStepInput(f"Step {k}: send documents", today + timedelta(k))
        )
    return client_id


def _twelve_pages(services: Services, client_id: str) -> PackageDraft:
    draft = services.packages.propose(client_id, "bilingual")
    draft.note = "Bring the originals of your diplomas & transcripts. " * 6
    for view in services.library.items():
        if view.kind in ("licensing", "settlement", "job_search", "credentials"):
            services.packages.add_item(draft, view.id)
    return draft


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CIIP_HOME"] = folder
        db = Database.open(Path(folder) / "bench.sqlite3")
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        actor = ctx.counsellor_actor()
        services.library.ensure_defaults()
        client_id = _client(services, actor, 0)
        draft = _twelve_pages(services, client_id)

        started = time.perf_counter()
        font = body_font()
        print(f"  font registration, once per process: {time.perf_counter() - started:.2f} s")
        pdf = render_package(services.packages.document(draft, "Li Na"))
        import pypdf

        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        document = services.packages.document(draft, "Li Na")

        from reportlab.platypus import Paragraph, SimpleDocTemplate

        class PlainWithContents(SimpleDocTemplate):  # type: ignore[misc]
            """reportlab's own recipe for a document with contents (its user guide)."""

            def afterFlowable(self, flowable: object) -> None:
                if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
                    self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))

        def plain() -> None:
            doc = PlainWithContents(io.BytesIO(), pagesize=PAPER["a4"])
            doc.multiBuild(story(document, font))

        ours = statistics.median(
            timed(lambda: render_package(services.packages.document(draft, "Li Na")), 7)
        )
        floor = statistics.median(timed(plain, 7))
        report(
            f"bilingual package, {pages} pages, record to PDF", ours, "s", floor, "< 0.5 s, ≤ 1.3×"
        )

        ids = [_client(services, actor, n) for n in range(1, BATCH + 1)]
        _batches(services, actor, ids, Path(folder))
        db.close()


def _load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _batches(services: Services, actor: Actor, ids: list[str], folder: Path) -> None:
    """Wall time beside the floor, and the CPU the batch spends (this process and its
    workers), which the machine's load does not change: on a shared machine the processes of
    one session share one scheduler group, so a second worker gets no more CPU there."""
    from ciip_desktop.documents.package_pdf import render_package
    from ciip_desktop.documents.render_pool import RenderPool
    from ciip_desktop.services.packages.batch import build_batch

    spare = _client(services, actor, BATCH + 1)  # the floor's client, issued again and again

    def one() -> None:
        draft = services.packages.propose(spare, "bilingual")
        render_package(services.packages.document(draft, actor.display_name))

    def one_issued() -> None:
        services.issuer.issue(actor, services.packages.propose(spare, "bilingual"))

    idle = _children_cpu()
    RenderPool(2).__enter__().close()  # what starting two workers costs (CPU)
    start_cpu = _children_cpu() - idle
    print(f"  starting 2 workers: {start_cpu:.2f} s CPU in all")
    for issuing, single in ((False, one), (True, one_issued)):
        single()
        cpu = time.process_time()
        floor = statistics.median(timed(single, 7)) * BATCH / 1.7
        one_cpu = (time.process_time() - cpu) / 7
        what = "issued" if issuing else "drafts"
        print(f"  one package ({what}) {floor * 1.7 / BATCH:.3f} s, {one_cpu:.3f} s CPU; {_load()}")
        for label, workers, warm in (("1 process", 1, False), ("2 workers, cold", 2, False),
                                     ("2 workers, warm", 2, True)):  # fmt: skip
            out = folder / f"batch-{what}-{workers}-{warm}"
            pool = RenderPool(2) if warm else None
            if pool is not None:
                pool.start()
                time.sleep(1.5)  # the counsellor choosing the session and the folder
            cpu, children = time.process_time(), _children_cpu()
            start = time.perf_counter()
            result = build_batch(
                services.packages, actor, ids, out, "bilingual", workers=workers,
                issuer=services.issuer if issuing else None, pool=pool,
            )  # fmt: skip
            took = time.perf_counter() - start
            main_cpu = time.process_time() - cpu
            if pool is not None:
                pool.close()
            workers_cpu = _children_cpu() - children - (start_cpu if warm else 0.0)
            assert len(result.written) == BATCH
            report(
                f"batch of {BATCH} ({what}), {label}", took, "s", floor,
                f"≤ 1.00x (40 × one ÷ 1.7); {_load()}",
            )  # fmt: skip
            spent = main_cpu + workers_cpu
            # With both cores free the batch takes about its CPU shared over two cores (never
            # less than what this process does alone), against the same floor in CPU.
            both = max(spent / 2, main_cpu) if workers > 1 else spent
            cpu_floor = one_cpu * BATCH / 1.7
            print(
                f"    CPU: this process {main_cpu:.2f} s + workers {workers_cpu:.2f} s "
                f"= {spent / BATCH * 1000:.0f} ms a package (alone: {one_cpu * 1000:.0f} ms); "
                f"on {min(workers, 2)} free core(s) ≈ {both:.2f} s = {both / cpu_floor:.2f}x "
                f"the floor in CPU ({cpu_floor:.2f} s)"
            )
