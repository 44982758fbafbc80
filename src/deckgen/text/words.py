"""The fixed words a deck needs in each locale (footnotes, notes, table headers)."""

from __future__ import annotations

from . import formats

WORDS = {
    "sv": {
        "question": "Fråga", "base": "Bas", "source": "Källa", "filter": "Urval", "total": "Totalt",
        "effective": "effektiv", "other": "Övrigt", "not_shown": "visas ej",
        "Mean": "Medelvärde", "Median": "Median",
        "all": "samtliga", "answering": "de som besvarat frågan", "asked": "de tillfrågade", "low_base": "låg bas",
        "sig_letters": "Bokstav = signifikant högre än kolumnen med den bokstaven",
        "sig_rest": "▲/▼ = signifikant högre/lägre än övriga",
    },
    "en": {
        "question": "Question", "base": "Base", "source": "Source", "filter": "Filter", "total": "Total",
        "effective": "effective", "other": "Other", "not_shown": "not shown",
        "Mean": "Mean", "Median": "Median",
        "all": "all respondents", "answering": "those answering", "asked": "those asked", "low_base": "low base",
        "sig_letters": "Letter = significantly higher than the column with that letter",
        "sig_rest": "▲/▼ = significantly higher/lower than the other columns",
    },
}

#: Segments with fewer respondents than this are flagged as a low base.
LOW_BASE = 30


def word(locale: str, key: str) -> str:
    return WORDS[locale][key]


def base_line(locale: str, who: str, n: int, segments: list[tuple[str, int]] | None = None,
              low: int = LOW_BASE, hidden: list[str] = ()) -> str:
    """'Bas: samtliga, n=223 (Kommun n=207; Landsting n=16, låg bas)'; *hidden* segments are marked."""
    w = WORDS[locale]
    text = f"{w['base']}: {who}, n={formats.number(n, locale)}"
    if n < low:
        text += f" ({w['low_base']})"
    if segments:
        parts = [f"{label} n={formats.number(k, locale)}" + (f", {w['low_base']}" if k < low else "")
                 + (f", {w['not_shown']}" if label in hidden else "")
                 for label, k in segments]
        text += f" ({'; '.join(parts)})"
    return text


def significance_line(locale: str, versus: str, level: float) -> str:
    """'Bokstav = signifikant högre än kolumnen med den bokstaven (95 %)'."""
    key = "sig_rest" if versus == "rest" else "sig_letters"
    return f"{WORDS[locale][key]} ({formats.percent(100 * level, locale)})"
