"""Alt+letter keys for form labels derived from the field declaration, unique in each form.

The declaration's labels carry no ``&``: the letters are chosen here, in the language shown,
so a language switch gives new ones. A label in Latin letters gets an ``&`` before the first
free letter (word starts first); a label without Latin letters (Chinese) gets the letter of
its English label appended as ``(&F)``, as Chinese software writes it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

_LETTERS = set(string.ascii_lowercase)


def mnemonic_of(text: str) -> str:
    """The letter after a single ``&`` in ``text`` (lower case), or ""."""
    index = 0
    while (index := text.find("&", index)) >= 0:
        following = text[index + 1 : index + 2]
        if following == "&":
            index += 2
            continue
        return following.lower() if following.lower() in _LETTERS else ""
    return ""


def _candidates(text: str) -> list[int]:
    """Positions of ASCII letters in ``text``: first letters of words, then the rest."""
    starts = [
        i
        for i, ch in enumerate(text)
        if ch.lower() in _LETTERS and (i == 0 or not text[i - 1].isalpha())
    ]
    rest = [i for i, ch in enumerate(text) if ch.lower() in _LETTERS and i not in starts]
    return starts + rest


def assign_mnemonics(labels: Sequence[tuple[str, str]], reserved: Iterable[str] = ()) -> list[str]:
    """``labels`` as (shown text, English text), each with a letter of its own where possible.

    ``reserved`` are letters other controls of the same window already use.
    """
    used = {letter.lower() for letter in reserved if letter}
    result: list[str] = []
    for shown, english in labels:
        text = shown.replace("&", "&&")
        chosen = None
        for position in _candidates(shown):
            if shown[position].lower() not in used:
                chosen = position
                break
        if chosen is not None:
            used.add(shown[chosen].lower())
            # Each "&" before the chosen letter was doubled: shift by their count.
            offset = chosen + shown[:chosen].count("&")
            result.append(text[:offset] + "&" + text[offset:])
            continue
        if any(ch.lower() in _LETTERS for ch in shown):
            result.append(text)  # Latin letters, all taken: no key rather than a clash
            continue
        pool = [english[i].lower() for i in _candidates(english)] + sorted(_LETTERS)
        letter = next((c for c in pool if c not in used), None)
        if letter is None:
            result.append(text)
            continue
        used.add(letter)
        result.append(f"{text}(&{letter.upper()})")
    return result
