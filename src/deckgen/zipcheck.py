"""Zip packages checked before they are opened: no part may inflate past the limits.

A .pptx template and an .xlsx data file are zip packages, and python-pptx
and openpyxl inflate their parts into memory. A 1.4 MB file can declare parts
of gigabytes (a "zip bomb"), so each part's declared size is checked against
``limits.zip_part_bytes``, their sum against ``limits.zip_total_bytes``, and
the ratio of inflated to compressed size against ``limits.zip_ratio``.

The declared sizes are a sound bound: Python's :mod:`zipfile`, which both
libraries read through, stops inflating a part at its declared size and then
fails its CRC check, so a part cannot inflate past what its header says.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import limits
from .errors import Location

#: Parts smaller than this are not judged by their compression ratio: a sheet of repeated empty cells
#: compresses by far more than 100:1 without being a bomb, and a megabyte is harmless anyway.
RATIO_FLOOR = 1_000_000

#: The package relationship of the thumbnail image (``docProps/thumbnail.*``).
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def check_package(path: Path, where: Location | str, key: str | None = None) -> None:
    """Refuse *path* if a part of it would inflate past the limits; a file that is no zip passes
    (the reader that opens it next says what it is)."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    bound = limits.current()
    name = Path(path).name
    total = 0
    for part in parts:
        size = part.file_size
        if size > bound.zip_part_bytes:
            raise limits.exceeded("zip_part_bytes", f"part '{part.filename}' of {name} inflates to {size:,} bytes",
                                  where, key)
        if size > RATIO_FLOOR and size > bound.zip_ratio * max(part.compress_size, 1):
            raise limits.exceeded("zip_ratio", f"part '{part.filename}' of {name} inflates "
                                  f"{size // max(part.compress_size, 1):,} times (a zip bomb?)", where, key)
        total += size
        if total > bound.zip_total_bytes:
            raise limits.exceeded("zip_total_bytes", f"the parts of {name} inflate to more than {total:,} bytes",
                                  where, key)


def drop_thumbnail(prs) -> None:
    """Leave the template's thumbnail out of the deck: it pictures the template, not the deck, and
    PowerPoint draws a new one when it saves."""
    package = prs.part.package
    for rel_id, rel in list(package._rels.items()):
        if rel.reltype == THUMBNAIL:
            package.drop_rel(rel_id)
