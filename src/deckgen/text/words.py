"""The fixed words a deck needs in each locale (footnotes, notes, table headers)."""

from __future__ import annotations

from typing import Callable

from ..spec.filters import Compare, In, Missing, Node, Not
from . import formats

#: How a filter's comparisons read in a footnote.
_SYMBOLS = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}

WORDS = {
    "sv": {
        "question": "Fråga", "base": "Bas", "source": "Källa", "filter": "Urval", "total": "Totalt",
        "effective": "effektiv", "other": "Övrigt", "not_shown": "visas ej",
        "base_n": "Bas (n)", "continued": "forts.",
        "Mean": "Medelvärde", "Median": "Median",
        "all": "samtliga", "answering": "de som besvarat frågan", "asked": "de tillfrågade", "low_base": "låg bas",
        "sig_letters": "Bokstav = signifikant högre än kolumnen med den bokstaven",
        "sig_rest": "▲/▼ = signifikant högre/lägre än övriga",
        "sig_wave": "▲/▼ = signifikant högre/lägre än föregående våg",
        "sig_wave_versus": "▲/▼ = signifikant högre/lägre än {wave}",
        "weighted": "viktat",
        "counts_weighted": "Antal inom parentes är viktade; baserna är oviktade",
        "and": "och", "or": "eller", "not": "inte", "missing": "saknas", "present": "besvarad",
        "language": "sv-SE", "made_by": "Rapport byggd av deckgen från svaren",
        "kind_bar": "Liggande stapeldiagram", "kind_column": "Stående stapeldiagram",
        "kind_stacked": "Staplat stapeldiagram (100 %)", "kind_pie": "Cirkeldiagram", "kind_doughnut": "Ringdiagram",
        "kind_table": "Tabell", "kind_kpi": "Nyckeltal", "kind_line": "Linjediagram", "kind_dot": "Punktdiagram",
        "kind_combo": "Stapeldiagram med linje", "line": "Linje",
        "kind_trend": "Trenddiagram över vågorna",
        "summary": "Sammanfattning", "slide": "bild",
        "summary_notes": "Punkterna är skrivna från diagrammens siffror, den viktigaste först:",
        # quotes slides: the quotation marks (Swedish sets the closing mark on both sides), the notes' words
        "quote_open": "\u201d", "quote_close": "\u201d", "quotes_of": "av", "quotes_answered": "har svarat",
        "quotes_chosen": "Citaten är valda automatiskt: de mest innehållsrika svaren först (flest olika ord med "
                         "minst {k} tecken), lika rankade i slumpad ordning (seed {seed}); svar med färre än {words} "
                         "ord, upprepade svar och svar som upprepar en mening ur ett valt citat är uteslutna. Visas "
                         "{shown} av {eligible} möjliga.",
        "quotes_picked": "Citaten är utvalda för hand (pick), i den ordningen.",
        "quotes_trimmed": "Långa svar är avkortade till högst {chars} tecken.", "quotes_id": "id",
    },
    "en": {
        "question": "Question", "base": "Base", "source": "Source", "filter": "Filter", "total": "Total",
        "effective": "effective", "other": "Other", "not_shown": "not shown",
        "base_n": "Base (n)", "continued": "cont.",
        "Mean": "Mean", "Median": "Median",
        "all": "all respondents", "answering": "those answering", "asked": "those asked", "low_base": "low base",
        "sig_letters": "Letter = significantly higher than the column with that letter",
        "sig_rest": "▲/▼ = significantly higher/lower than the other columns",
        "sig_wave": "▲/▼ = significantly higher/lower than the previous wave",
        "sig_wave_versus": "▲/▼ = significantly higher/lower than {wave}",
        "weighted": "weighted",
        "counts_weighted": "Counts in brackets are weighted; bases are unweighted",
        "and": "and", "or": "or", "not": "not", "missing": "missing", "present": "answered",
        "language": "en-GB", "made_by": "Report built by deckgen from the responses",
        "kind_bar": "Horizontal bar chart", "kind_column": "Column chart", "kind_stacked": "100% stacked bar chart",
        "kind_pie": "Pie chart", "kind_doughnut": "Doughnut chart", "kind_table": "Table", "kind_kpi": "Key figures",
        "kind_line": "Line chart", "kind_dot": "Dot plot", "kind_combo": "Column chart with a line",
        "line": "Line", "kind_trend": "Trend chart over the waves",
        "summary": "Summary", "slide": "slide",
        "summary_notes": "The bullets are written from the charts' numbers, the most important first:",
        "quote_open": "\u201c", "quote_close": "\u201d", "quotes_of": "of", "quotes_answered": "answered",
        "quotes_chosen": "Quotes chosen automatically: the most informative answers first (most distinct words of "
                         "{k} or more characters), answers that rank alike in shuffled order (seed {seed}); answers "
                         "of fewer than {words} words, repeated answers and answers repeating a sentence of a chosen "
                         "quote are left out. Shown: {shown} of {eligible} eligible.",
        "quotes_picked": "Quotes picked by hand (pick), in that order.",
        "quotes_trimmed": "Long answers are cut to at most {chars} characters.", "quotes_id": "id",
    },
}

#: Segments with fewer respondents than this are flagged as a low base.
LOW_BASE = 30


def word(locale: str, key: str) -> str:
    return WORDS[locale][key]


def continued(locale: str, headline: str, page: int, pages: int) -> str:
    """The headline of page *page* (0-based) of a slide continued over *pages* slides: 'X (forts.)', and
    'X (forts. 2/3)' when there are more than two, so every slide's title stays its own."""
    if page == 0:
        return headline
    mark = WORDS[locale]["continued"] + (f" {page + 1}/{pages}" if pages > 2 else "")
    return f"{headline} ({mark})"


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
    if segments:  # a low-base segment shown on the slide carries an asterisk there, and here
        parts.append("; ".join(f"{label}{'*' if k < low and label not in hidden else ''} n={formats.number(k, locale)}"
                               + (f", {w['low_base']}, {w['not_shown']}" if label in hidden else "")
                               for label, k in segments))
    text += "".join(f" ({part})" for part in parts)
    text += f", {w['weighted']}" if weighted else ""
    if segments and any(k < low and label not in hidden for label, k in segments):
        text += f" · * {w['low_base']} (n < {formats.number(low, locale)})"
    return text


def significance_line(locale: str, versus: str, level: float, wave: str | None = None) -> str:
    """'Bokstav = signifikant högre än kolumnen med den bokstaven (95 %)'; for waves tested against each other
    (*versus* ``wave``) '▲/▼ = signifikant högre/lägre än föregående våg (95 %)', or than *wave* when each
    was tested against that one."""
    if versus == "wave":
        text = WORDS[locale]["sig_wave_versus"].format(wave=wave) if wave else WORDS[locale]["sig_wave"]
    else:
        text = WORDS[locale]["sig_rest" if versus == "rest" else "sig_letters"]
    return f"{text} ({formats.percent(100 * level, locale)})"


def filter_words(node: Node, name: Callable[[str], str], locale: str) -> str:
    """A parsed filter as a reader reads it: ``org_type == 'Kommun'`` -> 'Organisation = Kommun'.

    *name* gives a question's (short) name; values are labels as written, numbers in the locale's format.
    """
    w = WORDS[locale]

    def value(v) -> str:
        if isinstance(v, str):
            return v
        decimals = 0 if float(v).is_integer() else min(3, len(repr(float(v)).split(".")[1]))  # as written
        return formats.number(v, locale, decimals)

    def words(n: Node, nested: bool = False) -> str:
        if isinstance(n, Compare):
            return f"{name(n.name)} {_SYMBOLS[n.op]} {value(n.value)}"
        if isinstance(n, In):
            values = f" {w['or']} ".join(value(v) for v in n.values)
            return f"{name(n.name)} {'≠' if n.negate else '='} {values}"
        if isinstance(n, Missing):
            return f"{name(n.name)} {w['present'] if n.negate else w['missing']}"
        if isinstance(n, Not):
            return f"{w['not']} ({words(n.operand)})"
        text = f" {w[n.op]} ".join(words(operand, True) for operand in n.operands)
        return f"({text})" if nested else text

    return words(node)
