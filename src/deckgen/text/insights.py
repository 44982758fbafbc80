"""Insight headlines: one sentence written from a chart slide's table, as a survey analyst would title it.

A headline is the one line a client reads, so each rule here claims only what the table shows and
the slide's own numbers back: the leading answer and its share, a majority where there is one, a
difference between segments only where the significance test found it, the extremes of a grid, a
mean with its unit. Where no rule is sure, there is no insight (the slide keeps its question text);
deckgen never guesses a finding.

The words come from per-locale phrase tables (``phrases/<locale>.yaml``, data not code); the numbers
from :mod:`.formats` (rounded as the chart rounds them) and :mod:`.phrasing` (hedged amounts,
"drygt 60 %", "just over half"). A claim resting on a base under the deck's ``low_base`` is hedged
("(låg bas)" / "(low base)"), or the segment is left out of the claim.

The table is the presented one (after the presentation rules and the significance tests), so the
headline says what the chart shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import yaml

from ..spec.roles import Scale
from ..stats.table import MEAN, Comparison, Table
from . import formats, phrasing

#: What a phrase table must hold: every key the rules use (a new locale's table is checked against it).
PHRASE_KEYS = frozenset({
    "subject", "low_base", "low_base_mark", "lead", "lead_multi", "tie", "tie_multi", "majority", "everyone",
    "everyone_multi", "lead_segments", "majority_segments", "majority_segments_multi", "segments_two",
    "segments_many", "segment_figure", "segment_figure_low", "difference", "difference_rest_higher",
    "difference_rest_lower", "difference_mean", "difference_mean_rest_higher", "difference_mean_rest_lower",
    "alike", "grid", "grid_high", "grid_low", "mean", "mean_segments", "mean_figure", "mean_figure_low",
    "change_up", "change_down", "change_up_multi", "change_down_multi", "change_mean_up", "change_mean_down",
})


@dataclass(frozen=True)
class Insight:
    """One headline sentence written from a table, how much it matters, and the rule that wrote it.

    *weight* ranks insights for a summary slide, larger first: ``strength × certainty × support``
    (see :func:`weight_of`).
    """

    text: str  # the sentence, capitalised, as a headline (no final full stop)
    weight: float  # importance for ranking in a summary slide: larger = more important
    rule: str  # which rule wrote it: lead, tie, majority, difference, alike, grid, mean
    #: What the sentence is about, named at its start ("Använder sociala medier: …"); None when it names
    #: nothing and is understood only beside its slide's question (a summary then names the question).
    subject: str | None = None


@dataclass(frozen=True)
class InsightContext:
    """What the rules need beside the table: the deck's language and thresholds, and the question's words.

    *subject* is the question's short name (or ``None``: the sentence then stands alone); *decimals*
    those of the slide's values (percentages, or the numeric question's mean); *unit* the mean's unit;
    *scale* the question's answers as a scale (a grid's positive end, when it has no NET); *shorts* the
    codebook's short labels (answers, items, segments), which the sentence uses as the chart does.
    """

    locale: str
    low_base: int = 30
    min_base: float = 0.0  # segments with a smaller base were not tested (deck.significance.min_base)
    subject: str | None = None
    decimals: int = 0
    unit: str | None = None
    scale: Scale | None = None
    shorts: Mapping[str, str] = field(default_factory=dict)


@cache
def phrases(locale: str) -> dict[str, str]:
    """The phrase table of *locale*, read once from the package's ``phrases/<locale>.yaml``."""
    source = resources.files(__package__).joinpath("phrases", f"{locale}.yaml")
    table = yaml.safe_load(source.read_text(encoding="utf-8"))
    missing = PHRASE_KEYS - set(table)
    if missing:
        raise ValueError(f"phrases/{locale}.yaml lacks {', '.join(sorted(missing))}")
    return table


def insight_of(table: Table, context: InsightContext) -> Insight | None:
    """The insight of a presented *table*, or ``None`` when no rule can be sure of one.

    The rules are tried in order: a mean (and its significant differences); a grid's extremes; a
    significant difference between segments; segments tested alike; the leading answer (a majority
    where there is one), in the Total or in every segment.
    """
    if table.total_base <= 0:
        return None
    if table.columns.role == "wave":  # a tracker's waves: only a significant change is a finding
        found = _change(table, context)
    elif table.measure == "mean":
        found = _difference(table, context) or _mean(table, context)
    elif table.rows.role == "item" and table.columns.role == "answer":
        found = _grid(table, context)
    elif table.rows.role == "answer":
        found = _difference(table, context) or _alike(table, context) or _lead(table, context)
    else:  # a grid's statements by segment: the table does not name the answer shown, so only "alike"
        found = _alike(table, context)
    if found is None:
        return None
    sentence, rule, weight = found
    if not context.subject and rule in ("lead", "tie", "majority") and _bare_number(table, sentence):
        return None  # "6 leads with about 20%" says nothing without its question
    if context.subject:
        sentence = _say(context, "subject", subject=context.subject, sentence=sentence)
    return Insight(phrasing.capitalise(sentence), round(weight, 4), rule, context.subject or None)


def weight_of(strength: float, base: float, low_base: int, p: float | None = None, hedged: bool = False) -> float:
    """How much an insight matters, for ranking: ``strength × certainty × support``.

    *strength* is the finding's size from 0 to 1: the leading share; twice a difference between shares
    (a 25-point gap counts as a 50 % share), capped at 1; a grid's spread between its highest and lowest
    item; 0.3 for a mean and 0.1 for "no differences" (a reading, not a finding). *certainty* is
    ``2 - p`` for a difference the test found (*p* its p-value), 1 for the other rules. *support* is
    ``min(1, sqrt(base / (4 × low_base)))``, halved when *base* is under *low_base*: a claim about
    200 respondents outranks the same claim about 30, and a low base ranks low (so does a claim that
    names a low-base segment beside others, *hedged*).
    """
    certainty = 1.0 if p is None else 2.0 - min(max(p, 0.0), 1.0)
    support = min(1.0, math.sqrt(max(base, 0) / (4 * max(low_base, 1))))
    if base < low_base or hedged:
        support /= 2
    return float(max(0.0, min(1.0, float(strength))) * certainty * support)


# --- the rules -------------------------------------------------------------------------------------------

def _lead(table: Table, context: InsightContext):
    """The leading answer and its share, hedged ("Ja vanligast, drygt 60 %"); a majority where there is one.

    Readers take a chart's top bar as its message, so the headline names it, but only when it truly
    leads: NETs (which count respondents of several answers) and residual answers ("Vet ej", "Annat")
    are never the leading answer, and one that a residual answer equals or beats is not said to lead.
    Two answers that show the same figure are said as a tie; three or more are not claimed. A majority
    is more than half *as the chart shows it*: 50.2 % printed as 50 % is no majority. With segments and
    no Total, the claim is made only when the same answer leads in every segment, each figure given.
    """
    columns = table.columns
    total = next((j for j, label in enumerate(columns) if columns.role == "total" or label == columns.total), None)
    if total is not None:
        return _lead_in(table, context, total)
    segments = table.segment_columns()
    if not segments:
        return None
    leads = [_leader(table, context, j) for j in segments]
    if any(lead is None or len(lead) != 1 for lead in leads) or len({lead[0] for lead in leads}) != 1:
        return None  # a different (or tied) leader somewhere: no one answer leads them all
    answer = leads[0][0]
    i = table.rows.index(answer)
    multi = not table.rows.exclusive
    shown = [_shown(table.props[i, j], context.decimals) for j in segments]
    figures = _segment_list(table, context, segments, [_percent(table.props[i, j], context) for j in segments])
    if all(value > 50 for value in shown):
        key = "majority_segments_multi" if multi else "majority_segments"
        rule, strength = "majority", min(table.props[i, j] for j in segments)
    else:
        key, rule, strength = "lead_segments", "lead", min(table.props[i, j] for j in segments)
    low = columns.bases is not None and any(columns.bases[j] < context.low_base for j in segments)
    return (_say(context, key, answer=answer, segments=figures), rule,
            weight_of(strength, table.total_base, context.low_base, hedged=low))


def _lead_in(table: Table, context: InsightContext, j: int):
    """The leading answer of column *j* (the Total, or the only column); on a scale with a NET (its top 2)
    more than half give, that majority, as a scale is read by its end rather than by one point of it."""
    multi = not table.rows.exclusive
    base = table.columns.bases[j] if table.columns.bases else table.total_base
    nets = table.rows.nets
    if not multi and nets and context.scale is not None:
        net = nets[0]
        points = 100 * float(table.props[table.rows.index(net), j])
        shown = _shown(table.props[table.rows.index(net), j], context.decimals)
        if shown is not None and 50 < shown and points < 99.5:
            return (_hedge(_say(context, "majority", answer=net, share=_hedged(points, context)), context, base),
                    "majority", weight_of(points / 100, base, context.low_base))
    leader = _leader(table, context, j)
    if leader is None:
        return None
    i = table.rows.index(leader[0])
    points = 100 * float(table.props[i, j])
    if len(leader) == 2:
        sentence = _say(context, "tie_multi" if multi else "tie", first=leader[0], second=leader[1],
                        share=phrasing.approx(points, context.locale))
        rule = "tie"
    elif points >= 99.5:
        sentence, rule = _say(context, "everyone_multi" if multi else "everyone", answer=leader[0]), "lead"
    elif not multi and _shown(table.props[i, j], context.decimals) > 50:
        sentence, rule = _say(context, "majority", answer=leader[0], share=_hedged(points, context)), "majority"
    else:
        sentence = _say(context, "lead_multi" if multi else "lead", answer=leader[0],
                        share=phrasing.approx(points, context.locale))
        rule = "lead"
    return _hedge(sentence, context, base), rule, weight_of(points / 100, base, context.low_base)


def _leader(table: Table, context: InsightContext, j: int) -> tuple[str, ...] | None:
    """The answer leading column *j* as the chart shows it, or the two tied for the lead; ``None`` when
    nothing can be said to lead (no answer, a three-way tie, a residual answer as large, an empty cell)."""
    rows = table.rows
    values = [_shown(table.props[i, j], context.decimals) for i in range(len(rows))]
    if any(v is None for v in values):
        return None
    ranked = [i for i in range(len(rows)) if not rows.is_net(rows[i]) and not rows.is_residual(rows[i])]
    if not ranked:
        return None
    ranked.sort(key=lambda i: -values[i])
    top = values[ranked[0]]
    if top <= 0:
        return None
    tied = [i for i in ranked if values[i] == top]
    residual = [values[i] for i in range(len(rows)) if rows.is_residual(rows[i])]
    if len(tied) > 2 or any(v >= top for v in residual):
        return None
    return tuple(rows[i] for i in tied)


def _difference(table: Table, context: InsightContext):
    """The largest significant difference between segments, naming both and both figures.

    A difference the reader cannot trust must not be a headline: only comparisons the significance
    test found (``table.significance.found``) are claimed, the one with the largest test statistic
    first, and never one involving a segment under the low base (the chart marks it as low; a headline
    would state it as fact). A Total is never a segment (it is never tested). A residual answer or NET
    is not the subject of a difference.
    """
    sig = table.significance
    if sig is None or not sig.found or table.segments is None:
        return None
    columns = table.columns
    bases = columns.bases
    rows = table.rows

    def ok(c: Comparison) -> bool:
        named = [c.column] + ([c.against] if c.against is not None else [])
        if any(name not in columns or name == columns.total for name in named):
            return False
        if bases and any(bases[columns.index(name)] < context.low_base for name in named):
            return False
        if table.measure == "mean":
            return c.row == MEAN
        return not rows.is_residual(c.row) and not rows.is_net(c.row)

    usable = sorted((c for c in sig.found if ok(c)), key=lambda c: (-abs(c.statistic), c.p))
    if not usable:
        return None
    c = usable[0]
    i, a = rows.index(c.row), columns.index(c.column)
    mean = table.measure == "mean"
    figure = (lambda j: _number(table.props[i, j], context)) if mean else \
        (lambda j: _percent(table.props[i, j], context))
    prefix = "difference_mean" if mean else "difference"
    if c.against is None:
        key = f"{prefix}_rest_{'higher' if c.higher else 'lower'}"
        sentence = _say(context, key, answer=c.row, column=c.column, value=figure(a))
        base, delta = bases[a] if bases else table.total_base, None
    else:
        b = columns.index(c.against)
        high, low = (a, b) if c.higher else (b, a)
        sentence = _say(context, prefix, answer=c.row, high=columns[high], low=columns[low],
                        high_value=figure(high), low_value=figure(low))
        base = min(bases[a], bases[b]) if bases else table.total_base
        delta = abs(float(table.props[i, a]) - float(table.props[i, b]))
    strength = 0.3 if mean or delta is None else 2 * delta
    return sentence, "difference", weight_of(strength, base, context.low_base, c.p)


def _alike(table: Table, context: InsightContext):
    """Segments that were all tested with adequate bases and differ nowhere: "no significant differences".

    Saying segments are alike is a claim too: it holds only when every segment reached the test's
    minimum base and the low base, so the test could have found a difference had there been one.
    """
    sig = table.significance
    segments = table.segment_columns()
    if sig is None or sig.found or len(segments) < 2:
        return None
    least = max(context.low_base, context.min_base)
    if table.effective_bases[:, segments].min() < least:
        return None
    names = [context.shorts.get(table.columns[j], table.columns[j]) for j in segments]
    base = min(table.columns.bases[j] for j in segments) if table.columns.bases else table.total_base
    return (_say(context, "alike", segments=formats.join(names, context.locale)), "alike",
            weight_of(0.1, base, context.low_base))


def _grid(table: Table, context: InsightContext):
    """A grid's statements with the highest and the lowest top-2 ("Öppen dialog högst för Facebook (52 %),
    lägst för YouTube (9 %)").

    Which answer measures a statement is the grid's own: its first NET (its top 2), else its scale's
    positive end; a grid with neither is not read (deckgen does not guess which end is good). Statements
    answered by fewer than the low base are left out; a tie for the highest or lowest leaves that half
    unsaid.
    """
    answers = table.columns
    if answers.nets:
        answer = answers.nets[0]
    elif context.scale is not None and context.scale.points:
        answer = context.scale.points[0] if context.scale.positive == "first" else context.scale.points[-1]
    else:
        return None
    if answer not in answers:
        return None
    j = answers.index(answer)
    rows = table.rows
    kept = [i for i in range(len(rows)) if rows.bases is None or rows.bases[i] >= context.low_base]
    values = {i: _shown(table.props[i, j], context.decimals) for i in kept}
    kept = [i for i in kept if values[i] is not None]
    if len(kept) < 2:
        return None
    high, low = max(values[i] for i in kept), min(values[i] for i in kept)
    if high == low:
        return None
    highs = [i for i in kept if values[i] == high]
    lows = [i for i in kept if values[i] == low]
    fields = dict(answer=answer)
    if len(highs) == 1:
        fields.update(high=rows[highs[0]], high_value=_percent(table.props[highs[0], j], context))
    if len(lows) == 1:
        fields.update(low=rows[lows[0]], low_value=_percent(table.props[lows[0], j], context))
    key = "grid" if len(highs) == len(lows) == 1 else "grid_high" if len(highs) == 1 else \
        "grid_low" if len(lows) == 1 else None
    if key is None:
        return None
    base = min(rows.bases[i] for i in kept) if rows.bases else table.total_base
    spread = (high - low) / 100  # how far apart the statements lie, in shares
    hedged = _hedge(_say(context, key, **fields), context, table.total_base)
    return hedged, "grid", weight_of(spread, base, context.low_base)


def _mean(table: Table, context: InsightContext):
    """A numeric question's mean with its unit, in the locale's format ("i genomsnitt 42,3 år").

    The Total's mean when there is one (or the only column's); with segments and no Total, each
    segment's mean, a low-base one marked as such: a reading of the figures, not a comparison, as no
    test found a difference.
    """
    if MEAN not in table.rows:
        return None
    i = table.rows.index(MEAN)
    columns = table.columns
    total = next((j for j, label in enumerate(columns) if columns.role == "total" or label == columns.total), None)
    if total is not None:
        value = table.props[i, total]
        if not np.isfinite(value):
            return None
        base = columns.bases[total] if columns.bases else table.total_base
        sentence = _hedge(_say(context, "mean", value=_number(value, context)), context, base)
        return sentence, "mean", weight_of(0.3, base, context.low_base)
    segments = table.segment_columns()
    if not segments or any(not np.isfinite(table.props[i, j]) for j in segments):
        return None
    low_total = table.total_base < context.low_base
    figures = []
    for j in segments:
        low = not low_total and columns.bases is not None and columns.bases[j] < context.low_base
        figures.append(_say(context, "mean_figure_low" if low else "mean_figure", value=_number(table.props[i, j],
                                                                                                context),
                            segment=columns[j]))
    sentence = _hedge(_say(context, "mean_segments", list=formats.join(figures, context.locale)), context,
                      table.total_base)
    return sentence, "mean", weight_of(0.3, table.total_base, context.low_base)


def _change(table: Table, context: InsightContext):
    """The largest significant change of the current wave against the wave it was tested against:
    "andelen som svarar Ja har ökat från 60 % till 68 % sedan 2023".

    Only a change the test found is claimed (``table.significance.found``, the largest statistic first),
    never one resting on a wave under the low base, never of a residual answer, and never one from or to
    an answer no one gave in one of the two waves (it may not have been offered there: the build warns of
    such a code, and a headline must not make a finding of it); a movement the test did not find is no
    headline (the slide keeps its question text).
    """
    sig, waves = table.significance, table.columns
    if sig is None or not sig.found:
        return None
    current, bases = waves[-1], waves.bases

    def claimable(c) -> bool:
        b = waves.index(c.against)
        return (c.column == current and not table.rows.is_residual(c.row)
                and not (bases and min(bases[-1], bases[b]) < context.low_base)
                and (table.measure == "mean" or all(table.counts[table.rows.index(c.row), j] > 0 for j in (b, -1))))

    usable = [c for c in sig.found if c.against in waves and claimable(c)]
    if not usable:
        return None
    c = min(usable, key=lambda c: (-abs(c.statistic), c.p))
    i, b = table.rows.index(c.row), waves.index(c.against)
    before, after = float(table.props[i, b]), float(table.props[i, -1])
    direction = "up" if c.higher else "down"
    if table.measure == "mean":
        sentence = _say(context, f"change_mean_{direction}", before=_number(before, context),
                        after=_number(after, context), wave=c.against)
        strength = 0.3
    else:
        multi = table.answers is not None and not table.answers.exclusive
        sentence = _say(context, f"change_{direction}" + ("_multi" if multi else ""), answer=c.row,
                        before=_percent(before, context), after=_percent(after, context), wave=c.against)
        strength = 2 * abs(after - before)
    base = min(bases[-1], bases[b]) if bases else table.total_base
    return sentence, "change", weight_of(strength, base, context.low_base, c.p)


def _bare_number(table: Table, sentence: str) -> bool:
    """Whether *sentence* names an answer that is only a number (a 0-10 scale's "6")."""
    return any(label.strip().isdigit() and re.search(rf"(?<![\w.,]){re.escape(label.strip())}(?![\w.,])", sentence)
               for label in table.rows)


# --- wording helpers --------------------------------------------------------------------------------------

#: The fields of a phrase that hold a label of the table (named by its short label, as on the chart).
_LABELS = ("answer", "first", "second", "high", "low", "column", "segment")


def _say(context: InsightContext, key: str, **fields) -> str:
    named = {name: context.shorts.get(value, value) if name in _LABELS else value for name, value in fields.items()}
    return phrases(context.locale)[key].format(**named)


def _hedge(sentence: str, context: InsightContext, base: int) -> str:
    """*sentence* with "(låg bas)" when its *base* is under the low base: never a bare claim on a few."""
    return _say(context, "low_base", sentence=sentence) if base < context.low_base else sentence


def _shown(prop, decimals: int) -> float | None:
    """A share as the chart shows it, in points rounded to *decimals* (None for a gap)."""
    if prop is None or not np.isfinite(prop):
        return None
    return formats.round_half_up(100 * float(prop), decimals)


def _percent(prop, context: InsightContext) -> str:
    """A share as the chart prints it ("62 %" / "62%")."""
    return formats.percent(100 * float(prop), context.locale, context.decimals)


def _number(value, context: InsightContext) -> str:
    """A mean as the slide prints it, with its unit ("42,3 år")."""
    shown = formats.number(float(value), context.locale, context.decimals)
    return f"{shown}\u00a0{context.unit}" if context.unit else shown


def _hedged(points: float, context: InsightContext) -> str:
    """The hedged share of a majority; the figure itself where the hedge would say "half" (a majority
    shown as 51 % may lie under 50.5, which :func:`.phrasing.approx` calls half)."""
    said = phrasing.approx(points, context.locale)
    return formats.percent(points, context.locale, context.decimals) if said == phrasing.approx(50, context.locale) \
        else said


def _segment_list(table: Table, context: InsightContext, segments: Sequence[int], values: Sequence[str]) -> str:
    """Segments with their figures: "både Kommun (60 %) och Landsting (88 %, låg bas)"; a low-base segment
    is marked beside its figure (or the whole claim, when the table's base is low)."""
    bases = table.columns.bases
    low_total = table.total_base < context.low_base
    figures = [_say(context, "segment_figure_low" if not low_total and bases and bases[j] < context.low_base
                    else "segment_figure", segment=table.columns[j], value=value)
               for j, value in zip(segments, values)]
    if len(figures) == 2:
        listed = _say(context, "segments_two", first=figures[0], second=figures[1])
    else:
        listed = _say(context, "segments_many", list=formats.join(figures, context.locale))
    return _hedge(listed, context, table.total_base) if low_total else listed
