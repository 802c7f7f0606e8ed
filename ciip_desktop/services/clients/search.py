"""Finding clients: ranked search as you type, the filtered and sorted list, list rows.

The list screen holds ids only (``list_ids``/``search``) and fetches the rows it shows with
``summaries``, so opening 100 000 clients reads one column, not 100 000 records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import Client, ClientSearchKey, ClientStatus, Counsellor, NeedsAssessment
from ciip_desktop.services.clients.search_index import (
    index_written_clients,
    query_variants,
    rebuild_search_index,
)
from ciip_desktop.services.clients.types import ClientFilter, ClientSummary
from ciip_desktop.services.context import Actor, ServiceContext

# Upper bound of a prefix range: the highest code point sorts after every key with the prefix.
PREFIX_END = "\U0010ffff"
SORTS = ("file_no", "name", "status", "received_on", "departure", "counsellor")
STATUS_ORDER = {status.value: i for i, status in enumerate(ClientStatus)}
_IN_CHUNK = 500
K = ClientSearchKey


def _needs_assessment(f: ClientFilter) -> bool:
    return bool(f.destination_province or f.departs_from or f.departs_to)


def apply_filter(stmt: Any, f: ClientFilter, *, joined_assessment: bool = False) -> Any:
    """``stmt`` (selecting from ``client``) narrowed to the non-deleted clients ``f`` admits."""
    stmt = stmt.where(Client.deleted.is_(False))
    if f.status:
        stmt = stmt.where(Client.status == f.status)
    if f.counsellor_id:
        stmt = stmt.where(Client.counsellor_id == f.counsellor_id)
    if _needs_assessment(f):
        if not joined_assessment:
            stmt = stmt.join(
                NeedsAssessment,
                and_(NeedsAssessment.client_id == Client.id, NeedsAssessment.deleted.is_(False)),
            )
        if f.destination_province:
            stmt = stmt.where(NeedsAssessment.destination_province == f.destination_province)
        if f.departs_from:
            stmt = stmt.where(NeedsAssessment.expected_departure >= f.departs_from)
        if f.departs_to:
            stmt = stmt.where(NeedsAssessment.expected_departure <= f.departs_to)
    return stmt


def admitted(f: ClientFilter, client_id: Any) -> Any:
    """EXISTS: the client ``client_id`` is not deleted and passes ``f``.

    Written as a correlated EXISTS so that a search reads the key index in key order and
    checks each hit by primary key, stopping at the limit; a join would let SQLite start
    from a status or province index and sort every match.
    """
    stmt = apply_filter(select(Client.id).where(Client.id == client_id), f)
    return stmt.exists()


class ClientSearch:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        ctx.add_flush_hook(index_written_clients)

    # ---- ranked search -----------------------------------------------------------------

    def search(self, filter: ClientFilter, limit: int = 200) -> list[str]:
        """Client ids matching ``filter.text``, best first: exact keys by rank, then prefixes.

        An exact file number, phone number or e-mail comes first, then full names, then
        parts of names; then clients whose keys merely start with the query, in key order.
        """
        variants = query_variants(filter.text)
        if not variants:
            return self.list_ids(filter)[:limit]
        found: dict[str, None] = {}
        with self.ctx.read() as session:
            exact: list[tuple[int, int, str]] = []
            for order, variant in enumerate(variants):
                stmt = select(K.client_id, K.rank).where(
                    K.key == variant, admitted(filter, K.client_id)
                )
                stmt = stmt.order_by(K.rank).limit(limit)
                exact.extend((rank, order, cid) for cid, rank in session.execute(stmt))
            for _rank, _order, cid in sorted(exact):
                found.setdefault(cid)
            for variant in variants:
                if len(found) >= limit:
                    break
                self._prefix_matches(session, variant, filter, limit, found)
        return list(found)[:limit]

    @staticmethod
    def _prefix_matches(
        session: Session, variant: str, f: ClientFilter, limit: int, found: dict[str, None]
    ) -> None:
        """Add clients with a key starting with ``variant``, reading the index in pages."""
        page = max(limit * 3, 100)
        offset = 0
        while len(found) < limit:
            stmt = select(K.client_id).where(
                K.key > variant, K.key < variant + PREFIX_END, admitted(f, K.client_id)
            )
            stmt = stmt.order_by(K.key, K.rank).limit(page).offset(offset)
            ids = list(session.scalars(stmt))
            for cid in ids:
                found.setdefault(cid)
            if len(ids) < page:
                return
            offset += page

    # ---- the list ----------------------------------------------------------------------

    def list_ids(
        self, filter: ClientFilter, sort: str = "file_no", descending: bool = False
    ) -> list[str]:
        """Ids of every non-deleted client the filter admits, sorted by ``sort``."""
        if sort not in SORTS:
            raise ValidationError(
                _("The client list cannot be sorted by {sort}.").format(sort=sort),
                {"sort": _("Choose one of: {sorts}.").format(sorts=", ".join(SORTS))},
            )
        stmt: Any = select(Client.id)
        joined = False
        if sort == "departure" or _needs_assessment(filter):
            join = and_(NeedsAssessment.client_id == Client.id, NeedsAssessment.deleted.is_(False))
            if _needs_assessment(filter):
                stmt = stmt.join(NeedsAssessment, join)
            else:
                stmt = stmt.outerjoin(NeedsAssessment, join)
            joined = True
        if sort == "counsellor":
            stmt = stmt.outerjoin(Counsellor, Counsellor.id == Client.counsellor_id)
        stmt = apply_filter(stmt, filter, joined_assessment=joined)
        stmt = self._with_text(stmt, filter)
        keys = self._sort_keys(sort)
        order = [k.desc() if descending else k.asc() for k in keys]
        if sort == "file_no" and not joined:
            # The default list: ix_client_list gives the ids in order from the index alone.
            order.append(Client.file_no.desc() if descending else Client.file_no.asc())
        else:
            # "file_no || ''": a scan and sort beats walking the file_no index and fetching
            # each row out of order (about 75 ms against 130 ms at 100 000 clients).
            file_no = Client.file_no.concat("")
            order.append(file_no.desc() if descending else file_no.asc())
        with self.ctx.read() as session:
            result = session.connection().execute(stmt.order_by(*order))
            return list(result.scalars())

    @staticmethod
    def _with_text(stmt: Any, f: ClientFilter) -> Any:
        variants = query_variants(f.text)
        if not variants:
            return stmt
        keyed = select(K.client_id).where(
            or_(*(and_(K.key >= v, K.key < v + PREFIX_END) for v in variants))
        )
        return stmt.where(Client.id.in_(keyed))

    @staticmethod
    def _sort_keys(sort: str) -> list[Any]:
        if sort == "name":
            return [
                case(
                    (Client.family_name != "", func.lower(Client.family_name)),
                    else_=func.lower(Client.pinyin),
                ),
                func.lower(Client.given_name),
                Client.chinese_name,
            ]
        if sort == "status":
            return [case(STATUS_ORDER, value=Client.status, else_=len(STATUS_ORDER))]
        if sort == "received_on":
            return [Client.received_on]
        if sort == "departure":
            # Clients without a departure date sort last either way.
            return [
                NeedsAssessment.expected_departure.is_(None),
                NeedsAssessment.expected_departure,
            ]
        if sort == "counsellor":
            return [func.lower(Counsellor.display_name)]
        return []

    def count(self, filter: ClientFilter) -> int:
        stmt = self._with_text(apply_filter(select(func.count(Client.id)), filter), filter)
        with self.ctx.read() as session:
            return int(session.scalar(stmt) or 0)

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]:
        """The list rows of ``ids``, in the order given (ids no longer found are left out)."""
        rows: dict[str, ClientSummary] = {}
        with self.ctx.read() as session:
            for start in range(0, len(ids), _IN_CHUNK):
                rows.update(summaries_by_id(session, ids[start : start + _IN_CHUNK]))
        return [rows[i] for i in ids if i in rows]

    def rebuild_index(self, actor: Actor) -> int:
        """Recompute every client's search keys (after a bulk load or a restore)."""
        with self.ctx.write(actor) as session:
            return rebuild_search_index(session)


_SUMMARY_COLUMNS = (
    Client.id,
    Client.file_no,
    Client.family_name,
    Client.given_name,
    Client.chinese_name,
    Client.pinyin,
    Client.phone,
    Client.email,
    Client.status,
    Client.received_on,
    Client.signature_on_file,
)


def summaries_by_id(session: Session, ids: Sequence[str]) -> dict[str, ClientSummary]:
    """One query: the list rows of ``ids`` with counsellor name and destination.

    Plain columns, not entities: a page of rows is read in well under a millisecond.
    """
    stmt = (
        select(
            *_SUMMARY_COLUMNS,
            Counsellor.display_name.label("counsellor_name"),
            NeedsAssessment.destination_province,
            NeedsAssessment.destination_city,
            NeedsAssessment.expected_departure,
            Client.deleted,
        )
        .outerjoin(Counsellor, Counsellor.id == Client.counsellor_id)
        .outerjoin(
            NeedsAssessment,
            and_(NeedsAssessment.client_id == Client.id, NeedsAssessment.deleted.is_(False)),
        )
        # Looked up by primary key; the deleted flag is tested on the rows found, because a
        # `deleted` condition in SQL leads SQLite to scan ix_client_list instead (8-23 ms
        # rather than < 1 ms for a page at 50 000 clients).
        .where(Client.id.in_(list(ids)))
    )
    out: dict[str, ClientSummary] = {}
    for row in session.execute(stmt).mappings():
        if row["deleted"]:
            continue
        out[row["id"]] = ClientSummary(
            id=row["id"],
            file_no=row["file_no"],
            family_name=row["family_name"],
            given_name=row["given_name"],
            chinese_name=row["chinese_name"],
            pinyin=row["pinyin"],
            phone=row["phone"],
            email=row["email"],
            status=row["status"],
            counsellor_name=row["counsellor_name"] or "",
            destination_province=row["destination_province"] or "",
            destination_city=row["destination_city"] or "",
            expected_departure=row["expected_departure"],
            received_on=row["received_on"],
            signature_on_file=bool(row["signature_on_file"]),
        )
    return out
