"""A value typed to resolve a conflict passes the same rules as the client form.

The field declaration (``services/clients/fields``) and the registration rules decide: the
text is read as the form reads it (a date as offices type it, a choice in any language, a
phone into E.164) and the whole record, with the new value, must pass the form's checks for
that field. A refusal is the field's own sentence; nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import Client
from ciip_desktop.services.clients.fields import BY_NAME
from ciip_desktop.services.clients.registration import FIELD_TYPES, parse_changes
from ciip_desktop.services.clients.validation import normalise_registration, validate_registration
from ciip_desktop.services.clients.views import client_detail


def checked_value(
    session: Session, table: str, row_id: str, field: str, typed: object, today: date
) -> object:
    """``typed`` as the record keeps it, or a :class:`ValidationError` naming the field."""
    if table != Client.__tablename__ or field not in FIELD_TYPES:
        return typed  # not a field of the form: the column's own conversion decides
    text = "" if typed is None else str(typed)
    parsed, errors = parse_changes(session, {field: text})
    reason = errors.get(field)
    if reason is None:
        current = client_detail(session, row_id, today).registration
        merged = normalise_registration(replace(current, **parsed))  # type: ignore[arg-type]
        reason = validate_registration(session, merged, today, row_id).get(field)
        if reason is None:
            return getattr(merged, field)
    label = BY_NAME[field].title() if field in BY_NAME else field
    raise ValidationError(
        _("{field}: {reason}").format(field=label, reason=reason), {field: reason}
    )
