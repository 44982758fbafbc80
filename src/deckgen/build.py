"""``deckgen build``: running the pipeline from ``slides.yaml`` to a saved deck.

The order is chosen so that the cheapest checks fail first: the spec and
codebook, then every text template's syntax, then the template's layouts,
and only then the respondent data. The deck is written at the very end, in
one atomic step.
"""

from __future__ import annotations

import time
from itertools import accumulate
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import InputError, Location
from .library_warnings import LibraryWarnings
from .outputs import Outputs, resolve_outputs
from .spec import Project
from .spec.project import breakdown, counted, default_sort
from .spec.filters import FilterSyntaxError, parse_filter
from .spec.models import ChartSlide, QuotesSlide, SummarySlide
from .stages import OnStage, Stage
from .stats.query import TableQuery, Tabulator


@dataclass
class BuildResult:
    output: Path
    slides: int
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    weighting_efficiency: float | None = None  # percent, when the respondents were rim-weighted
    queries: list[set[TableQuery]] = field(default_factory=list)  # per slide, the tables it used
    guessed_roles: list[str] = field(default_factory=list)  # answer roles read from labels, per question used
    pages: list[int] = field(default_factory=list)  # per spec slide, the deck slides it became (a long table: several)
    refresh: object | None = None  # with --update: what the refresh did (render.refresh.RefreshReport)


class Tables:
    """The tables slides and templates ask for: each request checked and made a :class:`TableQuery`,
    answered by the tabulator, and recorded against the slide being built (:attr:`used`)."""

    def __init__(self, project: Project, tabulator: Tabulator, waves: tuple[str, ...] = (),
                 coding: Callable[[], float] = lambda: 0.0):
        self.project = project
        self.tabulator = tabulator
        self.waves = waves  # a tracker's waves, oldest first (the last is the current one); () without waves
        self.used: list[set[TableQuery]] = []  # per slide, the queries it asked
        self._coding = coding  # the seconds spent coding answers so far, which the tabulator's time leaves out
        self.seconds = 0.0  # time spent tabulating, coding the answers it needed left out

    def start_slide(self) -> None:
        self.used.append(set())

    def get(self, question: str, filter_text: str | None = None, by: str | None = None,
            sort: str | None = None, where: Location | None = None, key: str = "", per: str = "respondents",
            dont_know: str = "include", extra_nets: dict | None = None, total: bool = False,
            item: str | None = None, answer: str | None = None, waves: tuple[str, ...] = ()):
        codebook = self.project.codebook
        counted(codebook, question, where, key)
        if by is not None:
            breakdown(codebook, by, where, key)
        try:
            node = parse_filter(filter_text) if filter_text else None
        except FilterSyntaxError as exc:
            raise InputError(f"filter {filter_text!r}: {exc.message} (at character {exc.column})",
                             where, key) from None
        query = TableQuery(question, node, filter_text or None, by, sort or default_sort(codebook.questions[question]),
                           per, dont_know, tuple((k, tuple(v)) for k, v in (extra_nets or {}).items()),
                           total and by is not None, item, answer, tuple(waves))
        if self.used:
            self.used[-1].add(query)
        started, coded = time.perf_counter(), self._coding()
        try:
            return self.tabulator.table(query, where, key)
        finally:
            self.seconds += time.perf_counter() - started - (self._coding() - coded)


def build(spec_path: str | Path, output: str | Path | None = None,
          progress: Callable[[int, int, str], None] | None = None, *, strict: bool = False,
          write: bool = True, excel: bool = False,
          on_written: Callable[[list[Path]], None] | None = None, project: Project | None = None,
          update: str | Path | None = None, locale: str | None = None,
          on_stage: OnStage | None = None) -> BuildResult:
    """Build the deck described by *spec_path*; return where it was written and any warnings.

    *output* (from the command line) may be anywhere; the spec's own ``deck.output`` must stay inside
    the project folder. Neither may be one of the project's inputs. With *strict*, any warning stops
    the build before anything is written. ``write=False`` runs every check and computation but writes
    nothing (``deckgen validate``). *excel* also writes the slides' tables to an Excel workbook beside
    the deck (same name, .xlsx); the deck and the workbook are replaced together or not at all.
    *on_written* is told the files the moment they are replaced (so an interrupted run can say so).
    Warnings numpy or pandas give along the way become build warnings in deckgen's words.
    *project* is the spec already loaded (by a command that needed it first), so it is loaded once.
    *update* is a deck deckgen built that the user has edited since: the slides are composed and placed
    as always, then carried into that deck (see :mod:`.render.refresh`), which is written to *output*
    (default: beside it, named ``…-updated.pptx``; never over it, as it is one of the build's inputs).
    *locale* builds the deck in that language instead of ``deck.locale`` (``--locale``; see spec/locales.py).
    *on_stage* is told each stage as it finishes: reading each file, then coding, tabulating, composing,
    rendering and writing (see :mod:`.stages`), so a long build can say where its time goes.
    """
    with LibraryWarnings() as library:
        return _build(spec_path, output, progress, library, strict=strict, write=write, excel=excel,
                      on_written=on_written, project=project, update=Path(update) if update is not None else None,
                      locale=locale, on_stage=on_stage or (lambda stage: None))


#: ``data.engine: auto`` computes in memory while the data takes at most this share of the machine's memory
#: (see :func:`deckgen.data.memory_needed`): beyond it, the build would crowd out everything else, or fail.
AUTO_MEMORY_SHARE = 0.25


def _engine(project: Project) -> tuple[str, str | None]:
    """(engine, warning): the engine ``data.engine`` names, or for ``auto`` the one the data's size calls for.

    In memory is the faster of the two whenever the data fits; DuckDB is chosen when it would not fit
    comfortably, is installed, and can compute every slide the same way. Where it cannot, the build stays in
    memory and says why, so the user knows what a large build risks."""
    from importlib.util import find_spec

    from .data import memory_needed
    from .data.footprint import physical_memory

    chosen = project.spec.data.engine
    if project.spec.data.connection is not None:  # the data is in a database: computed there
        return "database", None
    if chosen != "auto":
        return chosen, None
    need, memory = memory_needed(project), physical_memory()
    if need is None or memory is None or need <= AUTO_MEMORY_SHARE * memory:
        return "numpy", None
    size = f"the respondent data needs about {need / 2 ** 30:.1f} GB in memory ({memory / 2 ** 30:.0f} GB here)"
    if find_spec("duckdb") is None:
        return "numpy", f"data.engine: {size}; install duckdb (pip install -e '.[duckdb]') to compute it out of core"
    from .stats.duckdb_tabulator import refusal

    reason = refusal(project)
    if reason is not None:
        return "numpy", f"data.engine: {size}, but duckdb does not yet tabulate {reason}; computing in memory"
    return "duckdb", None


def _sql_tabulator(project: Project, engine: str):
    """The SQL tabulator for *engine* (DuckDB over the file, or the database of ``data.connection``), after
    checking that it can compute every slide: a refusal comes before any scan, not minutes into one."""
    from .stats.duckdb_tabulator import DatabaseTabulator, DuckDBTabulator
    from .stats.sql.support import first_gap, refuse

    gap = first_gap(project)
    if gap is not None:
        raise refuse(project, *gap)
    return DatabaseTabulator(project) if engine == "database" else DuckDBTabulator(project)


def _database_survey(project: Project, tabulator):
    """The survey of a database's respondents: their count, and no column (a table's rows stay in the
    database; what would read them, like a quotes slide, is refused before)."""
    from .data import Responses, Survey
    from .data.survey import zero_weights

    def no_rows(name: str):
        raise AssertionError(f"column {name!r} read from a database")  # a bug: first_gap let it through

    responses = Responses([], tabulator.respondents(), no_rows, Path(project.spec.data.table or "table"))
    survey = Survey(responses, project.codebook, project.where_question)
    dropped = tabulator.weightless()
    if dropped:
        survey.warnings.append(zero_weights(dropped, project.spec.data.weight))
    return survey


def _build(spec_path, output, progress, library: LibraryWarnings, *, strict: bool, write: bool,
           excel: bool, on_written, project: Project | None, update: Path | None = None,
           locale: str | None = None, on_stage: OnStage = lambda stage: None) -> BuildResult:
    """:func:`build`, with *library* told which slide is being built (its warnings name the slide)."""
    from .data import open_project, open_survey
    from .render import open_deck
    from .render.tags import slide_key
    from .compose import ChartContent, compose_chart, compose_text
    from .compose.quotes import compose_quotes
    from .compose.claims_check import slide_claims
    from .text import Lookup, Pct, TextRenderer
    from .text.precompile import compile_all

    started = time.perf_counter()
    project = project or open_project(spec_path, locale)
    outputs = resolve_outputs(project, output, excel, update=update)
    edited = None
    if update is not None:  # opened before the data is read: a deck that cannot be refreshed fails first
        from .render.refresh import open_edited
        edited = open_edited(update)
    spec = project.spec
    locale = spec.deck.locale
    renderer = TextRenderer(locale, spec.values, lambda name: project.where("values", name))
    compile_all(project, renderer)

    roles = {s.layout for s in spec.slides}  # each kind of slide has its layout role
    deck = open_deck(project.template_path, spec.deck.layouts.model_dump(), roles, locale,
                     project.where("deck", "template"), lambda role: project.where("deck", "layouts", role))
    engine, engine_warning = _engine(project)
    if engine == "numpy":
        from .stats.tabulator import NumpyTabulator

        survey = open_survey(project, on_stage)
        tabulator = NumpyTabulator(survey)
    else:
        tabulator = _sql_tabulator(project, engine)
        survey = (_database_survey(project, tabulator) if engine == "database"
                  else open_survey(project, on_stage, lazy=True))  # duckdb reads the file itself
    if survey.weighting is not None:  # templates can report the weighting (e.g. on a method slide)
        renderer.values.update(weighting_efficiency=Pct(survey.weighting.efficiency, locale, 1),
                               effective_base=round(survey.weighting.effective_base))
    surveys = _surveys(survey)

    def coding() -> float:
        return sum(s.coding_seconds for s in surveys)
    tables = Tables(project, tabulator, survey.waves.names if survey.waves else (), coding)
    warnings: list[str] = [*project.warnings, *survey.warnings]  # untranslated texts; respondents weighing 0
    if engine_warning:
        warnings.append(engine_warning)

    def texts(i: int, slide):
        """Renders slide *i*'s templates: ``text(source, key)``, its numbers asked for through *tables*."""
        dont_know = getattr(slide, "dont_know", None) or spec.deck.dont_know

        def text(source: str, key: str, slide_filter=None, question=None, insight=None) -> str:
            where = project.where("slides", i, key)
            lookup = Lookup(lambda q, f, by, waves=(): tables.get(q, f, by, where=where, key=f"slides.{i}.{key}",
                                                                  dont_know=dont_know, waves=waves),
                            survey.n, tables.waves)
            return renderer.render(source, lookup, where, f"slides.{i}.{key}", slide_filter, question,
                                   insight=insight)
        return text

    # 1. compose every slide (numbers and words); a summary waits for the insights of every chart slide
    contents: list = []
    summary_notes: dict[int, str | None] = {}
    composing, coded = time.perf_counter(), coding()
    for i, slide in enumerate(spec.slides):
        label = library.slide = slide.id or f"slide {i + 1}"
        tables.start_slide()
        if progress:
            progress(i + 1, len(spec.slides), label)
        text = texts(i, slide)
        # a chart slide's notes are rendered in compose, where its insight ({{ insight }}) is known
        notes = text(slide.notes, "notes") if slide.notes and not isinstance(slide, ChartSlide) else None
        content = None
        if isinstance(slide, QuotesSlide):
            content = compose_quotes(project, i, slide, survey, text, notes, deck.quotes_fit)
            warnings.extend(content.warnings)
        elif isinstance(slide, ChartSlide):
            content = compose_chart(tables, project, i, slide, text, notes, survey.n, deck.measure)
            warnings.extend(content.warnings)
        elif isinstance(slide, SummarySlide):
            summary_notes[i] = notes  # composed below, once every chart slide's insight is known
        else:
            content = compose_text(slide, spec.deck, text, notes)
        contents.append(content)
        shown = content.table if isinstance(slide, ChartSlide) else None  # typed text is checked beside it
        warnings.extend(slide_claims(project, i, renderer.take(), tables, shown))  # the headline lint
    if summary_notes:
        warnings.extend(_summaries(spec.slides, contents, summary_notes, deck, tables, locale, texts, library,
                                   lambda i: slide_claims(project, i, renderer.take(), tables)))

    scanned = None if engine == "numpy" else spec.data.table if engine == "database" else project.responses_path.name
    _compose_stages(on_stage, time.perf_counter() - composing, surveys, tables, coding() - coded, scanned, survey.n)

    # 3. place them, in order
    rendering = time.perf_counter()
    pages: list[int] = []  # per spec slide, how many deck slides it became
    for i, (slide, content) in enumerate(zip(spec.slides, contents)):
        library.slide = slide.id or f"slide {i + 1}"
        placed = deck.slide_count
        deck.key = slide_key(slide.id, i)  # the tag a refresh finds the slide's shapes by
        if isinstance(slide, ChartSlide):
            deck.chart_slide(content)
        elif isinstance(slide, QuotesSlide):
            deck.quotes_slide(content)
        else:
            deck.text_slide(content)
        pages.append(deck.slide_count - placed)
    exported = [c for c in contents if isinstance(c, ChartContent)]  # every chart slide's table, for the workbook

    deck.finish()  # the deck-wide passes (one headline size, unique titles, language) and their warnings
    report = deck.refresh(edited) if edited is not None else None  # from here on, the deck is the edited one
    on_stage(Stage("rendering", time.perf_counter() - rendering, deck.slide_count, "slides"))
    warnings.extend(deck.warnings)
    warnings.extend(library.said())
    if strict and warnings:
        raise InputError(f"{warnings[0]} (and {len(warnings) - 1} more warnings); --strict stops on warnings",
                         project.where("slides"), "slides")
    if write:
        writing = time.perf_counter()
        _write(deck, exported, outputs, spec.deck, on_written)
        on_stage(Stage("writing", time.perf_counter() - writing, subject=outputs.deck.name))
    efficiency = survey.weighting.efficiency if survey.weighting is not None else None
    used = {name for queries in tables.used for query in queries for name in query.questions()}
    return BuildResult(outputs.deck, deck.slide_count, warnings, time.perf_counter() - started, efficiency,
                       tables.used, project.codebook.guessed_roles(used), pages, report)


def _surveys(survey) -> list:
    """Every survey a build may code questions in: each wave's, and the respondents weighing 0 in each."""
    surveys = list(survey.waves.surveys) if survey.waves is not None else [survey]
    return surveys + [s.weightless for s in surveys if s.weightless is not None]


def _compose_stages(on_stage: OnStage, seconds: float, surveys: list, tables: Tables, coded: float,
                    scanned: str | None = None, rows: int = 0) -> None:
    """Tell *on_stage* how the *seconds* of composing split into coding answers (*coded* of them), tabulating
    and the rest; the coding stage also counts what was coded before, when the data was opened and raked.

    Coding is lazy (a question is coded when a table first needs it), so it happens inside tabulating,
    and tabulating inside composing: each is reported without the stages it contains. When an engine
    outside memory reads the file *scanned* (of *rows* respondents) table by table, reading, coding and
    tabulating are one stage, its rows per second counted over every table's pass."""
    coding = sum(s.coding_seconds for s in surveys)
    asked = {query for queries in tables.used for query in queries}
    if scanned is not None:
        on_stage(Stage("scanning", tables.seconds, rows * len(asked), "rows", f"{scanned} ({len(asked)} tables)"))
    else:
        on_stage(Stage("coding", coding, sum(s.coded for s in surveys), "questions"))
        on_stage(Stage("tabulating", tables.seconds, len(asked), "tables"))
    on_stage(Stage("composing", max(seconds - tables.seconds - coded, 0.0), len(tables.used), "slides"))


def _summaries(slides: list, contents: list, notes: dict[int, str | None], deck, tables: Tables, locale: str,
               texts, library: LibraryWarnings, lint: Callable[[int], list[str]]) -> list[str]:
    """Compose the summary slides into *contents* from the chart slides' insights; return their warnings
    (*lint(i)* checks the hand-written text of slide *i* just rendered against the numbers it sums up).
    A summary points to each chart slide by its number in the deck, which counts the slides a long table
    continues on, so those are counted first."""
    from .compose.summary import Source, compose_summary

    numbers = list(accumulate((deck.pages(c) if isinstance(s, ChartSlide) else 1 for s, c in zip(slides, contents)),
                              initial=1))
    charts = [i for i, s in enumerate(slides) if isinstance(s, ChartSlide)]
    sources = [Source(contents[i], slides[i].id, numbers[i]) for i in charts]
    warnings = []
    for i, slide_notes in notes.items():
        slide = slides[i]
        library.slide = slide.id or f"slide {i + 1}"
        for j in charts:  # its numbers are theirs: a change to them changes the summary (watch)
            if slide.slides is None or slides[j].id in slide.slides:
                tables.used[i] |= tables.used[j]
        contents[i], said = compose_summary(slide, sources, locale, texts(i, slide), slide_notes)
        warnings.extend(said)
        warnings.extend(lint(i))  # its hand-written bullets
    return warnings


def _write(deck, exported: list, outputs: Outputs, settings, on_written) -> None:
    """Write the deck (and the tables workbook) in one step: both complete, then both replaced."""
    from .render.package import replaced_together
    from .render.workbook import write_tables

    with replaced_together(on_written):
        if outputs.workbook is not None:
            write_tables(exported, outputs.workbook, settings.locale)
        deck.save(outputs.deck, title=_plain(settings.title), author=settings.author,
                  subject=_plain(settings.subtitle or settings.source or ""))


def _plain(title: str) -> str:
    return " ".join(title.split())
