"""What the client list asks the search service, in one call that can run on the worker.

A search or filter answers with the ids in the order shown and the rows of the first page,
so that showing the answer reads nothing more from the database on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.clients.list_types import ClientFilter, ClientSummary

log = logging.getLogger(__name__)

Sort = tuple[str, bool]  # (sort key the service knows, descending)
FIRST_PAGE = 80  # rows fetched with the answer: more than a 1280x800 window shows


class ListSource(Protocol):
    def search(self, filter: ClientFilter, limit: int = 200) -> list[str]: ...

    def list_ids(
        self, filter: ClientFilter, sort: str = "file_no", descending: bool = False
    ) -> list[str]: ...

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]: ...

    def count(self, filter: ClientFilter) -> int: ...


@dataclass(frozen=True)
class ListAnswer:
    ids: list[str]
    # A ranked search stopped at its limit: how many match in all is counted afterwards.
    count_later: bool
    first_rows: list[ClientSummary]
    # The ids are the first page only, of this many in all; the rest follows (start-up).
    total: int | None = None


def ask(
    source: ListSource, client_filter: ClientFilter, sort: Sort | None, limit: int
) -> ListAnswer:
    """Ranked by relevance when ``sort`` is None (a search), else every match in that order."""
    if sort is None and client_filter.text:
        ids = source.search(client_filter, limit=limit)
        count_later = len(ids) >= limit
    else:
        key, descending = sort or ("file_no", True)
        ids = source.list_ids(client_filter, sort=key, descending=descending)
        count_later = False
    return ListAnswer(ids, count_later, source.summaries(ids[:FIRST_PAGE]))


def problem_text(error: BaseException) -> str:
    """The sentence the list shows in place of clients when reading them failed.

    Only the kind of error is logged: a database error's text can quote the search typed,
    which may be a client's name or phone.
    """
    if isinstance(error, UserError):
        return error.message
    log.error("reading the client list failed: %s", type(error).__name__)
    return _(
        "The client list could not be read from the database. Try again; if it keeps "
        "failing, restart CIIP Desktop and tell your administrator."
    )
