"""Answers coded by the codebook: category indices and mention flags, ready to count.

Every question becomes arrays of small integers over respondents, whatever the
file stored (numeric codes or label strings):

- :class:`SingleCoded`: ``index[r]`` is the category position of respondent
  *r*'s answer, ``-1`` when missing.
- :class:`MultiCoded`: ``mentioned[r, j]`` says whether *r* mentioned option *j*;
  ``asked[r]`` whether *r* answered the question at all (any option column filled).
- :class:`GridCoded`: ``index[r, i]`` is *r*'s scale position for item *i*, ``-1`` missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError, Location, did_you_mean


@dataclass(frozen=True)
class SingleCoded:
    labels: list[str]
    codes: list
    index: np.ndarray  # int16, -1 missing


@dataclass(frozen=True)
class MultiCoded:
    labels: list[str]
    mentioned: np.ndarray  # bool (respondents, options)
    asked: np.ndarray  # bool (respondents,)


@dataclass(frozen=True)
class GridCoded:
    items: list[str]
    labels: list[str]
    index: np.ndarray  # int16 (respondents, items), -1 missing


def code_index(values: np.ndarray, labels: dict, column: str, where: Location, key: str) -> np.ndarray:
    """Map a column's raw values onto positions in the codebook's *labels* (``-1`` for missing).

    Numeric columns match codes; text columns match labels (or codes written as text).
    A value the codebook does not know is an error: silently dropping answers
    would change every percentage.
    """
    codes = list(labels)
    if values.dtype == object:
        lookup = {str(label): i for i, label in enumerate(labels.values())}
        lookup.update({str(code): i for i, code in enumerate(codes)})
        out = np.full(len(values), -1, dtype=np.int16)
        for value in set(v for v in values if v is not None):
            pos = lookup.get(str(value))
            if pos is None:
                raise InputError(f"column '{column}' holds '{value}', which is neither a code nor a label here"
                                 f"{did_you_mean(str(value), labels.values())}; add it to 'labels'",
                                 where, key)
            out[values == value] = pos
        return out
    numeric = [(float(c), i) for i, c in enumerate(codes) if isinstance(c, (int, float)) and not isinstance(c, bool)]
    if not numeric:
        raise InputError(f"column '{column}' holds numbers but the labels' codes are text; "
                         "write the codes as numbers", where, key)
    numeric.sort()
    keys = np.array([c for c, _ in numeric])
    positions = np.array([i for _, i in numeric], dtype=np.int16)
    present = ~np.isnan(values)
    slot = np.clip(np.searchsorted(keys, values), 0, len(keys) - 1)
    match = present & (keys[slot] == values)
    unknown = present & ~match
    if unknown.any():
        bad = np.unique(values[unknown])
        shown = ", ".join(f"{v:g}" for v in bad[:5]) + (", ..." if len(bad) > 5 else "")
        raise InputError(f"column '{column}' holds code(s) {shown} ({int(unknown.sum())} respondents) "
                         f"with no label; add them to 'labels' (known: {', '.join(f'{c:g}' for c in keys)})",
                         where, key)
    return np.where(match, positions[slot], np.int16(-1)).astype(np.int16)


def mentions(values: np.ndarray, selected) -> tuple[np.ndarray, np.ndarray]:
    """(mentioned, answered) flags of one multiple-response option column."""
    if values.dtype == object:
        answered = np.array([v is not None for v in values])
        mentioned = np.array([v is not None and str(v) == str(selected) for v in values])
        return mentioned, answered
    answered = ~np.isnan(values)
    return values == float(selected), answered
