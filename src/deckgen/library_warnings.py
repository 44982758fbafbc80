"""Warnings from numpy, pandas and friends during a build, said once each in deckgen's words."""

from __future__ import annotations

import warnings as pywarnings
from pathlib import Path


class LibraryWarnings:
    """Warnings numpy, pandas and friends give during a build, said once each in deckgen's words.

    Printed raw they are several lines about library internals ("RuntimeWarning: overflow encountered
    in reduce"); what the user needs is which slide, what it means and what to check. Numeric
    (``RuntimeWarning``) and user-facing (``UserWarning``) warnings are collected; warnings meant for
    developers (deprecations) are left to Python's filters.
    """

    CAUGHT = (RuntimeWarning, UserWarning)
    #: numpy's floating-point warnings, in words.
    MEANINGS = (("overflow", "a computation overflowed"), ("divide by zero", "a computation divided by zero"),
                ("invalid value", "a computation gave no valid number"))

    def __init__(self):
        self.slide: str | None = None  # the slide being built; None while loading
        self._seen: dict[tuple[str, str], list[str]] = {}
        self._catcher = pywarnings.catch_warnings()

    def __enter__(self) -> "LibraryWarnings":
        self._catcher.__enter__()
        self._passed_on = pywarnings.showwarning
        for category in self.CAUGHT:
            pywarnings.simplefilter("always", category)
        pywarnings.showwarning = self._show
        return self

    def __exit__(self, *exc) -> None:
        self._catcher.__exit__(*exc)

    def _show(self, message, category, filename, lineno, file=None, line=None) -> None:
        if not issubclass(category, self.CAUGHT):
            self._passed_on(message, category, filename, lineno, file, line)
            return
        text = " ".join(str(message).split())
        said = f"{_library_of(filename, text)}: {text}"
        places = self._seen.setdefault((category.__name__, said), [])
        if (self.slide or "loading the data") not in places:
            places.append(self.slide or "loading the data")

    def said(self) -> list[str]:
        """One warning per distinct library warning, naming where it first happened."""
        out = []
        for (category, said), places in self._seen.items():
            where = places[0] + (f" (and {len(places) - 1} more)" if len(places) > 1 else "")
            meaning = next((m for words, m in self.MEANINGS if words in said), None)
            if category == "RuntimeWarning":
                out.append(f"{where}: {meaning or 'a computation went wrong'} ({said}); check the weights "
                           "and the numbers in the data")
            else:
                out.append(f"{where}: {said}")
        return out


def _library_of(filename: str, message: str) -> str:
    """The package a warning came from ("numpy"): numpy's floating-point warnings name the code that
    called numpy, so they are known by their words; others by the file that issued them."""
    if "encountered in" in message:
        return "numpy"
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts and parts.index(marker) + 1 < len(parts):
            return Path(parts[parts.index(marker) + 1]).stem
    return Path(filename).stem
