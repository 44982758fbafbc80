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
        "weighted": "viktat",
        "counts_weighted": "Antal inom parentes är viktade; baserna är oviktade",
    },
    "en": {
        "question": "Question", "base": "Base", "source": "Source", "filter": "Filter", "total": "Total",
        "effective": "effective", "other": "Other", "not_shown": "not shown",
        "Mean": "Mean", "Median": "Median",
        "all": "all respondents", "answering": "those answering", "asked": "those asked", "low_base": "low base",
        "sig_letters": "Letter = significantly higher than the column with that letter",
        "sig_rest": "▲/▼ = significantly higher/lower than the other columns",
        "weighted": "weighted",
        "counts_weighted": "Counts in brackets are weighted; bases are unweighted",
    },
}

#: Segments with fewer respondents than this are flagged as a low base.
LOW_BASE = 30


def word(locale: str, key: str) -> str:
    return WORDS[locale][key]


def base_line(locale: str, who: str, n: int, segments: list[tuple[str, int]] | None = None,
              low: int = LOW_BASE, hidden: list[str] = (), labels: list[tuple[str, int]] | None = None,
              weighted: bool = False) -> str:
    """'Bas: samtliga, n=223 (Kommun n=207; Landsting n=16, låg bas)'; *hidden* segments are marked.

    *labels* are answers or items with bases of their own (routed options, grid items): when these
    differ, the base is their range ("n=1 036–1 510") and each is named with its base. Bases are
    unweighted, as the trade reports them; a *weighted* deck says its figures are weighted.
    """
    w = WORDS[locale]
    own = sorted({k for _, k in labels}) if labels else []
    if len(own) > 1:
        text = f"{w['base']}: {who}, n={formats.number(own[0], locale)}–{formats.number(own[-1], locale)}"
        n = own[0]
    else:
        text = f"{w['base']}: {who}, n={formats.number(n, locale)}"
    if n < low:
        text += f" ({w['low_base']})"
    parts = []
    if len(own) > 1:
        parts.append("; ".join(f"{label} n={formats.number(k, locale)}" for label, k in labels))
    if segments:
        parts.append("; ".join(f"{label} n={formats.number(k, locale)}" + (f", {w['low_base']}" if k < low else "")
                               + (f", {w['not_shown']}" if label in hidden else "")
                               for label, k in segments))
    text += "".join(f" ({part})" for part in parts)
    return text + (f", {w['weighted']}" if weighted else "")


def significance_line(locale: str, versus: str, level: float) -> str:
    """'Bokstav = signifikant högre än kolumnen med den bokstaven (95 %)'."""
    key = "sig_rest" if versus == "rest" else "sig_letters"
    return f"{WORDS[locale][key]} ({formats.percent(100 * level, locale)})"
