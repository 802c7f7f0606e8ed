"""The resource library: items, their language versions, review dates, JSON import/export.

Every write goes through ``ServiceContext.write`` (change capture), so library items sync
like any other record. When the English of an item changes in substance, its revision goes
up and the Chinese and French versions become stale until a reviewer confirms them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.config import RESOURCES_DIR
from ciip_desktop.errors import NotFoundError, UserError, ValidationError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import Client, ItemKind, LibraryItem, NeedsAssessment
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages import library_file
from ciip_desktop.services.packages.rules import explain, item_rules, profile_of, write_rules
from ciip_desktop.services.packages.types import LIST_RULES, ItemInput, ItemRules, ItemView
from ciip_desktop.services.security import guards

DEFAULT_LIBRARY = RESOURCES_DIR / "library" / "default-library.json"
FORMAT = "ciip-library"
KINDS = tuple(k.value for k in ItemKind)
TEXT_FIELDS = ("title_en", "title_zh", "title_fr", "body_en", "body_zh", "body_fr")


def item_view(row: LibraryItem) -> ItemView:
    return ItemView(
        id=row.id,
        slug=row.slug,
        kind=row.kind,
        position=row.position,
        title_en=row.title_en,
        title_zh=row.title_zh,
        title_fr=row.title_fr,
        body_en=row.body_en,
        body_zh=row.body_zh,
        body_fr=row.body_fr,
        links=tuple(u for u in row.links.splitlines() if u.strip()),
        rules=item_rules(row),
        reviewed_on=row.reviewed_on,
        reviewer=row.reviewer,
        review_months=row.review_months,
        en_revision=row.en_revision,
        zh_revision=row.zh_revision,
        fr_revision=row.fr_revision,
    )


def _set(row: LibraryItem, name: str, value: Any) -> None:
    if getattr(row, name) != value:
        setattr(row, name, value)


def _input_from_json(entry: dict[str, Any]) -> ItemInput:
    def listed(name: str) -> tuple[str, ...]:
        value = entry.get(name) or []
        if isinstance(value, str):
            value = value.split(",")
        return tuple(str(v).strip() for v in value if str(v).strip())

    rules = ItemRules(
        **{name: listed(name) for name in LIST_RULES},
        clb_min=entry.get("clb_min"),
        clb_max=entry.get("clb_max"),
        family=str(entry.get("family") or ""),
    )
    return ItemInput(
        slug=str(entry["slug"]),
        kind=str(entry["kind"]),
        title_en=str(entry.get("title_en", "")),
        body_en=str(entry.get("body_en", "")),
        title_zh=str(entry.get("title_zh", "")),
        body_zh=str(entry.get("body_zh", "")),
        title_fr=str(entry.get("title_fr", "")),
        body_fr=str(entry.get("body_fr", "")),
        links=listed("links"),
        rules=rules,
        reviewer=str(entry.get("reviewer", "")),
        review_months=int(entry.get("review_months") or 12),
    )


def _to_json(view: ItemView) -> dict[str, Any]:
    rules = view.rules
    data: dict[str, Any] = {
        "slug": view.slug,
        "kind": view.kind,
        **{name: getattr(view, name) for name in TEXT_FIELDS},
        "links": list(view.links),
        **{name: list(getattr(rules, name)) for name in LIST_RULES},
        "clb_min": rules.clb_min,
        "clb_max": rules.clb_max,
        "family": rules.family,
        "reviewed_on": view.reviewed_on.isoformat() if view.reviewed_on else None,
        "reviewer": view.reviewer,
        "review_months": view.review_months,
        "position": view.position,
    }
    return data


class LibraryService:
    def __init__(self, ctx: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self.ctx = ctx
        self.today = today

    # ---- reading --------------------------------------------------------------------------

    def items(self, kind: str | None = None) -> list[ItemView]:
        """The live items in library order (of one kind)."""
        self.ensure_defaults()
        stmt = select(LibraryItem).where(LibraryItem.deleted.is_(False))
        if kind:
            stmt = stmt.where(LibraryItem.kind == kind)
        with self.ctx.read() as session:
            rows = session.scalars(stmt.order_by(LibraryItem.position, LibraryItem.slug))
            return [item_view(r) for r in rows]

    def item(self, item_id: str) -> ItemView:
        with self.ctx.read() as session:
            row = session.get(LibraryItem, item_id)
            if row is None or row.deleted:
                raise NotFoundError(_("This library item no longer exists; refresh the library."))
            return item_view(row)

    def review_queue(self, reviewer: str | None = None) -> dict[str, list[ItemView]]:
        """Items past their review period or with a stale translation, per reviewer."""
        today = self.today()
        queue: dict[str, list[ItemView]] = {}
        for view in self.items():
            if reviewer is not None and view.reviewer != reviewer:
                continue
            if view.overdue(today) or view.zh_stale or view.fr_stale:
                queue.setdefault(view.reviewer, []).append(view)
        return queue

    def count_matching(self, rules: ItemRules) -> int:
        """How many current clients (not closed or withdrawn) these rules would match."""
        with self.ctx.read() as session:
            with_family = set(
                session.scalars(
                    select(Client.principal_id).where(
                        Client.principal_id.is_not(None), Client.deleted.is_(False)
                    )
                )
            )
            stmt = (
                select(Client, NeedsAssessment)
                .outerjoin(
                    NeedsAssessment,
                    (NeedsAssessment.client_id == Client.id) & NeedsAssessment.deleted.is_(False),
                )
                .where(Client.deleted.is_(False), Client.status.not_in(("closed", "withdrawn")))
            )
            # The selective rules narrow the rows in SQL; explain() still decides each one.
            if rules.provinces:
                stmt = stmt.where(NeedsAssessment.destination_province.in_(rules.provinces))
            if rules.nocs:
                stmt = stmt.where(NeedsAssessment.intended_noc.in_(rules.nocs))
            rows = session.execute(stmt)
            return sum(
                1
                for client, assessment in rows
                if explain(rules, profile_of(client, assessment, client.id in with_family))
                is not None
            )

    # ---- writing --------------------------------------------------------------------------

    def ensure_defaults(self) -> int:
        """Load the shipped library into an empty one; the number of items added."""
        with self.ctx.read() as session:
            if session.scalar(select(func.count()).select_from(LibraryItem)):
                return 0
        return self.import_json(Actor.system(), DEFAULT_LIBRARY, reviewed=True)

    def validate(self, data: ItemInput) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not data.slug.strip():
            errors["slug"] = _("Give the item a short key, such as licence-engineer-on.")
        if data.kind not in KINDS:
            errors["kind"] = _("Choose the kind of item.")
        if not data.title_en.strip():
            errors["title_en"] = _("Give the item an English title.")
        if not data.body_en.strip():
            errors["body_en"] = _("Write the English text of the item.")
        rules = data.rules
        low, high = rules.clb_min, rules.clb_max
        if low is not None and high is not None and low > high:
            errors["clb_min"] = _("The lowest CLB level is above the highest.")
        return errors

    def save(
        self,
        actor: Actor,
        data: ItemInput,
        item_id: str | None = None,
        substantive: bool = True,
    ) -> ItemView:
        """Create or change an item. A ``substantive`` change of the English text marks the
        other language versions stale (unless they are changed in the same save)."""
        guards.require(actor.role, guards.Action.LIBRARY_EDIT)
        errors = self.validate(data)
        if errors:
            raise ValidationError(_("The item cannot be saved; correct the fields marked."), errors)
        with self.ctx.write(actor) as session:
            if item_id:
                row = self._row(session, item_id)
                english = (row.title_en, row.body_en)
                zh_changed, fr_changed = self._write(row, data)
                if substantive and english != (row.title_en, row.body_en):
                    _set(row, "en_revision", row.en_revision + 1)
                # A translation edited in the same save is taken as reviewed against it.
                if zh_changed:
                    _set(row, "zh_revision", row.en_revision)
                if fr_changed and row.body_fr:
                    _set(row, "fr_revision", row.en_revision)
            else:
                if session.scalar(select(LibraryItem.id).where(LibraryItem.slug == data.slug)):
                    raise ValidationError(
                        _("Another item already has this key; choose another."),
                        {"slug": _("This key is taken.")},
                    )
                count = session.scalar(select(func.count()).select_from(LibraryItem)) or 0
                row = LibraryItem(slug=data.slug, kind=data.kind, position=count)
                self._write(row, data)
                row.en_revision = 1
                row.zh_revision = 1
                row.fr_revision = 1 if data.body_fr else 0
                row.reviewed_on = self.today()
                session.add(row)
            session.flush()
            return item_view(row)

    @staticmethod
    def _write(row: LibraryItem, data: ItemInput) -> tuple[bool, bool]:
        """Copy ``data`` onto ``row``; whether the Chinese and the French text changed."""
        zh_changed = (row.title_zh, row.body_zh) != (data.title_zh, data.body_zh)
        fr_changed = (row.title_fr, row.body_fr) != (data.title_fr, data.body_fr)
        for name in ("slug", "kind", *TEXT_FIELDS, "reviewer", "review_months"):
            _set(row, name, getattr(data, name))
        _set(row, "links", "\n".join(data.links))
        write_rules(row, data.rules)
        return zh_changed, fr_changed

    def mark_reviewed(self, actor: Actor, item_id: str, language: str = "") -> ItemView:
        """Confirm the item (all of it, or one translation: "zh" or "fr") as reviewed today."""
        guards.require(actor.role, guards.Action.LIBRARY_EDIT)
        with self.ctx.write(actor) as session:
            row = self._row(session, item_id)
            if language in ("", "zh"):
                _set(row, "zh_revision", row.en_revision)
            if language in ("", "fr") and row.body_fr:
                _set(row, "fr_revision", row.en_revision)
            if language == "":
                _set(row, "reviewed_on", self.today())
                _set(row, "reviewer", actor.display_name or row.reviewer)
            session.flush()
            return item_view(row)

    def move(self, actor: Actor, item_id: str, position: int) -> None:
        guards.require(actor.role, guards.Action.LIBRARY_EDIT)
        with self.ctx.write(actor) as session:
            _set(self._row(session, item_id), "position", position)

    def delete(self, actor: Actor, item_id: str) -> None:
        guards.require(actor.role, guards.Action.LIBRARY_EDIT)
        with self.ctx.write(actor) as session:
            _set(self._row(session, item_id), "deleted", True)

    @staticmethod
    def _row(session: Session, item_id: str) -> LibraryItem:
        row = session.get(LibraryItem, item_id)
        if row is None or row.deleted:
            raise NotFoundError(_("This library item no longer exists; refresh the library."))
        return row

    # ---- JSON -----------------------------------------------------------------------------

    def export_json(self, path: Path) -> int:
        items = [_to_json(v) for v in self.items()]
        data = {"format": FORMAT, "version": 1, "items": items}
        try:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise UserError(
                _("Could not write {file}: {reason}").format(file=path.name, reason=exc.strerror)
            ) from exc
        return len(items)

    def import_json(self, actor: Actor, path: Path, reviewed: bool = False) -> int:
        """Add or update items by key; the number of items added or changed."""
        guards.require(actor.role, guards.Action.LIBRARY_EDIT)
        try:
            data = library_file.load_document(path)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            library_file.refuse_unusable_items(data["items"])  # hostile input: named, refused
            entries = [(_input_from_json(e), e) for e in data["items"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserError(
                _("{file} is not a CIIP library file; export one from the app to see the format.")
                .format(file=path.name)
            ) from exc  # fmt: skip
        bad = [n for n, (item, _e) in enumerate(entries, 1) if self.validate(item)]
        if bad:
            raise UserError(
                ngettext(
                    "Item {rows} of the file is incomplete; nothing was imported.",
                    "Items {rows} of the file are incomplete; nothing was imported.",
                    len(bad),
                ).format(rows=", ".join(str(n) for n in bad[:10]))
            )
        changed = 0
        with self.ctx.write(actor) as session:
            existing = {r.slug: r for r in session.scalars(select(LibraryItem))}
            for position, (item, entry) in enumerate(entries):
                row = existing.get(item.slug)
                if row is None:
                    row = LibraryItem(slug=item.slug, kind=item.kind, position=position)
                    session.add(row)
                    changed += 1
                    self._write(row, item)
                    row.en_revision = 1
                    row.zh_revision = 1
                    row.fr_revision = 1 if item.body_fr else 0
                else:
                    before = (row.title_en, row.body_en)
                    translated = self._write(row, item)
                    if row.deleted:
                        row.deleted = False
                    if (row.title_en, row.body_en) != before:
                        _set(row, "en_revision", row.en_revision + 1)
                        changed += 1
                    if translated[0]:
                        _set(row, "zh_revision", row.en_revision)
                    if translated[1] and row.body_fr:
                        _set(row, "fr_revision", row.en_revision)
                    elif translated != (False, False):
                        changed += 1
                if reviewed or row.reviewed_on is None:
                    when = entry.get("reviewed_on")
                    _set(row, "reviewed_on", date.fromisoformat(when) if when else self.today())
            session.flush()
        return changed
