"""Phone numbers (China and Canada, stored as E.164) and e-mail addresses."""

from __future__ import annotations

import functools
import re

import phonenumbers

PHONE_REGIONS = ("CN", "CA")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")
_NON_DIGIT = re.compile(r"\D")


@functools.lru_cache(maxsize=65536)
def normalise_phone(raw: str) -> str | None:
    """The E.164 form of a Chinese or Canadian number ("+8613800138000"); None if invalid.

    Accepts "13800138000", "+86 138 0013 8000", "+1 416 555 0123", "020 8888 8888". A bare
    ten-digit number not starting with 0 or 1 is a North American number (Canada).
    """
    text = raw.strip()
    if not text:
        return None
    digits = _NON_DIGIT.sub("", text)
    if text.startswith("+"):
        regions: tuple[str | None, ...] = (None,)
    elif text.startswith("00"):
        text, regions = "+" + digits[2:], (None,)
    elif len(digits) == 10 and digits[0] not in "01":
        regions = ("CA", "CN")
    else:
        regions = PHONE_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        if phonenumbers.region_code_for_number(number) not in PHONE_REGIONS:
            continue
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return None


def phone_display(e164: str) -> str:
    """A stored E.164 number in international format for reading ("+86 138 0013 8000")."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def phone_keys(e164: str) -> tuple[str, str, str]:
    """(all digits, national significant number, last four digits) of a stored number."""
    digits = _NON_DIGIT.sub("", e164)
    # Stored numbers are Chinese (+86) or North American (+1): no need to parse them again.
    if digits.startswith("86"):
        national = digits[2:]
    elif digits.startswith("1"):
        national = digits[1:]
    else:
        try:
            national = str(phonenumbers.parse(e164, None).national_number)
        except phonenumbers.NumberParseException:
            national = digits
    return digits, national, digits[-4:]


def looks_like_phone(text: str) -> bool:
    """Digits with the usual separators (+, spaces, dashes, brackets, dots), 3+ digits."""
    return bool(_PHONE_CHARS.match(text)) and len(_NON_DIGIT.sub("", text)) >= 3


def digits_only(text: str) -> str:
    return _NON_DIGIT.sub("", text)


def is_valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))
