"""Finding the client a package is for, as the search box does (file no., names, phone)."""

from __future__ import annotations

from dataclasses import dataclass

from ciip_desktop.services.clients.names import display_name
from ciip_desktop.services.clients.search import ClientSearch, summaries_by_id
from ciip_desktop.services.clients.types import ClientFilter


@dataclass(frozen=True)
class ClientChoice:
    id: str
    file_no: str
    name: str
    destination: str


def find_clients(search: ClientSearch, text: str, limit: int = 50) -> list[ClientChoice]:
    ids = search.search(ClientFilter(text=text.strip()), limit=limit)
    with search.ctx.read() as session:
        rows = summaries_by_id(session, ids)
    out = []
    for client_id in ids:
        row = rows.get(client_id)
        if row is None:
            continue
        name = display_name(row.family_name, row.given_name, row.chinese_name)
        place = ", ".join(p for p in (row.destination_city, row.destination_province) if p)
        out.append(ClientChoice(row.id, row.file_no, name, place))
    return out
