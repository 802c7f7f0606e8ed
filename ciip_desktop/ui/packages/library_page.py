"""The resource library: browse, edit, review, and import or export the items as JSON."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _, format_date, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.types import ItemView
from ciip_desktop.services.permissions import Action
from ciip_desktop.ui.packages.item_editor import ItemEditor
from ciip_desktop.ui.packages.labels import item_title, kind_label
from ciip_desktop.ui.security.role_gate import offer_only
from ciip_desktop.ui.worker import TaskRunner

ROLE = Qt.ItemDataRole.UserRole
COUNT_DELAY_MS = 300


class LibraryPage(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("package-library")
        self.services = services
        self.actor = actor
        self.runner = runner
        self.current: ItemView | None = None
        self.filter = QComboBox()
        self.filter.addItem("", "all")
        self.filter.addItem("", "queue")
        self.list = QListWidget()
        self.list.setObjectName("library-items")
        self.editor = ItemEditor()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.matches = QLabel()
        self.matches.setObjectName("library-matches")
        self.minor = QCheckBox()
        self.new_button = QPushButton()
        self.save_button = QPushButton()
        self.reviewed_button = QPushButton()
        self.delete_button = QPushButton()
        self.old_text_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.count_matches)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.filter)
        lv.addWidget(self.list, 1)
        io_row = QHBoxLayout()
        io_row.addWidget(self.import_button)
        io_row.addWidget(self.export_button)
        lv.addLayout(io_row)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(scroll, 1)
        rv.addWidget(self.matches)
        rv.addWidget(self.minor)
        buttons = QHBoxLayout()
        for button in (
            self.new_button, self.save_button, self.reviewed_button,
            self.old_text_button, self.delete_button,
        ):  # fmt: skip
            buttons.addWidget(button)
        rv.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 700])
        QVBoxLayout(self).addWidget(splitter)
        editing = (self.new_button, self.save_button, self.reviewed_button, self.delete_button)
        offer_only(actor, Action.LIBRARY_EDIT, *editing, self.import_button)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.currentItemChanged.connect(self._on_current)
        self.editor.rulesChanged.connect(self._count_timer.start)
        self.new_button.clicked.connect(self.new_item)
        self.save_button.clicked.connect(self.save)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.delete_button.clicked.connect(self.delete)
        self.old_text_button.clicked.connect(self.show_old_text)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.filter.setItemText(0, _("All items"))
        self.filter.setItemText(1, _("Review queue (overdue or stale translation)"))
        self.minor.setText(_("Minor correction: keep the translations current"))
        self.new_button.setText(_("New item"))
        self.save_button.setText(_("Save"))
        self.reviewed_button.setText(_("Mark reviewed"))
        self.delete_button.setText(_("Delete"))
        self.old_text_button.setText(_("Clients with the old text…"))
        self.import_button.setText(_("Import JSON…"))
        self.export_button.setText(_("Export JSON…"))
        self.editor.retranslate_ui()
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._count_timer.start()

    # ---- list -----------------------------------------------------------------------------

    def _label(self, view: ItemView) -> str:
        marks = []
        if view.zh_stale:
            marks.append(_("中文 stale"))
        if view.fr_stale:
            marks.append(_("French stale"))
        if view.overdue(self.services.library.today()):
            marks.append(_("review due"))
        text = f"{item_title(view)}  [{kind_label(view.kind)}]"
        return text + (f"  — {', '.join(marks)}" if marks else "")

    def reload(self, select_id: str | None = None) -> None:
        select_id = select_id or (self.current.id if self.current else None)
        queue = self.filter.currentData() == "queue"
        if queue:  # grouped by reviewer, each item labelled with whose review it awaits
            groups = self.services.library.review_queue()
            views = [v for name in sorted(groups) for v in groups[name]]
        else:
            views = self.services.library.items()
        self.list.blockSignals(True)
        self.list.clear()
        for view in views:
            label = self._label(view)
            if queue:
                label = f"{view.reviewer or '—'}: {label}"
            item = QListWidgetItem(label)
            item.setData(ROLE, view.id)
            item.setToolTip(_("Reviewer: {name}").format(name=view.reviewer or "—"))
            self.list.addItem(item)
            if view.id == select_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _on_current(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        self.show_item(self.services.library.item(str(current.data(ROLE))))

    def show_item(self, view: ItemView | None) -> None:
        self.current = view
        self.editor.set_value(view)
        if view is None:
            self.editor.status.setText(
                _("A new item: fill in at least the English title and text.")
            )
            return
        reviewed = format_date(view.reviewed_on) if view.reviewed_on else "—"
        self.editor.status.setText(
            _("Revision {rev}; last reviewed {date} by {name}.").format(
                rev=view.en_revision, date=reviewed, name=view.reviewer or "—"
            )
        )

    def count_matches(self) -> None:
        """Show how many current clients the rules being edited match (before saving)."""
        if not self.isVisible():
            return
        rules = self.editor.rules()
        library = self.services.library

        def done(count: int) -> None:
            if not shiboken6.isValid(self.matches):
                return  # the screen was closed meanwhile
            self.matches.setText(
                ngettext(
                    "These rules match {n} current client.",
                    "These rules match {n} current clients.",
                    count,
                ).format(n=count)
            )

        self.runner.run(lambda: library.count_matching(rules), on_done=done, name="rule matches")

    # ---- actions --------------------------------------------------------------------------

    def new_item(self) -> None:
        self.list.clearSelection()
        self.show_item(None)

    def save(self) -> ItemView | None:
        try:
            view = self.services.library.save(
                self.actor,
                self.editor.value(),
                self.current.id if self.current else None,
                substantive=not self.minor.isChecked(),
            )
        except ValidationError as err:
            reasons = "\n".join(err.fields.values())
            QMessageBox.warning(self, _("CIIP Desktop"), f"{err.message}\n{reasons}")
            return None
        self.minor.setChecked(False)
        self.current = view
        self.reload(view.id)
        self.show_item(view)
        return view

    def mark_reviewed(self) -> None:
        if self.current is None:
            return
        view = self.services.library.mark_reviewed(self.actor, self.current.id)
        self.reload(view.id)
        self.show_item(view)

    def delete(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self, _("Delete item"), _("Delete this item from the library?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.services.library.delete(self.actor, self.current.id)
            self.current = None
            self.reload()
            self.show_item(None)

    def old_text_file_numbers(self) -> list[str]:
        if self.current is None:
            return []
        return [v.file_no for v in self.services.issuer.clients_with_old_text(self.current.id)]

    def show_old_text(self) -> None:
        numbers = self.old_text_file_numbers()
        if not numbers:
            text = _("No issued package carried an older text of this item.")
        else:
            text = ngettext(
                "{n} client received an older text of this item:\n{list}",
                "{n} clients received an older text of this item:\n{list}",
                len(numbers),
            ).format(n=len(numbers), list=", ".join(numbers))
        QMessageBox.information(self, _("Clients with the old text"), text)

    def import_file(self) -> None:
        name, _selected = QFileDialog.getOpenFileName(
            self, _("Import library"), str(Path.home()), _("Library (*.json)")
        )
        if not name:
            return
        try:
            count = self.services.library.import_json(self.actor, Path(name))
        except UserError as err:
            QMessageBox.warning(self, _("CIIP Desktop"), err.message)
            return
        self.reload()
        QMessageBox.information(
            self,
            _("Import library"),
            ngettext(
                "Added or changed {n} library item.", "Added or changed {n} library items.", count
            ).format(n=count),
        )

    def export_file(self) -> None:
        name, _selected = QFileDialog.getSaveFileName(
            self, _("Export library"), str(Path.home() / "library.json"), _("Library (*.json)")
        )
        if not name:
            return
        try:
            self.services.library.export_json(Path(name))
        except UserError as err:
            QMessageBox.warning(self, _("CIIP Desktop"), err.message)
