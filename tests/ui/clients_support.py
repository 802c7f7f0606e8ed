"""Shared helpers of the Clients screen tests: a few realistic clients registered for real."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    AssessmentInput,
    ClientDetail,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor

TODAY = date.today()

# (family, given, 中文名, phone, e-mail, province of destination or "")
PEOPLE = [
    ("Zhang", "Wei", "张伟", "138 0013 8000", "zhangwei@example.com", "ON"),
    ("Li", "Na", "李娜", "139 1234 5678", "lina88@example.com", "BC"),
    ("Wang", "Fang", "王芳", "137 2222 3333", "", "ON"),
    ("Chen", "Jing", "陈静", "", "chenjing@example.cn", "AB"),
    ("Ouyang", "Zixuan", "欧阳子轩", "135 8888 9999", "", ""),
    ("Smith", "Anna", "", "+1 416 555 0123", "anna.smith@example.ca", "QC"),
]


def registration(
    family: str, given: str, chinese: str = "", **changes: object
) -> RegistrationInput:
    base = RegistrationInput(
        family_name=family,
        given_name=given,
        chinese_name=chinese,
        received_on=TODAY - timedelta(days=10),
        signature_on_file=True,
        signature_date=TODAY - timedelta(days=12),
        consent_to_share=True,
        registration_channel="mail",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def register_people(services: Services, actor: Actor) -> dict[str, ClientDetail]:
    """The six clients of PEOPLE, keyed by their Latin given name; destinations assessed."""
    found: dict[str, ClientDetail] = {}
    for n, (family, given, chinese, phone, email, province) in enumerate(PEOPLE):
        detail = services.clients.register(
            actor,
            registration(
                family,
                given,
                chinese,
                phone=phone,
                email=email,
                date_of_birth=date(1980 + n, n + 1, 10 + n),
            ),
        )
        if province:
            services.assessments.save(
                actor,
                detail.id,
                AssessmentInput(
                    destination_province=province,
                    destination_city={"ON": "Toronto", "BC": "Vancouver", "AB": "Calgary"}.get(
                        province, "Montréal"
                    ),
                    expected_departure=TODAY + timedelta(days=30 * (n + 1)),
                ),
                complete=False,
            )
        found[given] = services.clients.get(actor, detail.id)
    return found


def register_many(services: Services, actor: Actor, count: int) -> list[str]:
    """``count`` plain clients (王 + a number), for list and model tests; returns their ids."""
    ids = []
    for n in range(count):
        detail = services.clients.register(
            actor, registration("Wang", f"Client{n:04d}", "王" + "一二三四五六七八九十"[n % 10])
        )
        ids.append(detail.id)
    return ids
