"""``deckgen draft DATA``: a first-draft project from a data file alone, which builds at once.

The codebook is read from the data (:mod:`.infer`; a .sav file's dictionary is its codebook) and written
with a comment on every reading (:mod:`.writer`); the spec has a title, a method slide and one chart slide
per question with ``headline: auto``. The brand template and ``slides.schema.json`` are the ones
``deckgen init`` writes.

The data file is referenced, not copied: the draft is a starting point next to data that stays where the
user keeps it (a survey file is often large, and often confidential), and one copy cannot drift from
another. ``data.responses`` holds its path relative to the project folder.

Like ``init``, it never overwrites: when any file it would write exists, nothing is written. The files are
made in a temporary folder inside the project folder and linked into place one by one; a link fails
rather than replace a file, and what was linked is removed again if a later one fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..data.loaders import SUPPORTED, load_responses
from ..data.spss import read_sav, sav_dictionary, sav_weight
from ..errors import InputError, did_you_mean
from ..files import file_in_the_way, regular_file
from ..scaffold.brand import make_brand_template
from ..spec.schema import spec_schema
from .infer import Drafted, Inferred, infer
from .writer import chart_kind, codebook_text, is_scale, spec_text

FILES = ("slides.yaml", "data/questions.yaml", "templates/brand.pptx", "slides.schema.json")
WHERE = "deckgen draft"


@dataclass(frozen=True)
class Draft:
    """What ``deckgen draft`` wrote and read: the spec, the inference, the slides' questions and ``by``."""

    spec: Path
    inferred: Inferred
    charted: tuple[Drafted, ...]
    by: str | None

    def report(self) -> list[str]:
        """What the command says: what was read, and what the user should check."""
        folder = self.spec.parent
        lines = [f"drafted {folder}: {len(self.charted)} question slide{'s' * (len(self.charted) != 1)} from "
                 f"{self.inferred.n:,} rows" + (f", by {self.by}" if self.by else "")]
        lines += [f"  {q.key}: {q.why}" for q in self.charted]
        if self.inferred.field_dates:
            column, first, last = self.inferred.field_dates
            lines.append(f"  field dates: {first} to {last} (from '{column}')")
        check = []
        skipped = self.inferred.skipped
        if skipped:
            check.append(f"{len(skipped)} column{'s' * (len(skipped) > 1)} skipped: "
                         + "; ".join(f"{s.column} ({s.why})" for s in skipped))
        alike: dict[str, list[str]] = {}
        for q in self.inferred.questions:
            if q.todo and q.type in ("multi", "grid") and len(q.columns) > 1:
                what = "multiple response" if q.type == "multi" else "a grid"
                check.append(f"{q.key} ({q.columns[0]}...{q.columns[-1]}) read as {what}: " + "; ".join(q.todo))
            else:
                for todo in q.todo:
                    alike.setdefault(todo, []).append(q.key)
        check += [f"{', '.join(keys)}: {todo}" for todo, keys in alike.items()]
        weight = self.inferred.weight
        if weight is not None:
            check.append(f"weight: '{weight.column}', {weight.why}" + ("" if weight.applied else
                                                                         "; not applied (see slides.yaml)"))
        if check:
            lines.append(f"to check (the comments in {folder / 'data' / 'questions.yaml'} say the same):")
            lines += [f"  {line}" for line in check]
        lines.append(f"then run: deckgen build {self.spec}")
        return lines


def read_data(path: Path):
    """(columns, .sav dictionary or None, .sav WEIGHT BY or None) of the data file at *path*."""
    path = regular_file(path, WHERE, None, "data file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"cannot read '{suffix}' files; expected one of {', '.join(SUPPORTED)}", str(path))
    if suffix in (".sav", ".zsav"):
        responses = read_sav(path, None, str(path))[0]
        dictionary, weight = sav_dictionary(path, str(path)), sav_weight(path, str(path))
    else:
        header = load_responses(path, set(), str(path)).columns
        responses, dictionary, weight = load_responses(path, set(header), str(path)), None, None
    if responses.n == 0:
        raise InputError("the file has a header but no respondents", str(path))
    return {name: responses.column(name) for name in responses.columns}, dictionary, weight


def _selected(inferred: Inferred, names: list[str] | None) -> list[Drafted]:
    """The questions ``--questions`` names (in the order named), or all of them."""
    by_key = {q.key: q for q in inferred.questions}
    if names is None:
        return list(by_key.values())
    for name in names:
        if name not in by_key:
            raise InputError(f"--questions names '{name}', which the draft did not make a question"
                             f"{did_you_mean(name, by_key)}; it made {', '.join(by_key) or 'none'}", WHERE)
    return [by_key[name] for name in dict.fromkeys(names)]


def _breakdown(inferred: Inferred, by: str | None) -> Drafted | None:
    """The ``--by`` question: a single choice of the draft, so each respondent falls in one segment."""
    if by is None:
        return None
    by_key = {q.key: q for q in inferred.questions}
    if by not in by_key:
        skipped = {s.column: s.why for s in inferred.skipped}
        why = f" (skipped: {skipped[by]})" if by in skipped else did_you_mean(by, by_key)
        raise InputError(f"--by names '{by}', which the draft did not make a question{why}", WHERE)
    if by_key[by].type != "single":
        raise InputError(f"--by '{by}' was read as {by_key[by].type}; a breakdown must be single-choice (one "
                         "segment per respondent)", WHERE)
    return by_key[by]


def draft_project(data: Path, directory: Path, by: str | None = None,
                  questions: list[str] | None = None) -> Draft:
    """Write a first-draft project for *data* into *directory*; refuses to overwrite any of its files."""
    data, directory = Path(data), Path(directory)
    blocking = file_in_the_way(directory)
    if blocking is not None:
        raise InputError(f"'{blocking}' is a file, not a folder; deckgen draft needs a folder to write the "
                         "project in", str(directory))
    existing = [str(directory / name) for name in FILES if (directory / name).exists()]
    if existing:
        raise InputError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; deckgen draft never "
                         "overwrites (choose a new folder with -o)", str(directory))
    columns, dictionary, file_weight = read_data(data)
    inferred = infer(columns, dictionary, file_weight)
    if not inferred.questions:
        raise InputError("no column could be read as a question (" + "; ".join(
            f"{s.column}: {s.why}" for s in inferred.skipped[:3]) + "); write a codebook by hand", str(data))
    chosen = _selected(inferred, questions)
    segment = _breakdown(inferred, by)
    file_questions = dictionary.questions if dictionary else {}
    charts = []
    for q in chosen:
        labels = (file_questions.get(q.key) or {}).get("labels") if q.entry is None else None
        charts.append((q, *chart_kind(q, q.type == "single" and is_scale(q, labels), segment and segment.key)))
    texts = {
        "slides.yaml": spec_text(inferred, title=data.stem, responses=_relative(data, directory), source=data.name,
                                 charts=charts, by=segment and segment.key),
        "data/questions.yaml": codebook_text(inferred, data.name, dictionary is not None),
        "slides.schema.json": spec_schema() + "\n",
    }
    _write(directory, texts)
    return Draft(directory / "slides.yaml", inferred, tuple(chosen), segment and segment.key)


def _relative(data: Path, directory: Path) -> str:
    """The data file's path as the spec names it: relative to the project folder (absolute if none is)."""
    try:
        return Path(os.path.relpath(data.resolve(), directory.resolve())).as_posix()
    except ValueError:  # another drive
        return data.resolve().as_posix()


def _write(directory: Path, texts: dict[str, str]) -> None:
    """Write *texts* and the brand template into *directory*, all or nothing, replacing no file."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".deckgen-draft-", dir=directory))
    except OSError as exc:
        raise InputError(f"cannot create the project in '{directory}': {exc.strerror}; choose a folder you can "
                         "write to", str(directory)) from None
    placed: list[Path] = []
    try:
        for name, text in texts.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        (staging / "templates").mkdir(exist_ok=True)
        make_brand_template(staging / "templates" / "brand.pptx")
        for name in FILES:
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / name, target)  # fails rather than replace a file made meanwhile
            placed.append(target)
    except FileExistsError as exc:
        _undo(placed)
        raise InputError(f"{exc.filename2 or exc.filename} appeared while the draft was written; nothing was "
                         "written", str(directory)) from None
    except OSError as exc:
        _undo(placed)
        if exc.errno is None:
            raise
        raise InputError(f"cannot create the project in '{directory}': {exc.strerror}; choose a folder you can "
                         "write to", str(directory)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _undo(placed: list[Path]) -> None:
    for path in placed:
        path.unlink(missing_ok=True)
