"""Writing a package's content in its language(s): the sections, items, wages and related
occupations, action steps and next appointment, and "to be completed" where data lacks.

:class:`PackageComposer` works on what the builder read (no database): the printed content
of one package as :class:`PackageDocument`.
"""

from __future__ import annotations

from datetime import date

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
from ciip_desktop.i18n import N_
from ciip_desktop.models import ActionStep, Client
from ciip_desktop.services.packages.labour import labour_data
from ciip_desktop.services.packages.types import (
    Appointment,
    ClientProfile,
    ItemView,
    PackageDraft,
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


def missing_data(profile: ClientProfile, assessed: bool) -> dict[str, str]:
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


class PackageComposer:
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
        self.missing = missing_data(profile, assessed)

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
