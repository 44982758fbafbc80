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
from ...spec.models import BulletsSlide, ChartSlide, SummarySlide

#: The files DuckDB reads itself, out of core.
FILE_SUFFIXES = (".csv", ".parquet")


def engine_of(project) -> tuple[str, str, str]:
    """(name, spec key, what to do instead) of the SQL engine the project's data calls for: DuckDB over
    its file, or the database of ``data.connection``."""
    connection = getattr(project.spec.data, "connection", None)
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
    if getattr(data, "connection", None) is None:
        suffix = project.responses_path.suffix.lower()
        if suffix not in FILE_SUFFIXES:
            return f"{suffix} files (it reads .csv and .parquet)"
    return None


_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _template_names(texts) -> list[str]:
    """Every name inside the template blocks of *texts* (quoted or not: ``pct('q', 'Ja', filter="x == 1")``
    names q and x): more than the templates use, never fewer."""
    return [name for text in texts if text for block in _BLOCK.findall(text) for name in _NAME.findall(block)]


def _slide_gaps(project, slide):
    questions = project.codebook.questions
    texts = [getattr(slide, "notes", None), getattr(slide, "title", None), getattr(slide, "subtitle", None)]
    if isinstance(slide, ChartSlide):
        q = questions[slide.question]
        yield question_gap(slide.question, q)
        if slide.by:
            yield by_gap(slide.by, questions[slide.by])
        if slide.line is not None:
            yield question_gap(slide.line.question, questions[slide.line.question])
        for name in names_in(parse_filter(slide.filter)) if slide.filter else ():
            yield filter_gap(name, questions.get(name))
        if isinstance(q, MultiQuestion) and (slide.dont_know or project.spec.deck.dont_know) == "exclude" \
                and q.answer_roles().dont_know:
            yield MULTI_DONT_KNOW
        texts.append(slide.headline)
    if isinstance(slide, (BulletsSlide, SummarySlide)):
        texts.extend(slide.bullets)
    for name in _template_names(texts):
        if name in questions:
            yield question_gap(name, questions[name]) or filter_gap(name, questions[name])


def refusal(project) -> str | None:
    """The first thing in *project* the SQL engine cannot tabulate, in its refusal's words (after "...
    does not yet tabulate"), else None. Pure: reads the spec and codebook, never the data.

    Conservative where the spec cannot say exactly: every question named inside a template block counts
    as tabulated, so a None here means no slide can meet a refusal."""
    gap = data_gap(project)
    if gap is not None:
        return gap
    for slide in project.spec.slides:
        gap = next((g for g in _slide_gaps(project, slide) if g is not None), None)
        if gap is not None:
            return gap
    return None
