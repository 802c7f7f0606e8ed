"""Packages for a group session: ask for the session and the folder, then issue every
attendee's package on the worker with a progress dialog whose Cancel stops it.

The worker processes that lay the PDFs out start as soon as the counsellor opens the dialog,
so they are ready (reportlab and the font loaded) by the time the batch begins.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ciip_desktop.documents.render_pool import RenderPool
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import ProgressFn, Task, TaskRunner


class BatchLauncher:
    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        options: Callable[[], tuple[str, str]],
        parent: QWidget,
    ) -> None:
        self.services = services
        self.actor = actor
        self.runner = runner
        self.options = options  # the package language and paper chosen in the builder
        self.parent = parent
        self.message = ""  # what the last batch wrote (tests read it)

    def ask(self) -> Task | None:
        """The dialogs, then the batch (None when the counsellor cancels)."""
        pool = RenderPool()
        pool.start()  # ready while the counsellor chooses
        session_id, ok = QInputDialog.getText(
            self.parent,
            _("Packages for a group session"),
            _("Group session (its date, YYYY-MM-DD):"),
        )
        folder = ""
        if ok and session_id.strip():
            folder = QFileDialog.getExistingDirectory(
                self.parent, _("Folder for the packages"), str(Path.home())
            )
        if not folder:
            pool.close(wait=False)
            return None
        return self.start(session_id.strip(), Path(folder), pool)

    def start(self, session_id: str, folder: Path, pool: RenderPool | None = None) -> Task:
        """Issue the packages of the session's attendees into ``folder`` on the worker, with
        a progress dialog whose Cancel stops handing out packages (those written stay issued)."""
        from ciip_desktop.services.packages.batch import BatchResult, build_batch

        builder, issuer, actor = self.services.packages, self.services.issuer, self.actor
        language, paper = self.options()

        def work(progress: ProgressFn) -> BatchResult:
            try:
                client_ids = builder.session_attendees(session_id)
                stop = not progress(0, len(client_ids))

                def report(done: int, total: int) -> None:
                    nonlocal stop
                    stop = stop or not progress(done, total)

                return build_batch(
                    builder, actor, client_ids, folder, language, paper,
                    progress=report, cancelled=lambda: stop, issuer=issuer, pool=pool,
                )  # fmt: skip
            finally:
                if pool is not None:
                    pool.close()

        def done(result: BatchResult) -> None:
            text = ngettext(
                "Wrote {n} package into {dir}.",
                "Wrote {n} packages into {dir}.",
                len(result.written),
            ).format(n=len(result.written), dir=folder)
            if result.cancelled:
                text += "\n" + _("Stopped before the end, as asked.")
            self.message = text
            QMessageBox.information(self.parent, _("Packages for a group session"), text)

        task = self.runner.run_with_progress(work, on_done=done, name="package batch")
        DelayedProgress(task, _("Building the packages…"), self.parent)
        return task
