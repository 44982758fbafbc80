"""Writing a presentation to disk: deterministic bytes, atomic replacement.

python-pptx stamps every zip member with the current time and leaves core
properties to the template. Two builds from the same inputs must give the same
bytes (so a deck can be diffed, cached and checked into version control), so the
package is re-zipped with a fixed timestamp and fixed core properties.

The file is written to a temporary sibling and moved into place with
``os.replace``: a build that fails part-way never leaves a half-written deck
where the previous good one was. A deck and its tables workbook are replaced
together (:func:`replaced_together`): both temporary files are complete
before either target is touched. A temporary file's name carries the writer's
process id, so a later build can tell one left by a killed build (its process
is gone) from one another build is still writing.
"""

from __future__ import annotations

import datetime as _dt
import errno
import io
import os
import re
import signal
import struct
import tempfile
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError

#: Timestamp given to every zip member and to the core properties.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DATETIME = _dt.datetime(2000, 1, 1, 0, 0, 0)


#: xlsxwriter options for every workbook deckgen writes (the tables, each chart's embedded data).
#: A label comes from a codebook, a data file or a spec nobody vetted: a string is always written as
#: a string, never turned into a formula (``=cmd|' /C calc'!A0``), a hyperlink or a number.
PLAIN_CELLS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}


def new_workbook(file):
    """An xlsxwriter workbook writing to *file* with :data:`PLAIN_CELLS`, stamped reproducibly."""
    from xlsxwriter import Workbook

    book = Workbook(file, PLAIN_CELLS)
    book.set_properties({"created": FIXED_DATETIME, "author": "deckgen"})
    return book


def stamp_core_properties(prs, title: str = "", author: str = "deckgen", description: str = "",
                          language: str = "", subject: str = "") -> None:
    """Give the deck fixed, meaningful core and extended properties (no wall-clock time): what it is
    (*description*, *subject*) and its *language*, never python-pptx's "generated using python-pptx"."""
    stamp_app_properties(prs)
    from .xmlfix import clean_text

    cp = prs.core_properties
    cp.title = clean_text(title)[:255]  # the file property holds at most 255 characters
    cp.author = clean_text(author)[:255]
    cp.last_modified_by = clean_text(author)[:255]
    cp.revision = 1
    cp.comments = clean_text(description)[:255]
    cp.subject = clean_text(subject)[:255]
    cp.language = language
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
    """Serialise *prs* to .pptx bytes that depend only on its content.

    python-pptx stamps each zip member with the time of saving; that stamp (and the file mode) is
    overwritten in place in the member's two headers, so the compressed parts are written once, not
    decompressed and compressed again."""
    raw = io.BytesIO()
    prs.save(raw)
    data = bytearray(raw.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members, directory = package.infolist(), package.start_dir
    year, month, day, hour, minute, second = FIXED_TIME
    stamp = ((hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day)
    at = directory
    for member in members:
        local = member.header_offset
        if data[local:local + 4] != _LOCAL_HEADER or data[at:at + 4] != _CENTRAL_HEADER:
            raise AssertionError(f"unexpected zip layout at {member.filename}")  # a bug: python-pptx changed
        struct.pack_into("<HH", data, local + 10, *stamp)  # last modified time, date
        struct.pack_into("<HH", data, at + 12, *stamp)
        struct.pack_into("<I", data, at + 38, 0o600 << 16)  # external attributes: a plain file, rw-------
        name, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        at += 46 + name + extra + comment
    return bytes(data)


_LOCAL_HEADER, _CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"


#: Files written inside :func:`replaced_together`: (temporary file, target), not yet renamed.
_pending: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("deckgen_pending_writes", default=None)

#: What a user can do about the operating system refusing a write, by errno.
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full; free some space or write elsewhere with -o",
    errno.EDQUOT: "the disk quota is used up; free some space or write elsewhere with -o",
    errno.EROFS: "the file system is read-only; write elsewhere with -o",
    errno.EACCES: "permission denied; write elsewhere with -o",
    errno.EPERM: "permission denied; write elsewhere with -o",
    errno.EISDIR: "that is a folder; give a file name",
    errno.ENOTDIR: "part of the path is a file, not a folder; choose another path",
    errno.EEXIST: "part of the path is a file, not a folder; choose another path",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
}


def temp_prefix(target: Path) -> str:
    """The start of a temporary file's name for *target*: hidden, and naming the writing process."""
    return f".{target.name}.deckgen-{os.getpid()}-"


def _temp_pattern(target: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(target.name)}\.deckgen-(\d+)-[A-Za-z0-9_]+\.tmp")


def _process_alive(pid: int) -> bool:
    """Whether process *pid* exists (on systems where that cannot be asked safely: assume it does)."""
    if os.name != "posix":  # os.kill(pid, 0) is not a harmless probe on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files for *target* left by deckgen builds that were killed; return them.

    Only files named the way :func:`write_atomic` names them are touched, and only those whose
    writing process is gone: another build still writing keeps its file.
    """
    pattern = _temp_pattern(target)
    removed = []
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in candidates:
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) != os.getpid() and not _process_alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_error(exc: OSError, target: Path) -> InputError:
    """The one-line error for the operating system refusing to write *target*."""
    hint = _WRITE_HINTS.get(exc.errno, "check the path and its folder")
    return InputError(f"cannot write '{target}': {exc.strerror or exc}; {hint}", str(target))


def _write_temp(data: bytes, target: Path) -> Path:
    """Write *data* completely (flushed to disk) to a new temporary sibling of *target*."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM for the few renames that must happen all or none.

    A signal that arrives meanwhile is delivered (and raises) right after the block.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _commit(pending: list[tuple[Path, Path]], on_replaced: Callable[[list[Path]], None] | None) -> None:
    """Rename every prepared file onto its target (signals held), then tell *on_replaced*."""
    with _signals_held():
        for tmp, target in pending:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                _discard(pending)
                if exc.errno is None:
                    raise
                raise write_error(exc, target) from None
        if on_replaced is not None:
            on_replaced([target for _, target in pending])


@contextmanager
def replaced_together(on_replaced: Callable[[list[Path]], None] | None = None) -> Iterator[None]:
    """Every :func:`write_atomic` inside this block writes its temporary file; the targets are replaced
    only at the end of the block, together. On any failure (or Ctrl+C, SIGTERM) inside it, no target
    is replaced and no temporary file is left. *on_replaced* is told the targets once they are replaced.
    """
    pending: list[tuple[Path, Path]] = []
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        _discard(pending)
        raise
    finally:
        _pending.reset(token)
    _commit(pending, on_replaced)


def _discard(pending: list[tuple[Path, Path]]) -> None:
    for tmp, _ in pending:
        tmp.unlink(missing_ok=True)


def write_atomic(data: bytes, path: str | os.PathLike) -> Path:
    """Write *data* to *path* so that readers see the old file or the new one, never half.

    Inside :func:`replaced_together` the file is only prepared; the block replaces it. An error the
    operating system gives (disk full, read-only, a folder in the way) is an :class:`InputError`.
    """
    target = Path(path)
    pending = _pending.get()
    try:
        tmp = _write_temp(data, target)
    except OSError as exc:
        if exc.errno is None:
            raise
        raise write_error(exc, target) from None
    if pending is not None:
        pending.append((tmp, target))
        return target
    _commit([(tmp, target)], None)
    return target


def save_presentation(prs, path: str | os.PathLike) -> Path:
    """Save *prs* deterministically and atomically; return the path written."""
    return write_atomic(deterministic_bytes(prs), path)
