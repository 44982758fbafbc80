"""Input files checked before they are opened: only regular files are read.

A folder given as a data file fails late with a confusing message; a pipe
(FIFO) blocks the open for ever; a device like ``/dev/urandom`` never ends.
Every input path (spec, codebook, respondent data, SPSS file) goes through
:func:`regular_file` first.
"""

from __future__ import annotations

import stat
from pathlib import Path

from .errors import InputError, Location


def regular_file(path: Path, where: Location | str, key: str | None, what: str) -> Path:
    """*path* if it is an existing regular file; a folder, pipe or device is refused up front."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{what} '{path}' not found", where, key) from None
    except OSError as exc:
        raise InputError(f"{what} '{path}' cannot be read ({exc.strerror})", where, key) from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{what} '{path}' is a folder; give the file inside it", where, key)
    if not stat.S_ISREG(mode):
        raise InputError(f"{what} '{path}' is not a regular file (a pipe, socket or device); "
                         "save it to a file and give its path", where, key)
    return path


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing one of *path* and the folders above it, when that is a file, not a folder:
    *path* cannot then be created as a file or folder (``out/deck.pptx`` where ``out`` is a file)."""
    for candidate in (Path(path), *Path(path).parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None
