"""Every text template of a spec compiled before any data is read, each error at its line.

A syntax error in the last slide's headline should cost the user milliseconds, not a data load,
and point at the line it is on, even inside a folded (``>-``) headline that spans several lines.
"""

from __future__ import annotations

from ..errors import InputError, Location
from ..spec import Project
from .templates import TextRenderer


def compile_all(project: Project, renderer: TextRenderer) -> None:
    """Compile every text template up front, so a syntax error stops the build before data is read."""
    for i, slide in enumerate(project.spec.slides):
        sources = [((key,), getattr(slide, key, None)) for key in ("title", "subtitle", "headline", "notes")]
        sources += [(("bullets", j), b) for j, b in enumerate(getattr(slide, "bullets", None) or [])]
        for path, source in sources:
            if not source:
                continue
            where = project.where("slides", i, *path)
            try:
                renderer.compile(source, where, ".".join(map(str, ("slides", i) + path)))
            except InputError as exc:
                raise InputError(exc.message, _line_of(project, where, renderer.bad_expression(source)),
                                 exc.key) from None


def _line_of(project: Project, where: Location, fragment: str | None) -> Location:
    """The line of *fragment* in the spec at or after *where* (a folded headline spans lines)."""
    if not fragment or where.line is None:
        return where
    lines = project.spec_path.read_text(encoding="utf-8").splitlines()
    for number in range(where.line, min(len(lines), where.line + 50) + 1):
        column = lines[number - 1].find(fragment)
        if column >= 0:
            return Location(where.file, number, column + 1)
    return where
