"""Plain views of client records, built from the entities inside a session (nothing ORM leaks)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import NotFoundError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import (
    ActionStep,
    Client,
    ClientStatusChange,
    Counsellor,
    Meeting,
    NeedsAssessment,
)
from ciip_desktop.services.clients.names import display_name
from ciip_desktop.services.clients.search import summaries_by_id
from ciip_desktop.services.clients.status import reason_text
from ciip_desktop.services.clients.sync_flags import conflicts_warning, open_conflicts_of
from ciip_desktop.services.clients.types import (
    ActionStepView,
    AssessmentView,
    ClientDetail,
    MeetingView,
    RegistrationInput,
    StatusChangeView,
)


def not_found(client_id: str) -> NotFoundError:
    return NotFoundError(
        _("This client record no longer exists ({id}); refresh the list and try again.").format(
            id=client_id
        )
    )


def load_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        raise not_found(client_id)
    return client


def counsellor_names(session: Session) -> dict[str, str]:
    rows = session.execute(select(Counsellor.id, Counsellor.display_name))
    return {cid: name for cid, name in rows}


def client_name(client: Client) -> str:
    return display_name(client.family_name, client.given_name, client.chinese_name)


def assessment_view(na: NeedsAssessment, names: dict[str, str]) -> AssessmentView:
    return AssessmentView(
        destination_province=na.destination_province,
        destination_city=na.destination_city,
        expected_departure=na.expected_departure,
        intended_noc=na.intended_noc,
        career_goals=na.career_goals,
        education_level=na.education_level,
        education_field=na.education_field,
        years_experience=na.years_experience,
        english_clb=na.english_clb,
        english_test=na.english_test,
        english_scores=na.english_scores,
        french_nclc=na.french_nclc,
        french_test=na.french_test,
        french_scores=na.french_scores,
        accompanying_family=na.accompanying_family,
        concerns=tuple(c for c in na.concerns.split(",") if c),
        session_preference=na.session_preference,
        notes=na.notes,
        assessed_on=na.assessed_on,
        id=na.id,
        complete=na.complete,
        counsellor_name=names.get(na.counsellor_id or "", ""),
    )


def step_view(step: ActionStep, client: Client, today: date) -> ActionStepView:
    return ActionStepView(
        id=step.id,
        client_id=client.id,
        file_no=client.file_no,
        client_name=client_name(client),
        text=step.text,
        due_on=step.due_on,
        done=step.done,
        done_on=step.done_on,
        overdue=not step.done and step.due_on is not None and step.due_on < today,
    )


def step_order(view: ActionStepView) -> tuple[bool, bool, date, str]:
    """Open steps first, then by due date (undated last)."""
    return (view.done, view.due_on is None, view.due_on or date.max, view.text)


def meeting_view(meeting: Meeting, names: dict[str, str]) -> MeetingView:
    return MeetingView(
        id=meeting.id,
        held_on=meeting.held_on,
        channel=meeting.channel,
        counsellor_name=names.get(meeting.counsellor_id or "", ""),
        activity=meeting.activity,
        notes=meeting.notes,
    )


def registration_of(session: Session, client: Client) -> RegistrationInput:
    principal_file_no = None
    if client.principal_id:
        principal_file_no = session.scalar(
            select(Client.file_no).where(Client.id == client.principal_id)
        )
    return RegistrationInput(
        family_name=client.family_name,
        given_name=client.given_name,
        chinese_name=client.chinese_name,
        pinyin=client.pinyin,
        sex=client.sex,
        date_of_birth=client.date_of_birth,
        phone=client.phone,
        email=client.email,
        wechat_id=client.wechat_id,
        city_of_residence=client.city_of_residence,
        immigration_stream=client.immigration_stream,
        applicant_role=client.applicant_role,
        principal_file_no=principal_file_no,
        registration_channel=client.registration_channel,
        received_on=client.received_on,
        signature_on_file=client.signature_on_file,
        signature_date=client.signature_date,
        consent_to_share=client.consent_to_share,
        notes=client.notes,
        counsellor_id=client.counsellor_id,
    )


def signature_rule(file_no: str) -> str:
    """DESIGN's rule "a client without a signature on file cannot be scheduled" in the one
    sentence that the record's banner and a refused meeting or action step both use."""
    return _(
        "No signed registration is on file for {file_no}: record the signature before "
        "recording meetings or action steps."
    ).format(file_no=file_no)


def client_detail(session: Session, client_id: str, today: date) -> ClientDetail:
    client = load_client(session, client_id)
    names = counsellor_names(session)
    na = session.scalar(
        select(NeedsAssessment).where(
            NeedsAssessment.client_id == client.id, NeedsAssessment.deleted.is_(False)
        )
    )
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.client_id == client.id, Meeting.deleted.is_(False))
        .order_by(Meeting.held_on.desc(), Meeting.created_at.desc())
    )
    steps = session.scalars(
        select(ActionStep).where(ActionStep.client_id == client.id, ActionStep.deleted.is_(False))
    )
    step_views = sorted((step_view(s, client, today) for s in steps), key=step_order)
    history = session.scalars(
        select(ClientStatusChange)
        .where(ClientStatusChange.client_id == client.id, ClientStatusChange.deleted.is_(False))
        .order_by(ClientStatusChange.changed_at, ClientStatusChange.hlc)
    )
    family_ids = list(
        session.scalars(
            select(Client.id)
            .where(Client.principal_id == client.id, Client.deleted.is_(False))
            .order_by(Client.file_no)
        )
    )
    family = summaries_by_id(session, family_ids)
    principal = summaries_by_id(session, [client.principal_id]) if client.principal_id else {}
    warnings: list[str] = []
    if not client.signature_on_file:
        warnings.append(signature_rule(client.file_no))
    overdue = sum(1 for s in step_views if s.overdue)
    if overdue:
        warnings.append(
            ngettext(
                "{n} action step is overdue.", "{n} action steps are overdue.", overdue
            ).format(n=overdue)
        )
    conflicts = open_conflicts_of(session, client.id)
    if conflicts:
        warnings.append(conflicts_warning(conflicts))
    return ClientDetail(
        id=client.id,
        file_no=client.file_no,
        registration=registration_of(session, client),
        pinyin=client.pinyin,
        status=client.status,
        counsellor_name=names.get(client.counsellor_id or "", ""),
        created_at=client.created_at,
        updated_at=client.updated_at,
        assessment=assessment_view(na, names) if na is not None else None,
        meetings=tuple(meeting_view(m, names) for m in meetings),
        action_steps=tuple(step_views),
        status_history=tuple(
            StatusChangeView(
                status=h.status,
                changed_at=h.changed_at,
                counsellor_name=names.get(h.counsellor_id or "", ""),
                reason=reason_text(h.reason),
            )
            for h in history
        ),
        family_members=tuple(family[i] for i in family_ids if i in family),
        warnings=tuple(warnings),
        principal=next(iter(principal.values()), None),
    )
