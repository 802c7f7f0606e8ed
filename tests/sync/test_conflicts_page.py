"""The Conflicts tab: what a counsellor reads, the four decisions, and undo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from ciip_desktop.errors import UserError
from ciip_desktop.services.sync_view import ConflictSide, ConflictView, Resolution
from ciip_desktop.ui.sync.conflicts_page import ConflictsPage


def phone_conflict(cid: str = "c1") -> ConflictView:
    return ConflictView(
        conflict_id=cid,
        client_id="client-1",
        client_label="Zhang Wei (GZA-2026-00001)",
        field_label="Phone",
        base="+86 138 0013 8000",
        current=ConflictSide(
            "+86 139 0000 1111", "Wang Fang", datetime(2026, 11, 20, 6, 0, tzinfo=UTC), "B", False
        ),
        overwritten=ConflictSide(
            "+86 137 2222 3333", "Li Na", datetime(2026, 11, 19, 3, 0, tzinfo=UTC), "A", True
        ),
    )


class FakeDesk:
    """Conflicts held in memory: what a resolution changes, and what undo puts back."""

    def __init__(self, views: Sequence[ConflictView]) -> None:
        self.open = {v.conflict_id: v for v in views}
        self.record: dict[str, str] = {v.conflict_id: v.current.value for v in views}
        self.notes: list[str] = []
        self.refuse = False

    def list_open(self) -> list[ConflictView]:
        return list(self.open.values())

    def resolve(self, conflict_id: str, choice: Resolution, new_value: str | None) -> object:
        if self.refuse:
            raise UserError("This conflict was resolved on another laptop meanwhile.")
        view = self.open.pop(conflict_id)
        before, notes_before = self.record[conflict_id], len(self.notes)
        if choice is Resolution.RESTORE_OVERWRITTEN:
            self.record[conflict_id] = view.overwritten.value
        elif choice is Resolution.NEW_VALUE:
            assert new_value is not None
            self.record[conflict_id] = new_value
        elif choice is Resolution.OVERWRITTEN_AS_NOTE:
            self.notes.append(view.overwritten.value)
        return (view, before, notes_before)

    def undo(self, token: object) -> None:
        view, before, notes = token  # type: ignore[misc]
        self.record[view.conflict_id] = before
        del self.notes[notes:]
        self.open[view.conflict_id] = view


@pytest.fixture
def page(qtbot: QtBot) -> tuple[ConflictsPage, FakeDesk, QUndoStack]:
    desk = FakeDesk([phone_conflict("c1"), phone_conflict("c2")])
    stack = QUndoStack()
    widget = ConflictsPage(desk, stack)
    qtbot.addWidget(widget)
    widget.refresh()
    return widget, desk, stack


def test_a_conflict_reads_in_a_counsellors_words(
    page: tuple[ConflictsPage, FakeDesk, QUndoStack],
) -> None:
    widget, _desk, _stack = page
    assert widget.list.count() == 2
    assert widget.list.item(0).text() == "Zhang Wei (GZA-2026-00001) · Phone"
    assert widget.title_label.text() == "Phone of Zhang Wei (GZA-2026-00001)"
    assert widget.base_value.text() == "+86 138 0013 8000"
    current = widget.current_value.text()
    assert "+86 139 0000 1111" in current and "Wang Fang" in current and "laptop B" in current
    over = widget.over_value.text()
    assert "+86 137 2222 3333" in over and "Li Na" in over and "this laptop" in over
    assert "2026" in over
    assert widget.keep_current.text() == "Keep “+86 139 0000 1111”"
    assert widget.restore.text() == "Keep “+86 137 2222 3333”"


def test_keep_theirs_then_undo_and_redo(page: tuple[ConflictsPage, FakeDesk, QUndoStack]) -> None:
    widget, desk, stack = page
    widget.restore.click()
    assert desk.record["c1"] == "+86 137 2222 3333"
    assert widget.list.count() == 1
    assert stack.undoText() == "Resolve the conflict on Phone of Zhang Wei (GZA-2026-00001)"
    stack.undo()
    assert desk.record["c1"] == "+86 139 0000 1111" and widget.list.count() == 2
    stack.redo()
    assert desk.record["c1"] == "+86 137 2222 3333" and widget.list.count() == 1


def test_keep_mine_leaves_the_record_and_closes_the_conflict(
    page: tuple[ConflictsPage, FakeDesk, QUndoStack],
) -> None:
    widget, desk, _stack = page
    widget.keep_current.click()
    assert desk.record["c1"] == "+86 139 0000 1111"
    assert [v.conflict_id for v in widget.views] == ["c2"]


def test_a_typed_value_replaces_both(
    page: tuple[ConflictsPage, FakeDesk, QUndoStack], monkeypatch: pytest.MonkeyPatch
) -> None:
    widget, desk, _stack = page
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("+86 136 4444 5555", True))
    )
    widget.type_new.click()
    assert desk.record["c1"] == "+86 136 4444 5555"


def test_the_loser_can_be_kept_as_a_note(page: tuple[ConflictsPage, FakeDesk, QUndoStack]) -> None:
    widget, desk, stack = page
    widget.as_note.click()
    assert desk.notes == ["+86 137 2222 3333"]
    assert desk.record["c1"] == "+86 139 0000 1111"
    stack.undo()
    assert desk.notes == []


def test_a_refused_decision_says_why_and_leaves_nothing_to_undo(
    page: tuple[ConflictsPage, FakeDesk, QUndoStack],
) -> None:
    widget, desk, stack = page
    desk.refuse = True
    assert not widget.decide(Resolution.KEEP_CURRENT)
    assert widget.message_label.text() == "This conflict was resolved on another laptop meanwhile."
    assert stack.count() == 0 and widget.list.count() == 2


def test_with_no_conflicts_the_page_says_so(qtbot: QtBot) -> None:
    widget = ConflictsPage(FakeDesk([]), QUndoStack())
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.pages.currentWidget() is widget.empty_label
    assert widget.empty_label.text().startswith("No conflicts to review")


def test_an_undo_the_desk_refuses_is_a_sentence_not_a_crash(
    page: tuple[ConflictsPage, FakeDesk, QUndoStack], monkeypatch: pytest.MonkeyPatch
) -> None:
    widget, desk, stack = page
    widget.keep_current.click()

    def refuse(_token: object) -> None:
        raise UserError("This conflict no longer exists.")

    monkeypatch.setattr(desk, "undo", refuse)
    stack.undo()
    assert widget.message_label.text() == "This conflict no longer exists."
