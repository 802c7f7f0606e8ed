"""A laptop joins its office: from the hub directly, or from a file the administrator made.

What a laptop may do before it is enrolled: everything on its own database (the demo, a
trial, training) under device code ``A`` — but it cannot sync, since its office is its own
invention. Only a new database (no records yet besides its own office row) can join an
office: it then drops its invented office, takes the office's from the hub and the device
code the hub gave it (unique in the office: the hub refuses a duplicate).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from ciip_desktop.errors import UserError
from ciip_desktop.models import ChangeRecord, Office, ReplicaState
from ciip_desktop.services.context import Actor, Replica, ServiceContext
from ciip_desktop.services.sync.apply import apply_in_session
from ciip_desktop.services.sync.messages import (
    bad_enrolment_text,
    hub_error_text,
    not_fresh_text,
)
from ciip_desktop.services.sync.service import SyncService, safe_url
from ciip_desktop.store import guard
from ciip_desktop.sync import rows
from ciip_desktop.sync.change import Change
from ciip_desktop.sync.hub import Hub, HubError, HubInfo

ENROLMENT_KIND = "ciip-enrolment"
ENROLMENT_VERSION = 1


@dataclass(frozen=True)
class Enrolment:
    office_id: str
    office_code: str
    device_id: str
    device_code: str
    hub_url: str
    office_changes: tuple[Change, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": ENROLMENT_KIND,
                "version": ENROLMENT_VERSION,
                "office_id": self.office_id,
                "office_code": self.office_code,
                "device_id": self.device_id,
                "device_code": self.device_code,
                "hub_url": self.hub_url,
                "office_changes": [c.to_dict() for c in self.office_changes],
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Enrolment:
        try:
            data: dict[str, Any] = json.loads(text)
            if data.get("kind") != ENROLMENT_KIND or int(data["version"]) > ENROLMENT_VERSION:
                raise ValueError("not an enrolment")
            return cls(
                office_id=str(data["office_id"]),
                office_code=str(data["office_code"]),
                device_id=str(data["device_id"]),
                device_code=str(data["device_code"]),
                hub_url=str(data.get("hub_url", "")),
                office_changes=tuple(Change.from_dict(c) for c in data["office_changes"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # AttributeError:
            raise UserError(bad_enrolment_text()) from exc  # JSON that is not an object


def _hub_call(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except HubError as exc:
        raise UserError(hub_error_text(exc)) from None


def init_hub(ctx: ServiceContext, url: str) -> HubInfo:
    """Create the hub for this database's office and enrol this laptop as its first."""
    service = SyncService(ctx)
    hub = Hub(url)
    try:
        info = _hub_call(hub.init, ctx.replica.office_id, ctx.replica.office_code)
        if info.office_id != ctx.replica.office_id:
            raise UserError(hub_error_text(HubError("other_office")))
        _hub_call(hub.enrol, ctx.replica.device_code, ctx.replica.device_id)
    finally:
        hub.close()
    with ctx.write(Actor.system()) as session:
        session.execute(update(ReplicaState).values(enrolled=True))
    service.set_hub_url(url)
    try:
        service.sync_now()  # the office row (and anything else here) is on the hub at once
    finally:
        service.close()
    return HubInfo(info.office_id, info.office_code)


def make_enrolment(url: str, device_code: str) -> Enrolment:
    """The administrator's step: the hub gives a new laptop its device code."""
    hub = Hub(url)
    try:
        info = _hub_call(hub.info)
        device = _hub_call(hub.enrol, device_code)
        office = _hub_call(hub.row_changes, Office.__tablename__, info.office_id)
    finally:
        hub.close()
    return Enrolment(
        info.office_id,
        info.office_code,
        device.device_id,
        device.device_code,
        safe_url(url),
        tuple(office),
    )


def enrol_from_hub(ctx: ServiceContext, url: str, device_code: str) -> Replica:
    _refuse_unless_fresh(ctx)
    enrolment = make_enrolment(url, device_code)
    replica = enrol(ctx, enrolment, device_id=enrolment.device_id)
    SyncService(ctx).set_hub_url(url)
    return replica


def enrol_from_file(ctx: ServiceContext, path: Path) -> Replica:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(bad_enrolment_text()) from exc
    _refuse_unless_fresh(ctx)
    return enrol(ctx, Enrolment.from_json(text), device_id=None)


def _refuse_unless_fresh(ctx: ServiceContext) -> None:
    with ctx.read() as session:
        state = session.scalars(select(ReplicaState)).one()
        records = session.scalar(
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.table_name != Office.__tablename__)
        )
    if state.enrolled or records:
        raise UserError(not_fresh_text())


def enrol(ctx: ServiceContext, enrolment: Enrolment, device_id: str | None) -> Replica:
    """Join the office of ``enrolment`` (one transaction: joined whole, or not at all)."""
    if not enrolment.office_changes:
        raise UserError(bad_enrolment_text())
    with ctx.write(Actor.system()) as session:
        conn = session.connection()
        own = session.scalars(select(Office.id)).all()
        with guard.synced_writes(conn):
            for office_id in own:
                if office_id != enrolment.office_id:
                    conn.execute(delete(ChangeRecord).where(ChangeRecord.row_id == office_id))
                    table = rows.table(Office.__tablename__)
                    conn.execute(delete(table).where(table.c.id == office_id))
        session.execute(
            update(ReplicaState).values(
                device_id=enrolment.device_id,
                device_code=enrolment.device_code.upper(),
                office_id=enrolment.office_id,
                enrolled=True,
                hub_url=enrolment.hub_url,
            )
        )
        ctx.replica = Replica(
            enrolment.device_id,
            enrolment.device_code.upper(),
            enrolment.office_id,
            enrolment.office_code,
        )
        apply_in_session(ctx, session, list(enrolment.office_changes), Actor.system())
    _ = device_id
    return ctx.replica
