"""Reading respondent files: one row per respondent, one column per variable.

CSV (UTF-8), Excel (.xlsx) and Parquet are read with only the columns the
codebook and the spec need. A survey-sized CSV is read with the standard library
(quicker than importing any data library); a larger one, like Parquet, with
pyarrow on every core. Arrow data stays in Arrow memory and each column is
converted to NumPy only when asked for, integers as integers, so a million
respondents by a few hundred variables fits comfortably in memory.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..errors import InputError, Location
from ..files import regular_file
from ..stages import OnStage, Stage
from ..zipcheck import check_package

SUPPORTED = (".csv", ".xlsx", ".xlsm", ".parquet", ".sav", ".zsav")


class Responses:
    """Respondent-level data as named columns of equal length.

    ``columns`` lists every column in the file (for did-you-mean); only the
    loaded ones can be fetched. ``column(name)`` returns a NumPy array: float64
    with NaN for missing numeric values, or an object array of strings (None
    for missing). ``raw(name)`` may instead give integer codes with a mask of
    the cells that are present, which is several times cheaper to code.
    """

    def __init__(self, columns: list[str], n: int, fetch: Callable[[str], np.ndarray], path: Path,
                 fetch_raw: Callable[[str], tuple] | None = None):
        self.columns = columns
        self.n = n
        self._fetch = fetch
        self._fetch_raw = fetch_raw
        self.path = path

    def column(self, name: str) -> np.ndarray:
        """The values of column *name* (not cached: callers keep what they need)."""
        return self._fetch(name)

    def raw(self, name: str) -> tuple[np.ndarray, np.ndarray | None]:
        """(values, present): integer values with a present-mask where the file stores integers,
        else ``(column(name), None)``."""
        return self._fetch_raw(name) if self._fetch_raw else (self._fetch(name), None)

    def subset(self, keep: np.ndarray) -> "Responses":
        """The same file with only the respondents *keep* selects (a boolean mask over all rows)."""
        def fetch(name: str) -> np.ndarray:
            return self.column(name)[keep]

        def fetch_raw(name: str) -> tuple:
            values, present = self.raw(name)
            return values[keep], None if present is None else present[keep]

        return Responses(self.columns, int(np.count_nonzero(keep)), fetch, self.path, fetch_raw)


def _cells_to_array(cells) -> np.ndarray:
    """A column of cells as read: float64 (NaN missing) when every filled cell is a number, else strings."""
    cleaned = []
    for cell in cells:
        if isinstance(cell, str):
            cell = cell.strip() or None
        elif cell is not None and cell != cell:  # NaN
            cell = None
        cleaned.append(cell)
    try:
        return np.array([np.nan if c is None else float(c) for c in cleaned], dtype=np.float64)
    except (TypeError, ValueError):
        return np.array([c if c is None else str(c) for c in cleaned], dtype=object)


def _series_to_array(series) -> np.ndarray:
    """A pandas column as float64 (NaN missing) or, for text, as strings."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return _cells_to_array(series.tolist())


def _from_frame(frame, path: Path, header=None, read_column=None) -> Responses:
    """Responses over a DataFrame; columns in *header* but not loaded are read with *read_column*."""
    columns = [str(c) for c in (frame.columns if header is None else header)]

    def fetch(name: str) -> np.ndarray:
        return _series_to_array(frame[name] if name in frame.columns else read_column(name))

    return Responses(columns, len(frame), fetch, path)


#: CSV files up to this size are read with the standard library: for survey-sized files that is
#: faster than importing pandas at all.
SMALL_CSV_BYTES = 8 * 1024 * 1024


def _unique_header(header: list[str], path: Path) -> list[str]:
    """*header* if no column name repeats: a repeated name would leave one of the columns unreachable."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen:
            raise InputError(f"column '{name}' appears twice in the header (columns {seen[name] + 1} and {i + 1}); "
                             "give each column its own name", Location(str(path), 1))
        seen[name] = i
    return header


def _csv_error(path: Path) -> InputError:
    """Where a CSV stops being UTF-8, and what it probably is instead."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return InputError("not UTF-8 text; save the CSV as UTF-8", str(path))
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = raw.count(b"\n", 0, bad) + 1
    column = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
    guess = ""
    for encoding in ("cp1252", "latin-1"):
        try:
            raw.decode(encoding)
            guess = f" (it reads as {'Windows-1252' if encoding == 'cp1252' else 'Latin-1'})"
            break
        except UnicodeDecodeError:
            continue
    return InputError(f"byte 0x{raw[bad]:02x} is not UTF-8 text{guess}; save the CSV as UTF-8",
                      Location(str(path), line, column))


def _csv_cells(path: Path, wanted: set[str]) -> tuple[list[str], dict[str, list], int]:
    """(header, the wanted columns' cells, number of rows) of a CSV, read with the csv module.

    A cell may be as long as the file (pandas, for larger files, has no
    bound either), not only the csv module's default of 131,072 characters.
    """
    previous = csv.field_size_limit(max(SMALL_CSV_BYTES, path.stat().st_size) + 1)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if not header:
                raise InputError("the file is empty; expected a header row and one row per respondent", str(path))
            _unique_header(header, path)
            keep = [(i, name) for i, name in enumerate(header) if name in wanted]
            cells: dict[str, list] = {name: [] for _, name in keep}
            n = 0
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise InputError(f"line {reader.line_num} has {len(row)} fields but the header has "
                                     f"{len(header)}", str(path))
                for i, name in keep:
                    cells[name].append(row[i])
                n += 1
    except UnicodeDecodeError:
        raise _csv_error(path) from None
    except csv.Error as exc:
        raise InputError(f"cannot parse CSV: {exc}", str(path)) from None
    finally:
        csv.field_size_limit(previous)
    return header, cells, n


def _read_csv_small(path: Path, wanted: set[str]) -> Responses:
    header, cells, n = _csv_cells(path, wanted)

    def fetch(name: str) -> np.ndarray:
        if name not in cells:
            cells.update(_csv_cells(path, {name})[1])
        return _cells_to_array(cells[name])

    return Responses(header, n, fetch, path)


def _csv_header(path: Path) -> list[str]:
    """The header row of a large CSV as written, read with the csv module."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError:
        raise _csv_error(path) from None
    except csv.Error as exc:
        raise InputError(f"cannot parse CSV: {exc}", Location(str(path), 1)) from None
    if not header:
        raise InputError("the file is empty; expected a header row and one row per respondent", str(path))
    return header


def _read_csv(path: Path, wanted: set[str]) -> Responses:
    if path.stat().st_size <= SMALL_CSV_BYTES:
        return _read_csv_small(path, wanted)
    return _read_csv_arrow(path, wanted)


def _kept_type(kind) -> bool:
    """Whether a CSV column read as Arrow type *kind* is kept: numbers (integers stay integers, so coding takes
    the integer lookup) and text. Anything else Arrow infers (true/false, dates, times) is read again as the
    text it was, as the small-file path reads it, so both paths give the same answers."""
    import pyarrow as pa

    return (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_string(kind)
            or pa.types.is_large_string(kind) or pa.types.is_null(kind))


#: Arrow's message for a cell that does not fit the type it guessed: "In CSV column #3: ... conversion error"
_CONVERSION = re.compile(r"In CSV column #(\d+):.*conversion error", re.S)


def _read_csv_arrow(path: Path, wanted: set[str]) -> Responses:
    """A large CSV, parsed by pyarrow on every core straight into typed columns (no pandas).

    Only an empty cell is missing, as in the small-file path: "NA" or "null" may be a label (Namibia's
    country code), so they are answers like any other text, never silently nothing.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        raise InputError("reading a CSV over 8 MB needs pyarrow: pip install 'deckgen[parquet]'", str(path)) from None
    header = _unique_header(_csv_header(path), path)

    multiline = False  # a quoted answer over several lines: the parser is told, slower, only if needed

    def read(columns: list[str], text: frozenset[str] = frozenset()):
        """The *columns*, those in *text* read as text: a column whose type Arrow guessed from the first
        block and that holds another kind of value further down (a '2.5' among whole numbers, a word among
        codes) is read again as text, which the coding reads as the small-file path does."""
        nonlocal multiline
        types = {c: pa.int16() for c in columns if c in narrow and c not in text}
        types.update({c: pa.string() for c in text})
        convert = pacsv.ConvertOptions(include_columns=columns, null_values=[""], strings_can_be_null=True,
                                       column_types=types)
        try:
            table = pacsv.read_csv(path, convert_options=convert,
                                   parse_options=pacsv.ParseOptions(newlines_in_values=multiline))
        except pa.ArrowInvalid as exc:
            found = _CONVERSION.search(str(exc))
            name = header[int(found.group(1))] if found else None
            if name in narrow:  # a code beyond the first block's range: read at the width Arrow guesses
                narrow.discard(name)
                return read(columns, text)
            if name in columns and name not in text:
                return read(columns, text | {name})
            if "newlines_in_values" in str(exc) and not multiline:
                multiline = True
                return read(columns, text)
            raise _arrow_csv_error(path, exc) from None
        if any(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type) for f in table.schema):
            raise _csv_error(path)  # Arrow keeps bytes that are not UTF-8 as binary
        retyped = [f.name for f in table.schema if not _kept_type(f.type)]
        if retyped:
            again = read(retyped, frozenset(retyped))
            for name in retyped:
                table = table.set_column(table.schema.get_field_index(name), name, again.column(name))
        return table

    columns = [c for c in header if c in wanted]
    narrow = _small_integers(path, columns)
    table = read(columns) if columns else pa.table({})  # Arrow would read every column when asked for none
    n = table.num_rows if columns else read(header[:1], frozenset(header[:1])).num_rows  # as text: any column
    return _arrow_responses(table, header, n, path, lambda name: read([name]).column(0))


def _small_integers(path: Path, columns: list[str]) -> set[str]:
    """The *columns* whose values in the file's first megabyte are all whole numbers within int16: read as
    int16 rather than Arrow's int64, a quarter of the memory while the file is read (answer codes almost
    always are). A value beyond it further down makes the read retry that column at Arrow's own width."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    if not columns:
        return set()
    with open(path, "rb") as fh:
        sample = fh.read(1 << 20)
    sample = sample[:sample.rfind(b"\n") + 1]
    try:
        table = pacsv.read_csv(pa.py_buffer(sample), convert_options=pacsv.ConvertOptions(
            include_columns=columns, null_values=[""], strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowKeyError):  # a quoted line cut short, a column not in the sample
        return set()
    small = set()
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_integer(col.type) and col.null_count < len(col):
            low, high = pc.min(col).as_py(), pc.max(col).as_py()
            if -2 ** 15 <= low and high < 2 ** 15:
                small.add(name)
    return small


def _arrow_csv_error(path: Path, exc: Exception) -> InputError:
    """A CSV Arrow could not parse, located: the csv module finds the line (Arrow's message has none)."""
    if "UTF8" in str(exc) or "UTF-8" in str(exc):
        return _csv_error(path)
    _csv_cells(path, set())  # raises the located error for a row with the wrong number of fields
    return InputError(f"cannot parse CSV: {str(exc).strip().splitlines()[0]}", str(path))


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_part(package, sheet) -> tuple[str, str] | None:
    """(name, part path) of the worksheet *sheet* (a name, an index, or None for the first)."""
    import posixpath
    from xml.etree import ElementTree

    sheets = ElementTree.fromstring(package.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
    chosen = [(s.get("name"), s.get(f"{_REL}id")) for s in sheets]
    if isinstance(sheet, str):
        chosen = [c for c in chosen if c[0] == sheet]
    elif isinstance(sheet, int):
        chosen = chosen[sheet:sheet + 1]
    if not chosen:
        return None
    name, rel_id = chosen[0]
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target")
            return name, target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    return None


def _uncached(cell) -> bool:
    """Whether a ``<c>`` element is a formula without a saved result (no ``<v>``, or an empty one,
    which openpyxl writes; an empty text result, ``t="str"``, is a saved result)."""
    if cell.find(f"{_MAIN}f") is None:
        return False
    value = cell.find(f"{_MAIN}v")
    return value is None or (not value.text and cell.get("t") != "str")


def _refuse_uncached_formulas(path: Path, sheet) -> None:
    """A formula cell without a cached value is an error naming the cell.

    Excel stores each formula's last result beside it; a workbook written by
    a script (openpyxl, xlsxwriter) stores none, and every reader, pandas
    included, then sees an empty cell: a missing answer, silently.
    """
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as package:
            found = _sheet_part(package, sheet)
            if found is None:
                return  # no such sheet: pandas says so
            name, part = found
            with package.open(part) as xml:
                for _, cell in ElementTree.iterparse(xml):
                    if cell.tag != f"{_MAIN}c":
                        continue
                    if _uncached(cell):
                        raise InputError(f"cell {name}!{cell.get('r')} holds a formula with no saved result, "
                                         "which would read as a missing answer; open the file in Excel and save "
                                         "it, so that every formula's value is stored", str(path))
                    cell.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return  # not a well-formed workbook: pandas reports it


def _read_excel(path: Path, sheet):
    import pandas as pd

    _refuse_uncached_formulas(path, sheet)
    try:
        first = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, engine="openpyxl", header=None,
                              nrows=1)
        _unique_header([str(c) for c in first.iloc[0].tolist()] if len(first) else [], path)  # not 'x.1'
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, engine="openpyxl")
        frame.columns = [str(c) for c in frame.columns]
        return frame
    except InputError:
        raise
    except ValueError as exc:
        raise InputError(f"cannot read sheet {sheet!r}: {exc}", str(path)) from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for corrupt workbooks
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__}); "
                         "save it again from Excel", str(path)) from None


def _validity(col) -> np.ndarray:
    """Which cells of an Arrow array hold a value, unpacked from its validity bitmap (one bit per cell, least
    significant first) without building an Arrow boolean array first."""
    if not col.null_count:
        return np.ones(len(col), dtype=bool)
    bits = np.frombuffer(col.buffers()[0], dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little", count=col.offset + len(col))[col.offset:].view(bool)


def _arrow_values(col) -> tuple[np.ndarray, np.ndarray]:
    """(values, present) of an Arrow number or true/false array, read from its buffers as they are (numbers
    zero-copy; the slots of nulls hold arbitrary values, masked by *present*). pyarrow's own ``to_numpy``
    would import pandas for a chunked column, half a second of start-up."""
    import pyarrow as pa

    kind = col.type
    if pa.types.is_boolean(kind):
        bits = np.frombuffer(col.buffers()[1], dtype=np.uint8)
        values = np.unpackbits(bits, bitorder="little", count=col.offset + len(col))[col.offset:]
        return values, _validity(col)
    letter = "f" if pa.types.is_floating(kind) else "i" if pa.types.is_signed_integer(kind) else "u"
    values = np.frombuffer(col.buffers()[1], dtype=np.dtype(f"{letter}{kind.byte_width}"), count=len(col),
                           offset=col.offset * kind.byte_width)
    return values, _validity(col)


def _read_parquet(path: Path, wanted: set[str]) -> Responses:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'deckgen[parquet]'", str(path)) from None
    try:
        source = pq.ParquetFile(path, memory_map=True)
        names = source.schema_arrow.names
        _unique_header(names, path)
        table = source.read(columns=[c for c in names if c in wanted])
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({exc})", str(path)) from None
    return _arrow_responses(table, list(names), source.metadata.num_rows, path,
                            lambda name: source.read(columns=[name]).column(0))


def _arrow_responses(table, columns: list[str], n: int, path: Path, read_column: Callable) -> Responses:
    """Responses over an Arrow table (Parquet or a large CSV): a column is converted to NumPy only when asked
    for, and integer columns are handed out as they are stored, with their validity, for the integer coding.
    A column not in *table* is read with *read_column*."""
    import pyarrow as pa

    def arrow_column(name: str):
        return table.column(name) if name in table.column_names else read_column(name)

    def fetch(name: str) -> np.ndarray:
        col = arrow_column(name)
        if pa.types.is_null(col.type):
            return np.full(len(col), np.nan)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_boolean(col.type):
            values, present = _arrow_values(col.combine_chunks())
            values = values.astype(np.float64)  # a copy: the buffer stays Arrow's
            values[~present] = np.nan
            return values
        return _cells_to_array(col.to_pylist())

    def fetch_raw(name: str) -> tuple:
        col = arrow_column(name)
        if not pa.types.is_integer(col.type):
            return fetch(name), None
        return _arrow_values(col.combine_chunks())

    return Responses(columns, n, fetch, path, fetch_raw)


def load_responses(path: Path, wanted: Iterable[str], where: Location, sheet=None,
                   encoding: str | None = None, on_stage: OnStage | None = None) -> Responses:
    """Load the respondent file at *path*, keeping the *wanted* columns that exist.

    *where* locates ``data.responses`` in the spec for errors about the file itself. *on_stage* is told the
    reading (rows and seconds) once the file is read: on a large file it is the longest wait of a build.
    """
    started = time.perf_counter()
    path = regular_file(path, where, "data.responses", "respondent file")
    suffix = path.suffix.lower()
    wanted = set(wanted)
    if suffix == ".csv":
        responses = _read_csv(path, wanted)
    elif suffix in (".xlsx", ".xlsm"):
        check_package(path, where, "data.responses")
        responses = _from_frame(_read_excel(path, sheet), path)
    elif suffix == ".parquet":
        responses = _read_parquet(path, wanted)
    elif suffix in (".sav", ".zsav"):
        from .spss import read_sav

        responses = read_sav(path, wanted, where, encoding)[0]
    else:
        raise InputError(f"cannot read '{suffix}' files; expected one of {', '.join(SUPPORTED)}",
                         where, "data.responses")
    if responses.n == 0:
        raise InputError("the file has a header but no respondents", str(path))
    if on_stage is not None:
        on_stage(Stage("reading", time.perf_counter() - started, responses.n, "rows", path.name))
    return responses
