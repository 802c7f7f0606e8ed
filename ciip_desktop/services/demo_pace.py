"""How quickly the demo office works: mostly within its published service standards
(services/quality/standards.py), with some misses, as an office that works looks.

Used by ``DemoService`` for each demo client: the working days from a registration to the
needs-assessment call, the clients who withdraw before anyone reached them, and the
information package sent ahead of a phone session.
"""

from __future__ import annotations

import functools
import hashlib
import io
import random
from datetime import date, datetime

from ciip_desktop.models import (
    Base,
    Client,
    ClientStatus,
    ClientStatusChange,
    InfoPackage,
    Meeting,
    MeetingChannel,
    PackagePdf,
    new_id,
)
from ciip_desktop.services.demo_time import OfficeCalendar

# Working days from registration to the call: most within the five of the standard.
CALL_DELAYS = (1, 2, 3, 4, 5, 6, 7, 9)
CALL_WEIGHTS = (14, 24, 24, 18, 14, 3, 2, 1)
# Working days the package goes out before the phone session (the standard asks for 2).
PACKAGE_LEADS = (1, 2, 3, 4, 5)
PACKAGE_WEIGHTS = (8, 32, 30, 20, 10)
WITHDRAWN_REASON = (
    "Could not be reached for the needs assessment; file closed at the client's request."
)


def call_delay(rng: random.Random) -> int:
    return rng.choices(CALL_DELAYS, CALL_WEIGHTS)[0]


def withdrawal(
    rows: list[Base],
    rng: random.Random,
    calendar: OfficeCalendar,
    client: Client,
    counsellor: str,
) -> bool:
    """Most clients never assessed withdrew a few weeks after registering (their clock
    stops); the rest stay registered, and once past due they are the standard's misses."""
    assert client.received_on is not None
    day = calendar.add_working_days(client.received_on, rng.randint(8, 25))
    if day >= calendar.today or rng.random() >= 0.88:
        return False
    moment = calendar.moment(rng, day)
    rows.append(
        ClientStatusChange(
            client_id=client.id,
            created_at=moment,
            status=ClientStatus.WITHDRAWN.value,
            changed_at=moment,
            counsellor_id=counsellor,
            reason=WITHDRAWN_REASON,
        )
    )
    return True


def phone_session(
    rows: list[Base],
    rng: random.Random,
    calendar: OfficeCalendar,
    client: Client,
    counsellor: str,
    assessed_on: date,
    activity: str,
) -> list[tuple[ClientStatus, datetime]]:
    """A client who asked for a phone session: the package issued, then the session held
    (recorded as a meeting); the status history it adds, or nothing if not yet held."""
    issued_on = calendar.add_working_days(assessed_on, rng.randint(2, 8))
    lead = rng.choices(PACKAGE_LEADS, PACKAGE_WEIGHTS)[0]
    held_on = calendar.add_working_days(issued_on, lead)
    if held_on >= calendar.today:
        return []
    issued_at = calendar.moment(rng, issued_on)
    pdf = _package_pdf()
    rows.append(
        InfoPackage(
            client_id=client.id,
            created_at=issued_at,
            counsellor_id=counsellor,
            version=1,
            language="bilingual",
            issued_at=issued_at,
            channel="email",
            sent_at=issued_at,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
    )
    held_at = calendar.moment(rng, held_on)
    rows.append(
        Meeting(
            id=new_id(),
            created_at=held_at,
            client_id=client.id,
            counsellor_id=counsellor,
            held_on=held_on,
            channel=MeetingChannel.PHONE.value,
            activity=activity,
        )
    )
    return [(ClientStatus.PACKAGE_READY, issued_at), (ClientStatus.ONE_ON_ONE_DONE, held_at)]


def stand_in_pdf() -> PackagePdf:
    """The local copy of the stand-in PDF every demo package names by its hash (the synced
    package row carries only the hash, as a real issued package does)."""
    pdf = _package_pdf()
    return PackagePdf(sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf)


@functools.cache
def _package_pdf() -> bytes:
    """A one-page stand-in for the packages the demo office sent, made once: a real package
    takes a fifth of a second to build, too long for thousands of demo clients."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    page = Canvas(out, invariant=True)
    page.setTitle("Information package (demo record)")
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 760, "CIIP information package (demo record)")
    page.setFont("Helvetica", 12)
    page.drawString(72, 730, "The demo office keeps no real package; build one in Packages.")
    page.showPage()
    page.save()
    return out.getvalue()
