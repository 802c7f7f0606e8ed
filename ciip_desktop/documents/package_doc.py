"""What a printed information package contains, as plain data (no layout, no database).

The services fill it in the package's language(s); :mod:`package_pdf` lays it out. Every text
here is plain text — the PDF escapes it, so ``<``, ``&`` and quotes print literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """One paragraph; ``cjk`` selects line breaking between any two Chinese characters."""

    text: str
    cjk: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Links:
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cjk: bool = False


Block = Text | Links | Table


@dataclass(frozen=True)
class Section:
    """A numbered section of the package: heading, then blocks (items carry sub-headings)."""

    title: str
    blocks: tuple[Block | Subheading, ...] = ()


@dataclass(frozen=True)
class Subheading:
    text: str
    cjk: bool = False


@dataclass(frozen=True)
class CoverField:
    label: str
    value: str


@dataclass(frozen=True)
class PackageDocument:
    """Everything printed: metadata, cover, contents title, running header, sections."""

    title: str
    subtitle: str
    author: str
    subject: str
    language: str  # BCP 47 tag for the PDF metadata, e.g. "en", "zh-CN", "en, zh-CN"
    names: tuple[str, ...]  # the client's names, each script on its own line
    cover: tuple[CoverField, ...]
    contents_title: str
    header: str
    page_label: str  # "Page {page} of {pages}" in the package language(s)
    sections: tuple[Section, ...] = field(default_factory=tuple)
    paper: str = "a4"  # a4 or letter
    # When the package was issued (seconds since 1970, UTC), or None: a draft. An issued
    # package's PDF is a pure function of this content (its creation date is this time), so
    # another replica can lay the same bytes out again.
    created: int | None = None
