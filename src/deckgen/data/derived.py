"""Coding derived single-choice questions: category positions made from other answers.

Each function returns positions over respondents (``-1`` missing), like a
single-choice question read from a column (:class:`~.coded.SingleCoded`):

- :func:`band_index`: the band of a number (``bins``);
- :func:`regroup`: the group of another question's answer (``recode``);
- :func:`first_true`: the first condition a respondent meets (``conditions``).

The declaration and its checks are in :mod:`deckgen.spec.codebook` and
:mod:`deckgen.spec.derived`; :class:`~.survey.Survey` gathers the inputs.
"""

from __future__ import annotations

import numpy as np


def _positions(k: int):
    """The smallest signed integer type holding positions 0..k-1 and -1."""
    return np.int16 if k < 2 ** 15 else np.int32


def band_index(values: np.ndarray, edges: list[float], below: float | None) -> np.ndarray:
    """The band of each value: band *i* holds ``edges[i] <= value < edges[i + 1]``; the last band holds
    every value from its edge up, or up to (not including) *below*.

    A value below the first edge, from *below* up, or missing (NaN) is in no band (``-1``).
    """
    bounds = np.asarray(edges, dtype=np.float64)
    index = np.searchsorted(bounds, values, side="right") - 1  # edges <= value, less one: its band
    outside = np.isnan(values) | (index < 0)
    if below is not None:
        outside |= values >= below
    return np.where(outside, -1, index).astype(_positions(len(edges)))


def regroup(index: np.ndarray, groups: list[list[int]], answers: int) -> np.ndarray:
    """The group of each respondent's answer: *groups* lists, per group, the source positions it holds
    (of *answers* in all); an answer in no group, or none given, is missing."""
    lookup = np.full(answers + 1, -1, dtype=_positions(len(groups)))  # the last slot is for -1 (missing)
    for group, members in enumerate(groups):
        lookup[members] = group
    return lookup[index]


def first_true(masks: list[np.ndarray]) -> np.ndarray:
    """The position of the first mask that holds for each respondent, ``-1`` when none does."""
    return np.select(masks, np.arange(len(masks)), default=-1).astype(_positions(len(masks)))
