"""Booking every proposal of a day in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ciip_desktop.errors import UserError
from ciip_desktop.models import SessionKind
from ciip_desktop.services.calendar.enrolment import EnrolmentService
from ciip_desktop.services.calendar.one_on_ones import OneOnOneService
from ciip_desktop.services.calendar.proposals import client_time_zone
from ciip_desktop.services.calendar.sessions import SessionService
from ciip_desktop.services.calendar.types import Proposal, SessionInput
from ciip_desktop.services.context import Actor


@dataclass(frozen=True)
class BookingResult:
    booked: int
    problems: tuple[tuple[str, str], ...]  # (file no., translated reason)


def book_proposals(
    actor: Actor,
    proposals: Sequence[Proposal],
    counsellor_id: str,
    sessions: SessionService,
    enrolment: EnrolmentService,
    one_on_ones: OneOnOneService,
) -> BookingResult:
    """Enrol the group proposals and book each one-on-one or phone session at the
    counsellor's next free slot that day; what cannot be booked is reported, not hidden."""
    booked = 0
    problems: list[tuple[str, str]] = []
    for p in proposals:
        try:
            if p.kind == SessionKind.GROUP.value and p.session_id:
                enrolment.enrol(actor, p.session_id, p.client_id, with_family=False)
            else:
                assert p.day is not None
                slots = one_on_ones.slots(counsellor_id, p.day)
                if not slots:
                    raise UserError(one_on_ones.no_slot_message(p.day))
                slot = slots[0]
                zone = ""
                if p.kind == SessionKind.PHONE.value:
                    zone = client_time_zone(*one_on_ones.destination(p.client_id))
                sessions.create(
                    actor,
                    SessionInput(
                        kind=p.kind,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        city=p.city,
                        lead_counsellor_id=counsellor_id,
                        capacity=1,
                        client_id=p.client_id,
                        client_time_zone=zone,
                    ),
                    accept=True,
                )
            booked += 1
        except UserError as err:
            problems.append((p.file_no, err.message))
    return BookingResult(booked, tuple(problems))
