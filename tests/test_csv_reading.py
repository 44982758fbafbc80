"""A large CSV is read by pyarrow's parser; it must give every column exactly as the small-file path does.

The small-file path (the csv module) is the reference: its rules are the ones users have seen: only an
empty cell is missing, text stays text ("NA", "true", dates), numbers are numbers. The large-file path
reads integers as integers (so coding takes the integer lookup) and must still give the same values.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from deckgen.data import loaders
from deckgen.data.loaders import load_responses
from deckgen.errors import InputError, Location

pytest.importorskip("pyarrow")

WHERE = Location("slides.yaml", 3)


def write_survey(path, rows: int = 40_000) -> list[str]:
    """A CSV over Arrow's first block (1 MB), so that a value far down differs from what the top suggests."""
    rng = np.random.default_rng(5)
    lines = ['id,q,late,decimal,label,na,flag,day,quoted,blank,padded']
    for i in range(rows):
        q = "" if i % 7 == 0 else str(rng.integers(1, 6))
        late = "2.5" if i == rows - 2 else ("skip" if i == rows - 1 else str(i % 4))
        quoted = '"Yes, with a comma"' if i % 3 else '"two\nlines"'
        lines.append(f"{i},{q},{late},{i / 8},{'Ja' if i % 2 else 'Nej'},{'NA' if i % 5 == 0 else 'SE'},"
                     f"{'true' if i % 2 else 'false'},2024-01-{i % 28 + 1:02d},{quoted},, {i % 3} ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # with a byte-order mark, as Excel writes
    return lines[0].split(",")


def read_both(path, columns, monkeypatch):
    small = load_responses(path, columns, WHERE)
    monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    large = load_responses(path, columns, WHERE)
    return small, large


def test_every_column_is_read_as_the_small_file_path_reads_it(tmp_path, monkeypatch):
    path = tmp_path / "responses.csv"
    header = write_survey(path)
    assert path.stat().st_size > 1 << 20
    small, large = read_both(path, header, monkeypatch)
    assert (large.n, large.columns) == (small.n, small.columns) == (40_000, header)
    for name in header:
        a, b = small.column(name), large.column(name)
        assert a.dtype == b.dtype, name
        if a.dtype == object:
            assert a.tolist() == b.tolist(), name
        else:
            np.testing.assert_array_equal(a, b, err_msg=name)
    assert large.column("na")[0] == "NA"  # a label, not a missing answer
    assert large.column("late")[-3:].tolist() == [1.0, 2.5, "skip"] or large.column("late").dtype == object


def test_integer_columns_come_as_integers_with_their_blanks(tmp_path, monkeypatch):
    path = tmp_path / "responses.csv"
    write_survey(path)
    monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    values, present = load_responses(path, {"q"}, WHERE).raw("q")
    assert values.dtype.kind == "i"
    expected = ~(np.arange(40_000) % 7 == 0)  # every 7th answer blank, as written
    np.testing.assert_array_equal(present, expected)


def test_a_column_not_asked_for_is_read_when_needed(tmp_path, monkeypatch):
    path = tmp_path / "responses.csv"
    write_survey(path)
    small, large = read_both(path, set(), monkeypatch)
    assert large.n == small.n == 40_000
    assert large.column("label").tolist() == small.column("label").tolist()


@pytest.mark.parametrize("path_kind", ["small", "large"])
def test_a_row_with_too_few_fields_is_located(tmp_path, monkeypatch, path_kind):
    path = tmp_path / "responses.csv"
    path.write_text("id,q\n1,2\n2,3\n3\n4,1\n", encoding="utf-8")
    if path_kind == "large":
        monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    with pytest.raises(InputError, match="line 4 has 1 fields but the header has 2"):
        load_responses(path, {"id", "q"}, WHERE)


@pytest.mark.parametrize("column", ["q", "label"])
def test_bytes_that_are_not_utf8_are_located(tmp_path, monkeypatch, column):
    """Arrow keeps a number column's stray bytes as binary and checks text columns: both are the same error."""
    path = tmp_path / "responses.csv"
    cell = b"2\xe9" if column == "q" else b"M\xe4lar"
    path.write_bytes(b"id,q,label\n1,2,Ja\n2," + (cell + b",Nej" if column == "q" else b"3," + cell) + b"\n")
    monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    with pytest.raises(InputError, match=r"byte 0xe[49] is not UTF-8 text \(it reads as Windows-1252\)") as err:
        load_responses(path, {"id", "q", "label"}, WHERE)
    assert err.value.location.line == 3


def test_a_large_csv_build_imports_no_pandas(tmp_path):
    """The large-file path reads with pyarrow alone: pandas' import (about half a second) is not paid."""
    from conftest import copy_project

    spec = copy_project(tmp_path)
    csv = spec.parent / "data" / "responses.csv"
    header, *rows = csv.read_text(encoding="utf-8").splitlines()
    repeat = (loaders.SMALL_CSV_BYTES // len("\n".join(rows))) + 1
    csv.write_text("\n".join([header, *rows * repeat]) + "\n", encoding="utf-8")
    assert csv.stat().st_size > loaders.SMALL_CSV_BYTES
    code = ("import sys, runpy; sys.argv = ['deckgen', 'build', 'slides.yaml', '-o', 'deck.pptx']\n"
            "try:\n    runpy.run_module('deckgen', run_name='__main__')\n"
            "except SystemExit as done:\n    assert not done.code, done.code\n"
            "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=spec.parent, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['pyarrow']"


def test_a_large_code_below_the_first_megabyte_is_read_whole(tmp_path, monkeypatch):
    """Columns whose first megabyte holds small codes are read as int16; a code beyond int16 further down
    must come back as itself (read again at full width), never wrapped or lost."""
    path = tmp_path / "responses.csv"
    rows = [f"{i},{i % 5 + 1},{i % 3}" for i in range(150_000)] + ["150000,40000,70000"]
    path.write_text("id,q,r\n" + "\n".join(rows) + "\n", encoding="utf-8")
    small, large = read_both(path, {"id", "q", "r"}, monkeypatch)
    for name in ("q", "r"):
        np.testing.assert_array_equal(large.column(name), small.column(name))
        values, _ = large.raw(name)
        assert values.dtype.kind == "i" and int(values[-1]) == int(small.column(name)[-1])
