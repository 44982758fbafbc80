"""The fixed words a deck needs in each locale (footnotes, notes, table headers)."""

from __future__ import annotations

from . import formats

WORDS = {
    "sv": {
        "question": "Fråga", "base": "Bas", "source": "Källa", "filter": "Urval", "total": "Totalt",
        "effective": "effektiv",
        "all": "samtliga", "answering": "de som besvarat frågan", "low_base": "låg bas",
        "sig_letters": "Bokstav = signifikant högre än kolumnen med den bokstaven",
        "sig_rest": "▲/▼ = signifikant högre/lägre än övriga",
    },
    "en": {
        "question": "Question", "base": "Base", "source": "Source", "filter": "Filter", "total": "Total",
        "effective": "effective",
        "all": "all respondents", "answering": "those answering", "low_base": "low base",
        "sig_letters": "Letter = significantly higher than the column with that letter",
        "sig_rest": "▲/▼ = significantly higher/lower than the other columns",
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


def significance_line(locale: str, versus: str, level: float) -> str:
    """'Bokstav = signifikant högre än kolumnen med den bokstaven (95 %)'."""
    key = "sig_rest" if versus == "rest" else "sig_letters"
    return f"{WORDS[locale][key]} ({formats.percent(100 * level, locale)})"
