"""The headline lint for one slide: its typed text checked against the numbers it sits beside.

The numbers a slide's text sits beside are the table its chart shows (after the presentation rules
and tests) and every table its templates asked for (``build.Tables.used``, answered again from the
tabulator's cache); a slide that asked for none has no numbers, and its text is not checked. Each
claim the numbers do not bear out is a warning at the line of the text's key, as
:mod:`deckgen.text.claims` finds it: ``slides.yaml:57: slides.3.headline says "majoritet", but the
largest share on the slide is 48 %``.
"""

from __future__ import annotations

from ..errors import Location
from ..spec import Project
from ..stats import Table
from ..text.claims import Settings, lint_text
from ..text.templates import Rendered


def slide_claims(project: Project, i: int, rendered: list[Rendered], tables, shown: Table | None = None) -> list[str]:
    """Warnings for the claims in slide *i*'s *rendered* texts that its numbers do not bear out.

    *tables* is the build's ``Tables`` (the queries slide *i* asked, ``used[i]``, and the tabulator that
    answered them); *shown* is the table a chart slide shows.
    """
    where = project.where("slides", i)
    asked = sorted(tables.used[i] if i < len(tables.used) else (), key=repr)  # a fixed order: the same warnings each run
    beside = ([shown] if shown is not None else []) + [tables.tabulator.table(q, where, f"slides.{i}") for q in asked]
    return lint_texts(project, i, rendered, beside)


def lint_texts(project: Project, i: int, rendered: list[Rendered], beside: list[Table]) -> list[str]:
    """Slide *i*'s *rendered* texts checked against the tables *beside* them, one located warning each."""
    if not beside:
        return []
    deck, slide = project.spec.deck, project.spec.slides[i]
    sig = deck.significance
    settings = Settings(sig.level, sig.correction, sig.min_base, getattr(slide, "decimals", 0))
    located = []
    for text in rendered:
        findings = lint_text(text.text, beside, deck.locale, text.printed, settings)
        if findings:
            where, key = _located(project, i, slide, text)
            located += [(where.line or 0, f"{where}: {key} {finding}") for finding in findings]
    return [warning for _, warning in sorted(located, key=lambda pair: pair[0])]  # in the file's order


def _located(project: Project, i: int, slide, text: Rendered) -> tuple[Location, str]:
    """The file and line of a text's key (a bullet's own line), and the key."""
    where, key = text.where, text.key
    if key == f"slides.{i}.bullets" and text.source in (getattr(slide, "bullets", None) or []):
        k = slide.bullets.index(text.source)
        where, key = project.where("slides", i, "bullets", k), f"{key}.{k}"
    return Location(where.file, where.line), key
