"""Where a build writes, checked before anything is read or written.

A build writes the deck, with ``--tables`` its workbook, and for ``preview`` a folder of
pictures. None of them may be one of the project's inputs (the spec, the codebook, the
respondent data, the template) or another output: a typo in ``deck.output`` must not turn the
only copy of the survey data into a deck. The spec's own ``deck.output`` must also stay inside
the project folder; only ``-o`` on the command line may point elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .files import file_in_the_way
from .spec import Project


@dataclass(frozen=True)
class Outputs:
    """Where a build writes: the deck, the tables workbook (with ``--tables``), the preview folder."""

    deck: Path
    workbook: Path | None = None
    folder: Path | None = None


def resolve_outputs(project: Project, output: str | Path | None = None, excel: bool = False,
                    folder: str | Path | None = None, update: Path | None = None) -> Outputs:
    """The files a build will write, checked before any data is read or anything written.

    An output must never replace one of the project's inputs (the spec, the codebook, the respondent
    data, the template) nor another output: a typo in ``deck.output`` must not turn the only copy of
    the survey data into a deck. *output* comes from ``-o``; *folder* from ``preview --out``.

    *update* (``--update``) is a deck the user edited, which the build refreshes: an input too, so
    never written over. Without ``-o`` the refreshed deck goes beside it, ``NAME-updated.pptx``: the
    user's polished deck stays as it was until they have looked at the new one.
    """
    if update is not None and output is None:
        output = update.with_name(f"{update.stem}-updated.pptx")
    where, key = (str(output), "-o") if output is not None else (project.where("deck", "output"), "deck.output")
    if output is not None and str(output) == "-":
        raise InputError("the deck cannot be written to standard output; give a file name, e.g. -o deck.pptx",
                         None, "-o")
    deck = Path(output) if output is not None else _confined_output(project)
    _check_writable(deck, "the deck", where, key)
    inputs = _inputs(project)
    if update is not None:
        inputs["the edited deck (--update)"] = update
    _check_not_input(deck, "the deck", inputs, where, key)
    workbook = deck.with_suffix(".xlsx") if excel else None
    if workbook is not None:
        if _same_file(workbook, deck):
            raise InputError(f"the deck '{deck}' is named .xlsx, so its tables workbook would replace it; "
                             "name the deck .pptx", where, key)
        _check_writable(workbook, "the tables workbook", where, key)
        _check_not_input(workbook, "the tables workbook", inputs, where, key)
    if folder is not None:
        folder = Path(folder)
        if _same_file(folder, deck) or (folder.exists() and not folder.is_dir()):
            raise InputError(f"the preview folder '{folder}' is a file"
                             + (" (the deck)" if _same_file(folder, deck) else "")
                             + "; give a folder with --out", str(folder), "--out")
    return Outputs(deck, workbook, folder)


def _inputs(project: Project) -> dict[str, Path]:
    """The files a build reads, by what they are to the user."""
    spec = project.spec
    inputs = {"the spec": project.spec_path, "the template (deck.template)": project.template_path}
    if project.responses_path is not None:  # a database's table is no file to protect
        inputs["the respondent data (data.responses)"] = project.responses_path
    if spec.data.questions is not None:
        inputs["the codebook (data.questions)"] = project.resolve(spec.data.questions)
    for wave, key, path in project.wave_files():  # a tracker's older waves are inputs too
        what = "respondent data" if key == "responses" else "codebook"
        inputs[f"wave {wave}'s {what} (data.waves)"] = path
    return inputs


def _same_file(a: Path, b: Path) -> bool:
    """Whether *a* and *b* are one file: the same inode when both exist, else the same resolved path."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop, a path too long: not provably the same
        return False


def _check_not_input(target: Path, what: str, inputs: dict[str, Path], where, key: str) -> None:
    for name, path in inputs.items():
        if _same_file(target, path):
            raise InputError(f"{what} would destroy {name}, '{target.name}', by writing over it; "
                             "choose another path", where, key)


def _check_writable(target: Path, what: str, where, key: str) -> None:
    """*target* is not a folder, and no folder on its way is a file."""
    if target.is_dir():
        raise InputError(f"{what} would be written to '{target}', which is a folder; give a file name, "
                         f"e.g. '{target / 'deck.pptx'}'", where, key)
    blocking = file_in_the_way(target.parent)
    if blocking is not None:
        raise InputError(f"{what} cannot be written to '{target}': '{blocking}' is a file, not a "
                         "folder; choose another path", where, key)


def _confined_output(project: Project) -> Path:
    """The spec's output path, which must not leave the project folder (use -o for that)."""
    target = project.output_path
    root = project.root.resolve()
    if root not in target.resolve().parents:
        raise InputError(f"output '{project.spec.deck.output}' is outside the project folder {root}; "
                         "write inside it, or give the path on the command line with -o",
                         project.where("deck", "output"), "deck.output")
    return target
