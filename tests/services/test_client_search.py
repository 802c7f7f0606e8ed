"""Finding clients as counsellors type: names, pinyin, Chinese, file numbers, phones, e-mail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from ciip_desktop.errors import ValidationError
from ciip_desktop.models import Client, ClientSearchKey
from ciip_desktop.services.clients import AssessmentService, ClientSearch, ClientService
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
    assert office.find("wei", counsellor_id=counsellor.counsellor_id)
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
    assert left == 0


def test_the_list_sorts_by_each_column(ctx: ServiceContext, office: Office) -> None:
    by_file = office.search.list_ids(ClientFilter())
    assert by_file == [office.zhang, office.ouyang, office.zhangweiming, office.liwei, office.smith]
    assert office.search.list_ids(ClientFilter(), descending=True) == by_file[::-1]
    by_name = office.search.list_ids(ClientFilter(), sort="name")
    assert by_name.index(office.liwei) < by_name.index(office.smith) < by_name.index(office.zhang)
    for sort in ("status", "received_on", "departure", "counsellor"):
        assert sorted(office.search.list_ids(ClientFilter(), sort=sort)) == sorted(by_file)
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
    assert "gza2026" not in [v for v in query_variants("GZA2026") if v != "gza2026"]
    assert query_variants("+86 138-0013-8000")[1] == "8613800138000"
    assert query_variants("   ") == []
