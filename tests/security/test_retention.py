"""A supervisor purges files closed longer than the retention period (issue 17)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from ciip_desktop.models import Client, ClientStatusChange, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import PermissionDenied
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.services.security.audit_trail import AuditService
from ciip_desktop.services.security.retention import purge_closed_files


def test_purge_blanks_old_closed_files_only(ctx: ServiceContext, counsellor: Actor) -> None:
    services = Services.build(ctx)
    accounts = AccountService(ctx)
    admin = accounts.setup("boss", "The Boss", "boss-pass-1")
    chief = accounts.add(admin, "chief", "Chief", Role.SUPERVISOR, "chief-pass-1")
    old = services.clients.register(counsellor, _person("Zhang", "+86 138 0013 8000"))
    recent = services.clients.register(counsellor, _person("Wang", "+86 138 0013 8001"))
    open_file = services.clients.register(counsellor, _person("Liu", "+86 138 0013 8002"))
    for detail in (old, recent):
        services.clients.set_status(counsellor, detail.id, "closed", "done")
    with ctx.write(admin) as session:  # the old file was closed long ago
        for change in session.scalars(
            select(ClientStatusChange).where(ClientStatusChange.client_id == old.id)
        ):
            change.changed_at = datetime(2010, 1, 1, tzinfo=UTC)
    with pytest.raises(PermissionDenied):
        purge_closed_files(ctx, counsellor, 365)
    assert purge_closed_files(ctx, chief, 365) == 1
    with ctx.read() as session:
        rows = {c.id: c for c in session.scalars(select(Client))}
        assert rows[old.id].deleted and rows[old.id].family_name == ""
        assert rows[old.id].phone == "" and rows[old.id].file_no == old.file_no
        assert not rows[recent.id].deleted and rows[recent.id].family_name == "Wang"
        assert not rows[open_file.id].deleted
    purges = AuditService(ctx).search(chief, action="admin.purge")
    assert [p.detail for p in purges] == ["1 files, 365 days"]


def _person(family: str, phone: str) -> RegistrationInput:
    return RegistrationInput(
        family_name=family,
        given_name="Wei",
        date_of_birth=date(1990, 1, 2),
        phone=phone,
        email=f"{family.lower()}@example.com",
        received_on=date(2026, 3, 1),
    )
