"""The `ciip` argument parser: argparse's own words translated, values printed visibly.

argparse translates its headings and errors ("usage:", "options", "the following arguments
are required") with the ``gettext`` module's global functions, which know nothing of our
catalogs; :func:`route_argparse_messages` points them at ours. The messages are listed
below so that extraction puts them in ``messages.pot`` for the translators.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from ciip_desktop.cli.output import visible_lines
from ciip_desktop.i18n import N_, _, format_number, ngettext

# argparse's messages (Python 3.11-3.13), translated in our catalogs.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
# Inside a message, argparse's placeholders; a translation that lost one is not used.
_PLACEHOLDERS = ("%s", "%r", "%(")


def _translated(message: Any) -> Any:
    if not isinstance(message, str) or not message:
        return message
    text = _(message)
    if any(message.count(p) != text.count(p) for p in _PLACEHOLDERS):
        return message
    return text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n)


def route_argparse_messages() -> None:
    """Make argparse translate its headings and errors through our catalogs."""
    translate: Callable[[Any], Any] = _translated
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


class CiipArgumentParser(argparse.ArgumentParser):
    """argparse, printing help and errors with control characters made visible."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            stream: SupportsWrite[str] = file if file is not None else sys.stderr
            stream.write(visible_lines(message))


def count_type(maximum: int, minimum: int = 1) -> Callable[[str], int]:
    """An argparse type: a whole number from ``minimum`` to ``maximum`` (else a usage error)."""

    def count(text: str) -> int:
        try:
            value = int(text.strip().replace("_", ""), 10)
        except ValueError:
            value = minimum - 1
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                _("give a whole number from {minimum} to {maximum}, not {value}").format(
                    minimum=minimum, maximum=format_number(maximum), value=text
                )
            )
        return value

    return count
