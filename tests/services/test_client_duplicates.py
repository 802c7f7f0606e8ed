"""Is this the same person as a client already registered? Checked while the form is typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ciip_desktop.services.clients import ClientService
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext

BORN = date(1988, 5, 17)


def form(**fields: object) -> RegistrationInput:
    return replace(RegistrationInput(received_on=date(2025, 3, 3)), **fields)  # type: ignore[arg-type]


@pytest.fixture
def registered(ctx: ServiceContext, counsellor: Actor) -> tuple[ClientService, str]:
    clients = ClientService(ctx)
    detail = clients.register(
        counsellor,
        form(
            family_name="Zhang",
            given_name="Wei",
            chinese_name="张伟",
            date_of_birth=BORN,
            phone="13800138000",
            email="zhang.wei@example.com",
        ),
    )
    clients.register(counsellor, form(family_name="Li", given_name="Na", date_of_birth=BORN))
    return clients, detail.id


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (form(family_name="Zhang", given_name="Wei", date_of_birth=BORN), "similar name"),
        (form(family_name="ZANG", given_name="Wei", date_of_birth=BORN), "similar name"),
        (form(family_name="Wei", given_name="Zhang", date_of_birth=BORN), "similar name"),
        (form(chinese_name="张伟", date_of_birth=BORN), "same Chinese name and date of birth"),
        (form(chinese_name="章伟", date_of_birth=BORN), "similar name"),  # same pinyin
        (form(family_name="Chen", given_name="Jie", phone="+86 138 0013 8000"), "same phone"),
        (form(family_name="Chen", given_name="Jie", email="Zhang.Wei@Example.com"), "same e-mail"),
    ],
)
def test_the_same_person_is_recognised(
    registered: tuple[ClientService, str], typed: RegistrationInput, reason: str
) -> None:
    clients, zhang = registered
    found = clients.find_duplicates(typed)
    assert found and found[0].client_id == zhang
    assert any(reason in r for r in found[0].reasons)
    assert found[0].file_no == "GZA-2025-00001"
    assert found[0].name == "ZHANG, Wei (张伟)"


@pytest.mark.parametrize(
    "typed",
    [
        form(family_name="Zhang", given_name="Wei", date_of_birth=date(1990, 1, 1)),
        form(family_name="Zhang", given_name="Wei"),
        form(family_name="Wang", given_name="Fang", date_of_birth=BORN),
        form(chinese_name="王芳", date_of_birth=BORN),
        form(phone="13900139000", email="other@example.com"),
    ],
)
def test_different_people_are_not_flagged(
    registered: tuple[ClientService, str], typed: RegistrationInput
) -> None:
    clients, zhang = registered
    assert zhang not in [c.client_id for c in clients.find_duplicates(typed)]


def test_more_evidence_scores_higher_and_comes_first(registered: tuple[ClientService, str]) -> None:
    clients, _zhang = registered
    both = clients.find_duplicates(
        form(family_name="Zhang", given_name="Wei", date_of_birth=BORN, phone="13800138000")
    )
    phone_only = clients.find_duplicates(form(phone="13800138000"))
    assert both[0].score > phone_only[0].score
    assert len(both[0].reasons) == 2


def test_a_record_is_not_its_own_duplicate(registered: tuple[ClientService, str]) -> None:
    clients, zhang = registered
    same = form(family_name="Zhang", given_name="Wei", date_of_birth=BORN)
    assert clients.find_duplicates(same, exclude_id=zhang) == []


def test_the_number_of_candidates_is_limited(registered: tuple[ClientService, str]) -> None:
    clients, _zhang = registered
    everyone_born_that_day = form(family_name="Li", given_name="Na", date_of_birth=BORN)
    assert len(clients.find_duplicates(everyone_born_that_day, limit=1)) == 1
