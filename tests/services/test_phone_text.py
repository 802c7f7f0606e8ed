"""The list's phone text is the one ``phonenumbers`` gives, with or without loading it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ciip_desktop.services.clients import contact
from ciip_desktop.services.clients.phone_text import phone_display


@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_chinese_mobile_numbers_read_as_phonenumbers_writes_them(second: str, rest: str) -> None:
    number = f"+861{second}{rest}"
    assert phone_display(number) == contact.phone_display(number)


@given(
    st.sampled_from("23456789"),
    st.text("0123456789", min_size=2, max_size=2),
    st.sampled_from("23456789"),
    st.text("0123456789", min_size=6, max_size=6),
)
def test_north_american_numbers_read_as_phonenumbers_writes_them(
    area: str, area_rest: str, exchange: str, rest: str
) -> None:
    number = f"+1{area}{area_rest}{exchange}{rest}"
    assert phone_display(number) == contact.phone_display(number)


def test_other_numbers_are_left_to_phonenumbers() -> None:
    for number in ("+862088888888", "+8675512345678", "+441632960961", "+86", "12345", ""):
        assert phone_display(number) == contact.phone_display(number)
    assert phone_display("+862088888888") == "+86 20 8888 8888"
    assert phone_display("+8613800138000") == "+86 138 0013 8000"
    assert phone_display("+14165550123") == "+1 416-555-0123"
