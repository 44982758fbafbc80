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

from ..data.coded import GridCoded, MultiCoded, SingleCoded
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
        others = np.logical_or.reduce([coded.mentioned[i] for i in keep])
        return MultiCoded([coded.labels[i] for i in keep], [coded.mentioned[i] for i in keep],
                          coded.asked & others)  # asked, and gave an answer that counts

    def recode(index: np.ndarray, all_labels: list[str]) -> np.ndarray:
        out_of_base = [i for i, label in enumerate(all_labels) if label in labels]
        return np.where(np.isin(index, out_of_base), np.int16(-1), index)

    if isinstance(coded, SingleCoded):
        return replace(coded, index=recode(coded.index, coded.labels))
    assert isinstance(coded, GridCoded)
    return replace(coded, index=[recode(i, coded.labels) for i in coded.index])


def drop_small_columns(table: Table, minimum: int) -> tuple[Table, list[tuple[str, int]]]:
    """*table* without segment columns whose base is under *minimum*, and (name, base) of those dropped."""
    if table.by is None or table.kind == "grid":
        return table, []
    bases = table.column_bases
    keep = [j for j, b in enumerate(bases) if b >= minimum]
    if len(keep) == len(table.columns) or not keep:
        return table, []
    dropped = [(c, bases[j]) for j, c in enumerate(table.columns) if j not in keep]

    def cols(a):
        return None if a is None else a[:, keep]

    tests = None if table.tests is None else [[row[j] for j in keep] for row in table.tests]
    return replace(table, columns=[table.columns[j] for j in keep], counts=cols(table.counts),
                   props=cols(table.props), bases=cols(table.bases), effective=cols(table.effective),
                   tests=tests), dropped


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
    """A single-choice or grid table whose displayed percentages add to 100 in every column or item.

    NET rows are rounded on their own (they overlap their members); other kinds are returned unchanged.
    """
    if table.kind not in ("single", "grid"):
        return table
    props = table.props.copy()
    nets = [i for i, row in enumerate(table.rows) if row in table.nets]
    members = [i for i, row in enumerate(table.rows) if row not in table.nets]
    if table.kind == "single":
        for j in range(props.shape[1]):
            if not np.isnan(props[members, j]).all():
                props[members, j] = largest_remainder(props[members, j], decimals)
    else:
        for i in range(props.shape[0]):
            if not np.isnan(props[i]).all():
                props[i] = largest_remainder(props[i], decimals)
    if nets:
        scale = 10 ** (decimals + 2)
        props[nets] = np.floor(props[nets] * scale + 0.5) / scale
    return replace(table, props=props)
