"""A value typed to resolve a conflict is checked as the client form checks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from file_support import register
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sync_support import Laptop, office

from ciip_desktop.errors import ValidationError
from ciip_desktop.models import Client, ConflictState, SyncConflict
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync import Resolution
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.ui.sync.conflicts_page import ConflictsPage

ACTOR = Actor.system()


@pytest.fixture
def conflict(tmp_path: Path) -> Iterator[tuple[Laptop, Services, str, str]]:
    """Laptop A with one open conflict on a client's phone number (B's value lost)."""
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    sa, sb = Services.build(a.ctx), Services.build(b.ctx)
    client = register(sa, ACTOR)
    a.sync.sync_now()
    b.sync.sync_now()
    sb.clients.update(ACTOR, client, {"phone": "139 0000 1111"})
    sa.clients.update(ACTOR, client, {"phone": "137 2222 3333"})  # later: wins
    b.sync.sync_now()
    a.sync.sync_now()
    (found,) = a.open_conflicts()
    assert found.field == "phone"
    yield a, sa, client, found.id
    sa.sync.close()
    sb.sync.close()


def _state(laptop: Laptop, conflict_id: str) -> str:
    found = laptop.get(SyncConflict, conflict_id)
    assert found is not None
    return str(found.state)


def test_a_phone_number_that_is_not_one_is_refused_with_the_forms_sentence(
    conflict: tuple[Laptop, Services, str, str],
) -> None:
    laptop, services, client, conflict_id = conflict
    with pytest.raises(ValidationError) as refused:
        services.conflicts.resolve(conflict_id, Resolution.NEW_VALUE, "12345", ACTOR)
    assert refused.value.message == (
        "Phone: This is not a valid Chinese or Canadian phone number; "
        "write it as 138 0013 8000 or +1 416 555 0123."
    )
    assert laptop.get(Client, client).phone == "+8613722223333"
    assert _state(laptop, conflict_id) == ConflictState.OPEN


def test_a_good_phone_number_is_kept_as_the_form_keeps_it(
    conflict: tuple[Laptop, Services, str, str],
) -> None:
    laptop, services, client, conflict_id = conflict
    services.conflicts.resolve(conflict_id, Resolution.NEW_VALUE, "138 0013 8000", ACTOR)
    assert laptop.get(Client, client).phone == "+8613800138000"
    assert _state(laptop, conflict_id) == ConflictState.RESOLVED


def test_the_conflicts_tab_shows_the_sentence_and_saves_nothing(
    conflict: tuple[Laptop, Services, str, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop, services, client, conflict_id = conflict
    undo = QUndoStack()
    page = ConflictsPage(SyncDesk(services, ACTOR), undo)
    qtbot.addWidget(page)
    page.refresh()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("not a phone", True))
    page.type_new.click()
    assert page.message_label.text().startswith("Phone: This is not a valid Chinese or Canadian")
    assert laptop.get(Client, client).phone == "+8613722223333"
    assert undo.count() == 0 and page.list.count() == 1
    assert _state(laptop, conflict_id) == ConflictState.OPEN
