"""The feedback log: complaints, enquiries and compliments, each measured against its
response standard (acknowledged, answered, resolved) on the working-day calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import FeedbackItem
from ciip_desktop.services.context import Actor, ServiceContext

KINDS = {
    "complaint": N_("Complaint"),
    "enquiry": N_("Enquiry"),
    "compliment": N_("Compliment"),
}


@dataclass(frozen=True)
class FeedbackEntry:
    kind: str
    channel: str
    received_on: date
    summary: str = ""
    handler_id: str | None = None
    client_id: str | None = None


class FeedbackService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def log(self, actor: Actor, entry: FeedbackEntry) -> str:
        """Add an item; returns its reference (FB-YYYY-NNNN)."""
        if entry.kind not in KINDS:
            raise UserError(_("Feedback is a complaint, an enquiry or a compliment."))
        with self.ctx.write(actor) as db:
            year = entry.received_on.year
            prefix = f"FB-{year}-"
            last = db.execute(
                select(func.max(FeedbackItem.reference)).where(
                    FeedbackItem.reference.like(prefix + "%")
                )
            ).scalar_one()
            count = int(last.removeprefix(prefix)) if last else 0
            row = FeedbackItem(
                reference=f"{prefix}{count + 1:04d}",
                kind=entry.kind,
                channel=entry.channel,
                received_on=entry.received_on,
                summary=entry.summary,
                handler_id=entry.handler_id or actor.counsellor_id or None,
                client_id=entry.client_id,
            )
            db.add(row)
            db.flush()
            return row.reference

    def update(
        self,
        actor: Actor,
        reference: str,
        acknowledged_on: date | None = None,
        answered_on: date | None = None,
        resolved_on: date | None = None,
        response: str | None = None,
    ) -> None:
        with self.ctx.write(actor) as db:
            row = db.scalars(
                select(FeedbackItem).where(FeedbackItem.reference == reference)
            ).first()
            if row is None:
                raise UserError(_("There is no feedback {reference}.").format(reference=reference))
            for name, value in (
                ("acknowledged_on", acknowledged_on),
                ("answered_on", answered_on),
                ("resolved_on", resolved_on),
            ):
                if value is not None:
                    if value < row.received_on:
                        raise UserError(_("A reply cannot come before the feedback was received."))
                    setattr(row, name, value)
            if response is not None:
                row.response = response

    def items(self, first: date | None = None, last: date | None = None) -> list[FeedbackItem]:
        query = select(FeedbackItem).where(FeedbackItem.deleted.is_(False))
        if first is not None:
            query = query.where(FeedbackItem.received_on >= first)
        if last is not None:
            query = query.where(FeedbackItem.received_on <= last)
        with self.ctx.read() as db:
            rows = list(db.scalars(query.order_by(FeedbackItem.received_on.desc())))
            db.expunge_all()
            return rows
