"""The package builder: proposes a client's package from the library and lays it out.

:meth:`PackageBuilder.propose` picks the library items whose rules match the client (each
with the reason), in library order; the counsellor then reorders, removes and adds items.
:meth:`PackageBuilder.document` turns the draft into the printed package's content in the
package language(s). A record that lacks what a section needs gives a "to be completed"
section and a line in ``draft.missing``: building never fails for missing data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.documents.package_doc import (
    Block,
    CoverField,
    Links,
    PackageDocument,
    Section,
    Subheading,
    Table,
    Text,
)
from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import ActionStep, Client, Counsellor, LibraryItem, NeedsAssessment
from ciip_desktop.services.clients.views import load_client
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages.appointments import (
    NextAppointment,
    SessionAttendees,
    recorded_group_attendees,
    recorded_meeting,
)
from ciip_desktop.services.packages.labour import labour_data
from ciip_desktop.services.packages.library import LibraryService, item_view
from ciip_desktop.services.packages.rules import explain, load_profile
from ciip_desktop.services.packages.types import (
    LANGUAGES,
    PAPERS,
    Appointment,
    ClientProfile,
    DraftItem,
    ItemView,
    PackageDraft,
    Warning_,
)
from ciip_desktop.services.packages.wording import PDF_LANG, TEXT_LANGUAGES, both, day, money, tr

# Sections of the package, in print order: key, title (N_), library kinds it holds.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("summary", N_("Your situation"), ()),
    ("occupation", N_("Your occupation and licensing"), ("occupation", "licensing")),
    ("credentials", N_("Credential assessment"), ("credentials",)),
    ("language", N_("Language upgrading"), ("language",)),
    ("settlement", N_("Settling in"), ("place", "settlement")),
    ("job_search", N_("Looking for work"), ("job_search",)),
    ("steps", N_("Your action steps"), ()),
    ("appointment", N_("Your next appointment"), ()),
)
ADDED = N_("added by the counsellor")
TO_COMPLETE = N_("To be completed")
# An occupation title the data has only in English, in a package without English.
IN_ENGLISH = N_("{title} (in English)")
CHANNELS = {"phone": N_("phone session"), "one_on_one": N_("one-on-one session")}


def _missing(profile: ClientProfile, assessed: bool) -> dict[str, str]:
    """Section key -> what the record lacks for it (N_ msgids)."""
    missing: dict[str, str] = {}
    if not assessed:
        missing["summary"] = N_("No needs assessment is recorded yet.")
    if not profile.noc:
        missing["occupation"] = N_("No intended occupation (NOC code) is recorded.")
    if profile.clb is None and profile.nclc is None:
        missing["language"] = N_("No English (CLB) or French (NCLC) level is recorded.")
    if not profile.province:
        missing["settlement"] = N_("No destination province is recorded.")
    return missing


class PackageBuilder:
    def __init__(
        self,
        ctx: ServiceContext,
        library: LibraryService,
        next_appointment: NextAppointment = recorded_meeting,
        today: Callable[[], date] = date.today,
        attendees: SessionAttendees = recorded_group_attendees,
    ) -> None:
        self.ctx = ctx
        self.library = library
        self.next_appointment = next_appointment
        self.attendees = attendees
        self.today = today

    # ---- proposing ------------------------------------------------------------------------

    def propose(self, client_id: str, language: str = "en", paper: str = "a4") -> PackageDraft:
        """The package the library suggests for this client, every item with its reason."""
        if language not in LANGUAGES or paper not in PAPERS:
            raise ValidationError(_("Choose a package language and a paper size from the list."))
        items = self.library.items()
        with self.ctx.read() as session:
            client = load_client(session, client_id)
            profile = load_profile(session, client)
            assessed = self._assessment(session, client_id) is not None
        draft = PackageDraft(client_id, client.file_no, language, paper)
        for item in items:
            reason = explain(item.rules, profile)
            if reason is not None:
                draft.items.append(DraftItem(item.id, reason))
        draft.missing = [_(m) for m in _missing(profile, assessed).values()]
        return draft

    def session_attendees(self, session_id: str) -> list[str]:
        """The client ids of a group session's attendees (UserError when there are none)."""
        client_ids = self.attendees(self.ctx, session_id)
        if not client_ids:
            raise UserError(
                _("No attendees are recorded for the group session {id}.").format(id=session_id)
            )
        return client_ids

    def add_item(self, draft: PackageDraft, item_id: str) -> None:
        if all(d.item_id != item_id for d in draft.items):
            draft.items.append(DraftItem(item_id, _(ADDED), added=True))

    def warnings(self, draft: PackageDraft) -> list[Warning_]:
        """What the counsellor should know before printing: stale translations, overdue
        reviews, French falling back to English."""
        first, second = TEXT_LANGUAGES[draft.language]
        langs = {first, second}
        today = self.today()
        out: list[Warning_] = []
        for view in self._views(draft):
            if "zh" in langs and view.zh_stale:
                out.append(
                    Warning_(
                        view.id,
                        _(
                            "The Chinese version of “{title}” has not been reviewed since "
                            "the English changed."
                        ).format(title=view.title_en),
                    )
                )
            if "fr" in langs and view.fr_stale:
                out.append(
                    Warning_(
                        view.id,
                        _(
                            "The French version of “{title}” has not been reviewed since "
                            "the English changed."
                        ).format(title=view.title_en),
                    )
                )
            if "fr" in langs and not view.has_french:
                out.append(
                    Warning_(
                        view.id,
                        _("“{title}” has no French version; it prints in English.").format(
                            title=view.title_en
                        ),
                    )
                )
            if view.overdue(today):
                out.append(
                    Warning_(
                        view.id,
                        _("“{title}” is past its review date.").format(title=view.title_en),
                    )
                )
        return out

    def _views(self, draft: PackageDraft) -> list[ItemView]:
        ids = [d.item_id for d in draft.items]
        with self.ctx.read() as session:
            rows = {
                r.id: r for r in session.scalars(select(LibraryItem).where(LibraryItem.id.in_(ids)))
            }
            return [item_view(rows[i]) for i in ids if i in rows and not rows[i].deleted]

    @staticmethod
    def _assessment(session: Session, client_id: str) -> NeedsAssessment | None:
        return session.scalar(
            select(NeedsAssessment).where(
                NeedsAssessment.client_id == client_id, NeedsAssessment.deleted.is_(False)
            )
        )

    # ---- the printed content --------------------------------------------------------------

    def document(
        self, draft: PackageDraft, counsellor: str = "", version: int | None = None
    ) -> PackageDocument:
        """The package's content, in its language(s), ready for :func:`render_package`."""
        views = self._views(draft)
        today = self.today()
        with self.ctx.read() as session:
            client = load_client(session, draft.client_id)
            profile = load_profile(session, client)
            assessment = self._assessment(session, draft.client_id)
            steps = list(
                session.scalars(
                    select(ActionStep)
                    .where(
                        ActionStep.client_id == client.id,
                        ActionStep.deleted.is_(False),
                        ActionStep.done.is_(False),
                    )
                    .order_by(ActionStep.due_on)
                )
            )
            appointment = self.next_appointment(session, client.id, today)
            if not counsellor and client.counsellor_id:
                person = session.get(Counsellor, client.counsellor_id)
                counsellor = person.display_name if person else ""
        departure = assessment.expected_departure if assessment is not None else None
        return _Composer(draft, client, profile, assessment is not None, today, departure).compose(
            views, steps, appointment, counsellor, version
        )


class _Composer:
    """Writes one package's sections in its languages."""

    def __init__(
        self,
        draft: PackageDraft,
        client: Client,
        profile: ClientProfile,
        assessed: bool,
        today: date,
        departure: date | None = None,
    ) -> None:
        self.draft = draft
        self.departure = departure
        self.client = client
        self.profile = profile
        self.today = today
        self.first, self.second = TEXT_LANGUAGES[draft.language]
        self.langs = tuple(x for x in (self.first, self.second) if x)
        self.missing = _missing(profile, assessed)

    def t(self, message: str) -> str:
        return both(self.draft.language, message)

    def _paras(self, message: str, **values: str) -> list[Block | Subheading]:
        return [Text(tr(lang, message).format(**values), cjk=lang == "zh") for lang in self.langs]

    def compose(
        self,
        views: list[ItemView],
        steps: list[ActionStep],
        appointment: Appointment | None,
        counsellor: str,
        version: int | None,
    ) -> PackageDocument:
        client = self.client
        latin = " ".join(p for p in (client.family_name.upper(), client.given_name) if p)
        sections: list[Section] = []
        for key, title, kinds in SECTIONS:
            blocks: list[Block | Subheading] = []
            if key == "summary":
                blocks.extend(self._summary())
            elif key == "occupation":
                blocks.extend(self._labour())
            for view in views:
                if view.kind in kinds:
                    blocks.extend(self._item(view))
            if key == "steps":
                blocks.extend(self._steps(steps))
            if key == "appointment":
                blocks.extend(self._appointment(appointment))
            if key in self.missing:
                blocks.append(Subheading(self.t(TO_COMPLETE)))
                blocks.extend(self._paras(self.missing[key]))
            if blocks:
                sections.append(Section(self.t(title), tuple(blocks)))
        if self.draft.note.strip():
            sections.append(
                Section(
                    self.t(N_("A note from your counsellor")),
                    (Text(self.draft.note.strip(), cjk=True),),
                )
            )
        first = self.first
        label = self.t(N_("Version {n}")).format(n=version) if version else self.t(N_("Draft"))
        cover = (
            CoverField(self.t(N_("File number")), client.file_no),
            CoverField(self.t(N_("Counsellor")), counsellor or "—"),
            CoverField(self.t(N_("Date")), day(first, self.today)),
            CoverField(self.t(N_("Version")), label),
        )
        title = self.t(N_("Your pre-arrival information package"))
        return PackageDocument(
            title=title,
            subtitle=self.t(N_("Prepared for you by your pre-arrival counsellor")),
            author=counsellor or "CIIP",
            subject=self.t(N_("Pre-arrival information package")) + f" — {client.file_no}",
            language=PDF_LANG[first],
            names=(latin, client.chinese_name),
            cover=cover,
            contents_title=self.t(N_("Contents")),
            header=f"{title} · {client.file_no}",
            page_label=self.t(N_("Page {page} of {pages}")),
            sections=tuple(sections),
            paper=self.draft.paper,
        )

    def _summary(self) -> list[Block | Subheading]:
        p = self.profile
        data = labour_data()
        rows: list[tuple[str, str]] = []
        for lang in self.langs:
            province = data.province_name(p.province, lang) if p.province else "—"
            place = f"{p.city}, {province}" if p.city else province
            occupation = f"{p.noc} {self._occupation(p.noc, (lang,))}" if p.noc else "—"
            rows.append((tr(lang, N_("Destination")), place))
            rows.append((tr(lang, N_("Intended occupation")), occupation))
        english = f"CLB {p.clb}" if p.clb is not None else "—"
        french = f"NCLC {p.nclc}" if p.nclc is not None else "—"
        rows.append((self.t(N_("Language levels")), f"{english} · {french}"))
        if self.departure is not None:
            when = " / ".join(dict.fromkeys(day(lang, self.departure) for lang in self.langs))
            rows.append((self.t(N_("Expected departure")), when))
        return [Table((), tuple(rows), cjk=True)]

    def _labour(self) -> list[Block | Subheading]:
        p = self.profile
        if not p.noc:
            return []
        data = labour_data()
        out: list[Block | Subheading] = [Subheading(self.t(N_("Wages")))]
        lang = self.first
        header = (
            self.t(N_("Where")),
            self.t(N_("Low")),
            self.t(N_("Median")),
            self.t(N_("High")),
        )
        rows = []
        local = data.wage(p.noc, p.province) if p.province else None
        national = data.national(p.noc)
        for label, wage in (
            (data.province_name(p.province, lang) if p.province else "", local),
            (self.t(N_("Canada")), national),
        ):
            if wage is not None:
                rows.append(
                    (label, money(lang, wage.low), money(lang, wage.median), money(lang, wage.high))
                )
        if rows and national is not None:
            out.append(Table(header, tuple(rows), cjk=True))
            unit = N_("per hour") if national.unit == "hour" else N_("per year")
            for text_lang in self.langs:
                out.append(
                    Text(
                        tr(
                            text_lang,
                            N_(
                                "Dollars {unit}. Source: Job Bank wages ({source}, {period}, "
                                "revised {revised}). The Canada figures are the middle of the "
                                "provincial figures."
                            ),
                        ).format(
                            unit=tr(text_lang, unit),
                            source=national.source,
                            period=national.period,
                            revised=national.revised,
                        ),
                        cjk=text_lang == "zh",
                        muted=True,
                    )
                )
        else:
            out.extend(self._paras(N_("Job Bank publishes no wage figures for this occupation.")))
        related = data.related(p.noc)
        if related:
            out.append(Subheading(self.t(N_("Related occupations to consider"))))
            for code in related:
                out.append(Text(f"NOC {code} — {self._occupation(code, self.langs)}", cjk=True))
        return out

    def _occupation(self, code: str, langs: tuple[str, ...]) -> str:
        """The occupation's title in each of ``langs``; where the data has no title in a
        language the English one stands in, marked "(in English)" unless English is printed
        beside it anyway (as the client screens do)."""
        data = labour_data()
        parts: list[str] = []
        for lang in langs:
            title = data.native_title(code, lang)
            if title is None and "en" not in langs:
                title = tr(langs[0], IN_ENGLISH).format(title=data.title(code, "en"))
            if title:
                parts.append(title)
        return " / ".join(dict.fromkeys(parts))

    def _item(self, view: ItemView) -> list[Block | Subheading]:
        out: list[Block | Subheading] = []
        for lang in self.langs:
            if lang == "zh":
                title, body = view.title_zh or view.title_en, view.body_zh or view.body_en
            elif lang == "fr" and view.has_french:
                title, body = view.title_fr or view.title_en, view.body_fr
            else:
                title, body = view.title_en, view.body_en
            out.append(Subheading(title, cjk=lang == "zh"))
            out.append(Text(body, cjk=lang == "zh"))
            if lang == "fr" and not view.has_french:
                out.append(
                    Text(tr("fr", N_("This item is available in English only.")), muted=True)
                )
        if view.links:
            out.append(Links(view.links))
        return out

    def _steps(self, steps: list[ActionStep]) -> list[Block | Subheading]:
        if not steps:
            return self._paras(N_("No open action steps."))
        out: list[Block | Subheading] = []
        for step in steps:
            due = ""
            if step.due_on is not None:
                on = step.due_on
                due = " / ".join(
                    tr(lang, N_("due {date}")).format(date=day(lang, on)) for lang in self.langs
                )
            out.append(Text(f"☐ {step.text}" + (f" — {due}" if due else ""), cjk=True))
        return out

    def _appointment(self, appointment: Appointment | None) -> list[Block | Subheading]:
        if appointment is None:
            return self._paras(
                N_("No appointment is booked yet; your counsellor will contact you to book one.")
            )
        out: list[Block | Subheading] = []
        for lang in self.langs:
            kind = tr(lang, CHANNELS.get(appointment.channel, N_("one-on-one session")))
            out.append(
                Text(
                    tr(lang, N_("{date}: {kind}")).format(
                        date=day(lang, appointment.on), kind=kind
                    ),
                    cjk=lang == "zh",
                )
            )
        return out
