"""Case follow-up: meetings with their tangible activity, and the client's action steps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from ciip_desktop.errors import NotFoundError, UserError, ValidationError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import ActionStep, Client, Meeting, MeetingChannel, new_id
from ciip_desktop.services.clients.record_service import ClientRecordService
from ciip_desktop.services.clients.status import (
    MANUAL,
    refresh_status,
)
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    ActionStepView,
    MeetingInput,
    MeetingView,
)
from ciip_desktop.services.clients.views import (
    counsellor_names,
    load_client,
    meeting_view,
    signature_rule,
    step_order,
    step_view,
)
from ciip_desktop.services.context import Actor

CHANNELS = tuple(c.value for c in MeetingChannel)


def _invalid(errors: dict[str, str]) -> ValidationError:
    count = len(errors)
    return ValidationError(
        ngettext(
            "The meeting has {n} problem; correct the field marked and save again.",
            "The meeting has {n} problems; correct the fields marked and save again.",
            count,
        ).format(n=count),
        errors,
    )


def check_step(step: ActionStepInput, not_before: date | None, key: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not step.text.strip():
        errors[f"{key}.text"] = _("Say what the client will do in this action step.")
    if step.due_on is not None and not_before is not None and step.due_on < not_before:
        errors[f"{key}.due_on"] = _(
            "The due date is before the meeting; give a date on or after {day}."
        ).format(day=not_before.isoformat())
    return errors


def require_signature(client: Client) -> None:
    if not client.signature_on_file:
        raise ValidationError(
            signature_rule(client.file_no),
            {"signature_on_file": _("The signature is not on file.")},
        )


class StepChangedError(UserError):
    """An action step is no longer as the change to it expected (someone changed it since)."""


class CaseworkService(ClientRecordService):
    def validate_meeting(
        self, meeting: MeetingInput, steps: Sequence[ActionStepInput] = ()
    ) -> dict[str, str]:
        """Field → reason; step fields are named ``steps.<n>.text`` / ``steps.<n>.due_on``."""
        errors: dict[str, str] = {}
        if not meeting.activity.strip():
            errors["activity"] = _(
                "Describe the tangible activity done in this meeting; every meeting records one."
            )
        if meeting.channel not in CHANNELS:
            errors["channel"] = _("Choose group, one_on_one, phone or email.")
        if meeting.held_on > self.today():
            errors["held_on"] = _(
                "The meeting date is in the future; record a meeting once it has taken place."
            )
        for index, step in enumerate(steps):
            errors.update(check_step(step, meeting.held_on, f"steps.{index}"))
        return errors

    def record_meeting(
        self,
        actor: Actor,
        client_id: str,
        meeting: MeetingInput,
        steps: Sequence[ActionStepInput] = (),
    ) -> MeetingView:
        """Record a meeting and the action steps agreed in it; the status follows."""
        errors = self.validate_meeting(meeting, steps)
        if errors:
            raise _invalid(errors)
        with self.ctx.write(actor) as session:
            client = load_client(session, client_id)
            require_signature(client)
            row = Meeting(
                id=new_id(),
                client_id=client_id,
                counsellor_id=actor.counsellor_id or None,
                held_on=meeting.held_on,
                channel=meeting.channel,
                activity=meeting.activity.strip(),
                notes=meeting.notes.strip(),
            )
            session.add(row)
            for step in steps:
                session.add(
                    ActionStep(
                        client_id=client_id,
                        meeting_id=row.id,
                        text=step.text.strip(),
                        due_on=step.due_on,
                    )
                )
            session.flush()
            refresh_status(session, client, actor.counsellor_id, self.package_ready)
            return meeting_view(row, counsellor_names(session))

    def add_step(self, actor: Actor, client_id: str, step: ActionStepInput) -> ActionStepView:
        errors = check_step(step, None, "step")
        if step.due_on is not None and step.due_on < self.today():
            errors["step.due_on"] = _("The due date has already passed; give a later date.")
        if errors:
            raise ValidationError(
                _("The action step cannot be saved; correct the field marked."), errors
            )
        with self.ctx.write(actor) as session:
            client = load_client(session, client_id)
            require_signature(client)
            row = ActionStep(client_id=client_id, text=step.text.strip(), due_on=step.due_on)
            session.add(row)
            session.flush()
            return step_view(row, client, self.today())

    def set_step_done(
        self,
        actor: Actor,
        step_id: str,
        done: bool,
        on: date | None = None,
        *,
        expect: tuple[bool, date | None] | None = None,
    ) -> ActionStepView:
        """Mark a step done (on ``on``, default today) or open again.

        ``expect`` is the (done, done on) the caller last saw (an undo knows what it left):
        when the step is no longer so, someone changed it since, and nothing is written.
        """
        with self.ctx.write(actor) as session:
            row = session.get(ActionStep, step_id)
            if row is None or row.deleted:
                raise NotFoundError(
                    _("This action step no longer exists; refresh the client record.")
                )
            if expect is not None and (row.done, row.done_on) != expect:
                raise StepChangedError(
                    _(
                        "This action step was changed since, so the change was not made; "
                        "the record now shows it as it is."
                    )
                )
            client = load_client(session, row.client_id)
            done_on = (on or self.today()) if done else None
            if row.done != done:
                row.done = done
            if row.done_on != done_on:
                row.done_on = done_on
            session.flush()
            return step_view(row, client, self.today())

    def open_steps(self, actor: Actor, client_id: str) -> list[ActionStepView]:
        """The client's steps not yet done, soonest due first."""
        with self.ctx.read() as session:
            client = load_client(session, client_id)
            rows = session.scalars(
                select(ActionStep).where(
                    ActionStep.client_id == client_id,
                    ActionStep.deleted.is_(False),
                    ActionStep.done.is_(False),
                )
            )
            today = self.today()
            return sorted((step_view(r, client, today) for r in rows), key=step_order)

    def overdue_steps(
        self, actor: Actor, today: date, counsellor_id: str | None = None
    ) -> list[ActionStepView]:
        """Open steps due before ``today``, oldest first, for open files (of one counsellor)."""
        stmt = (
            select(ActionStep, Client)
            .join(Client, Client.id == ActionStep.client_id)
            .where(
                ActionStep.deleted.is_(False),
                ActionStep.done.is_(False),
                ActionStep.due_on < today,
                Client.deleted.is_(False),
                Client.status.not_in(MANUAL),
            )
            .order_by(ActionStep.due_on, Client.file_no)
        )
        if counsellor_id:
            stmt = stmt.where(Client.counsellor_id == counsellor_id)
        with self.ctx.read() as session:
            return [step_view(step, client, today) for step, client in session.execute(stmt)]
