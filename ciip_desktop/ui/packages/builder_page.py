"""The package builder: pick a client, review the proposed items, preview, issue and send.

The page arranges its parts: :class:`ClientPicker` (whose package), the items in print order
with why each is in, the personal note, the notices, :class:`VersionsPanel` (issue, print,
e-mail, save, issued versions), the live preview, and :class:`BatchLauncher` (a group
session's packages).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.types import LANGUAGES, PAPERS, IssuedView, PackageDraft
from ciip_desktop.ui.packages.batch_launcher import BatchLauncher
from ciip_desktop.ui.packages.client_picker import ClientPicker
from ciip_desktop.ui.packages.labels import LANGUAGE_LABELS, PAPER_LABELS, item_title
from ciip_desktop.ui.packages.preview import PdfPreview
from ciip_desktop.ui.packages.versions_panel import VersionsPanel
from ciip_desktop.ui.worker import Task, TaskRunner

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

        self.picker = ClientPicker(services.search)
        self.search_box, self.results = self.picker.search_box, self.picker.results
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
        self.batch_button = QPushButton()
        self.preview = PdfPreview()
        self.output = VersionsPanel(services, actor, self.preview, lambda: self.draft)
        self.print_button, self.versions = self.output.print_button, self.output.versions
        self.batch = BatchLauncher(services, actor, runner, self._options, self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._layout()
        self._connect()
        self._set_enabled(False)
        self.retranslate_ui()

    def _layout(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.picker, 1)
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
        mv.addWidget(self.output)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.preview)
        splitter.setSizes([220, 380, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.picker.chosen.connect(self.open_client)
        self.language.currentIndexChanged.connect(lambda _i: self._on_options())
        self.paper.currentIndexChanged.connect(lambda _i: self._on_options())
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button.clicked.connect(self.remove_item)
        self.add_button.clicked.connect(self.choose_item)
        self.note.textChanged.connect(self._on_note)
        self.batch_button.clicked.connect(self.batch.ask)

    def retranslate_ui(self) -> None:
        self.picker.retranslate_ui()
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
        self.batch_button.setText(_("Packages for a group session…"))
        self.output.retranslate_ui()
        if self.draft is not None:
            self._fill_items()
            self._show_notices()
        else:
            self.client_label.setText(_("Choose a client to build their package."))

    # ---- client ---------------------------------------------------------------------------

    def search(self) -> None:
        self.picker.search()

    def open_client(self, client_id: str) -> None:
        """Propose the client's package and show it."""
        self.titles = {v.id: item_title(v) for v in self.services.library.items()}
        language, paper = self._options()
        self.draft = self.services.packages.propose(client_id, language, paper)
        self.note.blockSignals(True)
        self.note.setPlainText("")
        self.note.blockSignals(False)
        detail = self.services.clients.get(self.actor, client_id)
        self.client_label.setText(_("Package for {file_no}").format(file_no=detail.file_no))
        self._set_enabled(True)
        self._fill_items()
        self.output.fill_versions()
        self._changed()

    def _options(self) -> tuple[str, str]:
        return str(self.language.currentData()), str(self.paper.currentData())

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.items, self.up_button, self.down_button, self.remove_button, self.add_button,
            self.note, self.output,
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
            self.draft.language, self.draft.paper = self._options()
            self._changed()

    # ---- notices and preview --------------------------------------------------------------

    def _changed(self) -> None:
        self._show_notices()
        self._timer.start()
        self.output.shown_version = None

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
        self.output.shown_version = None
        self.previewed += 1

    # ---- issuing, sending, batch (their own parts) ----------------------------------------

    def issue(self, channel: str = "saved", confirm: bool = True) -> IssuedView | None:
        return self.output.issue(channel, confirm)

    def _show_version(self, item: QListWidgetItem) -> None:
        self._timer.stop()
        self.output.show_version(item)

    @property
    def batch_message(self) -> str:
        return self.batch.message

    def start_batch(self, session_id: str, folder: Path) -> Task:
        return self.batch.start(session_id, folder)
