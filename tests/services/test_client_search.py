"""Finding clients as counsellors type: names, pinyin, Chinese, file numbers, phones, e-mail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from ciip_desktop.errors import ValidationError
from ciip_desktop.models import Client, ClientSearchKey, Counsellor, Role
from ciip_desktop.services.clients import AssessmentService, ClientSearch, ClientService
from ciip_desktop.services.clients.search import summaries_by_id
from ciip_desktop.services.clients.search_index import keys_for, query_variants
from ciip_desktop.services.clients.types import (
    AssessmentInput,
    ClientFilter,
    ClientSummary,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor, ServiceContext


def person(**fields: object) -> RegistrationInput:
    base = RegistrationInput(received_on=date(2025, 3, 3), registration_channel="mail")
    return replace(base, **fields)  # type: ignore[arg-type]


class Office:
    def __init__(self, ctx: ServiceContext, actor: Actor) -> None:
        self.clients = ClientService(ctx)
        self.search = ClientSearch(ctx)
        self.actor = actor
        self.zhang = self.add(
            family_name="Zhang",
            given_name="Wei",
            chinese_name="张伟",
            phone="13800138000",
            email="Zhang.Wei@QQ.com",
        )
        self.ouyang = self.add(chinese_name="欧阳娜娜", phone="+1 416 555 0123")
        self.zhangweiming = self.add(chinese_name="张伟明", email="wm@example.cn")
        self.liwei = self.add(family_name="Li", given_name="Wei", chinese_name="李伟")
        self.smith = self.add(family_name="O'Brien", given_name="Mary-Ann")

    def add(self, **fields: object) -> str:
        return self.clients.register(self.actor, person(**fields)).id

    def find(self, text: str, **filters: object) -> list[str]:
        return self.search.search(ClientFilter(text=text, **filters))  # type: ignore[arg-type]


@pytest.fixture
def office(ctx: ServiceContext, counsellor: Actor) -> Office:
    return Office(ctx, counsellor)


@pytest.mark.parametrize(
    "typed", ["zhangwei", "zhang wei", "Zhang Wei", "ZHANG  WEI", "张伟", "wei zhang", "Wei Zhang"]
)
def test_zhangwei_with_or_without_space_finds_张伟_first(office: Office, typed: str) -> None:
    found = office.find(typed)
    assert found[0] == office.zhang


@pytest.mark.parametrize("typed", ["zhāng wěi", "Zhāng Wěi", "zhang1 wei3", "zhang1wei3"])
def test_pinyin_with_tone_marks_or_tone_numbers_finds_the_same_client(
    office: Office, typed: str
) -> None:
    assert office.find(typed)[0] == office.zhang


def test_one_chinese_character_finds_every_name_that_has_it(office: Office) -> None:
    found = office.find("伟")
    assert set(found) == {office.zhang, office.zhangweiming, office.liwei}


def test_two_chinese_characters_find_the_exact_name_before_longer_ones(office: Office) -> None:
    assert office.find("张伟") == [office.zhang, office.zhangweiming]


def test_the_middle_of_a_compound_name_is_found(office: Office) -> None:
    assert office.find("阳娜") == [office.ouyang]
    assert office.find("娜") == [office.ouyang]


def test_pinyin_of_a_client_registered_only_in_chinese_is_searchable(office: Office) -> None:
    assert office.find("ouyang") == [office.ouyang]
    assert office.find("ouyang nana") == [office.ouyang]
    assert office.find("nana") == [office.ouyang]
    assert office.find("zhangweiming") == [office.zhangweiming]


def test_a_partial_name_finds_by_prefix(office: Office) -> None:
    assert office.find("zhang w")[:2] == [office.zhang, office.zhangweiming]
    assert set(office.find("zh")) == {office.zhang, office.zhangweiming}


def test_punctuation_in_latin_names_does_not_matter(office: Office) -> None:
    assert office.find("obrien") == [office.smith]
    assert office.find("O'Brien") == [office.smith]
    assert office.find("mary ann") == [office.smith]


@pytest.mark.parametrize(
    "typed",
    ["13800138000", "+86 138-0013-8000", "8613800138000", "138 0013 8000", "8000", "+8613800"],
)
def test_a_phone_number_in_any_format_finds_its_client(office: Office, typed: str) -> None:
    assert office.find(typed)[0] == office.zhang


@pytest.mark.parametrize("typed", ["(416) 555-0123", "+1 416 555 0123", "4165550123", "0123"])
def test_a_canadian_phone_number_finds_its_client(office: Office, typed: str) -> None:
    assert office.find(typed)[0] == office.ouyang


@pytest.mark.parametrize("typed", ["zhang.wei@qq.com", "ZHANG.WEI@QQ.COM", "zhang.wei", "zhang.w"])
def test_an_email_address_or_its_start_finds_the_client(office: Office, typed: str) -> None:
    assert office.find(typed)[0] == office.zhang


@pytest.mark.parametrize("typed", ["GZA-2025-00003", "gza-2025-00003", "00003", "2025-00003"])
def test_a_file_number_finds_its_client(office: Office, typed: str) -> None:
    assert office.find(typed)[0] == office.zhangweiming


def test_an_exact_file_number_ranks_before_names_and_other_numbers(office: Office) -> None:
    # "1" is the tail of file 00001 and the start of many keys: the exact key comes first.
    assert office.find("1")[0] == office.zhang
    # Exact identity keys rank above full names, full names above name parts.
    keys = keys_for(file_no="GZA-2025-00001", family_name="Zhang", given_name="Wei")
    assert keys["gza-2025-00001"] < keys["zhangwei"] < keys["zhang"]


def test_exact_full_name_ranks_before_a_shared_family_name(office: Office) -> None:
    extra = office.add(family_name="Zhang", given_name="Weiwei", chinese_name="张薇薇")
    found = office.find("zhang wei")
    assert found[0] == office.zhang
    assert set(found) >= {office.zhang, office.zhangweiming, extra}


def test_nothing_matches_nonsense(office: Office) -> None:
    assert office.find("xyzzy") == []


def test_an_empty_query_lists_every_client(office: Office) -> None:
    assert len(office.find("")) == 5
    assert office.search.count(ClientFilter()) == 5


def test_search_respects_filters_and_the_limit(
    ctx: ServiceContext, office: Office, counsellor: Actor
) -> None:
    AssessmentService(ctx).save(
        counsellor,
        office.zhangweiming,
        AssessmentInput(destination_province="BC", expected_departure=date(2026, 5, 1)),
        complete=False,
    )
    assert office.find("张伟", destination_province="BC") == [office.zhangweiming]
    assert office.find("张伟", destination_province="ON") == []
    assert office.find("zhang", departs_from=date(2026, 4, 1)) == [office.zhangweiming]
    assert office.find("zhang", departs_to=date(2026, 4, 1)) == []
    assert office.find("wei", status="closed") == []
    mine = office.find("wei", counsellor_id=counsellor.counsellor_id)
    assert set(mine) == {office.zhang, office.liwei, office.zhangweiming}
    with ctx.write(Actor.system()) as session:
        colleague = Counsellor(
            office_id=ctx.replica.office_id,
            username="baiyu",
            display_name="Bai Yu",
            role=Role.COUNSELLOR.value,
        )
        session.add(colleague)
        session.flush()
        colleague_id = colleague.id
    office.clients.update(counsellor, office.liwei, {"counsellor_id": colleague_id})
    mine = office.find("wei", counsellor_id=counsellor.counsellor_id)
    assert set(mine) == {office.zhang, office.zhangweiming} and len(mine) == 2
    assert office.find("wei", counsellor_id=colleague_id) == [office.liwei]
    assert len(office.search.search(ClientFilter(text="wei"), limit=1)) == 1


def test_a_renamed_client_is_found_by_the_new_name_only(office: Office) -> None:
    office.clients.update(
        office.actor, office.liwei, {"chinese_name": "李薇", "given_name": "Vivian"}
    )
    assert office.find("李伟") == []
    assert office.find("李薇") == [office.liwei]
    assert office.find("vivian li") == [office.liwei]


def test_a_deleted_client_is_not_found(ctx: ServiceContext, office: Office) -> None:
    with ctx.write(office.actor) as session:
        client = session.get(Client, office.smith)
        assert client is not None
        client.deleted = True
    assert office.find("obrien") == []
    with ctx.read() as session:
        left = session.scalar(select(func.count()).where(ClientSearchKey.client_id == office.smith))
        rows = summaries_by_id(session, [office.smith, office.zhang])
    assert left == 0
    assert list(rows) == [office.zhang]  # a page of the list never shows the deleted client


def test_the_list_sorts_by_each_column(ctx: ServiceContext, office: Office) -> None:
    by_file = office.search.list_ids(ClientFilter())
    assert by_file == [office.zhang, office.ouyang, office.zhangweiming, office.liwei, office.smith]
    assert office.search.list_ids(ClientFilter(), descending=True) == by_file[::-1]
    by_name = office.search.list_ids(ClientFilter(), sort="name")
    assert by_name.index(office.liwei) < by_name.index(office.smith) < by_name.index(office.zhang)
    # Give each column values in an order of their own, so that a sort that did nothing (or
    # sorted by file number) would be caught.
    actor = office.actor
    office.clients.set_status(actor, office.ouyang, "closed", "Moved")
    office.clients.set_status(actor, office.liwei, "withdrawn", "Refused")
    assert office.search.list_ids(ClientFilter(), sort="status") == [
        office.zhang,
        office.zhangweiming,
        office.smith,
        office.ouyang,
        office.liwei,
    ]
    office.clients.update(actor, office.smith, {"received_on": date(2025, 1, 6)})
    office.clients.update(actor, office.zhangweiming, {"received_on": date(2025, 2, 2)})
    assert office.search.list_ids(ClientFilter(), sort="received_on") == [
        office.smith,
        office.zhangweiming,
        office.zhang,
        office.ouyang,
        office.liwei,
    ]
    assessments = AssessmentService(ctx)
    for client_id, leaves in ((office.liwei, date(2026, 9, 1)), (office.smith, date(2026, 2, 1))):
        assessments.save(
            actor, client_id, AssessmentInput(expected_departure=leaves), complete=False
        )
    assert office.search.list_ids(ClientFilter(), sort="departure") == [
        office.smith,
        office.liwei,
        office.zhang,  # no departure date: last, by file number
        office.ouyang,
        office.zhangweiming,
    ]
    with ctx.write(Actor.system()) as session:
        session.add(
            Counsellor(
                office_id=ctx.replica.office_id,
                username="baiyu",
                display_name="Bai Yu",
                role=Role.COUNSELLOR.value,
            )
        )
    office.clients.update(actor, office.zhangweiming, {"counsellor_id": "baiyu"})
    assert office.search.list_ids(ClientFilter(), sort="counsellor")[0] == office.zhangweiming
    assert office.search.list_ids(ClientFilter(), sort="counsellor", descending=True)[-1] == (
        office.zhangweiming
    )
    assert office.search.list_ids(ClientFilter(text="zhang"), sort="name") == [
        office.zhang,
        office.zhangweiming,
    ]
    assert office.search.count(ClientFilter(text="伟")) == 3
    with pytest.raises(ValidationError):
        office.search.list_ids(ClientFilter(), sort="shoe size")


def test_summaries_come_back_in_the_order_asked(office: Office, counsellor: Actor) -> None:
    rows = office.search.summaries([office.smith, office.zhang, "gone"])
    assert [r.id for r in rows] == [office.smith, office.zhang]
    assert isinstance(rows[1], ClientSummary)
    assert rows[1].file_no == "GZA-2025-00001"
    assert rows[1].counsellor_name == "Li Na"
    assert rows[1].phone == "+8613800138000"


def test_the_index_can_be_rebuilt_from_the_records(ctx: ServiceContext, office: Office) -> None:
    with ctx.write(office.actor) as session:
        session.execute(delete(ClientSearchKey))
    assert office.find("张伟") == []
    assert office.search.rebuild_index(office.actor) == 5
    assert office.find("张伟") == [office.zhang, office.zhangweiming]


def test_query_normalisation_keeps_file_numbers_and_phones_intact() -> None:
    assert query_variants("Zhāng Wěi") == ["zhangwei"]
    assert "zhangwei" in query_variants("zhang1wei3")
    # Digits in a file number are kept, never dropped as if they were pinyin tone marks.
    assert query_variants("GZA2026") == ["gza2026"]
    assert query_variants("GZA-2026-00042") == ["gza-2026-00042", "gza202600042"]
    assert query_variants("+86 138-0013-8000")[1] == "8613800138000"
    assert query_variants("   ") == []
