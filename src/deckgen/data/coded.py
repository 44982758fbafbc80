"""Answers coded by the codebook: category indices and mention flags, ready to count.

Every question becomes arrays of small integers over respondents, whatever the
file stored (numeric codes or label strings):

- :class:`SingleCoded`: ``index[r]`` is the category position of respondent
  *r*'s answer, ``-1`` when missing.
- :class:`MultiCoded`: ``mentioned[j][r]`` says whether *r* mentioned option *j*;
  ``asked[r]`` whether *r* answered the question at all (any option column filled).
- :class:`GridCoded`: ``index[i][r]`` is *r*'s scale position for item *i*, ``-1`` missing.

Arrays are kept one per option or item (not as a respondents x options
matrix) so that counting one of them reads contiguous memory.
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
    mentioned: list[np.ndarray]  # per option: bool over respondents
    asked: np.ndarray  # bool (respondents,)


@dataclass(frozen=True)
class NumericCoded:
    values: np.ndarray  # float64 over respondents, NaN missing


@dataclass(frozen=True)
class GridCoded:
    items: list[str]
    labels: list[str]
    index: list[np.ndarray]  # per item: int16 over respondents, -1 missing


def code_index(values: np.ndarray, labels: dict, column: str, where: Location, key: str,
               present: np.ndarray | None = None) -> np.ndarray:
    """Map a column's raw values onto positions in the codebook's *labels* (``-1`` for missing).

    *values* are float64 (NaN missing), integers with a *present* mask, or
    text. Numbers match codes; text matches labels (or codes written as text).
    A value the codebook does not know is an error: silently dropping answers
    would change every percentage.
    """
    if values.dtype == object:
        return _index_text(values, labels, column, where, key)
    numeric = sorted((float(c), i) for i, c in enumerate(labels)
                     if isinstance(c, (int, float)) and not isinstance(c, bool))
    if not numeric:
        raise InputError(f"column '{column}' holds numbers but the labels' codes are text; "
                         "write the codes as numbers", where, key)
    keys = np.array([c for c, _ in numeric])
    positions = np.array([i for _, i in numeric], dtype=np.int16)
    if present is None:
        present = ~np.isnan(values)
    if values.dtype.itemsize == 1 and values.dtype.kind in "iu":  # a table over all 256 byte values
        info = np.iinfo(values.dtype)
        lookup = np.full(256, -1, dtype=np.int16)
        for code, pos in zip(keys, positions):
            if code.is_integer() and info.min <= code <= info.max:
                lookup[int(code) & 0xFF] = pos
        index = lookup.take(values.view(np.uint8))
        index[~present] = -1
    elif values.dtype.kind in "iu" and all(k.is_integer() for k in keys) and keys[-1] - keys[0] < 65536:
        lo, span = int(keys[0]), int(keys[-1] - keys[0])
        lookup = np.full(span + 2, -1, dtype=np.int16)  # the last slot catches codes out of range
        lookup[(keys - lo).astype(np.int64)] = positions
        shifted = values.astype(np.int32) - lo
        outside = (shifted < 0) | (shifted > span)
        if outside.any():
            shifted[outside] = span + 1
        index = lookup.take(shifted)
        index[~present] = -1
    else:
        slot = np.clip(np.searchsorted(keys, values), 0, len(keys) - 1)
        index = np.where(present & (keys[slot] == values), positions[slot], np.int16(-1)).astype(np.int16)
    unknown = present & (index < 0)
    if unknown.any():
        bad = np.unique(values[unknown])
        shown = ", ".join(f"{v:g}" for v in bad[:5]) + (", ..." if len(bad) > 5 else "")
        raise InputError(f"column '{column}' holds code(s) {shown} ({int(unknown.sum())} respondents) "
                         f"with no label; add them to 'labels' (known: {', '.join(f'{c:g}' for c in keys)})",
                         where, key)
    return index


def _index_text(values: np.ndarray, labels: dict, column: str, where: Location, key: str) -> np.ndarray:
    lookup = {str(label): i for i, label in enumerate(labels.values())}
    lookup.update({str(code): i for i, code in enumerate(labels)})
    out = np.full(len(values), -1, dtype=np.int16)
    for value in set(v for v in values if v is not None):
        pos = lookup.get(str(value))
        if pos is None:
            raise InputError(f"column '{column}' holds '{value}', which is neither a code nor a label here"
                             f"{did_you_mean(str(value), labels.values())}; add it to 'labels'", where, key)
        out[values == value] = pos
    return out


def mentions(values: np.ndarray, present: np.ndarray | None, selected) -> tuple[np.ndarray, np.ndarray]:
    """(mentioned, answered) flags of one multiple-response option column."""
    if values.dtype == object:
        answered = np.array([v is not None for v in values])
        mentioned = np.array([v is not None and str(v) == str(selected) for v in values])
        return mentioned, answered
    answered = ~np.isnan(values) if present is None else present
    if isinstance(selected, str):
        return np.zeros(len(values), dtype=bool), answered
    return (values == selected) & answered, answered
