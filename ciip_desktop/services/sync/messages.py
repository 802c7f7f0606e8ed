"""The sentences sync says when it cannot do something (one each, translated)."""

from __future__ import annotations

from ciip_desktop.i18n import _
from ciip_desktop.sync.hub import HubError


def hub_error_text(exc: HubError) -> str:
    reason = exc.reason
    if reason == "unreachable":
        return _(
            "The office hub cannot be reached. Check the network and the hub address, "
            "then sync again; your work is kept on this laptop meanwhile."
        )
    if reason == "not_a_hub":
        return _(
            "The address given is not a CIIP office hub. Check the hub address on the Sync "
            "screen (“Change the hub address…”)."
        )
    if reason == "newer_hub":
        return _("The office hub is from a newer release. Update the application, then sync.")
    if reason == "code_taken":
        return _("Another laptop of the office already has this device code. Choose another.")
    if reason == "not_enrolled":
        return _(
            "The hub does not know this laptop. Ask the office administrator to enrol it again."
        )
    if reason == "other_office":
        return _(
            "This hub belongs to another office than this laptop's database. Check the hub address."
        )
    return _("The office hub refused the sync. Try again later or ask the administrator.")


def newer_schema_text() -> str:
    return _(
        "Some changes come from a newer release of CIIP Desktop and were not applied. "
        "Update the application, then sync again."
    )


def not_enrolled_text() -> str:
    return _(
        "This laptop is not enrolled in an office yet, so it cannot sync. Ask the office "
        "administrator for an enrolment file or for the hub address and a device code."
    )


def no_hub_text() -> str:
    return _(
        "No office hub is set for this laptop. Enter its address on the Sync screen "
        "(“Change the hub address…”), or give it to the command: ciip sync --hub URL."
    )


def not_fresh_text() -> str:
    return _(
        "Only a new, empty database can join an office: this one already holds records. "
        "Start the application with a new database file and enrol that."
    )


def bad_enrolment_text() -> str:
    return _("This file is not a CIIP enrolment file, or it is damaged.")


def cancelled_text() -> str:
    return _("Sync was stopped. What was done is kept; the next sync continues from there.")
