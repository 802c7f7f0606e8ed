"""Sync's sentences send the counsellor to where the hub address really is."""

from __future__ import annotations

from ciip_desktop.services.sync.messages import hub_error_text, no_hub_text
from ciip_desktop.sync.hub import HubError


def test_no_hub_names_the_sync_screen_and_the_command() -> None:
    text = no_hub_text()
    assert "Sync screen" in text and "Change the hub address…" in text
    assert "ciip sync --hub URL" in text
    assert "Settings" not in text


def test_a_wrong_address_is_corrected_on_the_sync_screen() -> None:
    text = hub_error_text(HubError("not_a_hub"))
    assert "Sync screen" in text and "Settings" not in text
