"""Fixtures of the calendar tests."""

from __future__ import annotations

import pytest
from calendar_support import Desk

from ciip_desktop.services.context import Actor, ServiceContext


@pytest.fixture
def desk(ctx: ServiceContext, counsellor: Actor) -> Desk:
    return Desk(ctx, counsellor)
