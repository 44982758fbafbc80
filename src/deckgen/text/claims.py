"""The headline lint: what typed text claims about the numbers beside it, and whether the numbers agree.

A headline outlives its data: "57 %" typed in March is wrong in May, and "a majority" typed over 52 %
is false over 48 %. So text the user typed (a headline, a bullet, a note) is read for three kinds of
claims, each checked against the shares on the slide:

- amounts: a percentage in the locale's format ("62 %", "12,5 %"), a fraction ("två av tre", "half"),
  "sex av tio", each perhaps hedged ("drygt 60 %", "just under half") or a threshold ("more than
  60%"). A plain percentage must be a share on the slide, rounded as written; a hedge or a fraction
  must be what :func:`~deckgen.text.phrasing.approx` would write for a share on the slide (any value
  the slide shows the same way); a threshold must hold for a share;
- quantifiers ("majoritet", "de flesta", "a minority"): a share on the slide must be above (below)
  50 % as shown;
- comparisons ("högre än", "fewer than", "twice as many") between two segments of a breakdown named
  around the comparison: the difference must lie in the stated direction and be significant.

Only what the vocabulary (:mod:`.claim_words`) lists is read, and only where its meaning is certain;
anything else ("många", "almost 60 %", a comparison whose sides are not both segments) is left
alone, never guessed at. Spans a template's expressions printed came from the data and are skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..stats import Table
from ..stats.significance import with_tests
from . import formats, phrasing
from .claim_words import TWICE, WORDS

#: A percentage as written in each locale: digits, the locale's decimal separator, an optional (no-break)
#: space, the percent sign; not part of a longer number.
_PERCENT = {
    "sv": r"(?<![\d,.])(?P<digits>\d{1,3}(?:,\d+)?)[ \u00a0\u202f]?%",
    "en": r"(?<![\d,.])(?P<digits>\d{1,3}(?:\.\d+)?)[ \u00a0\u202f]?%",
}
_SPACE = r"[ \u00a0\u202f]+"
#: Where a sentence ends, or a dash sets a new thought apart ("Sociala medier – En majoritet ...").
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\s+[–—]\s+")


def quoted_percentages(text: str, locale: str) -> list[tuple[str, float, int]]:
    """The percentages *text* writes: (as written, value in points, decimals written)."""
    return [(match.group(0), *_points(match.group("digits"))) for match in re.finditer(_PERCENT[locale], text)]


def _points(digits: str) -> tuple[float, int]:
    digits = digits.replace(",", ".")
    return float(digits), len(digits.split(".")[1]) if "." in digits else 0


@dataclass(frozen=True)
class Claim:
    """One claim found in a text: what it says (*kind*: ``amount``, ``majority``, ``minority`` or
    ``comparison``), as written, and where (*start*, *end*; a comparison is written from one segment
    to the other, and stands where its comparison words are).

    An amount has its *points* (the anchor, 0-100), the *decimals* a percentage was written with
    (None for a fraction, -1 for "sex av tio") and its *qualifier* (a hedge ``over``/``under``/
    ``about``, a bound ``above``/``below``, or None). A comparison has its *direction* (``higher``,
    ``lower``, ``twice``), the segments on each side (*left* is higher when the claim holds) and the
    sentence it sits in (*sentence*, for the rows it names).
    """

    kind: str
    written: str
    start: int
    end: int
    points: float | None = None
    decimals: int | None = None
    qualifier: str | None = None
    direction: str | None = None
    left: str | None = None
    right: str | None = None
    sentence: str = ""


def _alternation(phrases) -> str:
    return "|".join(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def _amount_pattern(locale: str) -> re.Pattern:
    words = WORDS[locale]
    prefixes = _alternation([*words["hedges"], *words["bounds"], *words["unchecked"]])
    fractions = _alternation(words["fractions"])
    tens = f"(?P<tens>{_alternation(words['tens'])}){_SPACE}(?:{_alternation(words['in_ten'])})"
    return re.compile(rf"(?<!\w)(?:(?P<prefix>{prefixes}){_SPACE})?"
                      rf"(?:{_PERCENT[locale]}|(?P<fraction>{fractions})(?!\w)|{tens}(?!\w))")


@lru_cache(maxsize=None)
def _quantifier_pattern(locale: str) -> re.Pattern:
    words = WORDS[locale]
    return re.compile(rf"(?<!\w)(?:(?P<majority>{_alternation(words['majority'])})"
                      rf"|(?P<minority>{_alternation(words['minority'])}))(?!\w)")


def _lower(text: str) -> str:
    """*text* in lower case, character for character (so positions stay those of the text)."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _meaning(prefix: str | None, locale: str) -> str | None:
    """What a word before an amount does to it: a hedge's side, a bound, ``unchecked``, or None."""
    if prefix is None:
        return None
    words = WORDS[locale]
    for table in ("hedges", "bounds"):
        for phrase, meaning in words[table].items():
            if re.fullmatch(phrase, prefix):
                return meaning
    return "unchecked"


def _amounts(lowered: str, locale: str) -> list[Claim]:
    words = WORDS[locale]
    found = []
    for match in _amount_pattern(locale).finditer(lowered):
        qualifier = _meaning(match.group("prefix"), locale)
        if qualifier == "unchecked":
            continue  # "increased by 5 %", "almost 60 %": not a share the lint can check
        if match.group("digits"):
            points, decimals = _points(match.group("digits"))
        elif match.group("fraction"):
            points = next(v for phrase, v in words["fractions"].items() if re.fullmatch(phrase, match.group("fraction")))
            decimals = None
        else:
            points, decimals = 10.0 * words["tens"][match.group("tens")], -1
        found.append(Claim("amount", match.group(0), match.start(), match.end(), points, decimals, qualifier))
    return found


def _said(points: float, locale: str) -> tuple[str | None, float] | None:
    """What :func:`~.phrasing.approx` says of *points*, read back as (hedge or None, anchor)."""
    said = _amounts(_lower(phrasing.approx(points, locale)), locale)
    if len(said) != 1:
        return None  # "samtliga", "ingen": words the lint does not read
    claim = said[0]
    return claim.qualifier, claim.points


def find_claims(text: str, locale: str, printed: Sequence[tuple[int, int]] = (),
                segments: Sequence[str] = ()) -> list[Claim]:
    """The claims of *text* the lint can check, leaving out any that touches a *printed* span (what a
    template's expressions printed). A comparison is found only between two of *segments* (the
    labels of a breakdown's columns)."""
    lowered = _lower(text)
    amounts = _amounts(lowered, locale)
    hedged = [a for a in amounts if a.qualifier in ("over", "under", "about")]
    claims = []
    for match in _quantifier_pattern(locale).finditer(lowered):
        if any(_overlaps(match.start(), match.end(), a.start, a.end) and a.start < match.start() for a in hedged):
            continue  # "just over half" is a hedged amount, not the quantifier "over half"
        kind = "majority" if match.group("majority") else "minority"
        claims.append(Claim(kind, text[match.start():match.end()], match.start(), match.end()))
    for claim in amounts:
        if not any(_overlaps(claim.start, claim.end, q.start, q.end) for q in claims):
            claims.append(Claim(claim.kind, text[claim.start:claim.end], claim.start, claim.end, claim.points,
                                claim.decimals, claim.qualifier))
    claims += _comparisons(text, lowered, locale, segments)
    return sorted((c for c in claims if not any(_overlaps(c.start, c.end, a, b) for a, b in printed)),
                  key=lambda c: c.start)


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def _comparisons(text: str, lowered: str, locale: str, segments: Sequence[str]) -> list[Claim]:
    """Comparisons with a segment named before the word that introduces the other side, and another
    named right after it (a word or two between, "than among municipalities", may stand)."""
    if len(set(segments)) < 2:
        return []
    words = WORDS[locale]
    endings = _alternation(words["inflections"])
    mention = {label: re.compile(rf"(?<!\w){re.escape(_lower(label))}(?:{endings})?(?!\w)") for label in segments}
    found = []
    start = 0
    for piece in [*_SENTENCE.split(lowered)]:
        begin = lowered.index(piece, start)
        start = begin + len(piece)
        taken: list[tuple[int, int]] = []
        for phrase, direction, separator in sorted(words["comparisons"], key=lambda c: -len(c[0])):
            for trigger in re.finditer(rf"(?<!\w){phrase}(?!\w)", piece):
                if any(_overlaps(trigger.start(), trigger.end(), a, b) for a, b in taken):
                    continue
                sep = re.compile(rf"(?<!\w){separator}(?!\w)").search(piece, trigger.end())
                if sep is None:
                    continue
                after = [(m.start(), label) for label, pattern in mention.items()
                         for m in [pattern.search(piece, sep.end())] if m is not None
                         and len(piece[sep.end():m.start()].split()) <= 2]
                before = [(m.start(), label) for label, pattern in mention.items()
                          for m in pattern.finditer(piece[:sep.start()])]
                if not after or not before:
                    continue  # a side that is not a segment: not a comparison the lint can check
                (first, left), (last, right) = max(before), min(after)
                if left == right:
                    continue
                taken.append((trigger.start(), sep.end()))
                a, b = begin + trigger.start(), begin + sep.end()
                end = begin + mention[right].search(piece, last).end()
                found.append(Claim("comparison", text[begin + min(first, trigger.start()):end], a, b, direction=direction, left=left,
                                   right=right, sentence=text[begin:begin + len(piece)]))
    return found


# -- checking ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How the deck tests segments (its ``significance``) and the decimals its shares are shown with."""

    level: float = 0.95
    correction: str = "none"
    min_base: float = 30
    decimals: int = 0


@dataclass(frozen=True)
class Finding:
    """A claim the numbers do not bear out: what the text says, and what the numbers are."""

    claim: Claim
    actual: str

    def __str__(self) -> str:
        return f'says "{self.claim.written}", but {self.actual}'


def lint_text(text: str, tables: Sequence[Table], locale: str, printed: Sequence[tuple[int, int]] = (),
              settings: Settings = Settings()) -> list[Finding]:
    """Check *text* (with the spans its template *printed*) against the *tables* beside it.

    With no table, nothing is checked: a text with no numbers beside it claims nothing the lint can see.
    """
    if not tables:
        return []
    shares = _shares(tables)
    segments = [label for t in tables if t.segments is not None for label in _segment_labels(t)]
    findings = []
    for claim in find_claims(text, locale, printed, list(dict.fromkeys(segments))):
        if claim.kind == "comparison":
            actual = _compare(claim, tables, locale, settings)
        elif not shares:
            actual = None  # a slide of means: no share to hold a share's claim against
        elif claim.kind == "amount":
            actual = _amount(claim, shares, locale, settings.decimals)
        else:
            actual = _quantifier(claim, shares, locale, settings.decimals)
        if actual:
            findings.append(Finding(claim, actual))
    return findings


def _shares(tables: Sequence[Table]) -> list[float]:
    """Every share the tables hold, in points (gaps left out)."""
    return [100 * float(v) for t in tables if t.measure == "share"
            for v in t.props.ravel() if not math.isnan(float(v))]


def _segment_labels(table: Table) -> list[str]:
    return [table.columns[j] for j in table.segment_columns()]


def _shown(points: float, decimals: int) -> float:
    return formats.round_half_up(points, decimals)


def _same_shown(points: float, decimals: int) -> list[float]:
    """Values that show as *points* does at *decimals*: the slide cannot tell them apart."""
    shown, step = _shown(points, decimals), 10.0 ** -decimals
    return [points] + [shown + step * (k / 20 - 0.5) for k in range(20)]


def _amount(claim: Claim, shares: list[float], locale: str, decimals: int) -> str | None:
    """None when a share bears the amount out, else what the shares are."""
    if claim.qualifier in ("above", "below"):
        shown = [_shown(v, claim.decimals if claim.decimals and claim.decimals > 0 else decimals) for v in shares]
        holds = any(v > claim.points for v in shown) if claim.qualifier == "above" else \
            any(v < claim.points for v in shown)
        if holds:
            return None
        extreme = max(shares) if claim.qualifier == "above" else min(shares)
        which = "largest" if claim.qualifier == "above" else "smallest"
        return f"the {which} share on the slide is {formats.percent(extreme, locale, decimals)}"
    if claim.decimals is not None and claim.decimals >= 0 and claim.qualifier is None:
        if any(_shown(v, claim.decimals) == claim.points for v in shares):
            return None
    elif claim.decimals == -1 and claim.qualifier is None:  # "sex av tio": a share rounded to tens
        if any(_shown(v / 10, 0) == claim.points / 10 for v in shares):
            return None
    else:
        wanted = {(claim.qualifier, round(claim.points, 6))}
        if claim.qualifier in (None, "about") and claim.decimals is None:
            wanted = {(None, round(claim.points, 6)), ("about", round(claim.points, 6))}  # a fraction: about it
        for v in shares:
            for value in _same_shown(v, decimals):
                said = _said(value, locale)
                if said is not None and (said[0], round(said[1], 6)) in wanted:
                    return None
    closest = min(shares, key=lambda v: abs(v - claim.points))
    return f"no share on the slide is that; the closest is {formats.percent(closest, locale, decimals)}"


def _quantifier(claim: Claim, shares: list[float], locale: str, decimals: int) -> str | None:
    """A majority needs a share above 50 % as shown, a minority one below."""
    shown = [_shown(v, decimals) for v in shares]
    if claim.kind == "majority":
        if any(v > 50 for v in shown):
            return None
        return f"the largest share on the slide is {formats.percent(max(shares), locale, decimals)}"
    if any(v < 50 for v in shown):
        return None
    return f"the smallest share on the slide is {formats.percent(min(shares), locale, decimals)}"


def _compare(claim: Claim, tables: Sequence[Table], locale: str, settings: Settings) -> str | None:
    """None when some table with both segments bears the comparison out (in a row the sentence names,
    or whose figures it quotes, or else in any row), else why not, from the first such table."""
    reasons = []
    for table in tables:
        labels = _segment_labels(table)
        if claim.left not in labels or claim.right not in labels:
            continue
        tested = table
        if table.significance is None or table.significance.versus != "columns":
            tested = with_tests(table, settings.level, settings.correction, "columns", settings.min_base)
        rows = _rows_meant(claim, table, locale)
        for row in rows:
            reason = _compare_row(claim, tested, row, locale, settings)
            if reason is None:
                return None
            reasons.append(reason)
    if len(reasons) > 1:
        return f"no answer differs significantly that way, e.g. {reasons[0]}"
    return reasons[0] if reasons else None


def _rows_meant(claim: Claim, table: Table, locale: str) -> list[int]:
    """The rows a comparison speaks of: one the sentence names, or whose figures for the two segments
    it quotes; failing both, every row (the claim then holds if it holds in any of them)."""
    sentence = _lower(claim.sentence)
    named = [i for i, row in enumerate(table.rows)
             if re.search(rf"(?<!\w){re.escape(_lower(row))}(?!\w)", sentence)]
    if len(named) == 1:
        return named
    left, right = table.columns.index(claim.left), table.columns.index(claim.right)
    quoted = {(points, decimals) for _, points, decimals in quoted_percentages(claim.sentence, locale)}
    if table.measure == "share" and quoted:
        figures = [i for i in range(len(table.rows))
                   if all(any(_shown(100 * float(table.props[i, j]), d) == p for p, d in quoted)
                          for j in (left, right) if not math.isnan(float(table.props[i, j])))]
        if len(figures) == 1:
            return figures
    return list(range(len(table.rows)))


def _compare_row(claim: Claim, table: Table, row: int, locale: str, settings: Settings) -> str | None:
    left, right = table.columns.index(claim.left), table.columns.index(claim.right)
    a, b = float(table.props[row, left]), float(table.props[row, right])
    if math.isnan(a) or math.isnan(b):
        return f"{claim.left} or {claim.right} has no answers for {table.rows[row]}"

    def figure(value: float) -> str:
        if table.measure == "share":
            return formats.percent(100 * value, locale, settings.decimals)
        return formats.number(value, locale, 1)

    label = table.rows[row]
    figures = f"{label}: {claim.left} {figure(a)}, {claim.right} {figure(b)}"
    higher = claim.direction != "lower"
    if (a > b) != higher or a == b:
        return f"{figures}, {'not higher' if higher else 'not lower'}"
    if claim.direction == "twice":
        ratio = (_shown(100 * a, settings.decimals) / _shown(100 * b, settings.decimals)
                 if _shown(100 * b, settings.decimals) else math.inf)
        if not TWICE[0] <= ratio <= TWICE[1]:
            return f"{figures}, {formats.number(ratio, locale, 1)} times as many (twice: {TWICE[0]:g} to {TWICE[1]:g})"
    found = table.significance.found if table.significance is not None else ()
    if any(c.row == label and {c.column, c.against} == {claim.left, claim.right} for c in found):
        return None
    level = formats.percent(100 * settings.level, locale)
    bases = table.columns.bases or ()
    small = [f"{table.columns[j]} n={bases[j]}" for j in (left, right)
             if j < len(bases) and bases[j] < settings.min_base]
    why = f" ({', '.join(small)}: too few to test, under {settings.min_base:g})" if small else ""
    return f"{figures}, a difference not significant at {level}{why}"
