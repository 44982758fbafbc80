"""What the SQL engines can tabulate, told from the spec alone: the refusals' words, and :func:`refusal`.

The SQL tabulator answers a query the same way as the in-memory one or not at all. What it cannot yet
do (derived and mentions questions, rim weighting, trackers, files other than CSV and Parquet) is named
here once, in the words of its located refusal, so a build choosing the engine by itself (``data.engine:
auto``) can ask beforehand, without a connection or the duckdb package, and stay in memory with the
same reason the refusal would give.
"""

from __future__ import annotations

import re

from ...errors import InputError, Location
from ...spec.codebook import GridQuestion, MultiQuestion, NumericQuestion, SingleQuestion
from ...spec.filters import names_in, parse_filter
from ...spec.models import BulletsSlide, ChartSlide, QuotesSlide, SummarySlide

#: The files DuckDB reads itself, out of core.
FILE_SUFFIXES = (".csv", ".parquet")


def engine_of(project) -> tuple[str, str, str]:
    """(name, spec key, what to do instead) of the SQL engine the project's data calls for: DuckDB over
    its file, or the database of ``data.connection``."""
    connection = project.spec.data.connection
    if connection is not None:
        return (f"the {connection.dialect} connection", "data.connection",
                "; deckgen computes it only from a respondent file (data.responses)")
    return "duckdb", "data.engine", "; use the default engine (data.engine: numpy)"


def refuse(project, what: str, where: Location | None) -> InputError:
    """The one-line located refusal: *what* this engine cannot yet tabulate, and what would."""
    name, key, instead = engine_of(project)
    return InputError(f"{name} does not yet tabulate {what}{instead}", where, key)


def _kind(q) -> str:
    return type(q).__name__.removesuffix("Question").lower() + (" derived" if getattr(q, "derived", None) else "")


def tabulable(q) -> bool:
    """A question whose tables SQL computes as the in-memory path does."""
    return isinstance(q, (MultiQuestion, NumericQuestion, GridQuestion)) or \
        (isinstance(q, SingleQuestion) and not q.derived)


def question_gap(key: str, q) -> str | None:
    return None if tabulable(q) else f"'{key}' ({_kind(q)} questions)"


def by_gap(name: str, q) -> str | None:
    if isinstance(q, SingleQuestion) and not q.derived:
        return None
    return f"breakdowns by '{name}' (only by single-choice questions that are not derived)"


def filter_gap(name: str, q) -> str | None:
    """A filter may name single (not derived), multi and numeric questions, grids' item columns and raw
    columns; a grid's own name is the in-memory path's error, not a gap."""
    if q is None or isinstance(q, (MultiQuestion, NumericQuestion, GridQuestion)) or \
            (isinstance(q, SingleQuestion) and not q.derived):
        return None
    return f"filters on '{name}' ({_kind(q)} questions)"


MULTI_DONT_KNOW = "multiple response with dont_know: exclude"


def data_gap(project) -> str | None:
    """What in ``data`` the engine cannot read the same way."""
    data = project.spec.data
    if data.waves is not None or data.wave is not None:
        return "trackers (data.waves, data.wave)"
    if data.weighting is not None:
        return "rim weighting (data.weighting)"
    if data.connection is None:
        suffix = project.responses_path.suffix.lower()
        if suffix not in FILE_SUFFIXES:
            return f"{suffix} files (it reads .csv and .parquet)"
    return None


#: Quotes are read from the respondent file by the default engine's survey, which a database does not have.
QUOTES = "quotes slides (kind: quotes reads the answers from a respondent file)"


_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _template_names(texts) -> list[str]:
    """Every name inside the template blocks of *texts* (quoted or not: ``pct('q', 'Ja', filter="x == 1")``
    names q and x): more than the templates use, never fewer."""
    return [name for text in texts if text for block in _BLOCK.findall(text) for name in _NAME.findall(block)]


def _slide_gaps(project, slide):
    """(gap or None, the slide's key that asks it) for everything *slide* would have tabulated."""
    questions = project.codebook.questions
    if isinstance(slide, QuotesSlide) and project.spec.data.connection is not None:
        yield QUOTES, "kind"
    texts = [(getattr(slide, key, None), key) for key in ("notes", "title", "subtitle")]
    if isinstance(slide, ChartSlide):
        q = questions[slide.question]
        yield question_gap(slide.question, q), "question"
        if slide.by:
            yield by_gap(slide.by, questions[slide.by]), "by"
        if slide.line is not None:
            yield question_gap(slide.line.question, questions[slide.line.question]), "line"
        for name in names_in(parse_filter(slide.filter)) if slide.filter else ():
            yield filter_gap(name, questions.get(name)), "filter"
        if isinstance(q, MultiQuestion) and (slide.dont_know or project.spec.deck.dont_know) == "exclude" \
                and q.answer_roles().dont_know:
            yield MULTI_DONT_KNOW, "question"
        texts.append((slide.headline, "headline"))
    if isinstance(slide, (BulletsSlide, SummarySlide)):
        texts.extend((text, "bullets") for text in slide.bullets)
    for text, key in texts:
        for name in _template_names([text]):
            if name in questions:
                yield question_gap(name, questions[name]) or filter_gap(name, questions[name]), key


def first_gap(project) -> tuple[str, Location] | None:
    """The first thing in *project* the SQL engine cannot tabulate, and where the spec asks for it (the
    ``data`` key, or the slide's), else None. Pure: reads the spec and codebook, never the data.

    Conservative where the spec cannot say exactly: every question named inside a template block counts
    as tabulated, so a None here means no slide can meet a refusal."""
    gap = data_gap(project)
    if gap is not None:
        return gap, project.where(*engine_of(project)[1].split("."))
    for i, slide in enumerate(project.spec.slides):
        found = next(((g, key) for g, key in _slide_gaps(project, slide) if g is not None), None)
        if found is not None:
            return found[0], project.where("slides", i, found[1])
    return None


def refusal(project) -> str | None:
    """:func:`first_gap`'s words (what follows "... does not yet tabulate"), else None: what
    ``data.engine: auto`` tells the user when it stays in memory."""
    gap = first_gap(project)
    return None if gap is None else gap[0]
