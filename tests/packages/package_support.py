"""Clients with the records a package is built from, made through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput
from ciip_desktop.services.context import Actor

TODAY = date.today()


def register(
    services: Services,
    actor: Actor,
    family: str = "Wang",
    given: str = "Wei",
    chinese: str = "王伟",
    email: str = "wang.wei@example.com",
) -> str:
    return services.clients.register(
        actor,
        RegistrationInput(
            family_name=family,
            given_name=given,
            chinese_name=chinese,
            email=email,
            received_on=TODAY - timedelta(days=20),
            signature_on_file=True,
            signature_date=TODAY - timedelta(days=21),
        ),
    ).id


def assess(
    services: Services,
    actor: Actor,
    client_id: str,
    province: str = "ON",
    city: str = "Toronto",
    noc: str = "21300",
    clb: int | None = 7,
    concerns: tuple[str, ...] = ("licensing", "housing"),
    complete: bool = True,
) -> None:
    services.assessments.save(
        actor,
        client_id,
        AssessmentInput(
            destination_province=province,
            destination_city=city,
            expected_departure=TODAY + timedelta(days=60),
            intended_noc=noc,
            english_clb=clb,
            concerns=concerns,
        ),
        complete=complete,
    )


def engineer(services: Services, actor: Actor, **names: str) -> str:
    """A civil engineer going to Toronto with CLB 7, assessed."""
    client_id = register(services, actor, **names)
    assess(services, actor, client_id)
    return client_id
