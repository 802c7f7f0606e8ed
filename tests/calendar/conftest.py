"""Fixtures of the calendar tests."""

from __future__ import annotations

import pytest
from calendar_support import Desk
from PySide6.QtWidgets import QMessageBox

from ciip_desktop.services.context import Actor, ServiceContext


@pytest.fixture
def desk(ctx: ServiceContext, counsellor: Actor) -> Desk:
    return Desk(ctx, counsellor)


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every question ("Save anyway?", "Confirm this proposal?") is answered Yes."""
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
