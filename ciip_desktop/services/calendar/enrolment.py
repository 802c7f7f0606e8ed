"""Enrolling clients in group sessions, the waiting list, and attendance on the day.

When a seat frees, the app *proposes* who comes next (:meth:`EnrolmentService.propose_next`)
and a counsellor confirms (:meth:`EnrolmentService.promote`); everything is local, so it works
offline at the venue. A family (a principal applicant and the family members registered under
them) is enrolled and promoted together; a family that does not fit in the seats left is
passed over without blocking those behind it. Clients who will have left for Canada by the
session's day are skipped and offered a phone session instead. Every step writes a
:class:`WaitlistEvent`, so the list explains itself: who, when, by whom and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.i18n import N_, _, format_date
from ciip_desktop.models import (
    PRESENT,
    Attendance,
    CalendarSession,
    Client,
    Counsellor,
    Enrollment,
    EnrollmentState,
    NeedsAssessment,
    SessionKind,
    SessionState,
    WaitlistAction,
    WaitlistEvent,
    utcnow,
)
from ciip_desktop.services.calendar.base import CalendarService, WarningsNotAccepted
from ciip_desktop.services.calendar.conflicts import client_clashes, client_overlap
from ciip_desktop.services.calendar.queries import load_session
from ciip_desktop.services.calendar.types import (
    CalendarWarning,
    EnrollmentView,
    ListEventView,
    PromotionProposal,
)
from ciip_desktop.services.clients.names import display_name
from ciip_desktop.services.clients.status import refresh_status
from ciip_desktop.services.context import Actor
from ciip_desktop.services.security import guards

# Reasons are stored untranslated and translated when shown; {detail} is a date or a number.
SEAT_GIVEN = N_("A seat was free.")
SESSION_FULL = N_("The session was full; waiting in order.")
SEAT_FREED = N_("A seat freed; next on the waiting list.")
LEAVES_FIRST = N_("Leaves for Canada on {detail}, before the session: offer a phone session.")
REMOVED_BY_COUNSELLOR = N_("Removed by a counsellor.")
ATTENDANCE = tuple(a.value for a in Attendance)


def reason_text(reason: str, detail: str) -> str:
    if not reason:
        return ""
    text = _(reason)
    return text.format(detail=detail) if "{detail}" in text else text


def _family(db: Session, client: Client) -> list[Client]:
    """The client's family as registered: the principal applicant and their family members."""
    principal_id = client.principal_id or client.id
    rows = db.scalars(
        select(Client).where(
            Client.deleted.is_(False),
            (Client.id == principal_id) | (Client.principal_id == principal_id),
        )
    )
    return sorted(rows, key=lambda c: (c.id != principal_id, c.file_no))


def _departures(db: Session, client_ids: Sequence[str]) -> dict[str, date | None]:
    rows = db.execute(
        select(NeedsAssessment.client_id, NeedsAssessment.expected_departure).where(
            NeedsAssessment.client_id.in_(client_ids), NeedsAssessment.deleted.is_(False)
        )
    )
    return dict(rows.all())


class EnrolmentService(CalendarService):
    # ---- enrolling ------------------------------------------------------------------------

    def enrol(
        self,
        actor: Actor,
        session_id: str,
        client_id: str,
        with_family: bool = True,
        accept: bool = False,
    ) -> list[EnrollmentView]:
        """Enrol a client (and their family): seated if the seats suffice, else waiting."""
        guards.own_client_or_session(self.ctx, actor, session_id, client_id)
        with self.ctx.write(actor) as db:
            row = self._group(db, session_id)
            client = db.get(Client, client_id)
            if client is None or client.deleted:
                raise NotFoundError(
                    _("This client record no longer exists; refresh and try again.")
                )
            people = _family(db, client) if with_family else [client]
            existing = set(
                db.scalars(
                    select(Enrollment.client_id).where(
                        Enrollment.session_id == session_id,
                        Enrollment.deleted.is_(False),
                        Enrollment.state != EnrollmentState.REMOVED.value,
                    )
                )
            )
            people = [p for p in people if p.id not in existing]
            if not people:
                raise ValidationError(
                    _("{file_no} is already on this session's list.").format(file_no=client.file_no)
                )
            unsigned = [p.file_no for p in people if not p.signature_on_file]
            if unsigned:
                raise ValidationError(
                    _(
                        "No signed registration is on file for {file_nos}: record the signature "
                        "before enrolling."
                    ).format(file_nos=", ".join(unsigned)),
                    {"signature_on_file": _("The signature is not on file.")},
                )
            warnings: list[CalendarWarning] = []
            for p in people:
                clash = client_clashes(db, p.id, row.starts_at, row.ends_at, session_id)
                if clash:
                    warnings.append(client_overlap(p.file_no, clash))
            if warnings and not accept:
                raise WarningsNotAccepted(warnings)
            enrolled, last = self._counts(db, session_id)
            seated = enrolled + len(people) <= row.capacity
            state = EnrollmentState.ENROLLED if seated else EnrollmentState.WAITING
            family_id = client.principal_id or client.id
            now = utcnow()
            for p in people:
                db.add(
                    Enrollment(
                        session_id=session_id,
                        client_id=p.id,
                        state=state.value,
                        queue_position=last + 1,
                        family_id=family_id,
                    )
                )
                db.add(
                    WaitlistEvent(
                        session_id=session_id,
                        client_id=p.id,
                        action=(WaitlistAction.ENROLLED if seated else WaitlistAction.WAITLISTED),
                        at=now,
                        counsellor_id=actor.counsellor_id or None,
                        reason=SEAT_GIVEN if seated else SESSION_FULL,
                    )
                )
            db.flush()
        return self.entries(session_id)

    def remove(self, actor: Actor, session_id: str, client_id: str) -> None:
        """Take a client off the session's list (seat or queue); the seat is then free."""
        guards.own_client_or_session(self.ctx, actor, session_id, client_id)
        with self.ctx.write(actor) as db:
            row = self._enrollment(db, session_id, client_id)
            row.state = EnrollmentState.REMOVED.value
            db.add(
                WaitlistEvent(
                    session_id=session_id,
                    client_id=client_id,
                    action=WaitlistAction.REMOVED.value,
                    at=utcnow(),
                    counsellor_id=actor.counsellor_id or None,
                    reason=REMOVED_BY_COUNSELLOR,
                )
            )

    # ---- the waiting list -----------------------------------------------------------------

    def propose_next(self, session_id: str) -> PromotionProposal | None:
        """Who the app proposes for the free seats (None when no seat is free or none waits).

        Skips waiting clients who leave for Canada before the session (with the reason), and
        passes over a family larger than the seats left without blocking those behind it.
        """
        with self.ctx.read() as db:
            row = self._group(db, session_id)
            enrolled, _last = self._counts(db, session_id)
            free = row.capacity - enrolled
            if free <= 0:
                return None
            waiting = list(
                db.execute(
                    select(Enrollment, Client)
                    .join(Client, Client.id == Enrollment.client_id)
                    .where(
                        Enrollment.session_id == session_id,
                        Enrollment.deleted.is_(False),
                        Enrollment.state == EnrollmentState.WAITING.value,
                    )
                    .order_by(Enrollment.queue_position, Enrollment.created_at)
                )
            )
            if not waiting:
                return None
            day = row.starts_at.astimezone(ZoneInfo(row.time_zone)).date()
            departures = _departures(db, [c.id for _e, c in waiting])
            families: dict[str, list[Client]] = {}
            for enrolment, client in waiting:
                families.setdefault(enrolment.family_id or client.id, []).append(client)
            skipped: list[tuple[str, str]] = []
            skipped_ids: list[str] = []
            for members in families.values():
                leaving = [
                    (c, d) for c in members if (d := departures.get(c.id)) is not None and d <= day
                ]
                if leaving:
                    for c, d in leaving:
                        skipped.append((c.file_no, reason_text(LEAVES_FIRST, format_date(d))))
                        skipped_ids.append(c.id)
                    continue
                if len(members) <= free:
                    return PromotionProposal(
                        session_id=session_id,
                        client_ids=tuple(c.id for c in members),
                        file_nos=tuple(c.file_no for c in members),
                        skipped=tuple(skipped),
                        skipped_ids=tuple(skipped_ids),
                    )
            if skipped:
                return PromotionProposal(session_id, (), (), tuple(skipped), tuple(skipped_ids))
            return None

    def promote(self, actor: Actor, proposal: PromotionProposal) -> None:
        """Confirm a proposal: seat the proposed clients and record the skipped ones' reason."""
        guards.own_session(self.ctx, actor, proposal.session_id)
        with self.ctx.write(actor) as db:
            row = self._group(db, proposal.session_id)
            enrolled, _last = self._counts(db, proposal.session_id)
            if enrolled + len(proposal.client_ids) > row.capacity:
                raise ValidationError(_("The seats were taken meanwhile; ask for a new proposal."))
            day = row.starts_at.astimezone(ZoneInfo(row.time_zone)).date()
            departures = _departures(db, list(proposal.skipped_ids))
            now = utcnow()
            for client_id in proposal.client_ids:
                e = self._enrollment(db, proposal.session_id, client_id)
                e.state = EnrollmentState.ENROLLED.value
                db.add(
                    WaitlistEvent(
                        session_id=proposal.session_id,
                        client_id=client_id,
                        action=WaitlistAction.PROMOTED.value,
                        at=now,
                        counsellor_id=actor.counsellor_id or None,
                        reason=SEAT_FREED,
                    )
                )
            for client_id in proposal.skipped_ids:
                e = self._enrollment(db, proposal.session_id, client_id)
                e.state = EnrollmentState.REMOVED.value
                departure = departures.get(client_id) or day
                db.add(
                    WaitlistEvent(
                        session_id=proposal.session_id,
                        client_id=client_id,
                        action=WaitlistAction.SKIPPED.value,
                        at=now,
                        counsellor_id=actor.counsellor_id or None,
                        reason=LEAVES_FIRST,
                        detail=departure.isoformat(),
                    )
                )

    # ---- attendance -----------------------------------------------------------------------

    def mark(self, actor: Actor, session_id: str, client_id: str, attendance: str) -> None:
        """Mark attendance on the day; records the counsellor and this laptop. Status follows."""
        guards.own_session(self.ctx, actor, session_id)
        if attendance not in (*ATTENDANCE, ""):
            raise ValidationError(_("Choose attended, no-show, cancelled or late."))
        with self.ctx.write(actor) as db:
            row = self._enrollment(db, session_id, client_id)
            if row.state != EnrollmentState.ENROLLED.value:
                raise ValidationError(
                    _("Only clients with a seat can be marked; promote them from the list first.")
                )
            row.attendance = attendance
            row.marked_by = actor.counsellor_id or None
            row.marked_device = self.ctx.replica.device_id
            row.marked_at = utcnow()
            session = load_session(db, session_id)
            if attendance in PRESENT and session.status == SessionState.PLANNED.value:
                session.status = SessionState.HELD.value
            db.flush()
            client = db.get(Client, client_id)
            assert client is not None
            refresh_status(db, client, actor.counsellor_id, self.package_ready)

    # ---- reading --------------------------------------------------------------------------

    def entries(self, session_id: str) -> list[EnrollmentView]:
        """The session's seats then its queue in order (removed ones are in the history)."""
        with self.ctx.read() as db:
            rows = list(
                db.execute(
                    select(Enrollment, Client)
                    .join(Client, Client.id == Enrollment.client_id)
                    .where(
                        Enrollment.session_id == session_id,
                        Enrollment.deleted.is_(False),
                        Enrollment.state != EnrollmentState.REMOVED.value,
                    )
                )
            )
            names = dict(db.execute(select(Counsellor.id, Counsellor.display_name)).all())
            departures = _departures(db, [c.id for _e, c in rows])
            views = [
                EnrollmentView(
                    id=e.id,
                    client_id=c.id,
                    file_no=c.file_no,
                    name=display_name(c.family_name, c.given_name, c.chinese_name),
                    chinese_name=c.chinese_name,
                    latin_name=c.latin_name or c.pinyin,
                    state=e.state,
                    queue_position=e.queue_position,
                    family_id=e.family_id,
                    attendance=e.attendance,
                    marked_by=names.get(e.marked_by or "", ""),
                    marked_device=e.marked_device,
                    marked_at=e.marked_at,
                    departure=departures.get(c.id),
                )
                for e, c in rows
            ]
        seated = sorted((v for v in views if v.state == "enrolled"), key=lambda v: v.file_no)
        queue = sorted(
            (v for v in views if v.state == "waiting"), key=lambda v: (v.queue_position, v.file_no)
        )
        return seated + queue

    def history(self, session_id: str) -> list[ListEventView]:
        with self.ctx.read() as db:
            rows = db.execute(
                select(WaitlistEvent, Client.file_no, Counsellor.display_name)
                .join(Client, Client.id == WaitlistEvent.client_id)
                .outerjoin(Counsellor, Counsellor.id == WaitlistEvent.counsellor_id)
                .where(WaitlistEvent.session_id == session_id, WaitlistEvent.deleted.is_(False))
                .order_by(WaitlistEvent.at, WaitlistEvent.id)
            )
            return [
                ListEventView(
                    at=ev.at,
                    action=ev.action,
                    file_no=file_no,
                    counsellor=name or "",
                    reason=reason_text(
                        ev.reason,
                        format_date(date.fromisoformat(ev.detail)) if ev.detail else "",
                    ),
                )
                for ev, file_no, name in rows
            ]

    # ---- helpers --------------------------------------------------------------------------

    @staticmethod
    def _group(db: Session, session_id: str) -> CalendarSession:
        row = load_session(db, session_id)
        if row.kind != SessionKind.GROUP.value:
            raise ValidationError(_("Only group sessions have a list of attendees."))
        if row.status == SessionState.CANCELLED.value:
            raise ValidationError(_("This session is cancelled; choose another session."))
        return row

    @staticmethod
    def _counts(db: Session, session_id: str) -> tuple[int, int]:
        """(seats taken, the last queue position used)."""
        enrolled = db.scalar(
            select(func.count()).where(
                Enrollment.session_id == session_id,
                Enrollment.deleted.is_(False),
                Enrollment.state == EnrollmentState.ENROLLED.value,
            )
        )
        last = db.scalar(
            select(func.max(Enrollment.queue_position)).where(
                Enrollment.session_id == session_id, Enrollment.deleted.is_(False)
            )
        )
        return int(enrolled or 0), int(last or 0)

    @staticmethod
    def _enrollment(db: Session, session_id: str, client_id: str) -> Enrollment:
        row = db.scalars(
            select(Enrollment).where(
                Enrollment.session_id == session_id,
                Enrollment.client_id == client_id,
                Enrollment.deleted.is_(False),
                Enrollment.state != EnrollmentState.REMOVED.value,
            )
        ).first()
        if row is None:
            raise NotFoundError(
                _("This client is not on the session's list any more; refresh and try again.")
            )
        return row
