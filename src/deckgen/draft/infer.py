"""What each column of a data file holds, read from its values (and, for a .sav, from its dictionary).

A first draft needs a codebook, and writing one by hand is the longest step of a new project. These
rules read one from the data, and each rule says what it saw, so the draft's codebook can show the
reader why every question got its type (``# single: 4 distinct whole numbers 1-4``):

- a small set of whole numbers (at most :data:`MAX_CODES`) or of short texts (at most
  :data:`MAX_TEXT_CODES`, and at most half as many as there are answers) is a single choice;
- a family of numbered columns (``q5_1`` ... ``q5_8``) holding only 0/1, or 1/blank, is multiple
  response; a family sharing one small value set (``q7_1`` ... ``q7_5``, each 1-5) is a grid;
- any other numbers are numeric;
- long and mostly distinct texts are free text (``type: text``, shown as quotes);
- a column unique per row (text, or whole numbers named like an ID or counting up) is an ID, and many
  short texts (names) are no answers: both are skipped and listed;
- ISO dates give the field dates, unless named as a birth date;
- a column named like a weight whose values are positive and average about 1 is the weight; named like
  one but not so, it is not applied, and the draft says why.

Nothing is guessed that would put a wrong number on a slide: answer codes without labels are labelled
with themselves and flagged, never named; the weight is applied only when both its name and its values
say so. A .sav file's dictionary wins over every rule: its value labels, multiple-response sets,
user-missing codes and WEIGHT BY variable are the file's own statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..spec.dictionary import FileDictionary, code_order, shared_labels

#: Whole numbers with at most this many distinct values are answer codes (a 0-10 rating, 11 values,
#: stays a number, as deckgen's starter codebook reads it).
MAX_CODES = 10
#: Short texts with at most this many distinct values (and at most half as many as there are answers)
#: are answers: occupations, regions, segments.
MAX_TEXT_CODES = 20
#: Texts at least this long on average, and mostly distinct, are free text (open-ended answers).
FREE_TEXT_CHARS = 20
#: A weight's mean must lie within this range to be applied without asking.
WEIGHT_MEAN = (0.8, 1.25)

WEIGHT_NAME = re.compile(r"^(w|wt|wgt|wght|weight|weights|weighting|vikt|vikter|viktning|gewicht|poids|pond)"
                         r"([_.\-]?\w*)?$|[_.\-](w|wt|wgt|weight|vikt)$", re.IGNORECASE)
ID_NAME = re.compile(r"^(id|.*[_.\-]id|.*id$|respid|resp_?no|respondent|serial|case(id|no)?|record|"
                     r"lopnr|löpnr|nr|uuid|token)$", re.IGNORECASE)
BIRTH_NAME = re.compile(r"birth|dob|born|född|fodd", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
NUMBERED = re.compile(r"^(?P<stem>.*?[^_.\-])(?P<sep>[_.\-]?)(?P<num>\d+)$")
LEADING_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)")

@dataclass(frozen=True)
class Drafted:
    """One question of the draft: its codebook entry (None when the .sav file's dictionary already says it
    all), what was read and why, and what the user should check."""

    key: str
    type: str  #: single, multi, mentions, grid, numeric or text
    entry: dict | None
    why: str
    todo: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    option_todo: bool = False  #: options labelled from their column's suffix: each needs its label


@dataclass(frozen=True)
class Skipped:
    column: str
    why: str


@dataclass(frozen=True)
class Weight:
    """The weight column found by name and values; *applied* only when both agree (else *why* says why not)."""

    column: str
    applied: bool
    why: str
    from_file: bool = False


@dataclass(frozen=True)
class Inferred:
    """Everything the draft read from the data."""

    n: int
    questions: tuple[Drafted, ...]
    skipped: tuple[Skipped, ...]
    weight: Weight | None = None
    field_dates: tuple[str, str, str] | None = None  #: (column, first, last)
    notes: tuple[str, ...] = field(default_factory=tuple)


# -- one column ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    """What one column's values are: *kind* is empty, date, id, freetext, manytext, codes or number."""

    kind: str
    why: str
    codes: tuple = ()  #: for codes: the distinct values, in display order
    text: bool = False  #: the codes are texts
    binary: bool = False  #: whole numbers within {0, 1}
    dates: tuple[str, str] | None = None


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _present(values: np.ndarray) -> np.ndarray:
    if values.dtype == object:
        return np.array([v is not None for v in values], dtype=bool)
    return ~np.isnan(values)


def read_column(name: str, values: np.ndarray) -> _Column:
    """What the column *name* holds, by the rules of the module, with the reason in words."""
    n = len(values)
    filled = values[_present(values)]
    if not len(filled):
        return _Column("empty", "no answers at all")
    if values.dtype == object:
        return _text_column(name, [str(v) for v in filled], n)
    distinct = np.unique(filled)
    whole = bool(np.all(np.floor(filled) == filled))
    if whole and len(distinct) == n and n >= 10 and (ID_NAME.match(name) or distinct[-1] - distinct[0] == n - 1):
        return _Column("id", f"ID-like: a different whole number on each of the {n:,} rows")
    if whole and len(distinct) <= MAX_CODES:
        span = f"{_plain(distinct[0])}-{_plain(distinct[-1])}" if len(distinct) > 1 else _plain(distinct[0])
        codes = tuple(int(v) for v in distinct)
        return _Column("codes", f"{len(distinct)} distinct whole number{'s' * (len(distinct) > 1)} {span}",
                       codes, binary=set(codes) <= {0, 1})
    what = "whole numbers" if whole else "numbers"
    return _Column("number", f"{len(distinct):,} distinct {what} from {_plain(distinct[0])} to "
                             f"{_plain(distinct[-1])}")


def _text_column(name: str, filled: list[str], n: int) -> _Column:
    distinct = list(dict.fromkeys(filled))
    if all(ISO_DATE.match(v) for v in distinct):
        days = sorted(v[:10] for v in distinct)
        return _Column("date", f"dates from {days[0]} to {days[-1]}", dates=(days[0], days[-1]))
    if len(distinct) <= MAX_TEXT_CODES and len(distinct) * 2 <= len(filled):
        leading = [LEADING_NUMBER.match(v) for v in distinct]
        if all(leading):
            order = sorted(distinct, key=lambda v: (float(LEADING_NUMBER.match(v).group(1).replace(",", ".")), v))
            how = "in the order of their leading numbers"
        else:
            order, how = sorted(distinct, key=str.casefold), "in alphabetical order"
        return _Column("codes", f"{len(distinct)} distinct texts, {how}", tuple(order), text=True)
    if len(distinct) == n:
        if sum(map(len, distinct)) / len(distinct) >= FREE_TEXT_CHARS:
            return _Column("freetext", f"free text: a different text on each of the {n:,} rows")
        return _Column("id", f"ID-like: a different text on each of the {n:,} rows")
    mean_chars = sum(map(len, filled)) / len(filled)
    if mean_chars >= FREE_TEXT_CHARS and len(distinct) * 2 > len(filled):
        return _Column("freetext", f"free text: {len(distinct):,} different texts of {mean_chars:.0f} "
                                   "characters on average")
    return _Column("manytext", f"{len(distinct):,} different short texts (names or codes?): too many to chart as "
                               "answers; group them in a derived question to show them")


# -- the weight ------------------------------------------------------------------------------------------

def read_weight(name: str, values: np.ndarray) -> Weight | None:
    """The column *name* as a weight: None unless named like one; applied only if its values are all
    present, positive numbers averaging about 1 (a weight scaled to the sample)."""
    if not WEIGHT_NAME.search(name):
        return None
    if values.dtype == object:
        return Weight(name, False, "named like a weight, but it holds text")
    present = _present(values)
    filled = values[present]
    if not len(filled):
        return Weight(name, False, "named like a weight, but it is empty")
    if not present.all():
        return Weight(name, False, f"named like a weight, but {int((~present).sum()):,} rows have none")
    if (filled <= 0).any():
        return Weight(name, False, "named like a weight, but some values are 0 or below")
    mean = float(filled.mean())
    low, high = WEIGHT_MEAN
    if not low <= mean <= high:
        return Weight(name, False, f"named like a weight, but it averages {mean:,.4g}, not about 1 (a measure, "
                                   "or a weight grossing up to a population?)")
    return Weight(name, True, f"named like a weight, all positive, averaging {mean:.3g}")


# -- families of numbered columns ------------------------------------------------------------------------

def families(names: list[str]) -> dict[str, list[str]]:
    """Numbered columns that belong together (``q5_1``, ``q5_2``, ...), by stem, in file order; two or more."""
    found: dict[tuple[str, str], list[str]] = {}
    for name in names:
        match = NUMBERED.match(name)
        if match:
            found.setdefault((match["stem"], match["sep"]), []).append(name)
    return {stem: members for (stem, _), members in found.items() if len(members) >= 2}


def _suffix(name: str) -> str:
    return NUMBERED.match(name)["num"]


def _family_key(stem: str, taken: set[str]) -> str:
    key = stem.rstrip("_.-") or stem
    while key in taken:
        key += "_set"
    return key


# -- the whole file --------------------------------------------------------------------------------------

def infer(columns: dict[str, np.ndarray], dictionary: FileDictionary | None = None,
          file_weight: str | None = None) -> Inferred:
    """The draft's questions from *columns* (name -> values as deckgen reads them: float64 with NaN, or
    text with None), in file order. With a .sav file's *dictionary*, its questions are taken as they are
    and only the variables it leaves plain are read from their values; *file_weight* is its WEIGHT BY."""
    names = list(columns)
    n = len(next(iter(columns.values()))) if columns else 0
    read = {name: read_column(name, values) for name, values in columns.items()}
    questions: dict[str, Drafted] = {}
    skipped: list[Skipped] = []
    notes: list[str] = []
    used: set[str] = set()
    file_questions = dict(dictionary.questions) if dictionary else {}
    variables = dictionary.variables if dictionary else {}

    weight = None
    if file_weight:
        weight = Weight(file_weight, True, "the file's own weight (its WEIGHT BY variable)", from_file=True)
        used.add(file_weight)
    else:
        for name in names:
            found = read_weight(name, columns[name])
            if found is not None and (weight is None or (found.applied and not weight.applied)):
                weight = found
        if weight is not None and weight.applied:
            used.add(weight.column)

    # the file's multiple-response sets, as the file defines them
    for key, question in file_questions.items():
        if question["type"] in ("multi", "mentions"):
            members = list(question.get("options") or question.get("columns") or [])
            questions[key] = Drafted(key, question["type"], None, f"the file's multiple-response set of "
                                     f"{len(members)} variables", columns=tuple(members))
            used.update(members)

    for stem, members in families([m for m in names if m not in used]).items():
        drafted = _family(stem, members, read, variables, set(names) | set(file_questions) | set(questions))
        if drafted is not None:
            questions[drafted.key] = drafted
            used.update(members)

    dates = None
    for name in names:
        if name in used:
            continue
        column = read[name]
        label = variables[name].text if name in variables else None
        text = label if label and label != name else name
        if name in file_questions and file_questions[name]["type"] == "single":
            drafted = _labelled(name, file_questions[name], column, columns[name])
            questions[name] = drafted
        elif column.kind == "codes":
            labels = {code: str(code) for code in column.codes}
            entry = {"type": "single", "text": text, "labels": labels}
            todo = () if column.text else ("name the answers (they are labelled with their codes)",)
            questions[name] = Drafted(name, "single", entry, f"single: {column.why}", todo, (name,))
        elif column.kind == "number":
            questions[name] = Drafted(name, "numeric", {"type": "numeric", "text": text},
                                      f"numeric: {column.why}", (), (name,))
        elif column.kind == "date":
            if BIRTH_NAME.search(name) or BIRTH_NAME.search(label or ""):
                skipped.append(Skipped(name, f"{column.why}: birth dates, not the field dates"))
            elif dates is None:
                dates = (name, *column.dates)
            else:
                skipped.append(Skipped(name, f"{column.why}: the field dates come from '{dates[0]}'"))
        elif column.kind == "freetext":
            questions[name] = Drafted(name, "text", {"type": "text", "text": text}, column.why, (), (name,))
        else:
            skipped.append(Skipped(name, column.why))
    if weight is not None and not weight.applied:
        notes.append(f"'{weight.column}' is {weight.why}: not applied")
    ordered = sorted(questions.values(), key=lambda q: min((names.index(c) for c in q.columns if c in names),
                                                           default=len(names)))
    return Inferred(n, tuple(ordered), tuple(skipped), weight, dates, tuple(notes))


def _labelled(name: str, question: dict, column: _Column, values: np.ndarray) -> Drafted:
    """A variable the file labels: its labels stand; codes in the data that it does not label are added
    (labelled with themselves, to name), or, for a number with a few labelled codes, it is numeric."""
    labels = question["labels"]
    if column.kind not in ("codes", "number"):
        return Drafted(name, "single", None, f"single: the file's {len(labels)} value labels", (), (name,))
    seen = set(column.codes) if column.kind == "codes" else set(np.unique(values[_present(values)]).tolist())
    unlabelled = sorted((c for c in seen if c not in labels), key=code_order)  # 1.0 finds code 1
    if not unlabelled:
        return Drafted(name, "single", None, f"single: the file's {len(labels)} value labels", (), (name,))
    if column.kind == "number":
        entry = {"type": "numeric", "text": question["text"], "missing": sorted(labels, key=code_order)}
        return Drafted(name, "numeric", entry, f"numeric: {column.why}; the file labels only "
                       f"{len(labels)} code(s), read as no answer", ("check that the labelled codes are no "
                                                                    "answer (missing)",), (name,))
    added = {int(c) if float(c).is_integer() else c: _plain(c) for c in unlabelled}
    entry = {"labels": added}
    return Drafted(name, "single", entry, f"single: the file's {len(labels)} value labels, and "
                   f"{len(added)} code(s) in the data it does not label", ("name the added answers",), (name,))


def _family(stem: str, members: list[str], read: dict, variables: dict, taken: set[str]) -> Drafted | None:
    """Numbered columns as one question: multiple response when all hold 0/1 (or 1/blank), a grid when
    they share one value set; None when they are neither (each is then read on its own)."""
    kinds = [read[m] for m in members]
    if any(k.kind != "codes" or k.text for k in kinds):
        return None
    key = _family_key(stem, taken)
    span = f"{members[0]}...{members[-1]}"
    labelled = [m for m in members if variables.get(m) and variables[m].text != m]
    if all(k.binary for k in kinds) and any(1 in k.codes for k in kinds):
        options = {m: variables[m].text if m in labelled else _suffix(m) for m in members}
        blank = all(k.codes == (1,) for k in kinds)
        why = (f"multi: {len(members)} numbered columns {span}, each holding only "
               + ("1 or blank" if blank else "0 and 1"))
        todo = [] if len(labelled) == len(members) else ["give the options labels (named by their column's number)"]
        entry = {"type": "multi", "text": key, "options": options}
        if blank:  # without 'asked', each option's base would be those who chose it: 100 % each
            entry["asked"] = " or ".join(f"{m} is not missing" for m in members)
            todo.append("blank is read as not chosen, and the base is those who chose at least one option "
                        "(asked:); if others were asked too, give asked: a filter of everyone asked")
        return Drafted(key, "multi", entry, why, tuple(todo) + ("write the question as asked under text",),
                       tuple(members), option_todo=len(labelled) < len(members))
    union = sorted({c for k in kinds for c in k.codes})
    if len(union) > MAX_CODES or any(len(k.codes) * 2 < len(union) for k in kinds):
        return None
    file_labels, differ = shared_labels({m: variables[m] for m in members if m in variables})
    if differ:
        return None  # the file labels a code differently in two of them: not one scale
    items = {m: variables[m].text if m in labelled else _suffix(m) for m in members}
    entry = {"type": "grid", "text": key, "items": items}
    todo = [] if len(labelled) == len(members) else ["name the statements (named by their column's number)"]
    if any(file_labels.get(c) is None for c in union):  # else the file's labels are the scale (see spec.dictionary)
        entry["labels"] = {c: file_labels.get(c, str(c)) for c in union}
        todo.append("name the scale points (labelled with their codes)")
    todo.append("write the question as asked under text")
    return Drafted(key, "grid", entry, f"grid: {len(members)} numbered columns {span} sharing one value set "
                   f"({', '.join(map(str, union))})", tuple(todo), tuple(members))
