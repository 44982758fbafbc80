"""How much memory a respondent file would take once read, which ``data.engine: auto`` weighs.

The in-memory engine holds every needed column as read (an integer or float column: 8 bytes a cell) and,
for each question, its coded positions (2 bytes a cell), so a file of R respondents and C needed columns
takes about R x C x 10 bytes, whatever its size on disk: a Parquet file of int8 codes is ten times smaller.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Bytes a cell takes in memory once read and coded (see the module docstring).
BYTES_PER_CELL = 10

#: Bytes of the start of a CSV whose lines give the average line length.
SAMPLE_BYTES = 1 << 20


def estimated_rows(path: Path) -> int | None:
    """Respondents in a .parquet file (from its footer) or a .csv (its size over the average length of its
    first lines); None for other files, which are not large enough to matter or not read out of core."""
    suffix = path.suffix.lower()
    if not path.is_file():  # a pipe or device is never opened here (reading it could block): the reader refuses it
        return None
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if suffix == ".csv":
            size = path.stat().st_size
            with open(path, "rb") as fh:
                sample = fh.read(SAMPLE_BYTES)
            lines = sample.count(b"\n")
            if lines <= 1 or len(sample) == size:
                return max(lines - 1, 0)
            return int(size / (len(sample) / lines)) - 1
    except Exception:  # unreadable: the reader says why, with its location
        return None
    return None


def in_memory_bytes(path: Path, columns: int) -> int | None:
    """About how many bytes *columns* columns of the file at *path* take in memory (None: unknown)."""
    rows = estimated_rows(path)
    return None if rows is None else rows * columns * BYTES_PER_CELL


def physical_memory() -> int | None:
    """This machine's memory in bytes (None where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
