"""The package builder: pick a client, review the proposed items, preview, issue and send."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_datetime, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.clients import find_clients
from ciip_desktop.services.packages.types import LANGUAGES, PAPERS, IssuedView, PackageDraft
from ciip_desktop.ui.packages.labels import LANGUAGE_LABELS, PAPER_LABELS, item_title
from ciip_desktop.ui.packages.output import open_file, print_with_dialog, save_bytes
from ciip_desktop.ui.packages.preview import PdfPreview
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import ProgressFn, Task, TaskRunner

ROLE = Qt.ItemDataRole.UserRole
PREVIEW_DELAY_MS = 400


class BuilderPage(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("package-builder")
        self.services = services
        self.actor = actor
        self.runner = runner
        self.draft: PackageDraft | None = None
        self.titles: dict[str, str] = {}
        self.previewed = 0  # number of previews shown (tests wait on it)
        self.batch_message = ""
        # The issued version the preview shows (printed or e-mailed as is), else None: a draft.
        self.shown_version: str | None = None

        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("package-clients")
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem("", code)
        self.paper = QComboBox()
        for code in PAPERS:
            self.paper.addItem("", code)
        self.client_label = QLabel()
        self.client_label.setWordWrap(True)
        self.items = QListWidget()
        self.items.setObjectName("package-items")
        self.items.setWordWrap(True)
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button = QPushButton()
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(80)
        self.notices = QLabel()
        self.notices.setObjectName("package-notices")
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.PlainText)
        self.issue_button = QPushButton()
        self.print_button = QPushButton()
        self.email_button = QPushButton()
        self.save_button = QPushButton()
        self.batch_button = QPushButton()
        self.versions = QListWidget()
        self.versions.setObjectName("package-versions")
        self.versions.setMaximumHeight(110)
        self.preview = PdfPreview()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._layout()
        self._connect()
        self._set_enabled(False)
        self.retranslate_ui()
        self.search()  # the first clients in file-number order, before anything is typed

    def _layout(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.search_label = QLabel()
        lv.addWidget(self.search_label)
        lv.addWidget(self.search_box)
        lv.addWidget(self.results, 1)
        lv.addWidget(self.batch_button)

        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(self.client_label)
        form = QFormLayout()
        self.language_label = QLabel()
        self.paper_label = QLabel()
        form.addRow(self.language_label, self.language)
        form.addRow(self.paper_label, self.paper)
        mv.addLayout(form)
        self.items_label = QLabel()
        mv.addWidget(self.items_label)
        mv.addWidget(self.items, 1)
        row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button, self.add_button):
            row.addWidget(button)
        mv.addLayout(row)
        self.note_label = QLabel()
        mv.addWidget(self.note_label)
        mv.addWidget(self.note)
        mv.addWidget(self.notices)
        actions = QHBoxLayout()
        for button in (self.issue_button, self.print_button, self.email_button, self.save_button):
            actions.addWidget(button)
        mv.addLayout(actions)
        self.versions_label = QLabel()
        mv.addWidget(self.versions_label)
        mv.addWidget(self.versions)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.preview)
        splitter.setSizes([220, 380, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.search_box.returnPressed.connect(self.search)
        self.search_box.textChanged.connect(lambda _t: self.search())
        self.results.currentItemChanged.connect(self._on_result)
        self.language.currentIndexChanged.connect(lambda _i: self._on_options())
        self.paper.currentIndexChanged.connect(lambda _i: self._on_options())
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button.clicked.connect(self.remove_item)
        self.add_button.clicked.connect(self.choose_item)
        self.note.textChanged.connect(self._on_note)
        self.issue_button.clicked.connect(lambda: self.issue())
        self.print_button.clicked.connect(self.print_package)
        self.email_button.clicked.connect(self.email_package)
        self.save_button.clicked.connect(self.save_pdf)
        self.versions.itemDoubleClicked.connect(self._show_version)
        self.batch_button.clicked.connect(self.batch_dialog)

    def retranslate_ui(self) -> None:
        self.search_label.setText(_("Client (file number, name or phone):"))
        self.search_box.setPlaceholderText(_("Find a client"))
        for i in range(self.language.count()):
            self.language.setItemText(i, _(LANGUAGE_LABELS[self.language.itemData(i)]))
        for i in range(self.paper.count()):
            self.paper.setItemText(i, _(PAPER_LABELS[self.paper.itemData(i)]))
        self.language_label.setText(_("Language:"))
        self.paper_label.setText(_("Paper:"))
        self.items_label.setText(_("Items (in print order, with why each is in):"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self.remove_button.setText(_("Remove"))
        self.add_button.setText(_("Add item…"))
        self.note_label.setText(_("Personal note to the client:"))
        self.issue_button.setText(_("Issue version"))
        self.print_button.setText(_("Print…"))
        self.email_button.setText(_("E-mail…"))
        self.save_button.setText(_("Save PDF…"))
        self.batch_button.setText(_("Packages for a group session…"))
        self.versions_label.setText(_("Issued versions (double-click to open):"))
        if self.draft is not None:
            self._fill_items()
            self._show_notices()
            self._fill_versions()
        else:
            self.client_label.setText(_("Choose a client to build their package."))

    # ---- client ---------------------------------------------------------------------------

    def search(self) -> None:
        text = self.search_box.text().strip()
        self.results.clear()
        for choice in find_clients(self.services.search, text):
            label = f"{choice.file_no}  {choice.name}"
            if choice.destination:
                label += f" — {choice.destination}"
            item = QListWidgetItem(label)
            item.setData(ROLE, choice.id)
            self.results.addItem(item)

    def _on_result(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.open_client(str(current.data(ROLE)))

    def open_client(self, client_id: str) -> None:
        """Propose the client's package and show it."""
        self.titles = {v.id: item_title(v) for v in self.services.library.items()}
        language = str(self.language.currentData())
        paper = str(self.paper.currentData())
        self.draft = self.services.packages.propose(client_id, language, paper)
        self.note.blockSignals(True)
        self.note.setPlainText("")
        self.note.blockSignals(False)
        detail = self.services.clients.get(self.actor, client_id)
        self.client_label.setText(_("Package for {file_no}").format(file_no=detail.file_no))
        self._set_enabled(True)
        self._fill_items()
        self._fill_versions()
        self._changed()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.items, self.up_button, self.down_button, self.remove_button, self.add_button,
            self.note, self.issue_button, self.print_button, self.email_button,
            self.save_button, self.versions,
        ):  # fmt: skip
            widget.setEnabled(enabled)

    # ---- items ----------------------------------------------------------------------------

    def _fill_items(self) -> None:
        assert self.draft is not None
        row = self.items.currentRow()
        self.items.clear()
        why = _("why:")
        for entry in self.draft.items:
            title = self.titles.get(entry.item_id, entry.item_id)
            item = QListWidgetItem(f"{title}\n    {why} {entry.reason}")
            item.setData(ROLE, entry.item_id)
            self.items.addItem(item)
        if self.items.count():
            self.items.setCurrentRow(min(max(row, 0), self.items.count() - 1))

    def move_item(self, step: int) -> None:
        if self.draft is None:
            return
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self.draft.items):
            return
        entries = self.draft.items
        entries[row], entries[target] = entries[target], entries[row]
        self._fill_items()
        self.items.setCurrentRow(target)
        self._changed()

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if self.draft is None or row < 0:
            return
        del self.draft.items[row]
        self._fill_items()
        self._changed()

    def choose_item(self) -> None:
        if self.draft is None:
            return
        present = {d.item_id for d in self.draft.items}
        choices = [(title, i) for i, title in self.titles.items() if i not in present]
        if not choices:
            return
        labels = [title for title, _i in choices]
        label, ok = QInputDialog.getItem(self, _("Add item"), _("Library item:"), labels, 0, False)
        if ok and label in labels:
            self.add_item(choices[labels.index(label)][1])

    def add_item(self, item_id: str) -> None:
        if self.draft is None:
            return
        self.services.packages.add_item(self.draft, item_id)
        self._fill_items()
        self.items.setCurrentRow(self.items.count() - 1)
        self._changed()

    def _on_note(self) -> None:
        if self.draft is not None:
            self.draft.note = self.note.toPlainText()
            self._changed()

    def _on_options(self) -> None:
        if self.draft is not None:
            self.draft.language = str(self.language.currentData())
            self.draft.paper = str(self.paper.currentData())
            self._changed()

    # ---- notices and preview --------------------------------------------------------------

    def _changed(self) -> None:
        self._show_notices()
        self._timer.start()
        self.shown_version = None

    def notice_lines(self) -> list[str]:
        if self.draft is None:
            return []
        lines = [_("To be completed: {what}").format(what=m) for m in self.draft.missing]
        lines += [w.text for w in self.services.packages.warnings(self.draft)]
        late = self.services.issuer.late_phone_session(
            self.draft.client_id, self.services.packages.next_appointment
        )
        if late is not None:
            lines.insert(
                0,
                _("Late: the package for the phone session should have gone out by {date}.").format(
                    date=late.isoformat()
                ),
            )
        return lines

    def _show_notices(self) -> None:
        lines = self.notice_lines()
        self.notices.setText("\n".join(f"• {line}" for line in lines))
        self.notices.setVisible(bool(lines))

    def refresh_preview(self) -> None:
        """Lay the draft out on the worker and show it (only while the page is on screen)."""
        if self.draft is None or not self.isVisible():
            return
        draft = dataclasses.replace(self.draft, items=list(self.draft.items))
        builder, name = self.services.packages, self.actor.display_name

        def work() -> bytes:
            from ciip_desktop.documents.package_pdf import render_package

            return render_package(builder.document(draft, name))

        self.runner.run(work, on_done=self._show_preview, name="package preview")

    def _show_preview(self, data: bytes) -> None:
        if not shiboken6.isValid(self.preview):
            return  # the screen was closed while the preview was being laid out
        self.preview.show_pdf(data)
        self.shown_version = None
        self.previewed += 1

    # ---- issuing and sending --------------------------------------------------------------

    def _fill_versions(self) -> None:
        self.versions.clear()
        if self.draft is None:
            return
        for view in self.services.issuer.versions(self.draft.client_id):
            self.versions.addItem(self._version_item(view))

    @staticmethod
    def _version_item(view: IssuedView) -> QListWidgetItem:
        how = {
            "print": _("printed"),
            "email": _("e-mailed"),
            "": _("not sent yet"),
        }.get(view.channel, view.channel)
        when = format_datetime(view.sent_at or view.issued_at, "short")
        item = QListWidgetItem(
            _("Version {n} — {language}, {how}, {when}").format(
                n=view.version, language=_(LANGUAGE_LABELS[view.language]), how=how, when=when
            )
        )
        item.setData(ROLE, view.id)
        return item

    def _confirm_warnings(self) -> bool:
        assert self.draft is not None
        warnings = self.services.packages.warnings(self.draft)
        if not warnings:
            return True
        text = "\n".join(f"• {w.text}" for w in warnings[:12])
        answer = QMessageBox.question(
            self,
            _("Check the package"),
            _("This package has warnings:\n{warnings}\n\nIssue it anyway?").format(warnings=text),
        )
        return answer == QMessageBox.StandardButton.Yes

    def issue(self, channel: str = "saved", confirm: bool = True) -> IssuedView | None:
        """Give the draft its next version (frozen) and show it; None when not confirmed."""
        if self.draft is None or (confirm and not self._confirm_warnings()):
            return None
        issued = self.services.issuer.issue(self.actor, self.draft, channel)
        self.preview.show_pdf(self.services.issuer.snapshot(issued.id))
        self.shown_version = issued.id
        self._fill_versions()
        return issued

    def _version_to_send(self) -> str | None:
        """The issued version shown (sent again as it is), or a new version of the draft."""
        if self.shown_version is not None:
            return self.shown_version
        if self.draft is None or not self._confirm_warnings():
            return None
        issued = self.issue(confirm=False)
        return issued.id if issued is not None else None

    def print_package(self) -> None:
        """Print the issued version shown, or issue the draft as a new version and print it."""
        version = self._version_to_send()
        if version is None:
            return
        if print_with_dialog(self.preview.pdf, self):
            self.services.issuer.record_sent(self.actor, version, "print")
            self._fill_versions()

    def email_package(self) -> None:
        version = self._version_to_send()
        if version is None:
            return
        try:
            message = self.services.issuer.email_message(version, self.actor.display_name)
        except UserError as err:
            QMessageBox.warning(self, _("CIIP Desktop"), err.message)
            return
        file_no = self.draft.file_no if self.draft else "package"
        path = save_bytes(self, message, f"package-{file_no}.eml", _("E-mail message (*.eml)"))
        if path is not None:
            open_file(path)
            self.services.issuer.record_sent(self.actor, version, "email")
            self._fill_versions()

    def save_pdf(self) -> None:
        if self.draft is None or not self.preview.data:
            return
        save_bytes(self, self.preview.data, f"package-{self.draft.file_no}.pdf", _("PDF (*.pdf)"))

    def _show_version(self, item: QListWidgetItem) -> None:
        """Open an issued version exactly as it went out (Print and E-mail then resend it)."""
        self._timer.stop()
        version = str(item.data(ROLE))
        self.preview.show_pdf(self.services.issuer.snapshot(version))
        self.shown_version = version

    # ---- batch ----------------------------------------------------------------------------

    def batch_dialog(self) -> None:
        session_id, ok = QInputDialog.getText(
            self, _("Packages for a group session"), _("Group session (its date, YYYY-MM-DD):")
        )
        if not ok or not session_id.strip():
            return
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the packages"), str(Path.home())
        )
        if folder:
            self.start_batch(session_id.strip(), Path(folder))

    def start_batch(self, session_id: str, folder: Path) -> Task:
        """Issue the packages of the session's attendees into ``folder`` on the worker, with
        a progress dialog whose Cancel stops handing out packages (those written stay issued)."""
        from ciip_desktop.services.packages.batch import BatchResult, build_batch

        builder, issuer, actor = self.services.packages, self.services.issuer, self.actor
        language, paper = str(self.language.currentData()), str(self.paper.currentData())

        def work(progress: ProgressFn) -> BatchResult:
            client_ids = builder.session_attendees(session_id)
            stop = not progress(0, len(client_ids))

            def report(done: int, total: int) -> None:
                nonlocal stop
                stop = stop or not progress(done, total)

            return build_batch(
                builder, actor, client_ids, folder, language, paper,
                progress=report, cancelled=lambda: stop, issuer=issuer,
            )  # fmt: skip

        def done(result: BatchResult) -> None:
            text = ngettext(
                "Wrote {n} package into {dir}.",
                "Wrote {n} packages into {dir}.",
                len(result.written),
            ).format(n=len(result.written), dir=folder)
            if result.cancelled:
                text += "\n" + _("Stopped before the end, as asked.")
            self.batch_message = text
            QMessageBox.information(self, _("Packages for a group session"), text)

        task = self.runner.run_with_progress(work, on_done=done, name="package batch")
        DelayedProgress(task, _("Building the packages…"), self)
        return task
