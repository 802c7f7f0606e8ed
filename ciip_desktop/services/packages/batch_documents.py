"""The content of many clients' packages at once (a group session's batch), read together.

The same packages as :meth:`PackageBuilder.propose` then :meth:`PackageBuilder.document` for
each client, but the library is read once and the clients, assessments, families and action
steps of all of them in a few queries, so reading costs little beside laying them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select

from ciip_desktop.documents.package_doc import PackageDocument
from ciip_desktop.i18n import _
from ciip_desktop.models import ActionStep, Client, NeedsAssessment
from ciip_desktop.services.clients.views import not_found
from ciip_desktop.services.packages.builder import PackageBuilder
from ciip_desktop.services.packages.composer import PackageComposer, missing_data
from ciip_desktop.services.packages.rules import explain, profile_of
from ciip_desktop.services.packages.types import DraftItem, PackageDraft


def batch_documents(
    builder: PackageBuilder,
    client_ids: Sequence[str],
    language: str,
    paper: str,
    counsellor: str,
    versions: Mapping[str, int] | None = None,
) -> list[tuple[PackageDraft, PackageDocument]]:
    """Each client's proposed package and its content (as ``versions[client]`` when given),
    in the order of ``client_ids``."""
    ids = list(dict.fromkeys(client_ids))
    items = builder.library.items()
    views = {v.id: v for v in items}
    today = builder.today()
    with builder.ctx.read() as session:
        clients = {
            c.id: c
            for c in session.scalars(
                select(Client).where(Client.id.in_(ids), Client.deleted.is_(False))
            )
        }
        missing = [i for i in ids if i not in clients]
        if missing:
            raise not_found(missing[0])
        assessments = {
            a.client_id: a
            for a in session.scalars(
                select(NeedsAssessment).where(
                    NeedsAssessment.client_id.in_(ids), NeedsAssessment.deleted.is_(False)
                )
            )
        }
        with_family = set(
            session.scalars(
                select(Client.principal_id).where(
                    Client.principal_id.in_(ids), Client.deleted.is_(False)
                )
            )
        )
        steps: dict[str, list[ActionStep]] = {i: [] for i in ids}
        for step in session.scalars(
            select(ActionStep)
            .where(
                ActionStep.client_id.in_(ids),
                ActionStep.deleted.is_(False),
                ActionStep.done.is_(False),
            )
            .order_by(ActionStep.due_on)
        ):
            steps[step.client_id].append(step)
        appointments = {i: builder.next_appointment(session, i, today) for i in ids}
    out: list[tuple[PackageDraft, PackageDocument]] = []
    for client_id in ids:
        client = clients[client_id]
        assessment = assessments.get(client_id)
        profile = profile_of(client, assessment, client_id in with_family)
        draft = PackageDraft(client_id, client.file_no, language, paper)
        for item in items:
            reason = explain(item.rules, profile)
            if reason is not None:
                draft.items.append(DraftItem(item.id, reason))
        draft.missing = [_(m) for m in missing_data(profile, assessment is not None).values()]
        departure = assessment.expected_departure if assessment is not None else None
        document = PackageComposer(
            draft, client, profile, assessment is not None, today, departure
        ).compose(
            [views[d.item_id] for d in draft.items],
            steps[client_id],
            appointments[client_id],
            counsellor,
            (versions or {}).get(client_id),
        )
        out.append((draft, document))
    return out
