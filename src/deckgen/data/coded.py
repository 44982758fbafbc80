"""Answers coded by the codebook: category indices and mention flags, ready to count.

Every question becomes arrays of small integers over respondents, whatever the
file stored (numeric codes or label strings):

- :class:`SingleCoded`: ``index[r]`` is the category position of respondent
  *r*'s answer, ``-1`` when missing.
- :class:`MultiCoded`: ``mentioned[j][r]`` says whether *r* mentioned option *j*;
  ``asked[r]`` whether *r* was asked the question at all (any option column filled), and,
  when options were routed to different respondents, ``answered[j][r]`` whether *r* was
  asked option *j* (its column filled).
- :class:`GridCoded`: ``index[i][r]`` is *r*'s scale position for item *i*, ``-1`` missing.

Arrays are kept one per option or item (not as a respondents x options
matrix) so that counting one of them reads contiguous memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, Location, did_you_mean


@dataclass(frozen=True)
class SingleCoded:
    labels: list[str]
    codes: list
    index: np.ndarray  # int8 (int16 beyond 126 answers), -1 missing
    residual: frozenset[str] = frozenset()  # answer roles, from the codebook (declared or read from labels)
    dont_know: tuple[str, ...] = ()


@dataclass(frozen=True)
class MultiCoded:
    labels: list[str]
    mentioned: list[np.ndarray]  # per option: bool over respondents
    asked: np.ndarray  # bool (respondents,): asked the question (any option)
    answered: list[np.ndarray] | None = None  # per option: asked that option; None: every option of all asked
    residual: frozenset[str] = frozenset()
    dont_know: tuple[str, ...] = ()

    def routed(self) -> bool:
        return self.answered is not None


def multi_coded(labels: list[str], mentioned: list[np.ndarray], answered: list[np.ndarray],
                residual: frozenset[str] = frozenset(), dont_know: tuple[str, ...] = ()) -> MultiCoded:
    """Options coded from their columns: a blank is "not asked", any other value "asked".

    When every option was asked of the same respondents (the usual case) the per-option masks are
    dropped, so counting stays one pass; when options were routed to subgroups, each keeps its own.
    """
    asked = np.zeros(len(answered[0]) if answered else 0, dtype=bool)
    for column in answered:  # in place: reduce() over a list would first copy it into one matrix
        np.logical_or(asked, column, out=asked)
    n_asked = int(np.count_nonzero(asked))
    if all(int(np.count_nonzero(a)) == n_asked for a in answered):  # each option's asked is a subset of asked
        return MultiCoded(labels, mentioned, asked, None, residual, dont_know)
    return MultiCoded(labels, mentioned, asked, answered, residual, dont_know)


@dataclass(frozen=True)
class NumericCoded:
    values: np.ndarray  # float64 over respondents, NaN missing


@dataclass(frozen=True)
class TextCoded:
    """Free-text answers as written: ``answers[r]`` is respondent *r*'s text, None for no answer."""

    answers: list[str | None]


def text_answers(values: np.ndarray) -> list[str | None]:
    """A column's cells as free-text answers: an empty or blank cell is no answer, whitespace inside an
    answer is one space, and a column the reader took for numbers gives each number as written (7, 2.5)."""
    out: list[str | None] = []
    for value in values:
        if value is None or (isinstance(value, float) and value != value):
            out.append(None)
            continue
        if isinstance(value, (float, np.floating)):
            value = str(int(value)) if float(value).is_integer() else repr(float(value))
        text = " ".join(str(value).split())
        out.append(text or None)
    return out


@dataclass(frozen=True)
class GridCoded:
    items: list[str]
    labels: list[str]
    index: list[np.ndarray]  # per item: int8/int16 over respondents, -1 missing
    residual: frozenset[str] = frozenset()
    dont_know: tuple[str, ...] = ()
    codes: list = field(default_factory=list)  # the scale's codes, in the labels' order

    def statement(self, item: str) -> SingleCoded:
        """One item's answers, as a single-choice question's (one answer per respondent on the scale)."""
        return SingleCoded(self.labels, self.codes, self.index[self.items.index(item)], self.residual,
                           self.dont_know)


#: Whole numbers above this (2**53) are not all exact in float64: two codes may share one value, so
#: float data and codes beyond it are never matched.
EXACT_FLOAT = 2 ** 53


def _index_dtype(k: int):
    """The smallest signed integer type holding positions -1..k (counting shifts them by one): int8 for the
    usual question, so a million respondents' answers to one question take a megabyte."""
    return np.int8 if k < 127 else np.int16 if k < 2 ** 15 else np.int32


def code_index(values: np.ndarray, labels: dict, column: str, where: Location, key: str,
               present: np.ndarray | None = None, missing=()) -> np.ndarray:
    """Map a column's raw values onto positions in the codebook's *labels* (``-1`` for missing).

    *values* are float64 (NaN missing), integers of any width with a
    *present* mask, or text. Numbers match codes exactly: integers are never
    narrowed (a 64-bit code 4294967298 is not code 2), and a float beyond
    2**53, where neighbouring whole numbers share one float, is refused. Text
    matches labels (or codes written as text). A value the codebook does not
    know is an error: silently dropping answers would change every percentage. The codebook's
    *missing* codes are known: they code as missing (``-1``), out of every base.
    """
    if missing:
        k = len(labels)
        labels = {**labels, **{code: f"\x00missing {code}" for code in missing if code not in labels}}
        index = code_index(values, labels, column, where, key, present)
        return np.where(index >= k, index.dtype.type(-1), index)
    if values.dtype == object:
        return _index_text(values, labels, column, where, key)
    numeric = [(c, i) for i, c in enumerate(labels) if isinstance(c, (int, float)) and not isinstance(c, bool)]
    if not numeric:
        raise InputError(f"column '{column}' holds numbers but the labels' codes are text; "
                         "write the codes as numbers", where, key)
    if present is None:
        present = ~np.isnan(values)
    dtype = _index_dtype(len(labels))
    if values.dtype.kind in "iu":
        index = _index_integers(values, numeric, dtype)
    else:
        _refuse_inexact(values, present, column, where, key)
        whole = _whole_numbers(values, present)
        index = _index_integers(whole, numeric, dtype) if whole is not None else _index_floats(values, numeric, dtype)
    index[~present] = -1
    unknown = present & (index < 0)
    if unknown.any():
        raise _unlabelled(values[unknown], int(unknown.sum()), [c for c, _ in numeric], column, where, key)
    return index


def _whole_numbers(values: np.ndarray, present: np.ndarray) -> np.ndarray | None:
    """Float *values* as int32 when every present one is a whole number that fits (survey codes read by a
    reader that only knows floats: SPSS, a CSV with blanks), so that coding takes the integer lookup; else
    None. Slots that are not *present* hold 0."""
    if not len(values):
        return None
    with np.errstate(invalid="ignore"):
        inside = np.where(present, np.abs(values) < 2 ** 31, True)
        if not inside.all():
            return None
        as_int = np.where(present, values, 0.0).astype(np.int32)
    return as_int if np.array_equal(as_int, np.where(present, values, 0.0)) else None


def _index_integers(values: np.ndarray, numeric: list, dtype) -> np.ndarray:
    """Positions of integer *values* (any width, signed or not), compared exactly in their own type.

    Only whole codes within the type's range can match; they are cast to the
    values' type, never the values to a narrower one.
    """
    info = np.iinfo(values.dtype)
    fitting = sorted((int(c), i) for c, i in numeric
                     if (isinstance(c, int) or c.is_integer()) and info.min <= c <= info.max)
    if not fitting:
        return np.full(len(values), -1, dtype=dtype)
    if values.dtype.itemsize <= 2:  # one table over every value the type holds, indexed by its bits
        lookup = np.full(2 ** (8 * values.dtype.itemsize), -1, dtype=dtype)
        for code, pos in fitting:
            lookup[code % len(lookup)] = pos  # a negative code's two's-complement bits
        bits = values.view(np.uint8 if values.dtype.itemsize == 1 else np.uint16)
        return lookup.take(bits.astype(np.intp))  # intp indices: numpy's fastest take
    lo, hi = fitting[0][0], fitting[-1][0]
    if hi - lo < 65536:  # a lookup table over the codes' span
        lookup = np.full(hi - lo + 1, -1, dtype=dtype)
        for code, pos in fitting:
            lookup[code - lo] = pos
        inside = (values >= values.dtype.type(lo)) & (values <= values.dtype.type(hi))
        # values - lo fits the type inside [lo, hi]; outside, it may wrap, but those slots are masked
        with np.errstate(over="ignore"):
            offset = (values - values.dtype.type(lo)).astype(np.int64)
        return np.where(inside, lookup.take(np.where(inside, offset, 0)), dtype(-1)).astype(dtype)
    keys = np.array([c for c, _ in fitting], dtype=values.dtype)
    positions = np.array([i for _, i in fitting], dtype=dtype)
    return _search(values, keys, positions)


def _index_floats(values: np.ndarray, numeric: list, dtype) -> np.ndarray:
    """Positions of float *values*: a code matches only the float equal to it exactly."""
    exact = sorted((float(c), i) for c, i in numeric if abs(c) <= EXACT_FLOAT)
    keys = np.array([c for c, _ in exact])
    positions = np.array([i for _, i in exact], dtype=dtype)
    return _search(values, keys, positions)


def _search(values: np.ndarray, keys: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Position of each value among sorted *keys* (-1 where no key equals it)."""
    if not len(keys):
        return np.full(len(values), -1, dtype=positions.dtype)
    slot = np.clip(np.searchsorted(keys, values), 0, len(keys) - 1)
    return np.where(keys[slot] == values, positions[slot], positions.dtype.type(-1)).astype(positions.dtype)


def _refuse_inexact(values: np.ndarray, present: np.ndarray, column: str, where: Location, key: str) -> None:
    """Float codes beyond 2**53 cannot be told apart from their neighbours: refuse rather than guess."""
    with np.errstate(invalid="ignore"):
        huge = present & (np.abs(values) > EXACT_FLOAT)
    if huge.any():
        raise InputError(f"column '{column}' holds {_code_text(values[huge][0])} ({int(huge.sum())} respondents), "
                         f"beyond 2^53 where decimal numbers cannot tell neighbouring codes apart; "
                         f"store the codes as integers (e.g. Parquet int64) or use smaller codes", where, key)


def _code_text(value) -> str:
    """A code as the user wrote it: whole numbers in full (4294967298, not 4.29497e+09)."""
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _unlabelled(bad: np.ndarray, respondents: int, codes: list, column: str, where: Location,
                key: str) -> InputError:
    """The error for codes with no label, naming a few of them and a few known codes."""
    bad = np.unique(bad)
    shown = ", ".join(_code_text(v) for v in bad[:5]) + (", ..." if len(bad) > 5 else "")
    known = ", ".join(_code_text(c) for c in codes[:12]) + (f", ... ({len(codes) - 12} more)" if len(codes) > 12
                                                             else "")
    return InputError(f"column '{column}' holds code(s) {shown} ({respondents} respondents) "
                      f"with no label; add them to 'labels' (known: {known})", where, key)


def _index_text(values: np.ndarray, labels: dict, column: str, where: Location, key: str) -> np.ndarray:
    """Positions of text answers: a label, or a code written as text; one pass over the respondents."""
    lookup = {str(label): i for i, label in enumerate(labels.values())}
    lookup.update({str(code): i for i, code in enumerate(labels)})
    distinct, inverse = np.unique(np.array(["" if v is None else str(v) for v in values], dtype=object),
                                  return_inverse=True)
    positions = np.empty(len(distinct), dtype=_index_dtype(len(labels)))
    for j, value in enumerate(distinct):
        if value == "":
            positions[j] = -1
            continue
        pos = lookup.get(value)
        if pos is None:
            raise InputError(f"column '{column}' holds '{value}', which is neither a code nor a label here"
                             f"{did_you_mean(value, labels.values())}; add it to 'labels'", where, key)
        positions[j] = pos
    return positions[inverse.reshape(-1)]


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
