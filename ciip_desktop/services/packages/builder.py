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
    PackageDocument,
)
from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import ActionStep, Counsellor, LibraryItem, NeedsAssessment
from ciip_desktop.services.clients.views import load_client
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages.appointments import (
    NextAppointment,
    SessionAttendees,
    recorded_group_attendees,
    recorded_meeting,
)
from ciip_desktop.services.packages.composer import ADDED, PackageComposer, missing_data
from ciip_desktop.services.packages.library import LibraryService, item_view
from ciip_desktop.services.packages.rules import explain, load_profile
from ciip_desktop.services.packages.types import (
    LANGUAGES,
    PAPERS,
    DraftItem,
    ItemView,
    PackageDraft,
    Warning_,
)
from ciip_desktop.services.packages.wording import TEXT_LANGUAGES


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
        draft.missing = [_(m) for m in missing_data(profile, assessed).values()]
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
        return PackageComposer(
            draft, client, profile, assessment is not None, today, departure
        ).compose(views, steps, appointment, counsellor, version)
