"""The sign-in checked before the services load, so that the window asks for it at once.

The password is verified against the account's stored Argon2 hash, read with the standard
library (``store/account_reader.py``) while SQLAlchemy and the services load on the worker;
repeated failures slow down as in ``AccountService.sign_in`` (earlier failures read from the
audit trail, this start's counted here). Nothing is written: the failures of this start are
handed to the services, which record them and then sign the person in for real.
Imports neither SQLAlchemy nor the services.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.security.passwords import delay_after, verify_password
from ciip_desktop.store.account_reader import AccountReader


class EarlySignIn:
    def __init__(self, reader: AccountReader, sleep: Callable[[float], None] = time.sleep) -> None:
        self.reader = reader
        self.sleep = sleep
        self.failed: list[str] = []  # logins of this start's failed attempts, in order

    def check(self, login: str, password: str) -> str:
        """The account's id when ``password`` is ``login``'s; else the one sentence."""
        login = login.strip().lower()
        earlier = self.reader.recent_failures(login) + self.failed.count(login)
        wait = delay_after(earlier)
        if wait:
            self.sleep(wait)
        account = self.reader.account(login)
        if account is None or not verify_password(account.password_hash, password):
            self.failed.append(login)
            raise UserError(_("The login or the password is wrong; try again."))
        return account.id
