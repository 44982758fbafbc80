"""The fixed words a deck needs in each locale (footnotes, notes, table headers)."""

from __future__ import annotations

from . import formats

WORDS = {
    "sv": {
        "question": "Fråga", "base": "Bas", "source": "Källa", "filter": "Urval", "total": "Totalt",
        "all": "samtliga", "answering": "de som besvarat frågan", "low_base": "låg bas",
    },
    "en": {
        "question": "Question", "base": "Base", "source": "Source", "filter": "Filter", "total": "Total",
        "all": "all respondents", "answering": "those answering", "low_base": "low base",
    },
}

#: Segments with fewer respondents than this are flagged as a low base.
LOW_BASE = 30


def word(locale: str, key: str) -> str:
    return WORDS[locale][key]


def base_line(locale: str, who: str, n: int, segments: list[tuple[str, int]] | None = None) -> str:
    """'Bas: samtliga, n=223 (Kommun n=207, Landsting n=16, låg bas)'."""
    w = WORDS[locale]
    text = f"{w['base']}: {who}, n={formats.number(n, locale)}"
    if n < LOW_BASE:
        text += f" ({w['low_base']})"
    if segments:
        parts = [f"{label} n={formats.number(k, locale)}" + (f", {w['low_base']}" if k < LOW_BASE else "")
                 for label, k in segments]
        text += f" ({'; '.join(parts)})"
    return text
