"""Accounts: Argon2 password hashes, first-run setup, sign-in with slow-down (issue 17)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import AuditEntry, Counsellor, Role, utcnow
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit

# Hashing and the slow-down live in passwords.py (the first paint's sign-in uses them too).
from ciip_desktop.services.security.passwords import delay_after, hash_password, verify_password

__all__ = [
    "AccountService",
    "SignInError",
    "check_new_password",
    "delay_after",
    "hash_password",
    "verify_password",
]

MIN_PASSWORD = 8
# Failed sign-ins of one login within this window slow the next attempt down.
FAILURE_WINDOW = timedelta(minutes=15)


class SignInError(UserError):
    """Wrong login or password (the message never says which)."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(
            _("A password needs at least {n} characters; choose a longer one.").format(
                n=MIN_PASSWORD
            )
        )


class AccountService:
    def __init__(self, ctx: ServiceContext, sleep: Callable[[float], None] = time.sleep) -> None:
        self.ctx = ctx
        self.sleep = sleep

    def needs_setup(self) -> bool:
        """True while no account has a password: the first run must create the administrator."""
        with self.ctx.read() as session:
            count = session.scalar(
                select(func.count())
                .select_from(Counsellor)
                .where(Counsellor.password_hash != "", Counsellor.deleted.is_(False))
            )
        return not count

    def setup(self, login: str, display_name: str, password: str) -> Actor:
        """First run: the office's first administrator (refused once any account has one)."""
        if not self.needs_setup():
            raise UserError(
                _("This database already has accounts; an administrator adds the others.")
            )
        return self._create(Actor.system(), login, display_name, Role.ADMINISTRATOR, password)

    def add(self, actor: Actor, login: str, display_name: str, role: Role, password: str) -> Actor:
        require(actor.role, Action.ACCOUNTS_MANAGE)
        return self._create(actor, login, display_name, role, password)

    def set_password(self, actor: Actor, login: str, password: str) -> None:
        """An administrator sets anyone's password; everybody sets their own."""
        check_new_password(password)
        with self.ctx.write(actor) as session:
            person = self._person(session, login)
            if person.id != actor.counsellor_id:
                require(actor.role, Action.ACCOUNTS_MANAGE)
            person.password_hash = hash_password(password)
            self._grant_key(person.username, password)
            audit.record_in(
                session, self.ctx, actor, audit.ACCOUNT, "counsellor", person.id, "password"
            )

    def _create(
        self, actor: Actor, login: str, display_name: str, role: Role, password: str
    ) -> Actor:
        login = login.strip().lower()
        if not login or len(login) > 64 or not login.replace(".", "").replace("_", "").isalnum():
            raise UserError(_("A login is letters, digits, dots or underscores; up to 64."))
        check_new_password(password)
        with self.ctx.write(actor) as session:
            person = session.scalar(select(Counsellor).where(Counsellor.username == login))
            if person is not None and person.password_hash:
                raise UserError(_("There is already an account {login}.").format(login=login))
            if person is None:
                person = Counsellor(office_id=self.ctx.replica.office_id, username=login)
                session.add(person)
            person.display_name = display_name.strip() or login
            person.role = role.value
            person.active = True
            person.password_hash = hash_password(password)
            self._grant_key(login, password)
            session.flush()
            audit.record_in(
                session,
                self.ctx,
                actor,
                audit.ACCOUNT,
                "counsellor",
                person.id,
                f"created {role.value}",
            )
            return Actor(person.id, person.display_name, role)

    def _grant_key(self, login: str, password: str) -> None:
        """On an encrypted database, the account's wrapped copy of its key (db_keys.py)."""
        key = self.ctx.db.key
        if key is not None:
            from ciip_desktop.services.security import db_keys

            db_keys.grant(self.ctx.db.path, login, password, key)

    @staticmethod
    def _person(session: object, login: str) -> Counsellor:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        person = session.scalar(
            select(Counsellor).where(
                Counsellor.username == login.strip().lower(), Counsellor.deleted.is_(False)
            )
        )
        if person is None:
            raise UserError(_("There is no active user named {name}.").format(name=login))
        return person

    def login_of(self, counsellor_id: str) -> str:
        with self.ctx.read() as session:
            found = session.scalar(
                select(Counsellor.username).where(Counsellor.id == counsellor_id)
            )
        return found or ""

    def recent_failures(self, login: str) -> int:
        since = utcnow() - FAILURE_WINDOW
        with self.ctx.read() as session:
            last_ok = session.scalar(
                select(func.max(AuditEntry.at)).where(
                    AuditEntry.action == audit.SIGN_IN, AuditEntry.actor_login == login
                )
            )
            start = max(since, last_ok) if last_ok is not None else since
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(
                        AuditEntry.action == audit.SIGN_IN_FAILED,
                        AuditEntry.target_id == login[:64],
                        AuditEntry.at > start,
                    )
                )
                or 0
            )

    def sign_in(self, login: str, password: str) -> Actor:
        """The actor for ``login`` if ``password`` is right; repeated failures slow down."""
        login = login.strip().lower()
        wait = delay_after(self.recent_failures(login))
        if wait:
            self.sleep(wait)
        with self.ctx.read() as session:
            person = session.scalar(
                select(Counsellor).where(
                    Counsellor.username == login,
                    Counsellor.active.is_(True),
                    Counsellor.deleted.is_(False),
                )
            )
            found = (
                (person.id, person.display_name, Role(person.role), person.password_hash)
                if person is not None
                else None
            )
        if found is None or not verify_password(found[3], password):
            audit.record(self.ctx, Actor.system(), audit.SIGN_IN_FAILED, "login", login)
            raise SignInError(_("The login or the password is wrong; try again."))
        actor = Actor(found[0], found[1], found[2])
        audit.record(self.ctx, actor, audit.SIGN_IN, "counsellor", actor.counsellor_id)
        return actor

    def sign_out(self, actor: Actor) -> None:
        audit.record(self.ctx, actor, audit.SIGN_OUT, "counsellor", actor.counsellor_id)
