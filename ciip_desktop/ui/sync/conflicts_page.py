"""The Conflicts tab: each value somebody typed that lost to a concurrent edit, in plain words.

For each conflict: the client and the field by its label; the value both laptops started
from; the value on record now and the one it overwrote, each with who typed it, when and on
which laptop. The counsellor keeps one, types a new value, or keeps the record and puts the
other value in the client's notes. Each decision is one step on the window's undo stack,
and it syncs like any edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_datetime
from ciip_desktop.services.sync_view import ConflictSide, ConflictView, Resolution

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictDesk(Protocol):
    def list_open(self) -> Sequence[ConflictView]: ...

    def resolve(self, conflict_id: str, choice: Resolution, new_value: str | None) -> object:
        """Apply the decision; returns what :meth:`undo` needs to take it back."""
        ...

    def undo(self, token: object) -> None: ...


def shown(value: str) -> str:
    return value if value != "" else _("(empty)")


def side_text(side: ConflictSide, time_zone: str | None = None) -> str:
    who = side.who or _("someone")
    when = (
        format_datetime(side.when, tz=time_zone)
        if side.when is not None
        else _("at an unknown time")
    )
    if side.this_laptop:
        laptop = _("this laptop")
    elif side.laptop in ("", "?"):
        laptop = _("another laptop")
    else:
        laptop = _("laptop {code}").format(code=side.laptop)
    return _("“{value}” — typed by {who}, {when}, on {laptop}").format(
        value=shown(side.value), who=who, when=when, laptop=laptop
    )


class ResolveCommand(QUndoCommand):
    """One decision on one conflict; undo reopens the conflict and puts the value back."""

    def __init__(
        self,
        desk: ConflictDesk,
        view: ConflictView,
        choice: Resolution,
        new_value: str | None,
        on_changed: Callable[[], None],
        on_refused: Callable[[str], None] = lambda _message: None,
    ) -> None:
        super().__init__()
        self._on_refused = on_refused
        self._desk = desk
        self._view = view
        self._choice = choice
        self._new_value = new_value
        self._on_changed = on_changed
        self._token: object = None
        self._done = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(
            _("Resolve the conflict on {field} of {client}").format(
                field=self._view.field_label, client=self._view.client_label
            )
        )

    def apply_first(self) -> None:
        """Decide now (raises UserError if refused: then nothing lands on the stack)."""
        self._token = self._desk.resolve(self._view.conflict_id, self._choice, self._new_value)
        self._done = True

    def redo(self) -> None:
        if not self._done:
            try:
                self._token = self._desk.resolve(
                    self._view.conflict_id, self._choice, self._new_value
                )
                self._done = True
            except UserError as err:  # e.g. resolved on another laptop meanwhile
                self._on_refused(err.message)
        self._on_changed()

    def undo(self) -> None:
        if self._done:
            try:
                self._desk.undo(self._token)
                self._done = False
            except UserError as err:
                self._on_refused(err.message)
        self._on_changed()


class ConflictsPage(QWidget):
    changed = Signal()

    def __init__(
        self, desk: ConflictDesk, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts-page")
        self.desk = desk
        self.undo_stack = undo_stack
        self.views: list[ConflictView] = []
        self.message = ""

        self.list = QListWidget()
        self.list.setObjectName("conflict-list")
        self.list.currentRowChanged.connect(self._show_current)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        detail = QWidget()
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        form = QFormLayout()
        self.base_caption, self.base_value = QLabel(), QLabel()
        self.current_caption, self.current_value = QLabel(), QLabel()
        self.over_caption, self.over_value = QLabel(), QLabel()
        for caption, value in (
            (self.base_caption, self.base_value),
            (self.current_caption, self.current_value),
            (self.over_caption, self.over_value),
        ):
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(caption, value)
        self.keep_current = QPushButton()
        self.keep_current.setObjectName("keep-current")
        self.restore = QPushButton()
        self.restore.setObjectName("restore-overwritten")
        self.type_new = QPushButton()
        self.as_note = QPushButton()
        self.keep_current.clicked.connect(lambda: self.decide(Resolution.KEEP_CURRENT))
        self.restore.clicked.connect(lambda: self.decide(Resolution.RESTORE_OVERWRITTEN))
        self.type_new.clicked.connect(self._ask_new_value)
        self.as_note.clicked.connect(lambda: self.decide(Resolution.OVERWRITTEN_AS_NOTE))
        # The same person on two laptops: keep one record (the other merged into it), or not.
        self.merge_first = QPushButton()
        self.merge_second = QPushButton()
        self.not_same = QPushButton()
        self.merge_first.clicked.connect(lambda: self._merge(0))
        self.merge_second.clicked.connect(lambda: self._merge(1))
        self.not_same.clicked.connect(lambda: self.decide(Resolution.KEEP_CURRENT))
        buttons = QHBoxLayout()
        for button in (self.keep_current, self.restore, self.type_new, self.as_note):
            buttons.addWidget(button)
        for button in (self.merge_first, self.merge_second, self.not_same):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._value_rows = form
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.title_label)
        detail_layout.addWidget(self.summary_label)
        detail_layout.addLayout(form)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.message_label)
        detail_layout.addStretch(1)

        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 640])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate_ui()

    # ---- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_view()
        self.views = list(self.desk.list_open())
        self.list.blockSignals(True)
        self.list.clear()
        for view in self.views:
            text = _("{client} · {field}").format(client=view.client_label, field=view.field_label)
            if view.notice:  # what clashes first, then the sessions
                text = f"{view.field_label} · {view.client_label}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, view.conflict_id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.pages.setCurrentIndex(1 if self.views else 0)
        row = 0
        if keep is not None:
            row = next(
                (i for i, v in enumerate(self.views) if v.conflict_id == keep.conflict_id), 0
            )
        if self.views:
            self.list.setCurrentRow(row)
        self._show_current()

    def current_view(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def select(self, conflict_id: str) -> None:
        for row, view in enumerate(self.views):
            if view.conflict_id == conflict_id:
                self.list.setCurrentRow(row)

    def _show_current(self, _row: int = -1) -> None:
        view = self.current_view()
        duplicate = view is not None and bool(view.duplicates)
        notice = view is not None and view.notice
        for button in (self.keep_current, self.restore, self.type_new, self.as_note):
            button.setEnabled(view is not None)
            button.setVisible(not duplicate and (button is self.keep_current or not notice))
        for button in (self.merge_first, self.merge_second, self.not_same):
            button.setVisible(duplicate)
        for row in range(self._value_rows.rowCount()):
            self._value_rows.setRowVisible(row, not duplicate and not notice)
        if view is None:
            for label in (self.title_label, self.summary_label, self.base_value):
                label.setText("")
            self.current_value.setText("")
            self.over_value.setText("")
            return
        self.title_label.setText(
            _("{field} of {client}").format(field=view.field_label, client=view.client_label)
        )
        self.summary_label.setText(view.summary)
        self.summary_label.setVisible(bool(view.summary))
        self.base_value.setText(shown(view.base))
        self.current_value.setText(side_text(view.current, view.time_zone))
        self.over_value.setText(side_text(view.overwritten, view.time_zone))
        self.type_new.setEnabled(view.can_type_value)
        self.keep_current.setText(
            _("Keep “{value}”").format(value=_short(shown(view.current.value)))
        )
        self.restore.setText(
            _("Keep “{value}”").format(value=_short(shown(view.overwritten.value)))
        )
        if view.notice:
            self.title_label.setText(view.field_label)
            self.summary_label.setText(f"{view.client_label}\n\n{view.summary}")
            self.keep_current.setText(_("Mark as seen"))
        if view.duplicates:
            self.title_label.setText(_("Possibly the same person twice"))
            first, second = (label for _cid, label in view.duplicates)
            self.merge_first.setText(_("Keep {client}, merge the other").format(client=first))
            self.merge_second.setText(_("Keep {client}, merge the other").format(client=second))

    # ---- decisions ------------------------------------------------------------------------

    def _merge(self, index: int) -> None:
        view = self.current_view()
        if view is None or len(view.duplicates) != 2:
            return
        keep_id, keep_label = view.duplicates[index]
        answer = QMessageBox.question(
            self,
            _("Merge two records"),
            _(
                "Keep {client} and move every meeting, assessment, action step and status "
                "change of the other record to it? The other record is then removed; this "
                "cannot be undone."
            ).format(client=keep_label),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(keep_id)

    def merge(self, keep_client_id: str) -> bool:
        """Merge the selected duplicate into ``keep_client_id`` (not an undo step)."""
        view = self.current_view()
        if view is None:
            return False
        try:
            self.desk.resolve(view.conflict_id, Resolution.MERGE_INTO, keep_client_id)
        except UserError as err:
            self.message_label.setText(err.message)
            return False
        self.message_label.setText("")
        self._after_change()
        return True

    def _ask_new_value(self) -> None:
        view = self.current_view()
        if view is None:
            return
        text, ok = QInputDialog.getText(
            self,
            _("Type a new value"),
            _("New value for {field} of {client}:").format(
                field=view.field_label, client=view.client_label
            ),
            text=view.current.value,
        )
        if ok:
            self.decide(Resolution.NEW_VALUE, text)

    def decide(self, choice: Resolution, new_value: str | None = None) -> bool:
        """Resolve the selected conflict; False (and the reason shown) if refused."""
        view = self.current_view()
        if view is None:
            return False
        command = ResolveCommand(
            self.desk, view, choice, new_value, self._after_change, self.message_label.setText
        )
        try:
            command.apply_first()
        except UserError as err:
            self.message_label.setText(err.message)
            return False
        self.message_label.setText("")
        self.undo_stack.push(command)
        return True

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def retranslate_ui(self) -> None:
        self.empty_label.setText(
            _("No conflicts to review: every value typed on the office's laptops agrees.")
        )
        self.base_caption.setText(_("Both started from:"))
        self.current_caption.setText(_("On record now:"))
        self.over_caption.setText(_("Overwritten:"))
        self.type_new.setText(_("Type a new value…"))
        self.as_note.setText(_("Keep the record, note the other value"))
        self.not_same.setText(_("Not the same person"))
        self.as_note.setToolTip(
            _("The value on record stays; the overwritten one is added to the client's notes")
        )
        if self.views:
            self.refresh()


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
