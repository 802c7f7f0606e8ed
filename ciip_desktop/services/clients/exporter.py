"""Exporting the client list to a spreadsheet (.csv or .xlsx)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import and_, select

from ciip_desktop.models import Client, NeedsAssessment
from ciip_desktop.services.clients.fields import ASSESSMENT_COLUMNS, EXPORT_COLUMNS
from ciip_desktop.services.clients.search import ClientSearch
from ciip_desktop.services.clients.tables import table_suffix, write_table
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import Actor, ServiceContext

_ASSESSMENT_COLUMNS = frozenset(ASSESSMENT_COLUMNS)
_CHUNK = 500


class ClientExporter:
    """Writes clients to .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx.

    The headings are the machine names of the import template (``family_name``,
    ``received_on`` …) preceded by ``file_no`` and ``status``, not translated labels: an
    export opens in any language and can be imported again as it is (the importer ignores
    the two extra columns). Dates are YYYY-MM-DD, yes/no fields "yes"/"no", phones E.164.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.search = ClientSearch(ctx)

    def export(
        self,
        actor: Actor,
        filter: ClientFilter,
        path: Path,
        ids: Sequence[str] | None = None,
    ) -> int:
        """Write the clients of the current view (``ids``, in view order) or of ``filter``.

        Returns the number of clients written.
        """
        path = Path(path)
        table_suffix(path)  # refuse a wrong extension before reading anything
        if ids is None:
            ids = self.search.list_ids(filter)
        return write_table(path, EXPORT_COLUMNS, self._rows(list(ids)))

    def _rows(self, ids: list[str]) -> Iterator[list[object]]:
        with self.ctx.read() as session:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                stmt = (
                    select(Client, NeedsAssessment)
                    .outerjoin(
                        NeedsAssessment,
                        and_(
                            NeedsAssessment.client_id == Client.id,
                            NeedsAssessment.deleted.is_(False),
                        ),
                    )
                    .where(Client.id.in_(chunk), Client.deleted.is_(False))
                )
                found = {c.id: (c, na) for c, na in session.execute(stmt)}
                for client_id in chunk:
                    if client_id in found:
                        yield self._row(*found[client_id])

    @staticmethod
    def _row(client: Client, na: NeedsAssessment | None) -> list[object]:
        row: list[object] = []
        for column in EXPORT_COLUMNS:
            if column in _ASSESSMENT_COLUMNS:
                row.append(getattr(na, column) if na is not None else None)
            else:
                row.append(getattr(client, column))
        return row
