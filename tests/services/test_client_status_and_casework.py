"""A client's file moves as the work is recorded: assessment, sessions, follow-up, closing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.calendar.enrolment import EnrolmentService
from ciip_desktop.services.calendar.sessions import SessionService
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.clients import AssessmentService, CaseworkService, ClientService
from ciip_desktop.services.clients.casework import StepChangedError
from ciip_desktop.services.clients.status import StatusFacts, derive_status, status_label
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    AssessmentInput,
    MeetingInput,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor, ServiceContext

TODAY = date.today()
COMPLETE = AssessmentInput(
    destination_province="ON",
    destination_city="Toronto",
    expected_departure=TODAY + timedelta(days=90),
    intended_noc="21231",
    english_clb=8,
)


class Desk:
    def __init__(self, ctx: ServiceContext, actor: Actor) -> None:
        self.clients = ClientService(ctx)
        self.assessments = AssessmentService(ctx)
        self.casework = CaseworkService(ctx)
        self.sessions = SessionService(ctx)
        self.enrolment = EnrolmentService(ctx)
        self.actor = actor

    def register(self, signed: bool = True, name: str = "张伟") -> str:
        return self.clients.register(
            self.actor,
            RegistrationInput(
                chinese_name=name,
                received_on=TODAY - timedelta(days=30),
                signature_on_file=signed,
                signature_date=TODAY - timedelta(days=31) if signed else None,
            ),
        ).id

    def attend_group(self, client_id: str) -> None:
        """Enrol the client in a group session a week ago and mark them attended."""
        start = datetime.combine(TODAY - timedelta(days=7), time(9), tzinfo=UTC)
        session = self.sessions.create(
            self.actor,
            SessionInput(
                "group",
                start,
                start + timedelta(hours=7),
                city="Guangzhou",
                lead_counsellor_id=self.actor.counsellor_id,  # her own session (issue 17)
            ),
            accept=True,
        )
        self.enrolment.enrol(self.actor, session.id, client_id)
        self.enrolment.mark(self.actor, session.id, client_id, "attended")

    def meet(self, client_id: str, channel: str, *steps: ActionStepInput) -> None:
        self.casework.record_meeting(
            self.actor,
            client_id,
            MeetingInput(held_on=TODAY - timedelta(days=1), channel=channel, activity="Reviewed"),
            steps,
        )

    def history(self, client_id: str) -> list[str]:
        return [h.status for h in self.clients.get(self.actor, client_id).status_history]


@pytest.fixture
def desk(ctx: ServiceContext, counsellor: Actor) -> Desk:
    return Desk(ctx, counsellor)


def test_status_follows_the_work_from_registration_to_the_individual_session(desk: Desk) -> None:
    client = desk.register()
    desk.assessments.save(desk.actor, client, COMPLETE, complete=True)
    desk.attend_group(client)
    desk.meet(client, "one_on_one")
    detail = desk.clients.get(desk.actor, client)
    assert detail.status == "one_on_one_done"
    assert desk.history(client) == ["registered", "assessed", "group_attended", "one_on_one_done"]
    assert [h.counsellor_name for h in detail.status_history][1:] == ["Li Na"] * 3
    assert detail.status_history[1].reason == "Needs assessment completed."


def test_a_half_done_assessment_does_not_move_the_status(desk: Desk) -> None:
    client = desk.register()
    desk.assessments.save(desk.actor, client, AssessmentInput(destination_province="BC"), False)
    assert desk.history(client) == ["registered"]


def test_a_phone_session_counts_as_the_individual_session(desk: Desk) -> None:
    client = desk.register()
    desk.meet(client, "phone")
    assert desk.clients.get(desk.actor, client).status == "one_on_one_done"


def test_an_email_exchange_does_not_change_the_status(desk: Desk) -> None:
    client = desk.register()
    desk.meet(client, "email")
    assert desk.history(client) == ["registered"]


def test_the_package_stage_comes_from_the_packages_feature() -> None:
    assert derive_status(StatusFacts(assessed=True, package_ready=True)).value == "package_ready"
    assert derive_status(StatusFacts(package_ready=True, group_attended=True)) == "group_attended"
    assert derive_status(StatusFacts()).value == "registered"


def test_a_package_check_given_to_the_service_moves_the_client_on(
    ctx: ServiceContext, desk: Desk
) -> None:
    client = desk.register()
    assessments = AssessmentService(ctx, package_ready=lambda _session, _client: True)
    assessments.save(desk.actor, client, COMPLETE, complete=True)
    assert desk.history(client) == ["registered", "package_ready"]


def test_a_closed_file_stays_closed_until_reopened(desk: Desk) -> None:
    client = desk.register()
    desk.assessments.save(desk.actor, client, COMPLETE, complete=True)
    closed = desk.clients.set_status(desk.actor, client, "closed", "Departed early")
    assert closed.status == "closed"
    assert closed.status_history[-1].reason == "Departed early"
    desk.attend_group(client)
    assert desk.clients.get(desk.actor, client).status == "closed"
    reopened = desk.clients.set_status(desk.actor, client, "reopen")
    assert reopened.status == "group_attended"
    assert reopened.status_history[-1].reason == "File reopened."
    assert desk.history(client) == ["registered", "assessed", "closed", "group_attended"]


def test_a_withdrawn_client_is_reopened_by_choosing_the_status_the_record_shows(
    desk: Desk,
) -> None:
    client = desk.register()
    desk.clients.set_status(desk.actor, client, "withdrawn", "Changed plans")
    assert desk.clients.set_status(desk.actor, client, "registered").status == "registered"


def test_a_stage_of_the_service_cannot_be_set_by_hand(desk: Desk) -> None:
    client = desk.register()
    with pytest.raises(ValidationError, match="follows from the work recorded"):
        desk.clients.set_status(desk.actor, client, "one_on_one_done")
    assert desk.history(client) == ["registered"]


def test_status_labels_are_translated_words() -> None:
    assert status_label("one_on_one_done") == "Individual session done"
    assert status_label("something else") == "something else"


def test_every_meeting_records_a_tangible_activity(desk: Desk) -> None:
    client = desk.register()
    with pytest.raises(ValidationError) as raised:
        desk.casework.record_meeting(
            desk.actor, client, MeetingInput(held_on=TODAY, channel="phone", activity="  ")
        )
    assert "tangible activity" in raised.value.fields["activity"]


@pytest.mark.parametrize(
    ("meeting", "steps", "field"),
    [
        (MeetingInput(TODAY, "carrier pigeon", "Reviewed"), (), "channel"),
        (MeetingInput(TODAY + timedelta(days=1), "phone", "Reviewed"), (), "held_on"),
        (MeetingInput(TODAY, "phone", "Reviewed"), (ActionStepInput(""),), "steps.0.text"),
        (
            MeetingInput(TODAY, "phone", "Reviewed"),
            (ActionStepInput("Book ECA", TODAY - timedelta(days=1)),),
            "steps.0.due_on",
        ),
    ],
)
def test_a_meeting_with_bad_details_is_refused(
    desk: Desk, meeting: MeetingInput, steps: tuple[ActionStepInput, ...], field: str
) -> None:
    client = desk.register()
    with pytest.raises(ValidationError) as raised:
        desk.casework.record_meeting(desk.actor, client, meeting, steps)
    assert field in raised.value.fields


def test_no_meeting_before_the_signature_is_on_file(desk: Desk) -> None:
    client = desk.register(signed=False)
    with pytest.raises(ValidationError, match="record the signature"):
        desk.meet(client, "phone")


def test_action_steps_open_first_then_by_due_date_and_overdue_flagged(desk: Desk) -> None:
    client = desk.register()
    yesterday = TODAY - timedelta(days=1)
    desk.meet(
        client,
        "phone",
        ActionStepInput("Send diploma to WES", TODAY + timedelta(days=20)),
        ActionStepInput("Register on Job Bank", yesterday),
        ActionStepInput("Read the settlement guide"),
    )
    done = desk.casework.add_step(desk.actor, client, ActionStepInput("Book IELTS", TODAY))
    desk.casework.set_step_done(desk.actor, done.id, True)
    detail = desk.clients.get(desk.actor, client)
    assert [s.text for s in detail.action_steps] == [
        "Register on Job Bank",
        "Send diploma to WES",
        "Read the settlement guide",
        "Book IELTS",
    ]
    assert [s.overdue for s in detail.action_steps] == [True, False, False, False]
    assert detail.action_steps[-1].done_on == TODAY
    assert any("1 action step is overdue" in w for w in detail.warnings)
    assert [s.text for s in desk.casework.open_steps(desk.actor, client)] == [
        "Register on Job Bank",
        "Send diploma to WES",
        "Read the settlement guide",
    ]
    reopened = desk.casework.set_step_done(desk.actor, done.id, False)
    assert (reopened.done, reopened.done_on) == (False, None)


def test_overdue_steps_list_oldest_first_for_a_counsellors_open_files(
    ctx: ServiceContext, desk: Desk
) -> None:
    first, second, closed = desk.register(), desk.register(name="李娜"), desk.register(name="王芳")
    for client, days in ((first, 3), (second, 10), (closed, 20)):
        desk.meet(client, "phone", ActionStepInput(f"Step {days}", TODAY - timedelta(days=1)))
    with ctx.write(desk.actor) as session:
        from ciip_desktop.models import ActionStep

        for step in session.query(ActionStep):
            step.due_on = TODAY - timedelta(days=int(step.text.split()[1]))
    desk.clients.set_status(desk.actor, closed, "closed", "Moved away")
    overdue = desk.casework.overdue_steps(desk.actor, TODAY)
    assert [s.text for s in overdue] == ["Step 10", "Step 3"]
    assert overdue[0].client_name == "李娜"
    assert desk.casework.overdue_steps(desk.actor, TODAY, counsellor_id="nobody") == []
    mine = desk.casework.overdue_steps(desk.actor, TODAY, desk.actor.counsellor_id)
    assert [s.text for s in mine] == ["Step 10", "Step 3"]
    # A colleague takes over the first client: the counsellor's list leaves that step out.
    with ctx.write(Actor.system()) as session:
        colleague = Counsellor(
            office_id=ctx.replica.office_id,
            username="baiyu",
            display_name="Bai Yu",
            role=Role.COUNSELLOR.value,
        )
        session.add(colleague)
        session.flush()
        colleague_id = colleague.id
    desk.clients.update(desk.actor, first, {"counsellor_id": colleague_id})
    mine = desk.casework.overdue_steps(desk.actor, TODAY, desk.actor.counsellor_id)
    assert [s.text for s in mine] == ["Step 10"]
    theirs = desk.casework.overdue_steps(desk.actor, TODAY, colleague_id)
    assert [s.text for s in theirs] == ["Step 3"]


def test_an_unknown_step_is_a_sentence(desk: Desk) -> None:
    with pytest.raises(NotFoundError, match="no longer exists"):
        desk.casework.set_step_done(desk.actor, "missing", True)


def test_a_step_change_that_expects_an_earlier_state_is_refused(desk: Desk) -> None:
    client = desk.register()
    desk.meet(client, "phone", ActionStepInput("Send diploma to WES", TODAY))
    step = desk.casework.open_steps(desk.actor, client)[0]
    earlier = TODAY - timedelta(days=4)
    desk.casework.set_step_done(desk.actor, step.id, True, earlier, expect=(False, None))
    with pytest.raises(StepChangedError, match="changed since"):
        desk.casework.set_step_done(desk.actor, step.id, False, expect=(True, TODAY))
    kept = desk.casework.set_step_done(desk.actor, step.id, True, earlier, expect=(True, earlier))
    assert (kept.done, kept.done_on) == (True, earlier)
