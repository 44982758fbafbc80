"""``deckgen build``: running the pipeline from ``slides.yaml`` to a saved deck.

The order is chosen so that the cheapest checks fail first: the spec and
codebook, then every text template's syntax, then the template's layouts,
and only then the respondent data. The deck is written at the very end, in
one atomic step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable


from .errors import InputError, Location
from .library_warnings import LibraryWarnings
from .outputs import Outputs, resolve_outputs
from .spec import Project
from .spec.project import breakdown, question as spec_question
from .spec.filters import FilterSyntaxError, parse_filter
from .spec.models import BulletsSlide, ChartSlide, SectionSlide, TitleSlide
from .stats.ordering import drop_empty_rows, sort_rows
from .stats.presentation import drop_small_columns, round_largest_remainder
from .stats.query import TableQuery, Tabulator
from .stats.significance import with_tests
from .text import formats
from .text.words import base_line, significance_line, word


@dataclass
class BuildResult:
    output: Path
    slides: int
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    weighting_efficiency: float | None = None  # percent, when the respondents were rim-weighted
    queries: list[set[TableQuery]] = field(default_factory=list)  # per slide, the tables it used


class Tables:
    """The tables slides and templates ask for: each request checked and made a :class:`TableQuery`,
    answered by the tabulator, and recorded against the slide being built (:attr:`used`)."""

    def __init__(self, project: Project, tabulator: Tabulator):
        self.project = project
        self.tabulator = tabulator
        self.used: list[set[TableQuery]] = []  # per slide, the queries it asked

    def start_slide(self) -> None:
        self.used.append(set())

    def get(self, question: str, filter_text: str | None = None, by: str | None = None,
            sort: str | None = None, where: Location | None = None, key: str = "", per: str = "respondents",
            dont_know: str = "include", extra_nets: dict | None = None):
        codebook = self.project.codebook
        spec_question(codebook, question, where, key)
        if by is not None:
            breakdown(codebook, by, where, key)
        try:
            node = parse_filter(filter_text) if filter_text else None
        except FilterSyntaxError as exc:
            raise InputError(f"filter {filter_text!r}: {exc.message} (at character {exc.column})",
                             where, key) from None
        query = TableQuery(question, node, filter_text or None, by,
                           sort or ("codes" if codebook.questions[question].type == "grid" else "value"),
                           per, dont_know, tuple((k, tuple(v)) for k, v in (extra_nets or {}).items()))
        if self.used:
            self.used[-1].add(query)
        return self.tabulator.table(query, where, key)


def build(spec_path: str | Path, output: str | Path | None = None,
          progress: Callable[[int, int, str], None] | None = None, *, strict: bool = False,
          write: bool = True, excel: bool = False,
          on_written: Callable[[list[Path]], None] | None = None, project: Project | None = None) -> BuildResult:
    """Build the deck described by *spec_path*; return where it was written and any warnings.

    *output* (from the command line) may be anywhere; the spec's own ``deck.output`` must stay inside
    the project folder. Neither may be one of the project's inputs. With *strict*, any warning stops
    the build before anything is written. ``write=False`` runs every check and computation but writes
    nothing (``deckgen validate``). *excel* also writes the slides' tables to an Excel workbook beside
    the deck (same name, .xlsx); the deck and the workbook are replaced together or not at all.
    *on_written* is told the files the moment they are replaced (so an interrupted run can say so).
    Warnings numpy or pandas give along the way become build warnings in deckgen's words.
    *project* is the spec already loaded (by a command that needed it first), so it is loaded once.
    """
    with LibraryWarnings() as library:
        return _build(spec_path, output, progress, library, strict=strict, write=write, excel=excel,
                      on_written=on_written, project=project)


def _build(spec_path, output, progress, library: LibraryWarnings, *, strict: bool, write: bool,
           excel: bool, on_written, project: Project | None) -> BuildResult:
    """:func:`build`, with *library* told which slide is being built (its warnings name the slide)."""
    from .data import open_project, open_survey
    from .stats.tabulator import NumpyTabulator
    from .render import open_deck
    from .text import Lookup, Pct, TextRenderer

    started = time.perf_counter()
    project = project or open_project(spec_path)
    outputs = resolve_outputs(project, output, excel)
    spec = project.spec
    locale = spec.deck.locale
    renderer = TextRenderer(locale, spec.values, lambda name: project.where("values", name))
    _compile_all(project, renderer)

    roles = {s.kind for s in spec.slides}  # each kind of slide has its layout role
    deck = open_deck(project.template_path, spec.deck.layouts.model_dump(), roles, locale,
                     project.where("deck", "template"), lambda role: project.where("deck", "layouts", role))
    survey = open_survey(project)
    if survey.weighting is not None:  # templates can report the weighting (e.g. on a method slide)
        renderer.values.update(weighting_efficiency=Pct(survey.weighting.efficiency, locale, 1),
                               effective_base=round(survey.weighting.effective_base))
    tables = Tables(project, NumpyTabulator(survey))
    warnings: list[str] = list(survey.warnings)  # e.g. respondents left out for weighing 0
    exported: list = []  # every chart slide's table, for the Excel workbook

    for i, slide in enumerate(spec.slides):
        label = slide.id or f"slide {i + 1}"
        library.slide = label
        tables.start_slide()
        if progress:
            progress(i + 1, len(spec.slides), label)

        dont_know = getattr(slide, "dont_know", None) or spec.deck.dont_know

        def text(source: str, key: str, slide_filter=None, question=None) -> str:
            where = project.where("slides", i, key)
            lookup = Lookup(lambda q, f, by: tables.get(q, f, by, where=where, key=f"slides.{i}.{key}",
                                                        dont_know=dont_know), survey.n)
            return renderer.render(source, lookup, where, f"slides.{i}.{key}", slide_filter, question)

        notes = text(slide.notes, "notes") if slide.notes else None
        if isinstance(slide, TitleSlide):
            # the deck's own title is plain text; a slide's title may be a template
            deck.title_slide(text(slide.title, "title") if slide.title else spec.deck.title,
                             text(slide.subtitle, "subtitle") if slide.subtitle else spec.deck.subtitle, notes)
        elif isinstance(slide, SectionSlide):
            deck.section_slide(text(slide.title, "title"),
                               text(slide.subtitle, "subtitle") if slide.subtitle else None, notes)
        elif isinstance(slide, BulletsSlide):
            bullets = [text(b, "bullets") for b in slide.bullets]
            deck.bullets_slide(text(slide.title, "title"), bullets, notes)
        else:
            slide_warnings, table_export = _chart_slide(deck, tables, project, i, slide, text, notes, survey.n)
            warnings.extend(slide_warnings)
            exported.append(table_export)

    warnings.extend(deck.warnings)
    warnings.extend(library.said())
    if strict and warnings:
        raise InputError(f"{warnings[0]} (and {len(warnings) - 1} more warnings); --strict stops on warnings",
                         project.where("slides"), "slides")
    if write:
        _write(deck, exported, outputs, spec.deck, on_written)
    efficiency = survey.weighting.efficiency if survey.weighting is not None else None
    return BuildResult(outputs.deck, len(spec.slides), warnings, time.perf_counter() - started, efficiency,
                       tables.used)


def _write(deck, exported: list, outputs: Outputs, settings, on_written) -> None:
    """Write the deck (and the tables workbook) in one step: both complete, then both replaced."""
    from .render.package import replaced_together
    from .render.workbook import write_tables

    with replaced_together(on_written):
        if outputs.workbook is not None:
            write_tables(exported, outputs.workbook, settings.locale)
        deck.save(outputs.deck, title=_plain(settings.title), author=settings.author)


#: More rows than this make a chart hard to read: the build suggests ``top``.
CROWDED = 25


def _chart_slide(deck, tables: Tables, project: Project, i: int, slide: ChartSlide, text, notes, n_total: int):
    """Compute, word and place one chart slide; return its warnings (low bases) and its table for export."""
    from .render import ChartText
    from .render.labels import MAX_LABEL
    from .render.workbook import ExportedSlide

    spec, locale = project.spec, project.spec.deck.locale
    base_key = "filter" if slide.filter else "question"
    table, hidden = _slide_table(tables, spec.deck, slide, project.where("slides", i, base_key),
                                 f"slides.{i}.{base_key}", locale)
    sig = spec.deck.significance
    question = project.codebook.questions[slide.question]
    value_format = _value_format(question, slide)
    headline = text(slide.headline, "headline", slide.filter, slide.question) if slide.headline else question.text
    chart_text = ChartText(
        headline=headline,
        question=f"{word(locale, 'question')}: {question.text}",
        base=_base_line(slide, table, n_total, locale, spec.deck.low_base, hidden)
        + (f" · {significance_line(locale, sig.versus, sig.level)}" if table.tests else ""),
        source=f"{word(locale, 'source')}: {spec.deck.source}" if spec.deck.source else None,
        notes=_notes(question.text, slide, table, locale, notes, value_format),
    )
    deck.chart_slide(table, slide.chart, chart_text, value_format, word(locale, "total"),
                     {row: word(locale, row) for row in ("Mean", "Median")})
    name = slide.id or slide.question
    export = ExportedSlide(i + 1, name, headline, chart_text.question, chart_text.base, slide.filter, table,
                           value_format)
    label = slide.id or f"slide {i + 1}"
    warnings = _low_base_warnings(label, table, spec.deck.low_base)
    long = [row for row in table.rows + table.columns if len(row) > MAX_LABEL]
    if long and slide.chart not in ("table", "kpi"):
        warnings.append(f"{label}: {len(long)} labels longer than {MAX_LABEL} characters are shortened on the "
                        f"chart, e.g. '{long[0][:40]}…'; give the codebook shorter labels")
    if len(table.rows) > CROWDED and slide.chart not in ("table", "kpi"):
        warnings.append(f"{label}: {len(table.rows)} categories make a crowded chart; "
                        "'top: 10' keeps the largest and folds the rest into Other")
    return warnings, export


def _plain(title: str) -> str:
    return " ".join(title.split())


def _compile_all(project: Project, renderer) -> None:
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


def _value_format(question, slide: ChartSlide):
    """Percentages for answers; numbers with the codebook's decimals and unit for numeric questions."""
    from .render import ValueFormat

    if question.type == "numeric":
        return ValueFormat(percent=False, decimals=question.decimals, unit=question.unit)
    return ValueFormat(decimals=slide.decimals)


def _slide_table(tables: Tables, deck, slide: ChartSlide, where: Location, key: str, locale: str):
    """The table a chart slide shows, with the deck's presentation rules applied; and hidden segments."""
    dont_know = slide.dont_know or deck.dont_know
    table = tables.get(slide.question, slide.filter, slide.by, slide.sort, where, key, slide.percent_of, dont_know)
    if table.total_base == 0:
        raise InputError(f"no respondents in the base of '{slide.question}'"
                         + (f" with filter {slide.filter!r}; check the filter" if slide.filter
                            else "; nobody answered it"), where, key)
    if slide.empty == "hide":
        table = drop_empty_rows(table)
    if slide.top:
        table = _fold_tail(tables, slide, table, dont_know, word(locale, "other"), where, key)
    hidden: list[str] = []
    if deck.suppress_low_base:
        table, hidden = drop_small_columns(table, deck.low_base)
    sig = deck.significance
    if slide.by and slide.test:
        table = with_tests(table, sig.level, sig.correction, sig.versus, sig.min_base)
    if deck.rounding == "largest_remainder":
        table = round_largest_remainder(table, slide.decimals)
    return table, hidden


def _fold_tail(tables: Tables, slide: ChartSlide, table, dont_know: str, other: str, where, key):
    """Keep the *top* largest answers; the rest become one 'Other' row, counted on respondents.

    Only rows *table* still shows can be kept: rows an earlier rule removed
    (``empty: hide``) stay out, although the re-tabulation with the Other NET
    brings every answer back.
    """
    keep = set(table.ranked()[: slide.top]) | set(table.nets)
    folded = [row for row in table.rows if row not in keep]
    if len(folded) < 2:
        return table
    full = tables.get(slide.question, slide.filter, slide.by, slide.sort, where, key, slide.percent_of,
                      dont_know, {other: folded})
    shown_rows = (set(table.rows) - set(folded)) | {other}
    shown = full.reordered([i for i, row in enumerate(full.rows) if row in shown_rows])
    shown = replace(shown, nets=tuple(n for n in shown.nets if n != other), residual=shown.residual | {other})
    return sort_rows(shown, slide.sort or "value")


def _base_line(slide: ChartSlide, table, n_total: int, locale: str, low: int, hidden: list) -> str:
    default = "asked" if table.kind == "multi" else "answering"  # multiple response: the base is who was asked
    who = slide.base or (word(locale, "all") if table.total_base == n_total else word(locale, default))
    segments = list(zip(table.columns, table.column_bases)) + list(hidden) if table.by else None
    # segments left out of the chart are still named, with their base
    return base_line(locale, who, table.total_base + sum(b for _, b in hidden), segments, low,
                     [name for name, _ in hidden])


def _low_base_warnings(label: str, table, low: int) -> list[str]:
    out = []
    if table.total_base < low:
        out.append(f"{label}: low base, n={table.total_base}")
    if table.by:
        out += [f"{label}: low base for {c}, n={b}" for c, b in zip(table.columns, table.column_bases) if b < low]
    return out


def _notes(question_text: str, slide: ChartSlide, table, locale: str, extra: str | None, value_format) -> str:
    """Speaker notes: the question, the base, the filter and every number on the slide."""
    lines = [f"{word(locale, 'question')}: {question_text}"]
    bases = table.column_bases if table.kind != "grid" else [int(b) for b in table.bases.max(axis=1)]
    lines.append(f"{word(locale, 'base')}: n={formats.number(table.total_base, locale)}")
    if slide.filter:
        lines.append(f"{word(locale, 'filter')}: {slide.filter}")
    columns = [word(locale, "total")] if table.by is None and table.kind != "grid" else list(table.columns)
    for i, row in enumerate(table.rows):
        cells = []
        for j, column in enumerate(columns):
            shown = value_format.text(table.props[i, j], locale)
            if table.tests and table.tests[i][j]:
                shown += f" {table.tests[i][j]}"
            if table.kind != "numeric":  # a mean has no count of its own
                shown += f" ({formats.number(table.counts[i, j], locale)})"
            cells.append(f"{column} {shown}" if len(columns) > 1 else shown)
        lines.append(f"{word(locale, row) if table.kind == 'numeric' else row}: " + ", ".join(cells))
    effective = table.effective_bases.max(axis=1 if table.kind == "grid" else 0) if table.weighted else None

    def base_of(i: int, b) -> str:
        shown = f"n={formats.number(b, locale)}"
        if effective is not None:
            shown += f" ({word(locale, 'effective')} {formats.number(effective[i], locale)})"
        return shown

    if table.kind == "grid":
        lines.append(f"{word(locale, 'base')}: " + ", ".join(
            f"{row} {base_of(i, b)}" for i, (row, b) in enumerate(zip(table.rows, bases))))
    elif table.by or table.weighted:
        lines.append(f"{word(locale, 'base')}: " + ", ".join(
            f"{c} {base_of(j, b)}" for j, (c, b) in enumerate(zip(columns, bases))))
    if extra:
        lines += ["", extra]
    return "\n".join(lines)
