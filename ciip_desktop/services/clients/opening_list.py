"""The client list while the services load: the first page at once, then the full search.

The window shows the default list (every client, newest file number first) before its
first paint, read by ``store.first_page`` without SQLAlchemy. The services load meanwhile
on the worker; :meth:`OpeningList.take_over` hands every question to the real search
(``ClientSearch``) from then on. A search, filter or sort asked for before that waits for
it on the worker — never on the GUI thread — and is answered by the real search, so the
answer is the same as it would be later.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from ciip_desktop.services.clients.list_types import ClientFilter, ClientSummary
from ciip_desktop.store.first_page import FirstPageReader, ReaderClosedError, SummaryRow

DEFAULT_SORT = ("file_no", True)
# The first page: its ids, their rows, and the count of the whole default list.
_FirstPage = tuple[list[str], list[ClientSummary], int]
# How long a question asked before the services are ready waits for them at most.
TAKE_OVER_TIMEOUT = 120.0


class ClientListSource(Protocol):
    """What the client list asks (``ClientSearch`` answers all of it)."""

    def search(self, filter: ClientFilter, limit: int = 200) -> list[str]: ...

    def list_ids(
        self, filter: ClientFilter, sort: str = "file_no", descending: bool = False
    ) -> list[str]: ...

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]: ...

    def count(self, filter: ClientFilter) -> int: ...


class ServicesNotReadyError(RuntimeError):
    """The services failed to load, or took far too long; the list says it could not read."""


class OpeningList:
    """A client-list source answered from the first-page reader until the services take over."""

    def __init__(self, reader: FirstPageReader) -> None:
        self._reader = reader
        self._full: ClientListSource | None = None
        self._failed: BaseException | None = None
        self._settled = threading.Event()
        self._ahead: _ReadAhead | None = None

    @classmethod
    def open(cls, path: Path) -> OpeningList | None:
        """None when the file is not a current CIIP database (the services will say why)."""
        reader = FirstPageReader.open(path)
        return cls(reader) if reader is not None else None

    # ---- the hand-over ---------------------------------------------------------------------

    def take_over(self, full: ClientListSource) -> None:
        """From now on the services answer (called on the worker that loaded them)."""
        self._full = full
        self._settled.set()
        self._reader.close()

    def give_up(self, error: BaseException) -> None:
        """The services could not load: questions waiting for them fail with ``error``."""
        self._failed = error
        self._settled.set()
        self._reader.close()

    @property
    def taken_over(self) -> bool:
        return self._full is not None

    def _services(self) -> ClientListSource:
        if not self._settled.wait(TAKE_OVER_TIMEOUT):
            raise ServicesNotReadyError("the services did not load in time")
        if self._full is None:
            raise ServicesNotReadyError("the services failed to load") from self._failed
        return self._full

    # ---- what the window shows first -------------------------------------------------------

    def read_ahead(self, rows: int) -> None:
        """Start reading :meth:`first_page` on a thread of its own, while Qt starts and the
        window is built: ``sqlite3`` lets go of the GIL while it reads, and the count walks
        the whole list index (5 ms at 50 000 clients, more from a cold disk)."""
        self._ahead = _ReadAhead(rows, lambda: self._read_first_page(rows))

    def first_page(self, rows: int) -> tuple[list[str], list[ClientSummary], int]:
        """The first ``rows`` ids of the default list, their summaries, and how many it holds
        (reading all 50 000 ids would take 30 ms of the first paint; :meth:`list_ids`
        reads them on the worker next). Read now, or taken from :meth:`read_ahead`."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.rows == rows:
            return ahead.result()
        return self._read_first_page(rows)

    def _read_first_page(self, rows: int) -> tuple[list[str], list[ClientSummary], int]:
        ids = self._reader.newest_ids(rows)
        return ids, [_summary(row) for row in self._reader.summaries(ids)], self._reader.count()

    def all_ids(self) -> list[str]:
        """Every id of the default list (every client, newest file number first)."""
        return self.list_ids(ClientFilter(), *DEFAULT_SORT)

    def counsellors(self) -> list[tuple[str, str]]:
        return self._reader.counsellors()

    # ---- the client-list source ------------------------------------------------------------

    def search(self, filter: ClientFilter, limit: int = 200) -> list[str]:
        return self._services().search(filter, limit)

    def list_ids(
        self, filter: ClientFilter, sort: str = "file_no", descending: bool = False
    ) -> list[str]:
        if self._full is None and filter == ClientFilter() and (sort, descending) == DEFAULT_SORT:
            try:
                return self._reader.newest_ids()
            except ReaderClosedError:
                pass  # the services took over meanwhile
        return self._services().list_ids(filter, sort, descending)

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]:
        if self._full is None:
            try:
                return [_summary(row) for row in self._reader.summaries(ids)]
            except ReaderClosedError:
                pass
        return self._services().summaries(ids)

    def count(self, filter: ClientFilter) -> int:
        if self._full is None and filter == ClientFilter():
            try:
                return self._reader.count()
            except ReaderClosedError:
                pass
        return self._services().count(filter)


class _ReadAhead:
    """One read running on a thread of its own; :meth:`result` waits for it and returns
    what it read, or raises what it raised."""

    def __init__(self, rows: int, read: Callable[[], _FirstPage]) -> None:
        self.rows = rows
        self._read = read
        self._value: _FirstPage | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="first page", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._read()
        except BaseException as exc:  # handed to the thread that asks for the result
            self._error = exc

    def result(self) -> _FirstPage:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def _summary(row: SummaryRow) -> ClientSummary:
    return ClientSummary(
        id=row.id,
        file_no=row.file_no,
        family_name=row.family_name,
        given_name=row.given_name,
        chinese_name=row.chinese_name,
        pinyin=row.pinyin,
        phone=row.phone,
        email=row.email,
        status=row.status,
        counsellor_name=row.counsellor_name or "",
        destination_province=row.destination_province or "",
        destination_city=row.destination_city or "",
        expected_departure=_day(row.expected_departure),
        received_on=_day(row.received_on),
        signature_on_file=bool(row.signature_on_file),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
