"""Writing a presentation to disk: deterministic bytes, atomic replacement.

python-pptx stamps every zip member with the current time and leaves core
properties to the template. Two builds from the same inputs must give the same
bytes (so a deck can be diffed, cached and checked into version control), so the
package is re-zipped with a fixed timestamp and fixed core properties.

The file is written to a temporary sibling and moved into place with
``os.replace``: a build that fails part-way never leaves a half-written deck
where the previous good one was.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

#: Timestamp given to every zip member and to the core properties.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DATETIME = _dt.datetime(2000, 1, 1, 0, 0, 0)


def stamp_core_properties(prs, title: str = "", author: str = "deckgen") -> None:
    """Give the deck fixed, meaningful core and extended properties (no wall-clock time)."""
    stamp_app_properties(prs)
    from .xmlfix import clean_text

    cp = prs.core_properties
    cp.title = clean_text(title)[:255]  # the file property holds at most 255 characters
    cp.author = clean_text(author)[:255]
    cp.last_modified_by = clean_text(author)[:255]
    cp.revision = 1
    cp.created = FIXED_DATETIME
    cp.modified = FIXED_DATETIME
    cp.last_printed = FIXED_DATETIME


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>deckgen</Application><Slides>{slides}</Slides></Properties>"
)


def stamp_app_properties(prs) -> None:
    """Replace the template's extended properties (app.xml), which describe the template, not the deck.

    A template's app.xml lists its own slide titles, theme and slide format
    ("On-screen Show (4:3)"); PowerPoint rewrites it on save, other readers trust it.
    """
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.format(slides=len(prs.slides)).encode("utf-8")


def deterministic_bytes(prs) -> bytes:
    """Serialise *prs* to .pptx bytes that depend only on its content."""
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def write_atomic(data: bytes, path: str | os.PathLike) -> Path:
    """Write *data* to *path* so that readers see the old file or the new one, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def save_presentation(prs, path: str | os.PathLike) -> Path:
    """Save *prs* deterministically and atomically; return the path written."""
    return write_atomic(deterministic_bytes(prs), path)
