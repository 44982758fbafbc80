"""Tabulating coded answers: frequencies, multiple response and grids, by segment.

Pure functions from coded arrays to a :class:`~deckgen.stats.table.Table`.

Bases follow the trade's conventions:

- single choice: respondents in the filter who answered the question;
- multiple response: respondents in the filter who were asked (any option
  column filled); percentages are of respondents, so they may sum past 100;
- grid: per item, respondents who answered that item.

With a weight, counts and proportions are weighted; bases stay unweighted
(they are what the footnote reports).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..data.coded import GridCoded, MultiCoded, NumericCoded, SingleCoded
from ..data.weighting import effective_base
from .ordering import sort_rows
from .table import MEAN, MEDIAN, Axis, Table  # noqa: F401  (MEAN, MEDIAN: the statistic rows)
from .welch import sample_sd

TOTAL = "Total"


def _divide(counts: np.ndarray, bases: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bases > 0, counts / np.where(bases > 0, bases, 1), np.nan)


def _members(mask: np.ndarray | None, by: SingleCoded | None, total: bool = False) -> list:
    """Per column, the respondents in it (``None`` = everyone): one column, or one per segment (after a
    column of everyone in the base when *total*)."""
    if by is None:
        return [mask]
    inside = by.index if mask is None else np.where(mask, by.index, -1)
    return [mask] * total + [inside == j for j in range(len(by.labels))]


def _column_axis(by: SingleCoded | None, by_key: str | None, bases, total: bool = False) -> Axis:
    """The columns: everyone (one "Total"), or the segments of *by*, each with its base (after a Total)."""
    if by is None:
        return Axis("total", (TOTAL,), bases=bases)
    if total:
        return Axis("segment", (TOTAL,) + tuple(by.labels), key=by_key, bases=bases, total=TOTAL)
    return Axis("segment", tuple(by.labels), key=by_key, bases=bases)


def _base_of(n: np.ndarray, by: SingleCoded | None, total: bool):
    """Respondents in a base from its columns' (the last axis of *n*): the Total column's when there is
    one, else the segments' together (a row's own base, for a 2-D *n*)."""
    return n[..., 0] if by is not None and total else n.sum(axis=-1)


def _cells(hits: list[np.ndarray], cells: list[list[np.ndarray]], weights) -> tuple:
    """(counts, bases, weighted bases, effective bases) of cells that each have their own respondents:
    ``cells[r][c]`` is cell (r, c)'s base, ``hits[r]`` who in row r gives the answer."""
    bases = np.array([[np.count_nonzero(c) for c in row] for row in cells], dtype=float)
    if weights is None:
        counts = np.array([[np.count_nonzero(hit & c) for c in row] for hit, row in zip(hits, cells)], dtype=float)
        return counts, bases, bases, None
    counts = np.array([[weights[hit & c].sum() for c in row] for hit, row in zip(hits, cells)], dtype=float)
    return (counts, bases, np.array([[weights[c].sum() for c in row] for row in cells]),
            np.array([[effective_base(weights[c]) for c in row] for row in cells]))


#: Up to this many answers, unweighted counts of everyone are taken one answer at a time (a comparison
#: and a count per answer, each a fast pass over small integers), beyond it in one bincount.
FEW_ANSWERS = 16


def _counts(index: np.ndarray, k: int, members, weights) -> np.ndarray:
    """Weighted counts of positions 0..k-1 in *index* (``-1`` skipped) among *members*.

    The sums are the same whichever way is taken: whole numbers unweighted, and weighted, each answer's
    weights added in respondent order (respondents outside *members* go to a bin that is dropped)."""
    if weights is None and members is None and k <= FEW_ANSWERS:
        return np.array([np.count_nonzero(index == j) for j in range(k)], dtype=float)
    shifted = index + 1 if members is None else (index + 1) * members  # out of members: bin 0, dropped
    return np.bincount(shifted, weights=weights, minlength=k + 1)[1:k + 1].astype(float)


def _column_counts(index: np.ndarray, k: int, mask: np.ndarray | None, by: SingleCoded | None, total: bool,
                   weights) -> np.ndarray:
    """(k x columns): :func:`_counts` of each column of :func:`_members`, the segments all in one pass.

    Each respondent's (segment, answer) pair is one bin of a single ``bincount``, instead of a pass over
    everyone per segment; a bin's weights are still added in respondent order, so the sums are the same."""
    if by is None:
        return _counts(index, k, mask, weights)[:, None]
    n = len(by.labels)
    inside = by.index if mask is None else np.where(mask, by.index, -1)
    pairs = (inside.astype(np.intp) + 1) * (k + 1) + index + 1  # outside every segment or unanswered: dropped
    bins = np.bincount(pairs, weights=weights, minlength=(n + 1) * (k + 1)).reshape(n + 1, k + 1)
    # in row order, as a stack of columns is: later sums along it then add in the same order
    return np.ascontiguousarray(np.hstack([_counts(index, k, mask, weights)[:, None]] * total
                                          + [bins[1:, 1:].T.astype(float)]))


def _effective(weights, members: list) -> np.ndarray | None:
    """Kish effective base of each column's members (None when unweighted)."""
    if weights is None:
        return None
    return np.array([effective_base(weights if m is None else weights[m]) for m in members])


def _flag_counts(flags: list[np.ndarray], in_base: list, weights) -> np.ndarray:
    """Weighted count of respondents with each flag set, per column (*in_base*: each column's base)."""
    if weights is None:
        return np.array([[np.count_nonzero(f & b) for b in in_base] for f in flags], dtype=float).reshape(
            len(flags), len(in_base))
    return np.array([[weights[f & b].sum() for b in in_base] for f in flags], dtype=float).reshape(
        len(flags), len(in_base))


def _with_nets(table: Table, flags: list[np.ndarray], nets: dict, in_base: list, weights,
               weighted_base: np.ndarray) -> Table:
    """*table* with a row per NET: respondents giving any of its members (counted, never summed)."""
    if not nets:
        return table
    counts = _flag_counts(flags, in_base, weights)
    rows = replace(table.rows, labels=tuple(nets) + table.rows.labels, nets=tuple(nets))
    return replace(table, rows=rows, counts=np.vstack([counts, table.counts]),
                   props=np.vstack([_divide(counts, weighted_base), table.props]),
                   bases=np.vstack([np.broadcast_to(table.bases[0], counts.shape), table.bases]),
                   effective=None if table.effective is None else np.vstack(
                       [np.broadcast_to(table.effective[0], counts.shape), table.effective]))


def frequencies(question: str, coded: SingleCoded, mask: np.ndarray | None = None, weights=None,
                by: SingleCoded | None = None, by_key: str | None = None, sort: str = "value",
                nets: dict | None = None, total: bool = False) -> Table:
    """Single-choice frequencies: percent of those who answered, per column.

    *mask* selects the respondents in the base (``None``: everyone).
    """
    members = _members(mask, by, total)
    k = len(coded.labels)
    answered = coded.index >= 0
    counts = _column_counts(coded.index, k, mask, by, total, weights)
    in_base = [answered if m is None else answered & m for m in members]
    n_answered = np.array([np.count_nonzero(b) for b in in_base])
    effective = _effective(weights, in_base)
    answers = Axis("answer", tuple(coded.labels), key=question, residual=coded.residual,
                   exclusive=True)
    table = Table(question, answers, _column_axis(by, by_key, n_answered, total), "share", counts,
                  _divide(counts, counts.sum(axis=0)), np.broadcast_to(n_answered, counts.shape).copy(),
                  int(_base_of(n_answered, by, total)), weights is not None,
                  None if effective is None else np.broadcast_to(effective, counts.shape).copy())
    positions = {label: i for i, label in enumerate(coded.labels)}
    flags = [np.isin(coded.index, [positions[m] for m in members_]) for members_ in (nets or {}).values()]
    table = _with_nets(table, flags, nets, in_base, weights, counts.sum(axis=0))
    return sort_rows(table, sort)


def multi_response(question: str, coded: MultiCoded, mask: np.ndarray | None = None, weights=None,
                   by: SingleCoded | None = None, by_key: str | None = None, sort: str = "value",
                   nets: dict | None = None, per: str = "respondents", total: bool = False) -> Table:
    """Multiple response: percent of respondents asked who mentioned each option.

    ``per="responses"`` divides by all mentions instead, so the shares sum to 100
    (the base stated is still the respondents asked).
    """
    asked = coded.asked if mask is None else coded.asked & mask
    members = _members(asked, by, total)
    in_base = [asked if inside is None else inside & asked for inside in members]
    n_asked = np.array([np.count_nonzero(b) for b in in_base], dtype=float)
    if coded.routed():
        table = _routed_multi(question, coded, in_base, n_asked, weights, by, by_key, nets or {}, per, total)
        return sort_rows(table, sort)
    counts = _flag_counts(coded.mentioned, in_base, weights)
    weighted_base = n_asked if weights is None else np.array([weights[b].sum() for b in in_base])
    if per == "responses":
        weighted_base = counts.sum(axis=0)
    effective = _effective(weights, in_base)
    answers = Axis("answer", tuple(coded.labels), key=question, residual=coded.residual)
    table = Table(question, answers, _column_axis(by, by_key, n_asked, total), "share", counts,
                  _divide(counts, weighted_base), np.broadcast_to(n_asked, counts.shape).copy(),
                  int(_base_of(n_asked, by, total)), weights is not None,
                  None if effective is None else np.broadcast_to(effective, counts.shape).copy())
    positions = {label: i for i, label in enumerate(coded.labels)}
    flags = [np.logical_or.reduce([coded.mentioned[positions[m]] for m in members_])
             for members_ in (nets or {}).values()]
    table = _with_nets(table, flags, nets, in_base, weights, weighted_base)
    return sort_rows(table, sort)


def _routed_multi(question: str, coded: MultiCoded, in_base: list, n_asked: np.ndarray, weights,
                  by: SingleCoded | None, by_key: str | None, nets: dict, per: str, total: bool) -> Table:
    """Multiple response whose options were asked of different respondents (routing).

    Each option's base is the respondents asked that option (its column filled), so an option
    shown only to a subgroup is a share of that subgroup, never of everyone asked the question. A
    NET's base is the respondents asked any of its members.
    """
    positions = {label: i for i, label in enumerate(coded.labels)}
    hits, asks = list(coded.mentioned), list(coded.answered)
    for members_ in nets.values():
        idx = [positions[m] for m in members_]
        hits.append(np.logical_or.reduce([coded.mentioned[i] for i in idx]))
        asks.append(np.logical_or.reduce([coded.answered[i] for i in idx]))
    k = len(coded.labels)
    order = list(range(k, len(hits))) + list(range(k))  # NETs first, as on unrouted questions
    cells = [[asks[i] & b for b in in_base] for i in order]
    counts, bases, weighted_base, effective = _cells([hits[i] for i in order], cells, weights)
    if per == "responses":  # all mentions of the options (not the NETs), in each column
        weighted_base = np.broadcast_to(counts[len(nets):].sum(axis=0), counts.shape)
    labels = tuple(nets) + tuple(coded.labels)
    answers = Axis("answer", labels, key=question, nets=tuple(nets), residual=coded.residual,
                   bases=_base_of(bases, by, total))
    return Table(question, answers, _column_axis(by, by_key, n_asked, total), "share", counts,
                 _divide(counts, weighted_base), bases, int(_base_of(n_asked, by, total)), weights is not None,
                 effective)


def grid(question: str, coded: GridCoded, mask: np.ndarray | None = None, weights=None,
         sort: str = "codes", nets: dict | None = None) -> Table:
    """A grid: for each item (row), the distribution over the shared scale (columns).

    *nets* (e.g. top-2 box) become extra columns after the scale: for each item,
    the share of its answerers giving any of the NET's scale points.
    """
    k = len(coded.labels)
    counts = np.vstack([_counts(index, k, mask, weights) for index in coded.index])
    answered = [(index >= 0) if mask is None else (index >= 0) & mask for index in coded.index]
    columns = list(coded.labels)
    if nets:  # one answer per item, so a NET's respondents are the sum of its scale points' counts
        positions = {label: i for i, label in enumerate(coded.labels)}
        net_counts = [counts[:, [positions[m] for m in members]].sum(axis=1) for members in nets.values()]
        counts = np.column_stack([counts] + net_counts)
        columns += list(nets)
    props = _divide(counts, counts[:, :k].sum(axis=1, keepdims=True))
    n_answered = np.array([np.count_nonzero(a) for a in answered], dtype=float)
    bases = np.repeat(n_answered[:, None], len(columns), axis=1)
    effective = None if weights is None else np.repeat(
        np.array([effective_base(weights[a]) for a in answered])[:, None], len(columns), axis=1)
    items = Axis("item", tuple(coded.items), key=question, bases=n_answered)
    answers = Axis("answer", tuple(columns), key=question, nets=tuple(nets or ()),
                   residual=coded.residual, exclusive=True)
    table = Table(question, items, answers, "share", counts, props, bases,
                  int(np.count_nonzero(np.logical_or.reduce(answered))), weights is not None, effective)
    return sort_rows(table, sort)


def grid_answer(question: str, coded: GridCoded, answer: str, members_: list[str], mask: np.ndarray | None = None,
                weights=None, by: SingleCoded | None = None, by_key: str | None = None, sort: str = "codes",
                total: bool = False) -> Table:
    """One answer (or NET) of every grid item, by segment: items down, segments across.

    The way a report compares statements between groups: the top-2 box of each statement, one bar
    per segment. Each cell is a share of the item's answerers in the segment, so each has its own base.
    """
    positions = [coded.labels.index(m) for m in members_]
    members = _members(mask, by, total)
    in_base = [[(index >= 0) if m is None else (index >= 0) & m for m in members] for index in coded.index]
    counts, bases, weighted_base, effective = _cells([np.isin(index, positions) for index in coded.index], in_base,
                                                     weights)
    anyone = [np.logical_or.reduce([row[j] for row in in_base]) for j in range(len(members))]
    n = np.array([np.count_nonzero(a) for a in anyone], dtype=float)
    items = Axis("item", tuple(coded.items), key=question, bases=_base_of(bases, by, total))
    table = Table(question, items, _column_axis(by, by_key, n, total), "share", counts,
                  _divide(counts, weighted_base), bases, int(_base_of(n, by, total)), weights is not None, effective)
    return sort_rows(table, sort)


def weighted_median(values: np.ndarray, weights: np.ndarray | None) -> float:
    """The median (weighted: the value where the cumulative weight first reaches half)."""
    if values.size == 0:
        return float("nan")
    if weights is None:
        return float(np.median(values))
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def numeric_summary(question: str, coded: NumericCoded, mask: np.ndarray | None = None, weights=None,
                    by: SingleCoded | None = None, by_key: str | None = None, total: bool = False) -> Table:
    """Mean and median of a numeric question per column; ``props`` holds the statistics themselves.

    The Mean row also carries its standard deviation (``spread``, by :func:`~.welch.sample_sd`) and
    every cell its sum of weights: what a test between segments' means needs.
    """
    members = _members(mask, by, total)
    present = ~np.isnan(coded.values)
    in_base = [present if m is None else present & m for m in members]
    stats, spread = np.full((2, len(members)), np.nan), np.full((2, len(members)), np.nan)
    for j, base in enumerate(in_base):
        x = coded.values[base]
        w = None if weights is None else weights[base]
        if x.size and (w is None or w.sum() > 0):
            stats[0, j] = float(np.average(x, weights=w))
            stats[1, j] = weighted_median(x, w)
            spread[0, j] = sample_sd(x, w)
    n = np.array([np.count_nonzero(b) for b in in_base], dtype=float)
    sums = n if weights is None else np.array([weights[b].sum() for b in in_base])
    effective = _effective(weights, in_base)
    return Table(question, Axis("statistic", (MEAN, MEDIAN), key=question), _column_axis(by, by_key, n, total),
                 "mean", stats.copy(), stats, np.broadcast_to(n, stats.shape).copy(), int(_base_of(n, by, total)),
                 weights is not None, None if effective is None else np.broadcast_to(effective, stats.shape).copy(),
                 spread=spread, weight_sums=np.broadcast_to(sums, stats.shape).copy())


def tabulate(question: str, coded, mask: np.ndarray | None = None, weights=None, by: SingleCoded | None = None,
             by_key: str | None = None, sort: str | None = None, nets: dict | None = None,
             per: str = "respondents", total: bool = False) -> Table:
    """Tabulate any coded question (dispatching on its type); *nets*: NET label -> member labels; *total*:
    a Total column of everyone in the base before the segments of *by*."""
    if isinstance(coded, SingleCoded):
        return frequencies(question, coded, mask, weights, by, by_key, sort or "value", nets, total)
    if isinstance(coded, MultiCoded):
        return multi_response(question, coded, mask, weights, by, by_key, sort or "value", nets, per, total)
    if isinstance(coded, NumericCoded):
        return numeric_summary(question, coded, mask, weights, by, by_key, total)
    if by is not None:
        raise ValueError("grids cannot be broken down by segment")
    return grid(question, coded, mask, weights, sort or "codes", nets)
