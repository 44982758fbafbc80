"""Reading SPSS system files (.sav, .zsav) with their dictionary.

An SPSS file carries more than its answers: variable labels, value labels,
user-missing codes and multiple-response sets. :func:`read_sav` returns the
answers as :class:`~deckgen.data.loaders.Responses` and turns the dictionary
into a codebook (the YAML schema, as a plain dict) whose questions the user's
own codebook may then change, key by key (:func:`sav_dictionary` hands the
variables and the codebook to :mod:`deckgen.spec.dictionary`, which merges):

- a variable with value labels is a ``single`` question, its labels in code
  order, without user-missing codes and without leading interviewer
  instructions ("(DO NOT READ) Don't know" reads "Don't know");
- a multiple dichotomy set is a ``multi`` question (one column per option,
  ``selected`` the counted value);
- a multiple category set is a ``mentions`` question (first mention, second
  mention, ... as columns sharing one set of labels);
- every other variable stays a plain column, usable in filters and as a weight.

SPSS semantics are kept: user-missing codes are missing, so they fall out of
every base, exactly as system-missing values do.

pyreadstat is imported only when a .sav file is read.
"""

from __future__ import annotations

import mmap
import re
import struct
from pathlib import Path

import numpy as np

from ..errors import InputError, Location
from ..files import regular_file
from ..spec.dictionary import FileDictionary, FileVariable, UserMissing, code_order, shared_labels
from ..spec.roles import without_instruction
from .loaders import Responses

#: print formats whose values are dates (seconds since 1582-10-14); they become ISO text
DATE_FORMATS = frozenset({"DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR", "MOYR", "WKYR"})
DATETIME_FORMATS = frozenset({"DATETIME", "YMDHMS", "DATETIMEMS"})


# -- reading -----------------------------------------------------------------------------------------

def _format_kind(fmt: str | None) -> str:
    """'A' (string), 'DATE', 'DATETIME' or 'F' (any other number) from an SPSS format like 'SDATE10'."""
    name = re.match(r"[A-Za-z]*", fmt or "").group(0).upper()
    if name in ("A", "AHEX"):
        return "A"
    if name in DATE_FORMATS:
        return "DATE"
    if name in DATETIME_FORMATS:
        return "DATETIME"
    return "F"


def _unreadable(path: Path, exc: Exception, encoding: str | None) -> InputError:
    """A pyreadstat failure as one line the user can act on."""
    detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    lowered = detail.lower()
    if "unsupported character set" in lowered and encoding:
        return InputError(f"unknown encoding '{encoding}'; use an encoding name such as cp1252, "
                          "latin-1 or utf-8", str(path))
    if "encoding" in lowered or "invalid byte sequence" in lowered:
        read_as = f"encoding '{encoding}'" if encoding else "the encoding the file declares"
        return InputError(f"text in the file is not in {read_as} ({detail}); "
                          "give the file's real encoding, e.g. encoding: cp1252", str(path))
    if "expected number of rows" in lowered:
        return InputError(f"not a readable SPSS .sav file ({detail}: it is probably truncated)", str(path))
    return InputError(f"not a readable SPSS .sav file ({detail})", str(path))


def _reader(path: Path, encoding: str | None):
    """A function reading the given columns (None: none, metadata only) -> (frame, meta)."""
    try:
        import pyreadstat
    except ImportError:
        raise InputError("reading SPSS .sav files needs pyreadstat: pip install 'deckgen[spss]'",
                         str(path)) from None

    def read(columns: list[str] | None):
        try:
            if columns is None:
                return pyreadstat.read_sav(str(path), metadataonly=True, user_missing=True, encoding=encoding)
            return pyreadstat.read_sav(str(path), usecols=columns, user_missing=True, encoding=encoding,
                                       disable_datetime_conversion=True)
        except Exception as exc:  # ReadstatError, PyreadstatError, UnicodeDecodeError, OverflowError, ...
            raise _unreadable(path, exc, encoding) from None

    return read


#: Dictionaries read, by file identity: a command reads a .sav file's dictionary once, although the
#: project (for the codebook) and the survey (for the answers and the weight) both need it.
_DICTIONARIES: dict[tuple, tuple] = {}
_KEEP_DICTIONARIES = 4


def _dictionary(path: Path, encoding: str | None) -> tuple:
    """(pyreadstat metadata, WEIGHT BY variable) of the .sav at *path*, read once while the file is
    unchanged (same inode, size and modification time, so ``watch`` sees an edited file afresh)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, encoding)
    if key not in _DICTIONARIES:
        meta = _reader(path, encoding)(None)[1]
        while len(_DICTIONARIES) >= _KEEP_DICTIONARIES:
            _DICTIONARIES.pop(next(iter(_DICTIONARIES)))
        _DICTIONARIES[key] = (meta, weight_variable(path, list(meta.column_names)))
    return _DICTIONARIES[key]


def _user_missing(rules: list[dict]) -> UserMissing:
    """A variable's user-missing values as pyreadstat reports them: discrete values and (numeric) ranges."""
    discrete, ranges = [], []
    for rule in rules:
        lo, hi = rule.get("lo"), rule.get("hi")
        if isinstance(lo, str) or isinstance(hi, str):
            discrete.extend(str(v).strip() for v in {lo, hi} if v is not None)
        elif lo == hi:
            discrete.append(float(lo))
        else:
            ranges.append((float(lo), float(hi)))
    return UserMissing(tuple(discrete), tuple(ranges))


def _missing_mask(missing: UserMissing, values: np.ndarray) -> np.ndarray:
    """Which of a numeric column's *values* are user-missing."""
    numbers = [v for v in missing.discrete if not isinstance(v, str)]
    out = np.isin(values, numbers) if numbers else np.zeros(len(values), dtype=bool)
    for lo, hi in missing.ranges:
        out |= (values >= lo) & (values <= hi)
    return out


def _to_date_text(values: np.ndarray, with_time: bool) -> np.ndarray:
    """SPSS dates (seconds since 1582-10-14) as ISO text, None for missing."""
    present = np.isfinite(values) & (np.abs(values) < 3e11)  # beyond year 10000 counts as missing
    moments = np.datetime64("1582-10-14T00:00:00", "s") + np.where(present, values, 0).astype("timedelta64[s]")
    text = np.datetime_as_string(moments, unit="s")
    out = np.empty(len(values), dtype=object)
    out[present] = [t.replace("T", " ") if with_time else t[:10] for t in text[present]]
    return out


def _convert(series, kind: str, missing: UserMissing | None) -> np.ndarray:
    """One column as read -> float64 with NaN, or strings with None; user-missing made missing."""
    if kind == "A":
        out = np.empty(len(series), dtype=object)
        drop = set(missing.discrete) if missing else set()
        for i, cell in enumerate(series.tolist()):
            if isinstance(cell, str):
                cell = cell.strip()
                out[i] = None if not cell or cell in drop else cell
            else:
                out[i] = None
        return out
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    if missing is not None:
        values = values.copy() if not values.flags.writeable else values
        values[_missing_mask(missing, values)] = np.nan
    if kind in ("DATE", "DATETIME"):
        return _to_date_text(values, kind == "DATETIME")
    return values


def _as_integers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(ints, present) for a float column holding only whole numbers, else (values, None)."""
    if values.dtype != np.float64:
        return values, None
    present = ~np.isnan(values)
    filled = values[present]
    if not filled.size:
        return values, None
    lo, hi = filled.min(), filled.max()
    if lo < -2**31 or hi >= 2**31 or not np.array_equal(filled, np.floor(filled)):
        return values, None
    dtype = np.int8 if -128 <= lo and hi <= 127 else np.int16 if -2**15 <= lo and hi < 2**15 else np.int32
    ints = np.zeros(len(values), dtype=dtype)
    ints[present] = filled.astype(dtype)
    return ints, present


# -- the dictionary as a codebook ------------------------------------------------------------------

def _code(value):
    """A value-label code as the codebook writes it: int when whole, else as is (strings stripped)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _labels(value_labels: dict, missing: UserMissing) -> dict:
    """Value labels in code order, user-missing codes left out, and shown without leading interviewer
    instructions ("(DO NOT READ) Don't know" is "Don't know" on a slide) unless that would make two of
    them the same."""
    labels = {}
    for raw, label in value_labels.items():
        if missing.covers(raw if isinstance(raw, str) else float(raw)):
            continue
        labels.setdefault(_code(raw), str(label).strip())
    shown = {code: without_instruction(label) for code, label in labels.items()}
    if len(set(shown.values())) == len(set(labels.values())):
        labels = shown
    return {code: labels[code] for code in sorted(labels, key=code_order)}


def file_variables(meta) -> dict[str, FileVariable]:
    """Every variable of an SPSS dictionary: its label (else its name) and its value labels (see :func:`_labels`)."""
    names = list(meta.column_names)
    var_labels = meta.column_labels or [None] * len(names)
    missing = {name: _user_missing(rules) for name, rules in (meta.missing_ranges or {}).items()}
    value_labels = meta.variable_value_labels or {}
    out = {}
    for name, label in zip(names, var_labels):
        gaps = missing.get(name, UserMissing())
        out[name] = FileVariable((label or "").strip() or name, _labels(value_labels.get(name) or {}, gaps), gaps)
    return out


def infer_codebook(meta, variables: dict[str, FileVariable] | None = None) -> dict:
    """The codebook an SPSS dictionary implies: ``{"questions": {key: question, ...}}``."""
    variables = file_variables(meta) if variables is None else variables
    by_lower = {name.lower(): name for name in variables}
    questions: dict[str, dict] = {name: {"type": "single", "text": v.text, "labels": v.labels}
                                  for name, v in variables.items() if v.labels}

    for set_name, mrset in (getattr(meta, "mr_sets", None) or {}).items():
        key = set_name[1:] if set_name.startswith("$") else set_name
        if key in questions or key.lower() in by_lower:
            key = "$" + key  # a variable already has the name: keep the set apart
        members = [by_lower[v.lower()] for v in mrset.get("variable_list") or [] if v.lower() in by_lower]
        if not members:
            continue
        label = (mrset.get("label") or "").strip() or key.lstrip("$")
        if mrset.get("type") == "D" or mrset.get("is_dichotomy"):
            counted = _code(mrset.get("counted_value"))
            questions[key] = {"type": "multi", "text": label, "options": {v: variables[v].text for v in members},
                              "selected": 1 if counted is None else counted}
        else:
            labels = shared_labels({v: variables[v] for v in members})[0]  # the first variable's label of a code wins
            if labels:
                questions[key] = {"type": "mentions", "text": label, "columns": members, "labels": labels}
    return {"questions": questions}


# -- the file weight (pyreadstat does not report it) ------------------------------------------------

def weight_variable(path: Path, columns: list[str] | None = None) -> str | None:
    """The variable an SPSS file is weighted by (WEIGHT BY), or None; None too when unsure.

    Read from the file header: the weight's position among the variable records,
    its short name and the long-name record. *columns* (the file's variable
    names) resolve the case of a short name.
    """
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _weight_variable(data, columns)
    except (OSError, ValueError, struct.error, IndexError):
        return None


def _weight_variable(data, columns: list[str] | None) -> str | None:
    """:func:`weight_variable` over the file's bytes (only the dictionary at its start is read)."""
    if data[:4] not in (b"$FL2", b"$FL3"):
        return None
    endian = "<" if struct.unpack("<i", data[64:68])[0] in (2, 3) else ">"
    weight_index = struct.unpack(endian + "i", data[76:80])[0]
    if weight_index <= 0:
        return None

    def ints(pos, count=1):
        return struct.unpack_from(f"{endian}{count}i", data, pos)

    pos, segment, short_name, long_names = 176, 0, None, {}
    while pos + 4 <= len(data):
        (rec_type,) = ints(pos)
        if rec_type == 2:
            var_type, has_label, n_missing = ints(pos + 4, 3)
            name = data[pos + 24:pos + 32].decode("latin-1").strip()
            segment += 1
            if segment == weight_index and var_type == 0:
                short_name = name
            pos += 32
            if has_label:
                (length,) = ints(pos)
                pos += 4 + (length + 3) // 4 * 4
            pos += abs(n_missing) * 8
        elif rec_type == 3:
            (count,) = ints(pos + 4)
            pos += 8
            for _ in range(count):
                length = data[pos + 8]
                pos += 8 + (length + 1 + 7) // 8 * 8
        elif rec_type == 4:
            (count,) = ints(pos + 4)
            pos += 8 + 4 * count
        elif rec_type == 6:
            (lines,) = ints(pos + 4)
            pos += 8 + 80 * lines
        elif rec_type == 7:
            subtype, size, count = ints(pos + 4, 3)
            if subtype == 13:
                body = data[pos + 16:pos + 16 + size * count]
                try:
                    text = bytes(body).decode("utf-8")
                except UnicodeDecodeError:
                    text = bytes(body).decode("cp1252", "replace")
                for pair in text.split("\t"):
                    short, _, long = pair.partition("=")
                    long_names[short.strip().upper()] = long.strip()
            pos += 16 + size * count
        else:
            break
    if short_name is None:
        return None
    name = long_names.get(short_name.upper(), short_name)
    if columns is not None:
        exact = {c.lower(): c for c in columns}
        return exact.get(name.lower())
    return name


# -- the entry points ---------------------------------------------------------------------------------

def _checked(path: Path, where: Location) -> Path:
    return regular_file(path, where, "data.responses", "SPSS file")


def sav_codebook(path: Path, where: Location, encoding: str | None = None) -> dict:
    """The codebook a .sav file's dictionary implies, read without its data (see :func:`infer_codebook`).

    For callers that need the questions before they know which columns to read.
    """
    path = _checked(path, where)
    return infer_codebook(_dictionary(path, encoding)[0])


def sav_dictionary(path: Path, where: Location, encoding: str | None = None) -> FileDictionary:
    """A .sav file's dictionary, read without its data: the codebook it implies and every variable, over
    which the user's codebook entries are merged (see :mod:`deckgen.spec.dictionary`)."""
    path = _checked(path, where)
    meta = _dictionary(path, encoding)[0]
    variables = file_variables(meta)
    return FileDictionary(path.name, infer_codebook(meta, variables)["questions"], variables)


def sav_weight(path: Path, where: Location, encoding: str | None = None) -> str | None:
    """The variable the .sav file is weighted by (its WEIGHT BY setting), or None."""
    return _dictionary(_checked(path, where), encoding)[1]


def read_sav(path: Path, wanted: set[str] | None, where: Location,
             encoding: str | None = None) -> tuple[Responses, dict]:
    """Read an SPSS .sav: (Responses over the wanted columns (all when None), inferred codebook).

    ``Responses.columns`` lists every variable in the file; the *wanted* ones
    are read at once, any other when asked for (one more pass over the file).
    Numbers come as float64 with NaN for system- and user-missing values (and
    ``raw()`` gives small integers with a present-mask for whole-number
    columns); strings as objects with None for blank or user-missing; dates as
    ISO text (``2020-01-31``, ``2020-01-31 10:11:12``). *encoding* overrides
    the encoding the file declares (e.g. ``cp1252``).
    """
    path = _checked(path, where)
    read = _reader(path, encoding)
    meta = _dictionary(path, encoding)[0]
    names = list(meta.column_names)
    if not names:
        raise InputError("the SPSS file has no variables", str(path))
    kinds = {name: _format_kind((meta.original_variable_types or {}).get(name)) for name in names}
    for name, vtype in (getattr(meta, "readstat_variable_types", None) or {}).items():
        if vtype == "string":
            kinds[name] = "A"
    missing = {name: _user_missing(rules) for name, rules in (meta.missing_ranges or {}).items()}

    def load(columns: list[str]) -> tuple[dict[str, np.ndarray], int]:
        frame, _ = read(columns)
        return {c: _convert(frame[c], kinds[c], missing.get(c)) for c in columns if c in frame.columns}, len(frame)

    keep = names if wanted is None else [c for c in names if c in wanted]
    loaded: dict[str, np.ndarray] = {}
    n = meta.number_rows if isinstance(meta.number_rows, int) and meta.number_rows >= 0 else None
    if keep or n is None:
        loaded, n = load(keep or names[:1])
        if not keep:
            loaded = {}

    def fetch(name: str) -> np.ndarray:
        if name in loaded:
            return loaded[name].copy()
        values = load([name])[0].get(name)
        if values is None:
            raise KeyError(name)
        return values

    def fetch_raw(name: str) -> tuple:
        values = fetch(name)
        if kinds.get(name) != "F":
            return values, None
        return _as_integers(values)

    return Responses(names, n, fetch, path, fetch_raw), infer_codebook(meta)
