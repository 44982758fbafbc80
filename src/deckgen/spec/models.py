"""Typed models of ``slides.yaml``: the deck, its data sources and its slides.

Every model forbids unknown keys, so a misspelt key is an error with a
did-you-mean rather than a silently ignored setting. Texts that are Jinja2
templates (headlines, bullets, titles) stay strings here; the text stage
renders them.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from . import charts
from .filters import names_in, parse_filter

ChartKind = Literal[tuple(charts.KINDS)]  # declared in .charts
Locale = Literal["sv", "en"]
SortOrder = charts.SortOrder


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Layouts(_Model):
    """Which template layout (by name) each kind of slide uses."""

    title: str = "Title"
    section: str = "Section"
    bullets: str = "Bullets"
    chart: str = "Chart"


class Significance(_Model):
    """How differences between segments are tested (on slides with ``by``)."""

    level: float = Field(0.95, gt=0.5, lt=1, description="Confidence level of the two-sided tests.")
    correction: Literal["none", "bonferroni"] = Field(
        "none", description="'bonferroni' tightens the level for the number of pairs compared.")
    versus: Literal["columns", "rest"] = Field(
        "columns", description="'columns': letters of the segments a value is higher than; "
        "'rest': + / - against all other segments together.")
    min_base: int = Field(30, ge=0, description="Segments with a smaller (effective) base are not tested.")


class AxisRange(_Model):
    """Where a chart's value axis ends (it always starts at 0)."""

    max: float = Field(description="The axis's maximum: percentage points for shares (60 is 60%), the "
                       "value's unit for means (e.g. 300 for 300 kr).", json_schema_extra={"exclusiveMinimum": 0})

    @field_validator("max")
    @classmethod
    def _above_zero(cls, value: float) -> float:
        """An axis runs from 0 up: a maximum of 0 or below would leave no room for any bar."""
        if not value > 0:  # NaN too
            raise ValueError(f"the axis runs from 0 to 'max', so 'max' must be above 0 (got {value:g}); "
                             "e.g. {max: 60} for 60%")
        return value


def _axis_form(value) -> str:
    """Which form an axis setting is written in: a mapping (``{max: 60}``) or a word (``fit``)."""
    return "range" if isinstance(value, dict) or isinstance(value, AxisRange) else "word"


#: A value axis setting: ``fit`` (end a little beyond the largest value) or ``{max: N}``; told apart by
#: their form, so a mistake in either is reported as that form's alone.
AxisSetting = Annotated[Union[Annotated[Literal["fit"], Tag("word")], Annotated[AxisRange, Tag("range")]],
                        Discriminator(_axis_form)]
_AXIS = ("The value axis of bar, column, line and dot charts: {max: 60} ends it at 60% (shares) or at 60 in "
         "the value's unit (means); 'fit' ends it just beyond the largest value. Default: 0-100% for shares, "
         "fitted for means.")


class Deck(_Model):
    """Deck-wide settings: titles, locale, template and output."""

    title: str
    subtitle: str | None = None
    locale: Locale = "en"
    template: str = Field("templates/brand.pptx", description="The .pptx whose layouts and theme the deck "
                          "uses, relative to the spec.")
    output: str | None = Field(None, description="Where the deck is written, relative to the spec. "
                               "Default: out/<spec name>.pptx")
    source: str | None = Field(None, description="Source line on every question slide, e.g. 'IPSOS, November 2010'.")
    author: str | None = None
    layouts: Layouts = Layouts()
    significance: Significance = Significance()
    dont_know: Literal["include", "exclude"] = Field(
        "include", description="Whether \"Don't know\" and \"Refused\" answers stay in the base.")
    low_base: int = Field(30, ge=1, description="Bases below this are flagged as low (\"låg bas\").")
    suppress_low_base: bool = Field(False, description="Leave segments with a low base out of charts.")
    rounding: Literal["standard", "largest_remainder"] = Field(
        "standard", description="'largest_remainder' makes each single-choice column show exactly 100%.")
    axis: AxisSetting | None = Field(None, description=_AXIS + " A slide's own 'axis' wins.")


class Weighting(_Model):
    """Rim weighting (raking) to marginal targets, one target distribution per question."""

    targets: dict[str, dict[Union[int, str], float]] = Field(
        min_length=1, description="Question -> {label: target share}, shares in percent or proportions.")
    cap: float | None = Field(None, gt=1, description="Largest weight allowed, e.g. 5.")
    max_iterations: int = Field(1000, ge=1)


class Wave(_Model):
    """One wave of a tracker given as a file of its own: its name and its respondents."""

    name: str = Field(min_length=1, description="The wave's name as slides show it, e.g. '2024'.")
    responses: str = Field(description="This wave's respondent file (.csv, .xlsx, .parquet or .sav).")
    questions: str | None = Field(None, description="This wave's own codebook (YAML), if it had one: it is only "
                                  "compared with the deck's codebook (a changed label is a warning); the deck's "
                                  "codebook codes every wave.")


#: Keys that would write a credential (or the URL carrying it) into the spec: refused by name.
CREDENTIAL_KEYS = ("url", "uri", "dsn", "password", "passwd", "user", "username", "token", "secret", "key",
                   "connection_string", "host")


class Connection(_Model):
    """A database or warehouse holding the respondents: the SQL dialect it speaks, and where its URL is.

    Credentials never go in the spec: a spec is shared, committed and quoted in messages. The URL, with
    any user, password or token, is read from an environment variable when the deck is built.
    """

    dialect: Literal["sqlite", "duckdb", "postgres", "trino", "snowflake", "bigquery", "databricks", "spark"] = \
        Field(description="The database's SQL dialect (sqlglot's name): the tabulator's SQL is rewritten in it.")
    env: str = Field(description="The environment variable holding the database's URL with any credentials "
                     "(a SQLAlchemy URL, e.g. trino://user@host:443/catalog/schema), e.g. DECKGEN_DATABASE.")

    @model_validator(mode="before")
    @classmethod
    def _no_credentials(cls, data):
        """A URL, user or password written here would be committed with the spec: refused, never used."""
        if isinstance(data, dict):
            written = [k for k in data if isinstance(k, str) and k.lower() in CREDENTIAL_KEYS]
            if written:
                raise ValueError(f"'{written[0]}' would put a credential in the spec; put the database's URL (with "
                                 "any user and password) in an environment variable and name that variable with "
                                 "'env', e.g. env: DECKGEN_DATABASE")
        return data

    @field_validator("env")
    @classmethod
    def _variable_name(cls, value: str) -> str:
        """A name, never the URL itself (which the message does not repeat: it may hold a password)."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise ValueError("'env' is the name of the environment variable holding the URL (e.g. DECKGEN_DATABASE), "
                             "not the URL: a URL written in the spec would put its credentials there")
        return value


class DataSource(_Model):
    """Where the respondent-level data and its codebook are."""

    responses: str | None = Field(None, description="Respondent file, one row per respondent: .csv, .xlsx, "
                                  ".parquet or an SPSS .sav. Required unless 'waves' lists a file per wave.")
    waves: list[Wave] | None = Field(None, min_length=2, description="A tracker given as a file per wave, "
                                     "oldest first (the last is the current wave), instead of 'responses'.")
    wave: str | None = Field(None, description="A tracker in one file: the column naming each respondent's "
                             "wave; waves run in its codebook order (else in order of first appearance), the "
                             "last is the current wave.")
    questions: str | None = Field(None, description="Codebook (YAML): question texts, types, value labels "
                                  "and their order. Optional for .sav files, whose dictionary is the codebook; "
                                  "entries here override it.")
    weight: str | None = Field(None, description="Column holding each respondent's weight (a .sav file's own "
                               "WEIGHT BY variable is used when this is not set).")
    weighting: Weighting | None = Field(None, description="Rim-weight the respondents to these targets.")
    sheet: str | int | None = Field(None, description="Excel sheet name or 0-based index (default: first).")
    encoding: str | None = Field(None, description="Override a .sav file's declared text encoding, e.g. cp1252.")
    id: str | None = Field(None, description="Column holding each respondent's id, which a quotes slide's "
                           "'pick' names. Default: the one column named id, resp_id or respondent_id.")
    table: str | None = Field(None, description="With 'connection', instead of 'responses': the database's table "
                              "(or view) of respondents, one row each, e.g. survey.responses.")
    connection: Connection | None = Field(None, description="The database or warehouse holding 'table': the "
                                          "tables are computed there by SQL, only aggregates coming back. Needs "
                                          "pip install -e '.[warehouse]' and the database's SQLAlchemy driver.")
    engine: Literal["auto", "numpy", "duckdb"] = Field(
        "auto", description="What computes the tables: numpy (in memory), duckdb (SQL over a .csv or .parquet "
        "file, out of core; needs pip install -e '.[duckdb]'), or auto: duckdb when the file would not fit "
        "comfortably in memory, duckdb is installed and it can compute every slide, else numpy.")

    @model_validator(mode="after")
    def _one_form(self):
        """Respondents come from one file, from one file per wave, or from a database's table: one of them."""
        if (self.table is None) != (self.connection is None):
            raise ValueError("'table' and 'connection' go together: the table of respondents, and the database "
                             "holding it")
        if self.connection is not None:
            if self.responses is not None or self.waves is not None or self.wave is not None:
                raise ValueError("give either a respondent file ('responses', 'waves') or a database's 'table' with "
                                 "'connection', not both")
            if self.engine != "auto":
                raise ValueError(f"with 'connection' the database computes the tables; remove 'engine: {self.engine}'")
            return self
        if self.waves is not None and self.responses is not None:
            raise ValueError("give either 'responses' (one file) or 'waves' (a file per wave), not both")
        if self.waves is None and self.responses is None:
            raise ValueError("missing required key 'responses' (the respondent file), or 'waves' (a file per wave), "
                             "or 'table' with 'connection' (a database)")
        if self.waves is not None and self.wave is not None:
            raise ValueError("'wave' names the wave column of one file; with 'waves' each file is a wave already")
        names = [w.name for w in self.waves or []]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"wave '{twice[0]}' is named twice; each wave needs a name of its own")
        return self

    @property
    def current_responses(self) -> str | None:
        """The current (newest) wave's respondent file: the one file, or the last wave's (None: a database)."""
        return self.responses if self.waves is None else self.waves[-1].responses

    @property
    def tracker(self) -> bool:
        """Whether the data holds several waves."""
        return self.waves is not None or self.wave is not None


class _Slide(_Model):
    #: The template layout role (a key of :class:`Layouts`) the slide is placed on.
    layout: ClassVar[str] = "bullets"

    id: str | None = Field(None, description="A stable name for the slide, used in messages.")
    notes: str | None = Field(None, description="Extra speaker notes (a template).")


class TitleSlide(_Slide):
    """The cover: deck title and subtitle unless given here."""

    kind: Literal["title"]
    layout: ClassVar[str] = "title"
    title: str | None = None
    subtitle: str | None = None


class SectionSlide(_Slide):
    """A divider between parts of the report."""

    kind: Literal["section"]
    layout: ClassVar[str] = "section"
    title: str
    subtitle: str | None = None


class BulletsSlide(_Slide):
    """A title and bullet points, each a template over the computed numbers."""

    kind: Literal["bullets"]
    title: str
    bullets: list[str] = Field(min_length=1)


class ComboLine(_Model):
    """What the line of a ``combo`` chart shows, over the same categories as its columns.

    A combo chart sets two measures of the same groups side by side: a share and a mean ("% satisfied"
    with "mean spend", by region), or a volume and a rate (how many gave each reason, and how satisfied
    those were). The line is one value per category: the mean (or median) of a numeric question, or the
    share giving one answer (or NET) of a single-choice or multiple-response question.
    """

    question: str = Field(description="The question the line shows: numeric (its mean), or single or multi "
                          "(the share giving 'answer').")
    answer: str | None = Field(None, description="A single or multi question: the answer or NET whose share "
                               "the line shows, e.g. Ja.")
    statistic: Literal["mean", "median"] | None = Field(None, description="A numeric question: 'mean' (the "
                                                        "default) or 'median'.")


class ChartSlide(_Slide):
    """One question as a native chart with an insight headline, question text and base."""

    kind: Literal["chart"]
    layout: ClassVar[str] = "chart"
    question: str
    chart: ChartKind = Field("bar", description=f"How the question is drawn: {charts.described()}.")
    by: str | None = Field(None, description="A single-choice question to break the results down by.")
    filter: str | None = Field(None, description="Who is in the base, e.g. org_type == 'Kommun'.")
    headline: str | None = Field(None, description="The slide title: a template, or 'auto' (the default) for a "
                                 "sentence written from the slide's numbers (the leading answer, a majority, a "
                                 "significant difference, a grid's extremes, a mean); the question text when no "
                                 "rule applies. '{{ insight }}' in a template is that sentence.")
    base: str | None = Field(None, description="Who the base is, in words (default: all respondents).")
    sort: SortOrder | None = Field(None, description="'value' (largest first) or 'codes' (codebook order).")
    dont_know: Literal["include", "exclude"] | None = Field(
        None, description="Override deck.dont_know for this slide.")
    top: int | None = Field(None, ge=1, description="Show the N largest answers and fold the rest into "
                            "'Other' (counted on respondents).")
    percent_of: Literal["respondents", "responses"] = Field(
        "respondents", description="Multiple response: percent of respondents (may sum past 100) or of all "
        "responses given (sums to 100).")
    test: bool = Field(True, description="Mark significant differences between the segments of 'by'.")
    total: bool = Field(False, description="With 'by': a Total column or series of everyone in the base, shown "
                        "first, beside the segments.")
    item: str | None = Field(None, description="A grid: show this one statement, its answers as a single-choice "
                             "question's (e.g. stacked by segment).")
    answer: str | None = Field(None, description="A grid with 'by': the answer or NET shown for every statement, "
                               "one bar per segment; default the grid's first NET (its top2). chart: combo with "
                               "'by': the answer or NET whose share the columns show.")
    empty: Literal["hide", "show"] = Field("hide", description="Rows no one in the base gave: "
                                           "'hide' (default) or 'show' them as 0%.")
    decimals: int = Field(0, ge=0, le=3, description="Decimals shown on percentages.")
    axis: AxisSetting | None = Field(None, description=_AXIS + " Overrides deck.axis.")
    line: ComboLine | None = Field(None, description="chart: combo: what the line on the second axis shows, "
                                   "over the same categories as the columns, e.g. {question: spend, statistic: "
                                   "mean} or {question: uses_social, answer: Ja}.")
    answers: list[str] | None = Field(None, min_length=1, description="A trend: the answers or NETs drawn over "
                                      "the waves (default: the question's first NET, else its leading answer in "
                                      "the current wave).")
    form: Literal["line", "columns"] = Field("line", description="A trend: a line over the waves, or clustered "
                                             "columns (one per wave beside each answer).")
    waves: Literal["current", "previous"] = Field("current", description="A tracker: 'current' (default) shows the "
                                                  "current wave; 'previous' shows it beside the previous wave, with "
                                                  "▲/▼ where it differs significantly.")
    versus: str | None = Field(None, description="A tracker: the wave each wave is tested against (default: the "
                               "one before it).")

    @model_validator(mode="before")
    @classmethod
    def _kind_order(cls, data):
        """A slide that does not choose an answer order gets its chart kind's (a scale's kinds: codes)."""
        if not isinstance(data, dict) or data.get("sort") is not None:
            return data
        chart = data.get("chart", "bar")
        kind = charts.KINDS.get(chart) if isinstance(chart, str) else None  # an unknown kind is reported later
        return {**data, "sort": kind.sort} if kind is not None and kind.sort is not None else data


#: The entry of a summary slide's ``bullets`` that stands for its ranked insights.
AUTO = "auto"


class SummarySlide(_Slide):
    """Bullets composed from the deck's chart slides: each slide's insight, most important first.

    A summary is the slide a reader remembers, so it says only what the numbers carry: the insights of
    the chart slides (see ``text.insights``), ranked by their weight (effect size, significance, base),
    each pointing back to its slide in the speaker notes. Hand-written bullets may stand around them.
    """

    kind: Literal["summary"]
    title: str | None = Field(None, description="The slide title (a template); default 'Sammanfattning' / "
                              "'Summary'.")
    max: int = Field(5, ge=1, le=12, description="At most this many insights, the most important first.")
    bullets: list[str] = Field(default_factory=list, description="Hand-written bullets (templates) mixed in; "
                               "an entry 'auto' marks where the insights go (default: after them).")
    slides: list[str] | None = Field(None, description="Ids of the chart slides to summarise (default: "
                                     "every chart slide).")

    @field_validator("bullets")
    @classmethod
    def _one_auto(cls, bullets: list[str]) -> list[str]:
        """The insights go in one place: two 'auto' entries would say everything twice."""
        if bullets.count(AUTO) > 1:
            raise ValueError(f"'{AUTO}' marks where the insights go, so it can be given once "
                             f"(found {bullets.count(AUTO)} times)")
        return bullets


#: At most this many quotes on one slide: more is a wall of text, not a slide.
MAX_QUOTES = 8


class QuotesSlide(_Slide):
    """Verbatim answers to a free-text question, chosen deterministically and attributed by segment.

    The answers come from respondents: each is shown as plain text, never as a template.
    """

    kind: Literal["quotes"]
    question: str = Field(description="A text question (type: text) of the codebook.")
    title: str | None = Field(None, description="The slide title: a template; default the question text.")
    filter: str | None = Field(None, description="Whose answers may be quoted, e.g. org_type == 'Kommun'.")
    attribution: list[str] = Field(default_factory=list, description="Single-choice questions whose answers "
                                   "attribute each quote, in order, e.g. [org_type, size] -> '— Kommun, 50 000+ "
                                   "invånare'. A respondent's missing answer is left out.")
    count: int | None = Field(None, ge=1, le=MAX_QUOTES, description=f"How many quotes (at most {MAX_QUOTES}). "
                              "Default: as many as fit, at most 4.")
    seed: int = Field(2010, description="Orders answers that rank alike (equally informative); another seed "
                      "changes the order only among those.")
    pick: list[Union[int, str]] | None = Field(None, min_length=1, max_length=MAX_QUOTES, description="Respondent "
                                              "ids (see data.id) whose answers are shown, exactly these, in "
                                              "this order.")
    min_words: int = Field(3, ge=1, description="Answers with fewer words are not quoted ('nej', 'vet ej', '-').")
    max_chars: int = Field(200, ge=40, le=1000, description="Longest quote: an answer is cut after its last "
                           "whole sentence that fits (or, when its first sentence is longer, at a word, "
                           "ending in '…').")

    def questions(self) -> set[str]:
        """The questions (or columns) the slide reads: quoted, attributing, or named in the filter. It asks
        for no table, so ``deckgen watch`` learns what it depends on here."""
        named = set(names_in(parse_filter(self.filter))) if self.filter else set()
        return {self.question, *self.attribution} | named




Slide = Annotated[Union[TitleSlide, SectionSlide, BulletsSlide, ChartSlide, SummarySlide, QuotesSlide],
                  Field(discriminator="kind")]


class Spec(_Model):
    """The whole of ``slides.yaml``."""

    deck: Deck
    data: DataSource
    values: dict[str, Union[int, float, str]] = Field(
        default_factory=dict, description="Named constants for templates, e.g. invited: 310.")
    slides: list[Slide] = Field(min_length=1)
