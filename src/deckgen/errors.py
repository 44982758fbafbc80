"""Errors a user can act on.

Every problem with the user's input is raised as :class:`InputError`: one line
naming the file, line, column and key, what is wrong and what would be right.
The CLI prints it without a traceback and exits with code 2.

A message embeds what the user wrote, and what the user wrote can be a 5 MB
title or a label with line breaks. So the line is kept short and single: user
values go through :func:`quote`, and :meth:`InputError.one_line` folds line
breaks and elides the middle of anything longer than :data:`MAX_LINE`,
keeping the location, the key, the start (what is wrong) and the end (what
would be right).
"""

from __future__ import annotations

import difflib
import re
import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

#: Characters of one error line, about: a reader takes it in at a glance, a terminal wraps it once.
MAX_LINE = 300
#: Characters of a key (``slides.3.headline``) in an error line; a longer one is user text, elided.
MAX_KEY = 80
ELLIPSIS = "..."

_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def elide(text: str, limit: int) -> str:
    """*text* cut to about *limit* characters: its start and its end, with an ellipsis for the middle."""
    if len(text) <= limit:
        return text
    tail = max(limit // 3, 1)
    head = max(limit - tail - len(ELLIPSIS), 1)
    return f"{text[:head]}{ELLIPSIS}{text[-tail:]}"


_REPR = reprlib.Repr()  # a bounded repr: a few items of each collection, long strings elided
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 8, 8, 60, 60


def quote(value, limit: int = 60) -> str:
    """*value* for a message, on one line and elided if long: text in single quotes (``'Facebook'``),
    anything else as Python shows it (``5``, ``['a', 'b']``), built without ever printing all of it."""
    if not isinstance(value, str):
        return _CONTROL.sub(" ", elide(_REPR.repr(value), limit))
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], elide(value, limit))
    return f"'{text}'"


def _flat(text: str, limit: int) -> str:
    """*text* elided to *limit* characters, then its line breaks folded into spaces."""
    return _BREAKS.sub(" ", elide(text, limit))


@dataclass(frozen=True)
class Location:
    """Where in which file a value came from (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class DeckgenError(Exception):
    """Base class for every error deckgen raises on purpose."""


class InputError(DeckgenError):
    """Bad input: a spec, codebook, data file or template the user must fix (exit 2)."""

    def __init__(self, message: str, location: Location | str | Path | None = None, key: str | None = None):
        self.message = message
        if isinstance(location, (str, Path)):
            location = Location(str(location))
        self.location = location
        self.key = key
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``file:line:col: key: message`` on one line of at most about :data:`MAX_LINE` characters."""
        where = f"{self.location}: " if self.location else ""
        key = f"{_flat(self.key, MAX_KEY)}: " if self.key else ""
        return f"{where}{key}{_flat(self.message, max(MAX_LINE - len(where) - len(key), MAX_LINE // 2))}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``."""
    choices = [str(c) for c in choices]
    word = str(word)
    if not choices or len(word) > 3 * max(map(len, choices)):
        return ""  # too long to be a typo of any choice (its similarity could not reach the cutoff)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f" (did you mean {quote(close[0])}?)" if close else ""


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    """Format the valid choices for an error message."""
    choices = [str(c) for c in choices]
    shown = ", ".join(quote(c, 40) for c in choices[:limit])
    more = f", ... ({len(choices) - limit} more)" if len(choices) > limit else ""
    return f"expected one of {shown}{more}"
