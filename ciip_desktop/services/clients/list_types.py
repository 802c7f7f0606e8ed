"""The values the client list passes: what it asks for and the rows it shows.

Apart from ``types.py`` (which re-exports them) so that the window's first paint does not
build every dataclass of the services (~10 ms).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list."""

    id: str
    file_no: str
    family_name: str
    given_name: str
    chinese_name: str
    pinyin: str
    phone: str
    email: str
    status: str
    counsellor_name: str
    destination_province: str
    destination_city: str
    expected_departure: date | None
    received_on: date | None
    signature_on_file: bool = True


@dataclass(frozen=True)
class ClientFilter:
    text: str = ""
    status: str | None = None
    counsellor_id: str | None = None
    destination_province: str | None = None
    departs_from: date | None = None
    departs_to: date | None = None
