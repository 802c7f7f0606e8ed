"""Names of package languages, paper sizes and library kinds as the screens show them."""

from __future__ import annotations

from ciip_desktop.i18n import N_, _, current_language
from ciip_desktop.services.packages.types import ItemView

LANGUAGE_LABELS = {
    "en": N_("English"),
    "zh_CN": N_("Simplified Chinese"),
    "bilingual": N_("Bilingual (English + 中文)"),
    "fr_CA": N_("French (Quebec)"),
    "fr_zh": N_("French + 中文 (Quebec)"),
}
PAPER_LABELS = {"a4": N_("A4"), "letter": N_("Letter")}
KIND_LABELS = {
    "occupation": N_("Occupation profile"),
    "licensing": N_("Licensing and regulator"),
    "credentials": N_("Credential assessment"),
    "language": N_("Language upgrading"),
    "settlement": N_("Settlement topic"),
    "job_search": N_("Job search"),
    "place": N_("Province or city guide"),
}
FAMILY_LABELS = {"": N_("Any"), "children": N_("With children"), "spouse": N_("With family")}


def item_title(view: ItemView) -> str:
    """The item's title in the interface language where the library has it."""
    language = current_language()
    if language.startswith("zh") and view.title_zh:
        return view.title_zh
    if language.startswith("fr") and view.title_fr:
        return view.title_fr
    return view.title_en


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind
