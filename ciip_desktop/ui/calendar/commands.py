"""The commands of the Calendar screen's session panel and toolbar dialogs: enrol, remove,
propose, book one-on-ones, rosters, iCalendar, held sessions, proposals and places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.booking import book_proposals
from ciip_desktop.services.calendar.ics import calendar_file
from ciip_desktop.services.calendar.roster import (
    roster_entries,
    write_roster_csv,
    write_roster_pdf,
)
from ciip_desktop.services.calendar.types import Proposal, SessionView
from ciip_desktop.ui.calendar.closure_dialog import ClosureDialog
from ciip_desktop.ui.calendar.feedback import tell, with_warnings
from ciip_desktop.ui.calendar.held_dialog import HeldDialog
from ciip_desktop.ui.calendar.hours_dialog import HoursDialog
from ciip_desktop.ui.calendar.places_dialog import PlacesDialog
from ciip_desktop.ui.calendar.proposals_dialog import ProposalsDialog

if TYPE_CHECKING:
    from ciip_desktop.ui.calendar.screen import CalendarScreen


class SessionCommands:
    """One method per command name the panel emits; each acts on the selected session."""

    def __init__(self, screen: CalendarScreen) -> None:
        self.screen = screen

    def edit(self, view: SessionView) -> None:
        self.screen.edit_session(view.id)

    def cancel(self, view: SessionView) -> None:
        self.screen.cancel_session(view.id)

    def ics(self, view: SessionView) -> None:
        path = self.screen.ask_path(_("Export the session"), "session.ics")
        if path is not None:
            path.write_bytes(calendar_file([view]))

    def enrol(self, view: SessionView) -> None:
        text = self.screen.ask_text(_("Enrol a client"), _("The client's file number:"))
        if not text:
            return
        client_id, _file_no = self.screen._find_client(text)
        enrolment, actor = self.screen.cal.enrolment, self.screen.actor
        with_warnings(
            self.screen, lambda accept: enrolment.enrol(actor, view.id, client_id, True, accept)
        )
        self.screen._after_change(view.id)

    def remove(self, view: SessionView) -> None:
        client_id = self.screen.panel.selected_client()
        if client_id:
            self.screen.cal.enrolment.remove(self.screen.actor, view.id, client_id)
            self.screen._after_change(view.id)
            self.propose(view, quiet=True)

    def propose(self, view: SessionView, quiet: bool = False) -> None:
        """Propose who takes the freed seats; the counsellor confirms (it works offline)."""

        proposal = self.screen.cal.enrolment.propose_next(view.id)
        if proposal is None:
            if not quiet:
                tell(self.screen, UserError(_("No seat is free, or no one is waiting.")))
            return
        lines = []
        if proposal.file_nos:
            lines.append(_("Next on the waiting list: {file_nos}.").format(
                file_nos=", ".join(proposal.file_nos)
            ))  # fmt: skip
        lines += [f"{file_no}: {reason}" for file_no, reason in proposal.skipped]
        answer = QMessageBox.question(
            self.screen, _("Calendar"), "\n".join(lines) + "\n\n" + _("Confirm this proposal?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.screen.cal.enrolment.promote(self.screen.actor, proposal)
            self.screen._after_change(view.id)

    def plan(self, view: SessionView) -> None:
        minutes = self.screen.ask_minutes(
            _("Book one-on-ones"), _("Length of each one-on-one, in minutes:"), 45
        )
        if not minutes:
            return
        booked = self.screen.cal.one_on_ones.book_for_group(self.screen.actor, view.id, minutes)
        if booked:
            self.screen.view().set_current(booked[0].day)
        self.screen._after_change(view.id)

    def roster_csv(self, view: SessionView) -> None:
        path = self.screen.ask_path(_("Export the roster"), "roster.csv")
        if path is not None:
            entries = roster_entries(self.screen.cal.enrolment, self.screen.actor, view.id, "csv")
            write_roster_csv(path, entries)

    def roster_pdf(self, view: SessionView, sign_in: bool = False) -> None:
        path = self.screen.ask_path(
            _("Export the roster"), "sign-in.pdf" if sign_in else "roster.pdf"
        )
        if path is not None:
            form = "sign-in" if sign_in else "pdf"
            entries = roster_entries(self.screen.cal.enrolment, self.screen.actor, view.id, form)
            write_roster_pdf(path, view, entries, sign_in)

    def sign_in(self, view: SessionView) -> None:
        self.roster_pdf(view, sign_in=True)

    def held(self, view: SessionView) -> None:
        dialog = HeldDialog(self.screen)
        if dialog.exec():
            self.screen.cal.one_on_ones.record_held(
                self.screen.actor, view.id, dialog.activity.toPlainText(), dialog.steps()
            )
            self.screen._after_change(view.id)

    def show_proposals(self) -> None:
        try:
            proposals = self.screen.cal.proposals.propose()
        except UserError as err:
            tell(self.screen, err)
            return

        staff = self.screen.counsellors
        counsellor = self.screen.actor.counsellor_id or (staff[0][0] if staff else "")

        def book(chosen: list[Proposal]) -> tuple[int, tuple[tuple[str, str], ...]]:
            result = book_proposals(
                self.screen.actor,
                chosen,
                counsellor,
                self.screen.cal.sessions,
                self.screen.cal.enrolment,
                self.screen.cal.one_on_ones,
            )
            return result.booked, result.problems

        dialog = ProposalsDialog(proposals, book, self.screen)  # type: ignore[arg-type]
        dialog.exec()
        if dialog.booked_days:
            self.screen.refresh()

    def export_shown(self) -> None:
        """The sessions the view shows — a counsellor's schedule when filtered — as .ics."""
        path = self.screen.ask_path(_("Export the schedule"), "schedule.ics")
        if path is not None:
            path.write_bytes(calendar_file(self.screen.view().sessions))

    def edit_hours(self) -> None:
        places, actor = self.screen.cal.places, self.screen.actor
        HoursDialog(
            self.screen.counsellors,
            places.hours,
            lambda cid, day, spans: places.set_hours(actor, cid, day, spans),
            self.screen,
        ).exec()

    def close_office(self) -> None:
        dialog = ClosureDialog(self.screen)
        if not dialog.exec():
            return
        days = dialog.days()
        if days is None:
            return
        try:
            self.screen.cal.places.add_closure(
                self.screen.actor, days[0], days[1], dialog.reason.text()
            )
        except UserError as err:
            tell(self.screen, err)
            return
        self.screen.refresh()

    def edit_places(self) -> None:
        dialog = PlacesDialog(
            self.screen.cal.places.places(),
            lambda place, place_id: self.screen.cal.places.save(self.screen.actor, place, place_id),
            self.screen,
        )
        dialog.exec()
        self.screen.refresh()
