"""Client file numbers: office code, this laptop's device code, year, sequence (GZA-2026-00042).

Each laptop is enrolled with its own device code, so two laptops working offline can never
issue the same number; within one laptop, numbers are allocated inside the write
transaction, which the write lock serialises.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.models import Client

_SEQUENCE = re.compile(r"-(\d+)$")


def file_prefix(office_code: str, device_code: str, year: int) -> str:
    return f"{office_code.upper()}{device_code.upper()}-{year}-"


def next_file_numbers(
    session: Session, office_code: str, device_code: str, year: int, count: int = 1
) -> list[str]:
    """``count`` new file numbers continuing from the highest one issued with this prefix.

    Deleted clients keep their numbers: a number is never issued twice.
    """
    prefix = file_prefix(office_code, device_code, year)
    # Longest first, then highest: "…-100000" comes after "…-99999".
    stmt = (
        select(Client.file_no)
        .where(Client.file_no >= prefix, Client.file_no < prefix + "\U0010ffff")
        .order_by(func.length(Client.file_no).desc(), Client.file_no.desc())
        .limit(1)
    )
    last = session.scalar(stmt)
    match = _SEQUENCE.search(last) if last else None
    start = int(match.group(1)) + 1 if match else 1
    return [f"{prefix}{seq:05d}" for seq in range(start, start + count)]
