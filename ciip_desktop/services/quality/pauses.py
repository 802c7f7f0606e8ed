"""Pausing a client's clock with a reason (waiting on the client): the working days of the
pause push the due date out and are kept apart from the elapsed time (``Case.paused``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import Client, ClockPause
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality.standards import ASSESSMENT_CALL, ONE_ON_ONE_AFTER_GROUP

# The client clocks a pause can hold (the feedback log's clocks belong to items, and a
# package is measured backwards from its session).
PAUSABLE = frozenset({ASSESSMENT_CALL, ONE_ON_ONE_AFTER_GROUP})
LONGEST_DAYS = 366
REASON_LENGTH = 200


@dataclass(frozen=True)
class PauseEntry:
    pause_id: str
    standard_key: str
    first_day: date
    last_day: date
    reason: str


class ClockPauses:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def pause(
        self,
        actor: Actor,
        standard_key: str,
        client_id: str,
        first_day: date,
        last_day: date,
        reason: str,
    ) -> str:
        """Pause one client's clock of one standard for ``[first_day, last_day]``."""
        reason = reason.strip()
        if standard_key not in PAUSABLE:
            raise UserError(_("This standard's clock cannot be paused."))
        if last_day < first_day:
            raise UserError(_("The pause must end on or after the day it starts."))
        if (last_day - first_day).days >= LONGEST_DAYS:
            raise UserError(_("A pause can last a year at most; enter a shorter one."))
        if not reason:
            raise UserError(_("Say why the clock is paused (for example, waiting on the client)."))
        if len(reason) > REASON_LENGTH:
            raise UserError(
                _("The reason is too long: keep it under {n} characters.").format(n=REASON_LENGTH)
            )
        with self.ctx.write(actor) as db:
            client = db.get(Client, client_id)
            if client is None or client.deleted:
                raise UserError(_("This client is no longer on file."))
            row = ClockPause(
                client_id=client_id,
                standard_key=standard_key,
                first_day=first_day,
                last_day=last_day,
                reason=reason,
            )
            db.add(row)
            db.flush()
            return row.id

    def pauses(self, client_id: str) -> list[PauseEntry]:
        with self.ctx.read() as db:
            rows = db.scalars(
                select(ClockPause)
                .where(ClockPause.client_id == client_id, ClockPause.deleted.is_(False))
                .order_by(ClockPause.first_day)
            )
            return [
                PauseEntry(r.id, r.standard_key, r.first_day, r.last_day, r.reason) for r in rows
            ]
