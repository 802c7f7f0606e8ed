"""Where a client stands, derived from the work recorded; closed and withdrawn are set by a person.

registered → assessed (needs assessment complete) → package_ready (an information package is
ready; the packages feature supplies that fact) → group_attended (marked attended or late at a
group session on the calendar) →
one_on_one_done (a one-on-one or phone session). The status is the furthest stage the
record shows. Closed and withdrawn stick until a person reopens the file. Every change writes
a ``ClientStatusChange`` in the same transaction as the fact that caused it.

Automatic reasons are stored as untranslated message ids and translated when shown
(:func:`reason_text`), so the history reads in whichever language the reader uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import N_, _
from ciip_desktop.models import (
    PRESENT,
    CalendarSession,
    Client,
    ClientStatus,
    ClientStatusChange,
    Enrollment,
    EnrollmentState,
    Meeting,
    MeetingChannel,
    NeedsAssessment,
    utcnow,
)
from ciip_desktop.services.clients.codes import STATUS_LABELS

# Given the session and a client id: is an information package ready for this client?
PackageReadyCheck = Callable[[Session, str], bool]

MANUAL = frozenset({ClientStatus.CLOSED.value, ClientStatus.WITHDRAWN.value})
LABELS = STATUS_LABELS
REASONS = {
    ClientStatus.REGISTERED.value: N_("Registration received."),
    ClientStatus.ASSESSED.value: N_("Needs assessment completed."),
    ClientStatus.PACKAGE_READY.value: N_("Information package ready."),
    ClientStatus.GROUP_ATTENDED.value: N_("Attended a group session."),
    ClientStatus.ONE_ON_ONE_DONE.value: N_("Individual session held."),
}
REOPENED = N_("File reopened.")
RECALCULATED = N_("Status recalculated from the record.")


def no_package(_session: Session, _client_id: str) -> bool:
    return False


def status_label(status: str) -> str:
    """The status as the screen shows it, in the current language."""
    label = LABELS.get(status)
    return _(label) if label else status


def reason_text(reason: str) -> str:
    """A stored reason in the current language (a person's own words pass through)."""
    return _(reason) if reason else ""


@dataclass(frozen=True)
class StatusFacts:
    assessed: bool = False
    package_ready: bool = False
    group_attended: bool = False
    one_on_one_done: bool = False


def derive_status(facts: StatusFacts) -> ClientStatus:
    """The furthest stage of the service the facts show."""
    if facts.one_on_one_done:
        return ClientStatus.ONE_ON_ONE_DONE
    if facts.group_attended:
        return ClientStatus.GROUP_ATTENDED
    if facts.package_ready:
        return ClientStatus.PACKAGE_READY
    if facts.assessed:
        return ClientStatus.ASSESSED
    return ClientStatus.REGISTERED


def status_facts(
    session: Session, client_id: str, package_ready: PackageReadyCheck = no_package
) -> StatusFacts:
    assessed = session.scalar(
        select(NeedsAssessment.id).where(
            NeedsAssessment.client_id == client_id,
            NeedsAssessment.complete.is_(True),
            NeedsAssessment.deleted.is_(False),
        )
    )
    channels = set(
        session.scalars(
            select(Meeting.channel)
            .where(Meeting.client_id == client_id, Meeting.deleted.is_(False))
            .distinct()
        )
    )
    individual = {MeetingChannel.ONE_ON_ONE.value, MeetingChannel.PHONE.value}
    # Attendance marked on a group session's roster is what counts, not a meeting's channel.
    attended = session.scalar(
        select(Enrollment.id)
        .join(CalendarSession, CalendarSession.id == Enrollment.session_id)
        .where(
            Enrollment.client_id == client_id,
            Enrollment.deleted.is_(False),
            Enrollment.state == EnrollmentState.ENROLLED.value,
            Enrollment.attendance.in_(PRESENT),
            CalendarSession.deleted.is_(False),
        )
        .limit(1)
    )
    return StatusFacts(
        assessed=assessed is not None,
        package_ready=package_ready(session, client_id),
        group_attended=attended is not None,
        one_on_one_done=bool(channels & individual),
    )


def record_status(
    session: Session, client: Client, status: str, counsellor_id: str, reason: str
) -> None:
    """Set ``client.status`` and write the history entry, in the caller's transaction."""
    client.status = status
    session.add(
        ClientStatusChange(
            client_id=client.id,
            status=status,
            changed_at=utcnow(),
            counsellor_id=counsellor_id or None,
            reason=reason,
        )
    )


def refresh_status(
    session: Session,
    client: Client,
    counsellor_id: str,
    package_ready: PackageReadyCheck = no_package,
) -> bool:
    """Bring a client's status up to date with the record; False when nothing changed.

    A closed or withdrawn file keeps its status until a person reopens it.
    """
    if client.status in MANUAL:
        return False
    derived = derive_status(status_facts(session, client.id, package_ready)).value
    if derived == client.status:
        return False
    moves_forward = list(LABELS).index(derived) > list(LABELS).index(client.status)
    reason = REASONS[derived] if moves_forward else RECALCULATED
    record_status(session, client, derived, counsellor_id, reason)
    return True
