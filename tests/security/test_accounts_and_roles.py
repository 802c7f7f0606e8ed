"""Accounts, roles enforced in the services, the audit trail, backups (issue 17)."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from ciip_desktop.errors import UserError
from ciip_desktop.models import Role
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import PermissionDenied, may_apply
from ciip_desktop.services.security.accounts import AccountService, SignInError, delay_after
from ciip_desktop.services.security.audit_trail import AuditService
from ciip_desktop.store.backup_restore import backup_to, check_backup, restore_from


def test_setup_then_sign_in_with_argon2(ctx: ServiceContext) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    assert accounts.needs_setup()
    admin = accounts.setup("boss", "The Boss", "correct horse")
    assert admin.role is Role.ADMINISTRATOR
    assert not accounts.needs_setup()
    with pytest.raises(UserError):
        accounts.setup("other", "Other", "correct horse")
    signed = accounts.sign_in("boss", "correct horse")
    assert signed.counsellor_id == admin.counsellor_id
    with pytest.raises(SignInError):
        accounts.sign_in("boss", "wrong password")
    with ctx.read() as session:
        stored = session.execute(text("SELECT password_hash FROM counsellor")).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


def test_repeated_failures_slow_down(ctx: ServiceContext) -> None:
    waits: list[float] = []
    accounts = AccountService(ctx, sleep=waits.append)
    accounts.setup("boss", "The Boss", "correct horse")
    for _i in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("boss", "nope")
    assert waits == [delay_after(3), delay_after(4)] and waits[1] > waits[0] > 0
    accounts.sign_in("boss", "correct horse")  # a success resets the count
    assert accounts.recent_failures("boss") == 0


def test_a_counsellor_may_not_add_accounts_nor_read_the_audit(ctx: ServiceContext) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    admin = accounts.setup("boss", "The Boss", "correct horse")
    lina = accounts.add(admin, "lina", "Li Na", Role.COUNSELLOR, "lina-pass-1")
    with pytest.raises(PermissionDenied):
        accounts.add(lina, "x", "X", Role.ADMINISTRATOR, "whatever-1")
    with pytest.raises(PermissionDenied):
        AuditService(ctx).search(lina)
    assert AuditService(ctx).search(admin)


def test_sync_may_refuse_a_change_its_author_could_not_make() -> None:
    assert not may_apply(Role.COUNSELLOR, "counsellor")
    assert not may_apply(Role.COUNSELLOR, "client", actor_id="a", owner_id="b")
    assert may_apply(Role.COUNSELLOR, "client", actor_id="a", owner_id="a")
    assert may_apply(Role.SUPERVISOR, "client", actor_id="a", owner_id="b")


def test_backup_is_private_and_restore_checks_first(ctx: ServiceContext, tmp_path: Path) -> None:
    AccountService(ctx).setup("boss", "The Boss", "correct horse")
    path = ctx.db.path
    out = backup_to(path, tmp_path / "copy.sqlite3")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    check_backup(out)
    damaged = tmp_path / "bad.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(UserError):
        check_backup(damaged)
    plain = tmp_path / "other.sqlite3"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UserError):
        check_backup(plain)
    ctx.db.close()
    kept = restore_from(out, path, tmp_path / "backups")
    assert kept is not None and kept.exists()
    con = sqlite3.connect(path)
    assert con.execute("SELECT username FROM counsellor").fetchall() == [("boss",)]
    con.close()


def test_audit_keeps_ids_not_names(ctx: ServiceContext, counsellor: Actor) -> None:
    from ciip_desktop.services.bundle import Services

    services = Services.build(ctx)
    admin = AccountService(ctx).setup("boss", "The Boss", "correct horse")
    detail = services.clients.register(counsellor, _registration())
    services.clients.update(counsellor, detail.id, {"phone": "+86 138 0013 8000"})
    rows = AuditService(ctx).search(admin, action="client.change")
    assert [r.target_id for r in rows] == [detail.file_no]
    text = repr(AuditService(ctx).search(admin))
    assert "Zhang" not in text and "138 0013" not in text


def test_a_counsellor_may_not_change_another_counsellors_client(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    from ciip_desktop.services.bundle import Services

    services = Services.build(ctx)
    accounts = AccountService(ctx)
    admin = accounts.setup("boss", "The Boss", "correct horse")
    other = accounts.add(admin, "wangfang", "Wang Fang", Role.COUNSELLOR, "wang-pass-1")
    detail = services.clients.register(counsellor, _registration(counsellor.counsellor_id))
    with pytest.raises(PermissionDenied):
        services.clients.update(other, detail.id, {"phone": "+86 138 0013 8001"})


def _registration(owner: str | None = None) -> RegistrationInput:
    return RegistrationInput(
        family_name="Zhang",
        given_name="Wei",
        chinese_name="张伟",
        date_of_birth=date(1990, 1, 2),
        phone="+86 138 0013 8000",
        email="zw@example.com",
        received_on=date(2026, 3, 1),
        counsellor_id=owner,
    )
