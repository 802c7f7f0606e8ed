"""The catalogue of published service standards: shipped defaults a supervisor may change."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import ServiceStandard
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import audit

# Keys: the start event -> the stop event each standard measures (services/quality/measure.py).
ASSESSMENT_CALL = "assessment_call"
ONE_ON_ONE_AFTER_GROUP = "one_on_one_after_group"
PACKAGE_BEFORE_PHONE = "package_before_phone"
ENQUIRY_ANSWERED = "enquiry_answered"
COMPLAINT_ACKNOWLEDGED = "complaint_acknowledged"
COMPLAINT_RESOLVED = "complaint_resolved"

CHANNELS = {
    "in_person": N_("In person"),
    "telephone": N_("Telephone"),
    "mail": N_("Mail"),
    "email": N_("E-mail"),
}


@dataclass(frozen=True)
class Standard:
    key: str
    name: str  # untranslated message id
    start_event: str
    stop_event: str
    channel: str
    target_days: int
    required_share: float
    active: bool = True
    # True: the stop event must come at least target_days BEFORE the start event.
    ahead: bool = False

    @property
    def title(self) -> str:
        return _(self.name)

    @property
    def rule(self) -> str:
        """The start and stop events and the target, in one sentence."""
        if self.ahead:
            text = _("{stop} at least {n} working days before the {start}")
        else:
            text = _("from {start} to {stop}: within {n} working days")
        return text.format(start=_(self.start_event), stop=_(self.stop_event), n=self.target_days)


DEFAULTS: tuple[Standard, ...] = (
    Standard(
        ASSESSMENT_CALL,
        N_("Needs-assessment call after registration"),
        N_("registration received"),
        N_("needs assessment done"),
        "telephone",
        5,
        0.9,
    ),
    Standard(
        ONE_ON_ONE_AFTER_GROUP,
        N_("One-on-one after the group session"),
        N_("group session attended"),
        N_("one-on-one held"),
        "in_person",
        10,
        0.8,
    ),
    Standard(
        PACKAGE_BEFORE_PHONE,
        N_("Information package before the phone session"),
        N_("phone session"),
        N_("package issued"),
        "email",
        2,
        0.9,
        ahead=True,
    ),
    Standard(
        ENQUIRY_ANSWERED,
        N_("Enquiries answered"),
        N_("enquiry received"),
        N_("enquiry answered"),
        "email",
        2,
        0.9,
    ),
    Standard(
        COMPLAINT_ACKNOWLEDGED,
        N_("Complaints acknowledged"),
        N_("complaint received"),
        N_("complaint acknowledged"),
        "mail",
        2,
        0.95,
    ),
    Standard(
        COMPLAINT_RESOLVED,
        N_("Complaints resolved"),
        N_("complaint received"),
        N_("complaint resolved"),
        "mail",
        20,
        0.8,
    ),
)


class StandardsCatalogue:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def standards(self) -> list[Standard]:
        """Every standard, with the supervisor's changes applied to the defaults."""
        with self.ctx.read() as db:
            rows = {r.key: r for r in db.scalars(select(ServiceStandard))}
        result = []
        for standard in DEFAULTS:
            row = rows.get(standard.key)
            if row is not None and not row.deleted:
                standard = replace(
                    standard,
                    channel=row.channel or standard.channel,
                    target_days=row.target_days,
                    required_share=row.required_share,
                    active=row.active,
                )
            result.append(standard)
        return result

    def get(self, key: str) -> Standard:
        for standard in self.standards():
            if standard.key == key:
                return standard
        raise UserError(_("There is no service standard {key}.").format(key=key))

    def change(
        self,
        actor: Actor,
        key: str,
        target_days: int,
        required_share: float,
        active: bool = True,
        channel: str | None = None,
    ) -> Standard:
        """A supervisor changes a standard's target; open cases are measured anew on read."""
        if not actor.is_supervisor:
            raise UserError(_("Only a supervisor can change a service standard."))
        if not 0 < target_days <= 365:
            raise UserError(_("The target must be between 1 and 365 working days."))
        if not 0 < required_share <= 1:
            raise UserError(_("The share of cases must be between 1 % and 100 %."))
        if channel is not None and channel not in CHANNELS:
            raise UserError(_("Unknown channel {channel}.").format(channel=channel))
        current = self.get(key)
        with self.ctx.write(actor) as db:
            row = db.scalars(select(ServiceStandard).where(ServiceStandard.key == key)).first()
            if row is None:
                row = ServiceStandard(key=key)
                db.add(row)
            row.channel = channel or current.channel
            row.target_days = target_days
            row.required_share = required_share
            row.active = active
            row.deleted = False
            detail = f"{target_days}d {required_share:.0%} {'on' if active else 'off'}"
            audit.record_in(db, self.ctx, actor, audit.STANDARD, "service_standard", key, detail)
        return self.get(key)
