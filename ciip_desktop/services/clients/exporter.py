"""Exporting the client list to a spreadsheet (.csv or .xlsx) for people, which imports back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import and_, select

from ciip_desktop.i18n import N_, _
from ciip_desktop.models import Client, NeedsAssessment
from ciip_desktop.services.clients.fields import (
    ASSESSMENT_COLUMNS,
    BY_NAME,
    EXPORT_COLUMNS,
    ClientField,
    Kind,
    yes_no,
)
from ciip_desktop.services.clients.search import ClientSearch
from ciip_desktop.services.clients.tables import table_suffix, write_table
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit

_ASSESSMENT_COLUMNS = frozenset(ASSESSMENT_COLUMNS)
_FIELDS = tuple(BY_NAME[name] for name in EXPORT_COLUMNS)
# The worksheet's name, translated (passed on once the table writer takes a sheet title).
SHEET_TITLE = N_("Clients")
_CHUNK = 500


class ClientExporter:
    """Writes clients to .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx.

    The export is for people: the headings are the fields' labels and the choices their
    labels (Female, In person, Registered ...), both in the current UI language, and yes/no
    fields Yes or No likewise; dates are dates in a workbook and YYYY-MM-DD in a CSV, phones
    E.164. The importer reads that form back in any of the three languages, keeping the file
    numbers where they are free (see :mod:`.importer`).
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
        require(actor.role, Action.CLIENT_EXPORT)
        headers = [spec.title() for spec in _FIELDS]
        count = write_table(path, headers, self._rows(list(ids)), sheet_title=_(SHEET_TITLE))
        audit.record(self.ctx, actor, audit.EXPORT, "clients", "", f"{count} clients")
        return count

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
                principal_ids = {c.principal_id for c, _na in found.values() if c.principal_id}
                principals = {
                    pid: number
                    for pid, number in session.execute(
                        select(Client.id, Client.file_no).where(Client.id.in_(principal_ids))
                    )
                }
                for client_id in chunk:
                    if client_id in found:
                        client, na = found[client_id]
                        yield self._row(client, na, principals.get(client.principal_id or ""))

    @staticmethod
    def _row(client: Client, na: NeedsAssessment | None, principal: str | None) -> list[object]:
        row: list[object] = []
        for spec in _FIELDS:
            if spec.name in _ASSESSMENT_COLUMNS:
                value = getattr(na, spec.name) if na is not None else None
            elif spec.name == "principal_file_no":
                value = principal
            else:
                value = getattr(client, spec.name)
            row.append(_readable(spec, value))
        return row


def _readable(spec: ClientField, value: object) -> object:
    """The cell a person reads: labels for codes, Yes or No, dates and numbers as such."""
    if value is None:
        return None
    if spec.kind is Kind.BOOL:
        return yes_no(bool(value))
    if spec.kind is Kind.CHOICE:
        return spec.value_label(str(value))
    return value
