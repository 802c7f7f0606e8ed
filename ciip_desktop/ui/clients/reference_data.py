"""The reference lists the client forms need (provinces, cities, NOC), as the UI sees them."""

from __future__ import annotations

from typing import Protocol


class ReferenceData(Protocol):
    def provinces(self) -> list[tuple[str, str]]: ...

    def cities(self, province: str) -> list[str]: ...

    def search_noc(self, query: str, limit: int = 20) -> list[tuple[str, str]]: ...

    def noc_title(self, code: str) -> str | None: ...

    def level_from_test(self, test: str, scores: str) -> int | None: ...
