"""What a chart slide shows, composed and worded: the values render places and the workbook exports.

Render draws a :class:`ChartContent` or :class:`TextContent` as it is; it decides nothing about the
words or the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..spec.roles import Scale
from ..stats import Table
from ..text import formats
from ..text.insights import Insight
from ..text.words import word

#: Longest series label (or category of a chart outside the fixed frame: pie, line, dot) drawn in full on
#: a chart; longer ones end in "…" there (tables, notes and the workbook keep them whole), and the build
#: says so. Categories of bars and columns wrap in the frame instead (``render.frame``).
MAX_LABEL = 80


@dataclass(frozen=True)
class ValueFormat:
    """How a table's values read: proportions as percentages, or numbers (means) with a unit."""

    percent: bool = True
    decimals: int = 0
    unit: str | None = None

    def text(self, value: float, locale: str) -> str:
        if value is None or np.isnan(value):
            return "–"
        if self.percent:
            return formats.percent(100 * value, locale, self.decimals)
        shown = formats.number(value, locale, self.decimals)
        return f"{shown}\u00a0{self.unit}" if self.unit else shown


@dataclass(frozen=True)
class TextContent:
    """A title, section or bullets slide, worded: its title and body paragraphs (a subtitle, or bullets)."""

    kind: str  # title | section | bullets
    title: str
    body: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Quote:
    """One respondent's answer as a quotes slide shows it: trimmed, in quotation marks, and attributed."""

    text: str  # ”Våga börja, men ta fram riktlinjer först.”: plain text, never a template
    attribution: str | None  # "— Kommun, 50 000+ invånare"; None when the respondent has no segment
    respondent: str | None = None  # the respondent's id, for the notes (None when the data has no id column)


@dataclass(frozen=True)
class QuotesContent:
    """A quotes slide, worded (see :mod:`.quotes`): its title, the quotes in order, notes and warnings."""

    number: int  # 1-based position in the spec
    name: str  # the slide's id, or its question
    title: str
    quotes: tuple[Quote, ...]
    notes: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChartText:
    """The words around a chart: headline, question, base line, source and speaker notes.

    *significance* explains the marks ("Letter = significantly higher than…", "▲/▼ …") when the table
    has at least one; render adds it to the footnote only when the drawn slide shows one, as a reader
    must never be told about a notation the slide does not show.
    """

    headline: str
    question: str
    base: str
    source: str | None
    notes: str
    alt: str = ""  # the chart's data in words, for screen readers (its kind, question and every value)
    significance: str | None = None
    asked: str = ""  # the question as asked (and the statement or answer shown), without the "Question:" word
    #: Who the base is when the spec chose them (a filter, or ``base`` in words): a sentence quoted away
    #: from the slide (a summary's bullet) must carry it, or it reads as said of everyone.
    scope: str | None = None


@dataclass(frozen=True)
class Line:
    """The line of a combo chart, composed (see :mod:`.combo`): one value per category of the columns.

    *table* has one row (the share of an answer, or a mean) and its columns are the chart's categories,
    in the columns' order; *name* is the series' name in the legend ("Spend: Mean"), *columns* the
    columns' ("Satisfaction: Satisfied (top 2)"), and *question_text* what the line shows, as asked.
    """

    name: str
    table: Table
    value_format: ValueFormat
    columns: str
    question_text: str


@dataclass(frozen=True)
class ChartContent:
    """Everything chart slide *number* shows, worded: render places it, the tables workbook exports it."""

    number: int  # 1-based position in the deck
    name: str  # the slide's id, or its question
    filter: str | None  # as written in the spec
    table: Table
    kind: str
    text: ChartText
    value_format: ValueFormat
    total_label: str
    row_labels: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    low_base: int = 0  # segments with a smaller base are marked on the slide
    scale: Scale | None = None  # the question's answers as a scale, coloured as one (see render.palette)
    segments: tuple[str, ...] = ()  # every answer of the by question, in codebook order: one colour each
    shorts: dict[str, str] = field(default_factory=dict)  # label -> the codebook's short label, shown on charts
    axis_max: float | None = None  # where the value axis ends (1.0 is 100%); None: fitted to the values
    insight: Insight | None = None  # the sentence written from the table (``headline: auto``), for summaries
    line: Line | None = None  # a combo chart's line, over the same categories as its columns


def column_names(table: Table, locale: str) -> list[str]:
    """A table's columns as the notes, the alt text and the checks name them: a total (alone or beside
    the segments) in the deck's words."""
    return [word(locale, "total") if table.columns.role == "total" or label == table.columns.total else label
            for label in table.columns]
