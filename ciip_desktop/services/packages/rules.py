"""When a library item applies to a client, and why, in words the counsellor can check.

An item applies when every rule it has matches (an empty rule does not restrict); the
reason names what matched, e.g. "ON + NOC 21300 + CLB 7". An item without rules applies to
every client ("all clients").
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _
from ciip_desktop.models import Client, LibraryItem, NeedsAssessment
from ciip_desktop.services.clients.assessment import CONCERNS
from ciip_desktop.services.packages.types import LIST_RULES, ClientProfile, ItemRules

CHILDREN = re.compile(r"child|son|daughter|kid|孩|儿|女儿|子女", re.IGNORECASE)
SPOUSE = re.compile(r"spouse|wife|husband|partner|配偶|妻|丈夫|爱人|太太|先生", re.IGNORECASE)


def split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def item_rules(item: LibraryItem) -> ItemRules:
    return ItemRules(
        provinces=split(item.provinces),
        cities=split(item.cities),
        nocs=split(item.nocs),
        teers=split(item.teers),
        categories=split(item.categories),
        clb_min=item.clb_min,
        clb_max=item.clb_max,
        topics=split(item.topics),
        family=item.family,
    )


def write_rules(item: LibraryItem, rules: ItemRules) -> None:
    """Store ``rules`` on ``item``, touching only the fields that change (change capture)."""
    for name in LIST_RULES:
        value = ",".join(getattr(rules, name))
        if getattr(item, name) != value:
            setattr(item, name, value)
    for name in ("clb_min", "clb_max", "family"):
        if getattr(item, name) != getattr(rules, name):
            setattr(item, name, getattr(rules, name))


def profile_of(client: Client, assessment: NeedsAssessment | None, family: bool) -> ClientProfile:
    """The rule inputs of one client; ``family`` is whether family members are registered."""
    if assessment is None:
        return ClientProfile(client.id, client.file_no, spouse=family)
    text = assessment.accompanying_family
    return ClientProfile(
        client_id=client.id,
        file_no=client.file_no,
        province=assessment.destination_province,
        city=assessment.destination_city,
        noc=assessment.intended_noc,
        clb=assessment.english_clb,
        nclc=assessment.french_nclc,
        topics=frozenset(c for c in assessment.concerns.split(",") if c),
        children=bool(CHILDREN.search(text)) or "schools" in assessment.concerns,
        spouse=family or bool(SPOUSE.search(text)),
    )


def load_profile(session: Session, client: Client) -> ClientProfile:
    assessment = session.scalar(
        select(NeedsAssessment).where(
            NeedsAssessment.client_id == client.id, NeedsAssessment.deleted.is_(False)
        )
    )
    family = session.scalar(
        select(Client.id).where(Client.principal_id == client.id, Client.deleted.is_(False))
    )
    return profile_of(client, assessment, family is not None)


def _range(rules: ItemRules) -> str:
    if rules.clb_min is not None and rules.clb_max is not None:
        return f"CLB {rules.clb_min}–{rules.clb_max}"
    if rules.clb_min is not None:
        return f"CLB ≥ {rules.clb_min}"
    return f"CLB ≤ {rules.clb_max}"


def explain(rules: ItemRules, profile: ClientProfile) -> str | None:
    """Why the item applies to this client ("ON + NOC 21300 + CLB 7"), or None when not."""
    parts: list[str] = []
    if rules.provinces:
        if profile.province not in rules.provinces:
            return None
        parts.append(profile.province)
    if rules.cities:
        if profile.city.casefold() not in {c.casefold() for c in rules.cities}:
            return None
        parts.append(profile.city)
    if rules.nocs:
        if profile.noc not in rules.nocs:
            return None
        parts.append(f"NOC {profile.noc}")
    if rules.teers:
        if profile.teer not in rules.teers:
            return None
        parts.append(f"TEER {profile.teer}")
    if rules.categories:
        if profile.category not in rules.categories:
            return None
        parts.append(_("NOC category {n}").format(n=profile.category))
    if rules.clb_min is not None or rules.clb_max is not None:
        if profile.clb is None:
            return None
        low = rules.clb_min if rules.clb_min is not None else 0
        high = rules.clb_max if rules.clb_max is not None else 12
        if not low <= profile.clb <= high:
            return None
        parts.append(f"CLB {profile.clb} ({_range(rules)})")
    if rules.topics:
        hits = [t for t in rules.topics if t in profile.topics]
        if not hits:
            return None
        names = ", ".join(_(CONCERNS[t]) if t in CONCERNS else t for t in hits)
        parts.append(_("concern: {topics}").format(topics=names))
    if rules.family == "children":
        if not profile.children:
            return None
        parts.append(_("with children"))
    elif rules.family == "spouse":
        if not profile.spouse:
            return None
        parts.append(_("with family"))
    return " + ".join(parts) if parts else _("all clients")
