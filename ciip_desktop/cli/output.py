"""What `ciip` prints: never a raw control character that came from data.

A value typed by someone else (a client's name, an imported cell, an argument) can hold
an escape sequence that recolours or rewrites the terminal, a bidirectional override that
reverses what follows, or a byte that is not UTF-8. Every such character is shown as a
visible escape (``\\x1b``, ``\\u202e``; an undecodable byte ``\\xff``), whether or not
stdout is a terminal. JSON output escapes them the JSON way, so it stays exact data.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import TextIO

# Invisible characters that change how the text around them is shown.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP = frozenset("\n\t")


def _hidden(ch: str) -> bool:
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(value: object, keep: frozenset[str] = frozenset()) -> str:
    """``value`` as text with every control, bidi and undecodable character made visible."""
    text = str(value)
    if not any(_hidden(ch) for ch in text):
        return text
    return "".join(_escape(ch) if _hidden(ch) and ch not in keep else ch for ch in text)


def visible_lines(value: object) -> str:
    """Like :func:`visible`, but line breaks and tabs (the output's own layout) stay."""
    return visible(value, _KEEP)


def json_text(value: object, default: object = None) -> str:
    """JSON with non-ASCII text readable, but C1 controls, bidi marks and line separators
    escaped as ``\\uXXXX`` (which JSON allows): the same data, safe on a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=default)  # type: ignore[arg-type]
    if not any(_hidden(ch) for ch in text):
        return text
    return "".join(f"\\u{ord(ch):04x}" if _hidden(ch) and ch not in _KEEP else ch for ch in text)


def say(text: str, stream: TextIO | None = None) -> None:
    """Print a line the program composed (its values already passed through ``visible``)."""
    print(visible_lines(text), file=stream or sys.stdout)


def complain(text: str) -> None:
    """One line (or a few) on stderr, starting with ``ciip:``."""
    print(visible_lines(f"ciip: {text}"), file=sys.stderr)
