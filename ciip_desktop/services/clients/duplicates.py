"""Is this the same person as someone already registered? Fast enough to run while typing.

Candidates come from the search index by exact key — same phone, same e-mail, same date of
birth — so a check reads a handful of rows however large the office grows; rapidfuzz then
scores the names. The same person is: a similar name (token-sort ratio ≥ 90, Latin or
pinyin) and the same birth date; or the same Chinese name and birth date; or the same
phone; or the same e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import N_, _
from ciip_desktop.models import Client, ClientSearchKey
from ciip_desktop.services.clients.contact import digits_only, normalise_phone
from ciip_desktop.services.clients.names import (
    comparable_name,
    display_name,
    pinyin_parts,
    suggest_pinyin,
)
from ciip_desktop.services.clients.search_index import birth_date_key
from ciip_desktop.services.clients.types import DuplicateCandidate, RegistrationInput

NAME_THRESHOLD = 90.0
SAME_PHONE = N_("same phone number")
SAME_EMAIL = N_("same e-mail address")
SAME_CHINESE_NAME_AND_BIRTH = N_("same Chinese name and date of birth")
SIMILAR_NAME_AND_BIRTH = N_("similar name and same date of birth")
_CHUNK = 500


@dataclass(frozen=True)
class Person:
    """What the rules compare, normalised once."""

    names: tuple[str, ...]
    chinese_name: str
    date_of_birth: date | None
    phone: str
    email: str

    @classmethod
    def of(
        cls,
        *,
        family_name: str,
        given_name: str,
        chinese_name: str,
        pinyin: str | None,
        date_of_birth: date | None,
        phone: str,
        email: str,
    ) -> Person:
        names = {comparable_name(f"{family_name} {given_name}")}
        chinese = "".join(chinese_name.split())
        if chinese:
            names.add(" ".join(pinyin_parts(chinese, "v")))
            names.add(comparable_name(suggest_pinyin(chinese)))
        if pinyin:
            names.add(comparable_name(pinyin))
        return cls(
            names=tuple(n for n in names if n),
            chinese_name=chinese,
            date_of_birth=date_of_birth,
            phone=(normalise_phone(phone) or "") if phone else "",
            email=email.strip().lower(),
        )

    @classmethod
    def of_input(cls, data: RegistrationInput) -> Person:
        return cls.of(
            family_name=data.family_name,
            given_name=data.given_name,
            chinese_name=data.chinese_name,
            pinyin=data.pinyin,
            date_of_birth=data.date_of_birth,
            phone=data.phone,
            email=data.email,
        )

    def lookup_keys(self) -> list[str]:
        keys = []
        if self.phone:
            keys.append(digits_only(self.phone))
        if self.email:
            keys.append(self.email)
        if self.date_of_birth:
            keys.append(birth_date_key(self.date_of_birth))
        return keys


def compare(a: Person, b: Person) -> tuple[float, tuple[str, ...]]:
    """(score 0–100, untranslated reasons) — no reasons means not the same person."""
    found: list[tuple[float, str]] = []
    same_birth = a.date_of_birth is not None and a.date_of_birth == b.date_of_birth
    if same_birth and a.chinese_name and a.chinese_name == b.chinese_name:
        found.append((100.0, SAME_CHINESE_NAME_AND_BIRTH))
    elif same_birth:
        ratio = max((fuzz.token_sort_ratio(x, y) for x in a.names for y in b.names), default=0.0)
        if ratio >= NAME_THRESHOLD:
            found.append((float(ratio), SIMILAR_NAME_AND_BIRTH))
    if a.phone and a.phone == b.phone:
        found.append((90.0, SAME_PHONE))
    if a.email and a.email == b.email:
        found.append((90.0, SAME_EMAIL))
    if not found:
        return 0.0, ()
    score = min(100.0, max(s for s, _r in found) + 5.0 * (len(found) - 1))
    return score, tuple(r for _s, r in found)


@dataclass(frozen=True)
class Existing:
    candidate: DuplicateCandidate
    person: Person


def _candidates_by_key(session: Session, keys: Iterable[str]) -> dict[str, set[str]]:
    unique = list(dict.fromkeys(keys))
    by_key: dict[str, set[str]] = {}
    for start in range(0, len(unique), _CHUNK):
        stmt = select(ClientSearchKey.key, ClientSearchKey.client_id).where(
            ClientSearchKey.key.in_(unique[start : start + _CHUNK])
        )
        for key, client_id in session.execute(stmt):
            by_key.setdefault(key, set()).add(client_id)
    return by_key


def _load(session: Session, ids: Iterable[str]) -> dict[str, Existing]:
    unique = list(dict.fromkeys(ids))
    out: dict[str, Existing] = {}
    for start in range(0, len(unique), _CHUNK):
        stmt = select(Client).where(
            Client.id.in_(unique[start : start + _CHUNK]), Client.deleted.is_(False)
        )
        for c in session.scalars(stmt):
            person = Person.of(
                family_name=c.family_name,
                given_name=c.given_name,
                chinese_name=c.chinese_name,
                pinyin=c.pinyin,
                date_of_birth=c.date_of_birth,
                phone=c.phone,
                email=c.email,
            )
            candidate = DuplicateCandidate(
                client_id=c.id,
                file_no=c.file_no,
                name=display_name(c.family_name, c.given_name, c.chinese_name),
                date_of_birth=c.date_of_birth,
                phone=c.phone,
                email=c.email,
                score=0.0,
                reasons=(),
            )
            out[c.id] = Existing(candidate, person)
    return out


def find_duplicates_many(
    session: Session,
    people: Sequence[Person],
    exclude_ids: Sequence[str | None] | None = None,
    limit: int = 5,
) -> list[list[DuplicateCandidate]]:
    """For each person, the existing clients who may be the same, most likely first."""
    by_key = _candidates_by_key(session, (k for p in people for k in p.lookup_keys()))
    existing = _load(session, (cid for ids in by_key.values() for cid in ids))
    results: list[list[DuplicateCandidate]] = []
    for index, person in enumerate(people):
        exclude = exclude_ids[index] if exclude_ids else None
        ids = {cid for key in person.lookup_keys() for cid in by_key.get(key, ())}
        scored: list[DuplicateCandidate] = []
        for cid in ids:
            if cid == exclude or cid not in existing:
                continue
            score, reasons = compare(person, existing[cid].person)
            if reasons:
                base = existing[cid].candidate
                scored.append(
                    DuplicateCandidate(
                        client_id=base.client_id,
                        file_no=base.file_no,
                        name=base.name,
                        date_of_birth=base.date_of_birth,
                        phone=base.phone,
                        email=base.email,
                        score=score,
                        reasons=tuple(_(r) for r in reasons),
                    )
                )
        scored.sort(key=lambda c: (-c.score, c.file_no))
        results.append(scored[:limit])
    return results


def find_duplicates(
    session: Session, data: RegistrationInput, exclude_id: str | None = None, limit: int = 5
) -> list[DuplicateCandidate]:
    return find_duplicates_many(session, [Person.of_input(data)], [exclude_id], limit)[0]
