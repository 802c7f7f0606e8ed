"""A stored phone number as people read it, without loading ``phonenumbers`` when it can.

The client list shows phones in its first paint; importing ``phonenumbers`` and loading its
metadata costs ~25 ms of that. Chinese mobile numbers and North American numbers — nearly
all that the office stores — have one fixed grouping, written out here; every other number
goes to :func:`contact.phone_display`. ``tests/services/test_phone_text.py`` checks both
patterns against ``phonenumbers`` itself.
"""

from __future__ import annotations

import re

_CN_MOBILE = re.compile(r"\+861[3-9]\d{9}")  # +86 138 0013 8000
_NANP = re.compile(r"\+1[2-9]\d{2}[2-9]\d{6}")  # +1 416-555-0123


def phone_display(e164: str) -> str:
    """A stored E.164 number in international format for reading ("+86 138 0013 8000")."""
    if not e164:
        return ""
    if _CN_MOBILE.fullmatch(e164):
        return f"+86 {e164[3:6]} {e164[6:10]} {e164[10:]}"
    if _NANP.fullmatch(e164):
        return f"+1 {e164[2:5]}-{e164[5:8]}-{e164[8:]}"
    from ciip_desktop.services.clients import contact

    return contact.phone_display(e164)
