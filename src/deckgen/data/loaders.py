"""Reading respondent files: one row per respondent, one column per variable.

CSV (UTF-8), Excel (.xlsx) and Parquet are read with only the columns the
codebook and the spec need. Parquet stays in Arrow memory and each column is
converted to NumPy only when asked for, so a million respondents by a few
hundred variables fits comfortably in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..errors import InputError, Location

SUPPORTED = (".csv", ".xlsx", ".xlsm", ".parquet")


class Responses:
    """Respondent-level data as named columns of equal length.

    ``columns`` lists every column in the file (for did-you-mean); only the
    loaded ones can be fetched. ``column(name)`` returns a NumPy array: float64 with NaN for missing numeric
    values, or an object array of strings (None for missing).
    """

    def __init__(self, columns: list[str], n: int, fetch: Callable[[str], np.ndarray], path: Path):
        self.columns = columns
        self.n = n
        self._fetch = fetch
        self.path = path

    def column(self, name: str) -> np.ndarray:
        """The values of column *name* (not cached: callers keep what they need)."""
        return self._fetch(name)


def _numeric_or_text(values) -> np.ndarray:
    """Normalise a column: numbers as float64 (NaN missing), anything else as object strings."""
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        numeric = pd.to_numeric(series, errors="coerce")
        text = series.notna() & series.astype(str).str.strip().ne("")
        if numeric.notna().sum() == text.sum():  # every non-empty cell is a number
            return numeric.to_numpy(dtype="float64", na_value=np.nan)
        out = series.astype(object).where(text, None).to_numpy(dtype=object)
        return np.array([v.strip() if isinstance(v, str) else v for v in out], dtype=object)
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64").to_numpy()
    return series.to_numpy(dtype="float64", na_value=np.nan)


def _from_frame(frame, path: Path, header=None, read_column=None) -> Responses:
    """Responses over a DataFrame; columns in *header* but not loaded are read with *read_column*."""
    columns = [str(c) for c in (frame.columns if header is None else header)]

    def fetch(name: str) -> np.ndarray:
        return _numeric_or_text(frame[name] if name in frame.columns else read_column(name))

    return Responses(columns, len(frame), fetch, path)


def _read_csv(path: Path, wanted: set[str]):
    import pandas as pd

    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
        usecols = [c for c in header if c in wanted]
        frame = pd.read_csv(path, usecols=usecols, encoding="utf-8-sig", low_memory=False)
        return frame, list(header)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the CSV as UTF-8", str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty; expected a header row and one row per respondent", str(path)) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"cannot parse CSV: {str(exc).strip().splitlines()[-1]}", str(path)) from None


def _read_excel(path: Path, sheet):
    import pandas as pd

    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, engine="openpyxl")
        frame.columns = [str(c) for c in frame.columns]
        return frame
    except ValueError as exc:
        raise InputError(f"cannot read sheet {sheet!r}: {exc}", str(path)) from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for corrupt workbooks
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__}); "
                         "save it again from Excel", str(path)) from None


def _read_parquet(path: Path, wanted: set[str]) -> Responses:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'deckgen[parquet]'", str(path)) from None
    try:
        schema = pq.read_schema(path)
        columns = [c for c in schema.names if c in wanted]
        table = pq.read_table(path, columns=columns)
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({exc})", str(path)) from None

    import pyarrow as pa

    def fetch(name: str) -> np.ndarray:
        col = table.column(name) if name in table.column_names else pq.read_table(path, columns=[name]).column(0)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_boolean(col.type):
            return col.cast(pa.float64()).to_numpy()  # nulls become NaN
        return _numeric_or_text(col.to_pandas())

    return Responses(list(schema.names), table.num_rows, fetch, path)


def load_responses(path: Path, wanted: Iterable[str], where: Location, sheet=None) -> Responses:
    """Load the respondent file at *path*, keeping the *wanted* columns that exist.

    *where* locates ``data.responses`` in the spec for errors about the file itself.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"respondent file '{path}' not found", where, "data.responses")
    suffix = path.suffix.lower()
    wanted = set(wanted)
    if suffix == ".csv":
        frame, header = _read_csv(path, wanted)
        responses = _from_frame(frame, path, header, lambda name: _read_csv(path, {name})[0][name])
    elif suffix in (".xlsx", ".xlsm"):
        responses = _from_frame(_read_excel(path, sheet), path)
    elif suffix == ".parquet":
        responses = _read_parquet(path, wanted)
    else:
        raise InputError(f"cannot read '{suffix}' files; expected one of {', '.join(SUPPORTED)}",
                         where, "data.responses")
    if responses.n == 0:
        raise InputError("the file has a header but no respondents", str(path))
    return responses
