"""Registering clients as the office does: the form's rules, file numbers, pinyin, changes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.models import ChangeRecord, Client
from ciip_desktop.services.clients import ClientService
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.clients.names import suggest_pinyin
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.sync.capture import ROW_INSERT

TODAY = date.today()
RECEIVED = date(2025, 3, 3)


def zhang_wei(**changes: object) -> RegistrationInput:
    base = RegistrationInput(
        family_name="Zhang",
        given_name="Wei",
        chinese_name="张伟",
        sex="M",
        date_of_birth=date(1988, 5, 17),
        phone="138 0013 8000",
        email="zhang.wei@example.com",
        registration_channel="email",
        received_on=RECEIVED,
        signature_on_file=True,
        signature_date=date(2025, 3, 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def clients(ctx: ServiceContext) -> ClientService:
    return ClientService(ctx)


def test_registration_gets_a_file_number_pinyin_and_a_first_status(
    clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(counsellor, zhang_wei(pinyin=None))
    assert detail.file_no == "GZA-2025-00001"
    assert detail.pinyin == "Zhang Wei"
    assert detail.registration.phone == "+8613800138000"
    assert detail.status == "registered"
    assert detail.counsellor_name == "Li Na"
    assert [h.status for h in detail.status_history] == ["registered"]
    assert detail.status_history[0].reason == "Registration received."
    assert detail.warnings == ()


def test_file_numbers_continue_from_the_highest_issued_in_that_year(
    clients: ClientService, counsellor: Actor
) -> None:
    first = clients.register(counsellor, zhang_wei())
    second = clients.register(counsellor, zhang_wei(phone="", email="", chinese_name="李娜"))
    other_year = clients.register(
        counsellor,
        zhang_wei(phone="", email="", chinese_name="王芳", received_on=date(2024, 12, 30)),
    )
    assert [first.file_no, second.file_no] == ["GZA-2025-00001", "GZA-2025-00002"]
    assert other_year.file_no == "GZA-2024-00001"


def test_file_numbers_past_99999_keep_counting(ctx: ServiceContext) -> None:
    with ctx.write(Actor.system()) as session:
        session.add(Client(file_no="GZA-2025-99999", office_id=ctx.replica.office_id))
        session.flush()
        assert next_file_numbers(session, "GZ", "A", 2025, 2) == [
            "GZA-2025-100000",
            "GZA-2025-100001",
        ]
        session.add(Client(file_no="GZA-2025-100000", office_id=ctx.replica.office_id))
        session.flush()
        assert next_file_numbers(session, "GZ", "A", 2025) == ["GZA-2025-100001"]


def test_two_laptops_offline_never_issue_the_same_file_number(tmp_path: Path) -> None:
    issued: list[str] = []
    for code in ("A", "B"):
        db = Database.open(tmp_path / f"laptop-{code}.sqlite3")
        try:
            ctx = ServiceContext.open(db, device_code=code)
            service = ClientService(ctx)
            for n in range(3):
                detail = service.register(
                    Actor.system(), zhang_wei(phone="", email="", chinese_name=f"张{'伟芳娜'[n]}")
                )
                issued.append(detail.file_no)
        finally:
            db.close()
    assert len(set(issued)) == 6
    assert issued[0] == "GZA-2025-00001" and issued[3] == "GZB-2025-00001"


def test_a_registration_is_captured_for_sync_under_the_counsellor_who_keyed_it(
    ctx: ServiceContext, clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(counsellor, zhang_wei())
    with ctx.read() as session:
        changes = list(
            session.scalars(select(ChangeRecord).where(ChangeRecord.row_id == detail.id))
        )
    (created,) = [c for c in changes if c.field == ROW_INSERT]
    logged = json.loads(created.new_value)
    assert logged["file_no"] == detail.file_no
    assert logged["chinese_name"] == "张伟"
    assert logged["phone"] == detail.registration.phone
    assert {c.user_id for c in changes} == {counsellor.counsellor_id}
    assert {c.table_name for c in changes} == {"client"}


@pytest.mark.parametrize(
    ("chinese", "expected"),
    [
        ("张伟", "Zhang Wei"),
        ("欧阳娜娜", "Ouyang Nana"),
        ("曾小贤", "Zeng Xiaoxian"),
        ("单田芳", "Shan Tianfang"),
        ("吕布", "Lyu Bu"),
        ("", ""),
    ],
)
def test_pinyin_is_suggested_family_name_first_with_surname_readings(
    chinese: str, expected: str
) -> None:
    assert suggest_pinyin(chinese) == expected


def test_pinyin_typed_by_the_counsellor_is_kept(clients: ClientService, counsellor: Actor) -> None:
    detail = clients.register(counsellor, zhang_wei(chinese_name="曾伟", pinyin="Tsang Wai"))
    assert detail.pinyin == "Tsang Wai"


def test_client_without_signature_is_registered_but_flagged(
    clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(counsellor, zhang_wei(signature_on_file=False, signature_date=None))
    assert detail.registration.signature_on_file is False
    assert any("record the signature before recording meetings" in w for w in detail.warnings)


def test_a_chinese_name_alone_is_enough(clients: ClientService, counsellor: Actor) -> None:
    detail = clients.register(counsellor, zhang_wei(family_name="", given_name=""))
    assert detail.registration.chinese_name == "张伟"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"family_name": "", "given_name": "", "chinese_name": ""}, "family_name", "Chinese name"),
        ({"given_name": "", "chinese_name": ""}, "given_name", "given name"),
        ({"received_on": None}, "received_on", "date the registration was received"),
        ({"received_on": TODAY + timedelta(days=1)}, "received_on", "future"),
        ({"phone": "12345"}, "phone", "not a valid Chinese or Canadian phone number"),
        ({"phone": "+44 20 7946 0018"}, "phone", "Chinese or Canadian"),
        ({"email": "zhang.wei@"}, "email", "not a valid e-mail"),
        ({"email": "zhang wei@example.com"}, "email", "not a valid e-mail"),
        ({"date_of_birth": TODAY + timedelta(days=3)}, "date_of_birth", "future"),
        ({"date_of_birth": date(1890, 1, 1)}, "date_of_birth", "120 years"),
        ({"signature_date": None}, "signature_date", "date the client signed"),
        ({"signature_date": TODAY + timedelta(days=2)}, "signature_date", "future"),
        ({"sex": "Q"}, "sex", "F, M or X"),
        ({"registration_channel": "pigeon"}, "registration_channel", "how the registration"),
        ({"applicant_role": "cousin"}, "applicant_role", "principal or family_member"),
        ({"applicant_role": "family_member"}, "principal_file_no", "principal applicant"),
        ({"principal_file_no": "GZA-2025-00001"}, "principal_file_no", "Only a family member"),
        ({"family_name": "Z" * 101}, "family_name", "at most 100"),
    ],
)
def test_the_form_refuses_bad_input_with_a_reason_for_the_field(
    clients: ClientService, counsellor: Actor, changes: dict[str, object], field: str, words: str
) -> None:
    data = zhang_wei(**changes)
    reasons = clients.validate(data)
    assert field in reasons
    assert words in reasons[field]
    with pytest.raises(ValidationError) as raised:
        clients.register(counsellor, data)
    assert field in raised.value.fields
    assert "correct the field" in raised.value.message


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("0086-138-0013-8000", "+8613800138000"),
        ("020 8888 8888", "+862088888888"),
        ("+1 416 555 0123", "+14165550123"),
        ("(416) 555-0123", "+14165550123"),
        ("4165550123", "+14165550123"),
    ],
)
def test_phones_from_china_and_canada_are_stored_in_e164(
    clients: ClientService, counsellor: Actor, typed: str, stored: str
) -> None:
    assert clients.validate(zhang_wei(phone=typed)) == {}
    assert clients.register(counsellor, zhang_wei(phone=typed)).registration.phone == stored


def test_a_family_member_is_linked_to_the_principal_applicant(
    clients: ClientService, counsellor: Actor
) -> None:
    principal = clients.register(counsellor, zhang_wei())
    spouse = clients.register(
        counsellor,
        zhang_wei(
            chinese_name="李娜",
            family_name="Li",
            given_name="Na",
            phone="",
            email="",
            applicant_role="family_member",
            principal_file_no=principal.file_no.lower(),
        ),
    )
    assert spouse.registration.principal_file_no == principal.file_no
    assert spouse.principal is not None and spouse.principal.id == principal.id
    again = clients.get(counsellor, principal.id)
    assert [m.id for m in again.family_members] == [spouse.id]


def test_a_family_member_of_an_unknown_file_is_refused(clients: ClientService) -> None:
    reasons = clients.validate(
        zhang_wei(applicant_role="family_member", principal_file_no="GZA-2025-09999")
    )
    assert "No client has the file number GZA-2025-09999" in reasons["principal_file_no"]


def test_update_parses_text_like_the_form_and_keeps_history_of_each_field(
    ctx: ServiceContext, clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(counsellor, zhang_wei())
    updated = clients.update(
        counsellor,
        detail.id,
        {"phone": "+1 604 555 0199", "consent_to_share": "yes", "date_of_birth": "1988-05-18"},
    )
    assert updated.registration.phone == "+16045550199"
    assert updated.registration.consent_to_share is True
    assert updated.registration.date_of_birth == date(1988, 5, 18)
    with ctx.read() as session:
        fields = set(
            session.scalars(
                select(ChangeRecord.field).where(
                    ChangeRecord.row_id == detail.id, ChangeRecord.base_hlc != ""
                )
            )
        )
    assert fields == {"phone", "consent_to_share", "date_of_birth"}


def test_changing_the_chinese_name_refreshes_a_suggested_pinyin_only(
    clients: ClientService, counsellor: Actor
) -> None:
    suggested = clients.register(counsellor, zhang_wei())
    assert clients.update(counsellor, suggested.id, {"chinese_name": "张薇"}).pinyin == "Zhang Wei"
    assert (
        clients.update(counsellor, suggested.id, {"chinese_name": "欧阳薇"}).pinyin == "Ouyang Wei"
    )
    typed = clients.register(counsellor, zhang_wei(phone="", email="", pinyin="Cheung Wai"))
    assert clients.update(counsellor, typed.id, {"chinese_name": "张卫"}).pinyin == "Cheung Wai"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"date_of_birth": "05/06/1988"}, "date_of_birth"),  # 5 June or May 6: not guessed
        ({"signature_on_file": "maybe"}, "signature_on_file"),
        ({"phone": "555"}, "phone"),
        ({"received_on": ""}, "received_on"),
    ],
)
def test_update_refuses_what_the_form_would_refuse(
    clients: ClientService, counsellor: Actor, changes: dict[str, object], field: str
) -> None:
    detail = clients.register(counsellor, zhang_wei())
    with pytest.raises(ValidationError) as raised:
        clients.update(counsellor, detail.id, changes)
    assert field in raised.value.fields
    assert clients.get(counsellor, detail.id).registration == detail.registration


def test_a_counsellor_can_be_assigned_by_username(
    ctx: ServiceContext, clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(Actor.system(), zhang_wei())
    assert detail.counsellor_name == ""
    assert (
        clients.update(counsellor, detail.id, {"counsellor_id": "lina"}).counsellor_name == "Li Na"
    )
    assert clients.counsellors() == [(counsellor.counsellor_id, "Li Na")]


def test_an_unknown_file_number_is_a_sentence_not_a_traceback(
    clients: ClientService, counsellor: Actor
) -> None:
    with pytest.raises(NotFoundError, match="No client has the file number GZA-2025-00404"):
        clients.get_by_file_no(counsellor, "GZA-2025-00404")
    with pytest.raises(NotFoundError, match="no longer exists"):
        clients.get(counsellor, "not-an-id")


def test_a_file_number_is_found_whatever_its_case(
    clients: ClientService, counsellor: Actor
) -> None:
    detail = clients.register(counsellor, zhang_wei())
    assert clients.get_by_file_no(counsellor, " gza-2025-00001 ").id == detail.id
