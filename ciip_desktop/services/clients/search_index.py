"""The client search index: normalised keys per client, matched by prefix through a B-tree.

Each client gets a handful of keys (names in Latin letters and pinyin, the Chinese name and
its suffixes, the file number, phone digits, e-mail) in ``client_search_key``. A query is
normalised the same way and looked up as ``key = q`` (exact) and ``q <= key < q || U+FFFF``
(prefix), both served by the index on ``(key, rank)`` — which also serves one- and
two-character Chinese queries that a trigram index cannot (PLATFORM.md).

``rank`` orders exact matches: 0 identity (file no, phone, e-mail), 1 full name, 3 a name
part, 5 a suffix or tail. A date of birth is stored as a key too (``DOB_PREFIX``, rank 9) so
duplicate checks find people born the same day through the index; no typed query can start
with that control character, so these keys never show in search results.

The index is local (not synced) and kept by a flush hook: whenever a write flushes a
``Client``, its keys are replaced in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from ciip_desktop.models import Client, ClientSearchKey
from ciip_desktop.models.base import Synced
from ciip_desktop.services.clients.contact import digits_only, looks_like_phone, phone_keys
from ciip_desktop.services.clients.names import fold, fold_word, pinyin_parts

RANK_IDENTITY = 0
RANK_FULL_NAME = 1
RANK_PART = 3
RANK_TAIL = 5
RANK_BIRTH_DATE = 9
DOB_PREFIX = "\x01dob:"
KEY_MAX = 254
_PENDING = "ciip.search_index.pending"
_LISTENING = "ciip.search_index.listening"
_TONE_DIGITS = re.compile(r"(?:[a-z]+[1-5])+[a-z]*")
_CONTROL = re.compile(r"[\x00-\x1f]")
_FILE_TAIL = re.compile(r"(\d+)-(\d+)$")
_CHUNK = 500


def birth_date_key(value: date) -> str:
    return DOB_PREFIX + value.isoformat()


def keys_for(
    *,
    file_no: str = "",
    family_name: str = "",
    given_name: str = "",
    chinese_name: str = "",
    pinyin: str = "",
    phone: str = "",
    email: str = "",
    date_of_birth: date | None = None,
    **_ignored: Any,
) -> dict[str, int]:
    """Every search key of one client, with its rank (the best rank when a key repeats)."""
    keys: dict[str, int] = {}

    def add(key: str, rank: int) -> None:
        key = key[:KEY_MAX]
        if key and rank < keys.get(key, 99):
            keys[key] = rank

    family, given = fold_word(family_name), fold_word(given_name)
    add(family + given, RANK_FULL_NAME)
    add(given + family, RANK_FULL_NAME)
    add(family, RANK_PART)
    add(given, RANK_PART)
    for word in pinyin.split():
        add(fold_word(word), RANK_PART)
    add(fold_word(pinyin), RANK_FULL_NAME)
    chinese = fold(chinese_name)
    if chinese:
        add(chinese, RANK_FULL_NAME)
        for start in range(1, len(chinese)):
            add(chinese[start:], RANK_TAIL)
        v_family, v_given = pinyin_parts(chinese_name, "v")
        # ü is typed as yu (passports), u or v: index each spelling.
        spellings = ("yu", "u", "v") if "v" in v_family + v_given else ("v",)
        for u_umlaut in spellings:
            py_family = v_family.replace("v", u_umlaut)
            py_given = v_given.replace("v", u_umlaut)
            add(py_family + py_given, RANK_FULL_NAME)
            add(py_given + py_family, RANK_FULL_NAME)
            add(py_family, RANK_PART)
            add(py_given, RANK_PART)
    if file_no:
        add(file_no.lower(), RANK_IDENTITY)
        tail = _FILE_TAIL.search(file_no)
        if tail:
            add(f"{tail.group(1)}-{tail.group(2)}", RANK_TAIL)
            add(tail.group(2), RANK_TAIL)
            add(str(int(tail.group(2))), RANK_TAIL)
    if phone:
        all_digits, national, last4 = phone_keys(phone)
        add(all_digits, RANK_IDENTITY)
        add(national, RANK_IDENTITY)
        add(last4, RANK_TAIL)
    if email:
        address = email.strip().lower()
        add(address, RANK_IDENTITY)
        add(address.split("@", 1)[0], RANK_PART)
    if date_of_birth is not None:
        add(birth_date_key(date_of_birth), RANK_BIRTH_DATE)
    return keys


def _client_keys(client: Client) -> dict[str, int]:
    return keys_for(
        file_no=client.file_no or "",
        family_name=client.family_name or "",
        given_name=client.given_name or "",
        chinese_name=client.chinese_name or "",
        pinyin=client.pinyin or "",
        phone=client.phone or "",
        email=client.email or "",
        date_of_birth=client.date_of_birth,
    )


def query_variants(text: str) -> list[str]:
    """The normalised forms of a typed query to look up, best first.

    "Zhang Wei" and "zhāng wěi" → "zhangwei"; "zhang1wei3" → also "zhangwei";
    "+86 138-0013-8000" → also "8613800138000"; "O'Brien" → also "obrien".
    """
    raw = _CONTROL.sub("", text).strip()
    if not raw:
        return []
    folded = fold(raw)
    variants = [folded]
    if looks_like_phone(raw):
        variants.append(digits_only(folded))
    if "@" not in folded:
        word = fold_word(raw)
        variants.append(word)
        if _TONE_DIGITS.fullmatch(word) and not word.isdigit():
            variants.append(re.sub(r"[1-5]", "", word))
    return [v[:KEY_MAX] for v in dict.fromkeys(variants) if v]


def _replace_keys(session: Session, entries: dict[str, dict[str, int] | None]) -> None:
    connection = session.connection()
    ids = list(entries)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        connection.execute(delete(ClientSearchKey).where(ClientSearchKey.client_id.in_(chunk)))
    rows = [
        {"client_id": client_id, "key": key, "rank": rank}
        for client_id, keys in entries.items()
        if keys
        for key, rank in keys.items()
    ]
    for start in range(0, len(rows), 5000):
        connection.execute(insert(ClientSearchKey), rows[start : start + 5000])


def _after_flush(session: Session, _flush_context: Any) -> None:
    pending: dict[str, dict[str, int] | None] = session.info.pop(_PENDING, {})
    if pending:
        _replace_keys(session, pending)


def index_written_clients(session: Session, written: list[Synced]) -> None:
    """Flush hook: queue fresh keys for every client this flush writes (none when deleted).

    The keys are written right after the flush, once the client rows exist (foreign key),
    in the same transaction.
    """
    pending: dict[str, dict[str, int] | None] = session.info.setdefault(_PENDING, {})
    for obj in written:
        if isinstance(obj, Client):
            pending[obj.id] = None if obj.deleted else _client_keys(obj)
    if pending and not session.info.get(_LISTENING):
        event.listen(session, "after_flush", _after_flush)
        session.info[_LISTENING] = True


def rebuild_search_index(session: Session, client_ids: Sequence[str] | None = None) -> int:
    """Recompute the keys of every client (or of ``client_ids``); returns clients indexed."""
    columns = (
        Client.id,
        Client.deleted,
        Client.file_no,
        Client.family_name,
        Client.given_name,
        Client.chinese_name,
        Client.pinyin,
        Client.phone,
        Client.email,
        Client.date_of_birth,
    )
    if client_ids is None:
        session.execute(delete(ClientSearchKey))
        batches: Iterable[Sequence[str] | None] = [None]
    else:
        ids = list(client_ids)
        batches = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    count = 0
    for batch in batches:
        stmt = select(*columns)
        if batch is not None:
            stmt = stmt.where(Client.id.in_(batch))
        entries: dict[str, dict[str, int] | None] = {}
        for row in session.execute(stmt).mappings():
            entries[row["id"]] = None if row["deleted"] else keys_for(**dict(row))
            count += 1
            if len(entries) >= 2000:
                _replace_keys(session, entries)
                entries = {}
        _replace_keys(session, entries)
    return count
