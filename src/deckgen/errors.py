"""Errors a user can act on.

Every problem with the user's input is raised as :class:`InputError`: one line
naming the file, line, column and key, what is wrong and what would be right.
The CLI prints it without a traceback and exits with code 2.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


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
        where = f"{self.location}: " if self.location else ""
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``."""
    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if str(word).lower() in lowered:
            close = [lowered[str(word).lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    """Format the valid choices for an error message."""
    choices = [str(c) for c in choices]
    shown = ", ".join(f"'{c}'" for c in choices[:limit])
    more = f", ... ({len(choices) - limit} more)" if len(choices) > limit else ""
    return f"expected one of {shown}{more}"
