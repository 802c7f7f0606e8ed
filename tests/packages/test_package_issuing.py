"""Issuing: numbered frozen versions, status, corrections, e-mail, late phone sessions, batch."""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from package_support import engineer, register
from sqlalchemy.orm import Session

from ciip_desktop.errors import UserError
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages.appointments import (
    business_days_before,
    recorded_group_attendees,
)
from ciip_desktop.services.packages.batch import build_batch
from ciip_desktop.services.packages.types import Appointment, ItemInput


@pytest.fixture
def counsellor(ctx: ServiceContext, counsellor: Actor) -> Actor:
    """Li Na as a supervisor: these tests edit the library, a supervisor's work (issue 17)."""
    with ctx.write(Actor.system()) as session:
        person = session.get(Counsellor, counsellor.counsellor_id)
        assert person is not None
        person.role = Role.SUPERVISOR.value
    return replace(counsellor, role=Role.SUPERVISOR)


def test_issuing_freezes_numbered_versions_and_moves_the_status(
    services: Services, counsellor: Actor
) -> None:
    client_id = engineer(services, counsellor)
    assert services.clients.get(counsellor, client_id).status == "assessed"
    draft = services.packages.propose(client_id, "bilingual")
    first = services.issuer.issue(counsellor, draft)
    frozen = services.issuer.snapshot(first.id)
    assert frozen.startswith(b"%PDF") and hashlib.sha256(frozen).hexdigest() == first.pdf_sha256
    detail = services.clients.get(counsellor, client_id)
    assert detail.status == "package_ready"
    assert detail.status_history[-1].reason == "Information package ready."
    draft.note = "Second thoughts"
    second = services.issuer.issue(counsellor, draft, "print")
    assert (first.version, second.version) == (1, 2)
    assert [v.version for v in services.issuer.versions(client_id)] == [2, 1]
    assert services.issuer.snapshot(first.id) == frozen  # re-printed byte for byte
    assert second.channel == "print" and second.sent_at is not None
    assert first.channel == "" and first.sent_at is None
    sent = services.issuer.record_sent(counsellor, first.id, "email")
    assert sent.channel == "email" and sent.sent_at is not None


def test_a_corrected_item_lists_the_clients_who_had_the_old_text(
    services: Services, counsellor: Actor
) -> None:
    had_it = engineer(services, counsellor)
    services.issuer.issue(counsellor, services.packages.propose(had_it))
    view = next(v for v in services.library.items() if v.slug == "licence-engineer-on")
    assert services.issuer.clients_with_old_text(view.id) == []
    services.library.save(
        counsellor,
        ItemInput(
            slug=view.slug, kind=view.kind, title_en=view.title_en,
            body_en=view.body_en.replace("12 months", "12 months (4 in Canada)"),
            title_zh=view.title_zh, body_zh=view.body_zh, links=view.links, rules=view.rules,
        ),
        view.id,
    )  # fmt: skip
    later = engineer(services, counsellor, family="Li", given="Na", chinese="李娜")
    services.issuer.issue(counsellor, services.packages.propose(later))
    old = services.issuer.clients_with_old_text(view.id)
    assert [v.client_id for v in old] == [had_it]


def test_the_email_message_carries_the_issued_pdf(services: Services, counsellor: Actor) -> None:
    client_id = engineer(services, counsellor)
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id, "bilingual"))
    raw = services.issuer.email_message(issued.id, "Li Na <lina@ciip.example>")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "Wei Wang <wang.wei@example.com>"
    assert message["From"] == "Li Na <lina@ciip.example>"
    assert "Your pre-arrival information package" in message["Subject"]
    attachments = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert [a.get_filename() for a in attachments] == [f"package-{issued.file_no}.pdf"]
    assert attachments[0].get_content() == services.issuer.snapshot(issued.id)


def test_no_email_address_is_one_sentence_saying_what_to_do(
    services: Services, counsellor: Actor
) -> None:
    client_id = register(services, counsellor, email="")
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id))
    with pytest.raises(UserError, match="has no e-mail address; add one to the record"):
        services.issuer.email_message(issued.id, "Li Na")


def test_a_phone_session_without_a_package_two_working_days_before_is_flagged(
    services: Services, counsellor: Actor
) -> None:
    client_id = engineer(services, counsellor)
    today = date.today()
    soon = Appointment(today + timedelta(days=1), "phone")

    def next_session(_s: Session, _client: str, _today: date) -> Appointment | None:
        return soon

    deadline = services.issuer.late_phone_session(client_id, next_session)
    assert deadline == business_days_before(soon.on, 2) and deadline <= today
    group = Appointment(today + timedelta(days=1), "one_on_one")
    assert services.issuer.late_phone_session(client_id, lambda *_a: group) is None
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id))
    assert services.issuer.late_phone_session(client_id, next_session) is not None  # not sent
    services.issuer.record_sent(counsellor, issued.id, "email")
    assert services.issuer.late_phone_session(client_id, next_session) is None


def test_business_days_skip_weekends_and_the_national_holiday() -> None:
    assert business_days_before(date(2026, 11, 30), 2) == date(2026, 11, 26)  # Mon -> Thu
    assert business_days_before(date(2026, 10, 9), 2) == date(2026, 9, 30)  # Golden Week


def test_a_batch_writes_every_package_reports_progress_and_can_be_cancelled(
    services: Services, counsellor: Actor, tmp_path: Path
) -> None:
    ids = [engineer(services, counsellor, family=f"Zhao{i}", chinese=f"赵{i}") for i in range(3)]
    seen: list[tuple[int, int]] = []
    result = build_batch(
        services.packages, counsellor, ids, tmp_path / "out", "bilingual",
        progress=lambda done, total: seen.append((done, total)), workers=1,
    )  # fmt: skip
    assert len(result.written) == 3 and not result.cancelled
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.written)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    stopped = build_batch(
        services.packages, counsellor, ids, tmp_path / "none", cancelled=lambda: True
    )
    assert stopped.cancelled and stopped.written == []


def test_an_issued_batch_on_worker_processes_keeps_each_pdf_as_written(
    services: Services, counsellor: Actor, tmp_path: Path
) -> None:
    ids = [engineer(services, counsellor, family=f"Qian{i}", chinese=f"钱{i}") for i in range(4)]
    result = build_batch(
        services.packages, counsellor, ids, tmp_path, "bilingual", workers=2,
        issuer=services.issuer,
    )  # fmt: skip
    names = sorted(p.name for p in result.written)
    file_nos = sorted(services.clients.get(counsellor, i).file_no for i in ids)
    assert names == [f"package-{f}.pdf" for f in file_nos]
    for client_id in ids:
        (issued,) = services.issuer.versions(client_id)
        written = tmp_path / f"package-{issued.file_no}.pdf"
        assert services.issuer.snapshot(issued.id) == written.read_bytes()
        assert issued.version == 1 and issued.language == "bilingual"
        assert services.clients.get(counsellor, client_id).status == "package_ready"
        assert "Version 1" in pypdf.PdfReader(written).pages[0].extract_text()


def test_group_attendees_until_the_calendar_comes(services: Services, counsellor: Actor) -> None:
    with pytest.raises(UserError, match="give its date as YYYY-MM-DD"):
        recorded_group_attendees(services.ctx, "S-1")
    assert recorded_group_attendees(services.ctx, date.today().isoformat()) == []
