"""The resource library: shipped defaults, rules that explain themselves, language versions
that go stale, the review queue, JSON import and export, and sync of every change."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from package_support import engineer
from sqlalchemy import select

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.models import ChangeRecord, Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages.library import LibraryService
from ciip_desktop.services.packages.types import ItemInput, ItemRules, ItemView


@pytest.fixture
def counsellor(ctx: ServiceContext, counsellor: Actor) -> Actor:
    """Li Na as a supervisor: these tests edit the library, a supervisor's work (issue 17)."""
    with ctx.write(Actor.system()) as session:
        person = session.get(Counsellor, counsellor.counsellor_id)
        assert person is not None
        person.role = Role.SUPERVISOR.value
    return replace(counsellor, role=Role.SUPERVISOR)


def by_slug(services: Services, slug: str) -> ItemView:
    return next(v for v in services.library.items() if v.slug == slug)


def test_the_default_library_covers_every_province_and_twenty_occupations(
    services: Services,
) -> None:
    items = services.library.items()
    provinces = {p for v in items if v.kind == "place" for p in v.rules.provinces}
    assert provinces == {
        "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
    }  # fmt: skip
    assert len([v for v in items if v.kind == "occupation"]) == 20
    kinds = {v.kind for v in items}
    assert kinds == {
        "occupation", "licensing", "credentials", "language", "settlement", "job_search", "place",
    }  # fmt: skip
    bands = sorted((v.rules.clb_min or 0, v.rules.clb_max) for v in items if v.rules.clb_max)
    assert bands == [(0, 4), (5, 6), (7, 8), (9, 12)]
    for view in items:
        assert view.title_en and view.body_en and view.title_zh and view.body_zh, view.slug
        assert view.links and all(u.startswith("https://") for u in view.links), view.slug
        assert view.reviewed_on is not None and view.reviewer
    assert any(v.has_french for v in items)


def test_rules_say_why_an_item_is_in(services: Services, counsellor: Actor) -> None:
    client_id = engineer(services, counsellor)
    draft = services.packages.propose(client_id)
    reasons = {services.library.item(d.item_id).slug: d.reason for d in draft.items}
    assert reasons["licence-engineer-on"] == "ON + NOC 21300"
    assert reasons["language-clb-7-8"] == "CLB 7 (CLB 7–8)"
    assert reasons["city-toronto"] == "ON + Toronto"
    assert reasons["credentials-eca"] == "all clients"
    assert reasons["job-search-regulated"] == "concern: Licensing"
    assert "licence-engineer-bc" not in reasons
    assert "settlement-schools" not in reasons  # no children, no concern about schools


def test_the_editor_counts_the_current_clients_a_rule_matches(
    services: Services, counsellor: Actor
) -> None:
    engineer(services, counsellor)
    engineer(services, counsellor, family="Li", given="Na", chinese="李娜")
    assert services.library.count_matching(ItemRules(provinces=("ON",), nocs=("21300",))) == 2
    assert services.library.count_matching(ItemRules(provinces=("BC",))) == 0
    assert services.library.count_matching(ItemRules(clb_min=8)) == 0
    assert services.library.count_matching(ItemRules()) == 2


def edit_english(services: Services, actor: Actor, view: ItemView, minor: bool = False) -> None:
    data = ItemInput(
        slug=view.slug,
        kind=view.kind,
        title_en=view.title_en,
        body_en=view.body_en + " Fees changed in 2026.",
        title_zh=view.title_zh,
        body_zh=view.body_zh,
        title_fr=view.title_fr,
        body_fr=view.body_fr,
        links=view.links,
        rules=view.rules,
        reviewer=view.reviewer,
    )
    services.library.save(actor, data, view.id, substantive=not minor)


def test_a_substantive_english_change_makes_the_translations_stale_until_reviewed(
    services: Services, counsellor: Actor
) -> None:
    view = by_slug(services, "credentials-eca")
    assert not view.zh_stale and not view.fr_stale
    edit_english(services, counsellor, view)
    changed = services.library.item(view.id)
    assert changed.en_revision == view.en_revision + 1
    assert changed.zh_stale and changed.fr_stale
    client_id = engineer(services, counsellor)
    warnings = services.packages.warnings(services.packages.propose(client_id, "bilingual"))
    assert [w.text for w in warnings if w.item_id == view.id] == [
        "The Chinese version of “Educational credential assessment (ECA)” has not been "
        "reviewed since the English changed."
    ]
    assert services.packages.warnings(services.packages.propose(client_id, "en")) == []
    services.library.mark_reviewed(counsellor, view.id, "zh")
    after = services.library.item(view.id)
    assert not after.zh_stale and after.fr_stale


def test_a_minor_correction_keeps_the_translations_current(
    services: Services, counsellor: Actor
) -> None:
    view = by_slug(services, "credentials-eca")
    edit_english(services, counsellor, view, minor=True)
    after = services.library.item(view.id)
    assert after.body_en.endswith("Fees changed in 2026.")
    assert after.en_revision == view.en_revision and not after.zh_stale


def test_items_past_their_review_period_queue_up_per_reviewer(
    services: Services, counsellor: Actor
) -> None:
    count = len(services.library.items())  # reviewed 2026-10-15, every 12 months
    assert LibraryService(services.ctx, today=lambda: date(2026, 11, 1)).review_queue() == {}
    later = LibraryService(services.ctx, today=lambda: date(2027, 11, 1))
    assert {k: len(v) for k, v in later.review_queue().items()} == {"Li Na": count}
    assert later.review_queue("Zhou Min") == {}
    view = by_slug(services, "credentials-eca")
    later.mark_reviewed(Actor(counsellor.counsellor_id, "Zhou Min", Role.SUPERVISOR), view.id)
    assert {k: len(v) for k, v in later.review_queue().items()} == {"Li Na": count - 1}


def test_new_items_are_validated(services: Services, counsellor: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        services.library.save(
            counsellor,
            ItemInput(slug="", kind="nope", title_en="", body_en="", rules=ItemRules(9, None)),
        )
    assert set(err.value.fields) == {"slug", "kind", "title_en", "body_en"}
    with pytest.raises(ValidationError):
        services.library.save(
            counsellor,
            ItemInput(
                slug="x", kind="language", title_en="X", body_en="Y",
                rules=ItemRules(clb_min=8, clb_max=5),
            ),
        )  # fmt: skip


def test_export_then_import_round_trips_and_a_changed_english_text_goes_stale(
    services: Services, counsellor: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "library.json"
    assert services.library.export_json(path) == len(services.library.items())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "ciip-library"
    entry = next(e for e in data["items"] if e["slug"] == "settlement-housing")
    entry["body_en"] += " Beware of rental scams."
    data["items"].append(
        {"slug": "local-help", "kind": "settlement", "title_en": "Help", "body_en": "Call 211."}
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert services.library.import_json(counsellor, path) == 2
    assert by_slug(services, "settlement-housing").zh_stale
    assert by_slug(services, "local-help").body_en == "Call 211."


def test_a_file_that_is_not_a_library_is_refused_and_nothing_changes(
    services: Services, counsellor: Actor, tmp_path: Path
) -> None:
    before = services.library.items()
    bad = tmp_path / "clients.json"
    bad.write_text('{"rows": []}', encoding="utf-8")
    with pytest.raises(UserError, match=r"clients\.json is not a CIIP library file"):
        services.library.import_json(counsellor, bad)
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(
        json.dumps({"format": "ciip-library", "items": [{"slug": "a", "kind": "place"}]}),
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="Item 1 of the file is incomplete"):
        services.library.import_json(counsellor, incomplete)
    assert services.library.items() == before


def test_library_items_sync_like_any_other_record(services: Services, counsellor: Actor) -> None:
    view = by_slug(services, "credentials-eca")
    edit_english(services, counsellor, view)
    with services.ctx.read() as session:
        changes = session.scalars(
            select(ChangeRecord).where(
                ChangeRecord.table_name == "library_item", ChangeRecord.row_id == view.id
            )
        ).all()
    fields = {c.field for c in changes}
    assert {"*", "body_en", "en_revision"} <= fields  # "*": the row as inserted
    assert any(c.user_id == counsellor.counsellor_id and c.field == "body_en" for c in changes)
