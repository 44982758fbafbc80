"""Presentation rules a report applies after tabulating: which answers count, which columns show,
and how percentages round.

- "Don't know" and "Refused" may be taken out of the base (``exclude_answers``).
- Segments below a minimum base may be left out (``drop_small_columns``).
- Largest-remainder rounding makes a single-choice column's displayed
  percentages add up to exactly 100 (``round_largest_remainder``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..data.coded import GridCoded, MultiCoded, SingleCoded, multi_coded
from .table import Table


def exclude_answers(coded, labels: list[str]):
    """*coded* with the answers *labels* treated as missing, i.e. out of the base."""
    if not labels:
        return coded
    labels = set(labels)
    if isinstance(coded, MultiCoded):
        keep = [i for i, label in enumerate(coded.labels) if label not in labels]
        if not keep:
            return coded
        counts = coded.asked & np.logical_or.reduce([coded.mentioned[i] for i in keep])  # gave an answer that counts
        answered = [counts if coded.answered is None else coded.answered[i] & counts for i in keep]
        return multi_coded([coded.labels[i] for i in keep], [coded.mentioned[i] for i in keep], answered,
                           coded.residual, coded.dont_know)

    def recode(index: np.ndarray, all_labels: list[str]) -> np.ndarray:
        out_of_base = [i for i, label in enumerate(all_labels) if label in labels]
        return np.where(np.isin(index, out_of_base), index.dtype.type(-1), index)

    if isinstance(coded, SingleCoded):
        return replace(coded, index=recode(coded.index, coded.labels))
    assert isinstance(coded, GridCoded)
    return replace(coded, index=[recode(i, coded.labels) for i in coded.index])


def drop_small_columns(table: Table, minimum: int) -> tuple[Table, list[tuple[str, int]]]:
    """*table* without segment columns whose base is under *minimum*, and (name, base) of those dropped."""
    segments = table.columns
    if segments.role != "segment":
        return table, []
    proper = table.segment_columns()  # a Total beside the segments is never hidden
    keep = [j for j, b in enumerate(segments.bases) if b >= minimum or j not in proper]
    if len(keep) == len(segments) or not any(j in proper for j in keep):
        return table, []
    dropped = [(c, segments.bases[j]) for j, c in enumerate(segments) if j not in keep]
    return table.with_columns(keep), dropped


def largest_remainder(props: np.ndarray, decimals: int = 0) -> np.ndarray:
    """Round proportions so that, shown with *decimals*, they add up to exactly 100%.

    Each value is rounded down to the display unit and the units still missing
    go to the values that lost the most (Hamilton's method).
    """
    values = np.nan_to_num(np.asarray(props, dtype=float))
    unit = 10 ** (decimals + 2)
    scaled = values * unit
    floors = np.floor(scaled + 1e-9)
    missing = int(round(unit * values.sum() - floors.sum())) if values.sum() > 0 else 0
    order = np.argsort(-(scaled - floors), kind="stable")
    floors[order[:max(missing, 0)]] += 1
    return np.where(np.isnan(props), np.nan, floors / unit)


def round_largest_remainder(table: Table, decimals: int = 0) -> Table:
    """A table whose displayed shares of exclusive answers add to 100 for every column or grid item.

    Only answers given one per respondent (or per item) add to 100; multiple-response options and
    statistics are returned unchanged. NETs are rounded on their own (they overlap their members).
    """
    answers = table.answers
    if answers is None or not answers.exclusive or table.measure != "share":
        return table
    down = table.rows.role == "answer"
    props = table.props.copy() if down else table.props.T.copy()  # answers down, whatever the layout
    nets = [i for i, label in enumerate(answers) if answers.is_net(label)]
    members = [i for i, label in enumerate(answers) if not answers.is_net(label)]
    for j in range(props.shape[1]):
        if not np.isnan(props[members, j]).all():
            props[members, j] = largest_remainder(props[members, j], decimals)
    if nets:
        scale = 10 ** (decimals + 2)
        props[nets] = np.floor(props[nets] * scale + 0.5) / scale
    return replace(table, props=props if down else props.T.copy())
