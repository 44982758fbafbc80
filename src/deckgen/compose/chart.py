"""Composing a chart slide: its table with the presentation rules applied, and every word around it.

The build asks for the numbers; this module turns a slide's spec and its table into a
:class:`~.content.ChartContent` (headline, question and base line, source, speaker notes with every
number, value format, warnings), and render places it. The presentation rules run
here as pure ``Table -> Table`` steps, in a fixed order: hide empty rows, fold the tail into
Other (``top``), leave out low-base segments, test significance, round.

The slide's form is chosen here too (:func:`choose_form`), so that no number is lost: a chart whose
labels would not fit is drawn as another kind, by the render stage's estimate of the deck's fixed
chart frame, which the build hands in. So is where a value axis ends (:func:`_axis_max`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

from ..errors import InputError, Location, did_you_mean
from ..spec import Project
from ..spec.charts import KINDS
from ..spec.project import shown_answer
from ..spec.roles import other_label
from ..spec.models import ChartSlide
from ..stats import Table
from ..stats.ordering import drop_empty_rows, sort_rows
from ..stats.presentation import drop_small_columns, round_largest_remainder
from ..stats.significance import with_tests
from ..stats.waves import wave_tests
from ..text import formats
from ..text.insights import Insight, InsightContext, insight_of
from ..spec.filters import parse_filter
from ..text.words import base_line, filter_words, significance_line, word
from .combo import combo_columns, compose_line, with_line
from .content import MAX_LABEL, ChartContent, ChartText, ValueFormat, column_names
from .headline_checks import low_base_quotes
from .marks import cell_marks, marked
from .waves import shown_waves, trend_rows

#: More rows than this make a chart hard to read: the build suggests ``top``.
CROWDED = 25


def compose_chart(tables, project: Project, i: int, slide: ChartSlide, text, notes: str | None,
                  n_total: int, measure=None) -> ChartContent:
    """Compute and word chart slide *i*: its table with the presentation rules applied, its form, its
    headline (*text* renders a template of the slide), footnote, speaker notes and warnings (low bases,
    long labels, crowding, a change of form). *tables* answers the slide's table requests (``get``, as
    ``build.Tables``). *measure* is the render stage's estimate of what fits in the deck's chart frame
    (``DeckWriter.measure``: kind, table, value format, shorts, total label, low base -> its ``Fit``);
    without it the slide keeps the kind it asks for."""
    spec, locale = project.spec, project.spec.deck.locale
    base_key = "filter" if slide.filter else "question"
    if slide.versus is not None and tables.waves and slide.versus not in tables.waves:
        raise InputError(f"'{slide.versus}' is not a wave{did_you_mean(slide.versus, tables.waves)}; waves are "
                         + ", ".join(tables.waves), project.where("slides", i, "versus"), f"slides.{i}.versus")
    table, hidden = slide_table(tables, spec.deck, slide, project.where("slides", i, base_key),
                                f"slides.{i}.{base_key}", locale)
    sig = spec.deck.significance
    question = project.codebook.questions[slide.question]
    value_format = _value_format(table, question, slide)
    label = slide.id or f"slide {i + 1}"
    shorts = _shorts(project.codebook, slide)

    @functools.cache
    def fit(kind: str):  # asked for the axis, the form and the warnings: measured once per kind
        return measure(kind, table, value_format, shorts, word(locale, "total"), spec.deck.low_base) \
            if measure is not None else None

    axis_max = _axis_max(project, i, slide, value_format, fit, label)
    kind, form_warnings = choose_form(label, slide, table, fit)
    insight = _insight(project, slide, table, question, value_format)
    auto = slide.headline is None or slide.headline == AUTO
    headline = (insight.text if insight else question.text) if auto else \
        text(slide.headline, "headline", slide.filter, slide.question, insight=insight.text if insight else None)
    if slide.notes:  # the slide's notes may quote the insight too
        notes = text(slide.notes, "notes", insight=insight.text if insight else None)
    combo = slide.answer if kind == "combo" else None  # the answer whose share a combo's columns show
    asked = question.text + "".join(f" – {part}" for part in (slide.item, shown_answer(project.codebook, slide),
                                                               combo) if part)
    chart_text = ChartText(
        headline=headline,
        question=f"{word(locale, 'question')}: {asked}",
        asked=asked,
        base=_base_line(slide, table, n_total, locale, spec.deck.low_base, hidden, project.codebook),
        scope=_chosen_group(slide, locale, project.codebook),
        significance=(significance_line(locale, table.significance.versus, sig.level, slide.versus)
                      if marked(table) else None),
        source=f"{word(locale, 'source')}: {spec.deck.source}" if spec.deck.source else None,
        notes=_notes(question.text, slide, table, locale, notes, value_format),
        alt=_alt_text(kind, question.text, table, locale, value_format),
    )
    line = None
    if kind == "combo":  # the line over the same categories, and its words beside the columns'
        line = compose_line(tables, project, i, slide, table, functools.partial(question_name, project.codebook))
        answers = line.table.answers  # the line's base in short (its segments' bases are in the notes)
        who = _chosen_group(slide, locale, project.codebook) or word(locale, "all" if line.table.total_base == n_total
                                                                     else "asked" if answers is not None
                                                                     and not answers.exclusive else "answering")
        chart_text = with_line(chart_text, line, locale,
                               base_line(locale, who, line.table.total_base, low=spec.deck.low_base,
                                         weighted=line.table.weighted),
                               significance_line(locale, sig.versus, sig.level))
    warnings = _warnings(label, kind, table, spec.deck.low_base, shorts, fit(kind) if kind in FRAMED else None)
    return ChartContent(i + 1, slide.id or slide.question, slide.filter, table, kind, chart_text, value_format,
                        word(locale, "total"), {row: word(locale, row) for row in ("Mean", "Median")},
                        form_warnings + warnings
                        + (low_base_quotes(label, headline, table, locale, spec.deck.low_base)
                           if not auto else []), spec.deck.low_base,
                        question.scale_roles() if hasattr(question, "scale_roles") else None,
                        _segment_order(project.codebook, slide.by), shorts,
                        axis_max if KINDS[kind].axis else None, insight, line)


#: The longest question text that names an insight's subject when the question has no short name.
SUBJECT_CHARS = 40
#: The headline that asks for the slide's insight sentence (also what a chart slide without one gets).
AUTO = "auto"


def _insight(project: Project, slide: ChartSlide, table: Table, question, value_format) -> Insight | None:
    """The slide's insight sentence (``headline: auto``), from its presented table; None when no rule
    is sure of one. The subject is the question's short name, or its text when that is a short name already
    (a long question, or one asked as a question, would bury the finding; the footnote gives it whole)."""
    deck = project.spec.deck
    plain = question.text if len(question.text) <= SUBJECT_CHARS and not question.text.rstrip().endswith("?") \
        else None
    shorts = _shorts(project.codebook, slide)
    subject = question.short or plain
    if slide.item:  # one statement of a grid: the finding is about that statement
        item = shorts.get(slide.item, slide.item)
        subject = f"{subject} – {item}" if subject else item if len(item) <= SUBJECT_CHARS else None
    return insight_of(table, InsightContext(
        locale=deck.locale, low_base=deck.low_base, min_base=deck.significance.min_base,
        subject=subject, decimals=value_format.decimals, unit=value_format.unit,
        shorts=shorts,
        scale=question.scale_roles() if hasattr(question, "scale_roles") else None))


def _segment_order(codebook, by: str | None) -> tuple[str, ...]:
    """Every answer of the breakdown in codebook order, shown or not: each segment's colour is its place
    here, so a segment hidden on one slide (a low base, a filter) does not shift the others' colours."""
    question = codebook.questions.get(by) if by else None
    return tuple(question.labels.values()) if question is not None and hasattr(question, "labels") else ()


#: The kinds drawn in the deck's fixed frame, whose category labels wrap in it (see ``render.frame``).
FRAMED = ("bar", "column", "stacked")
#: A hint that belongs in every change of form: where short labels are written.
SHORT_HINT = "a short label in the codebook ({text: ..., short: ...})"


def choose_form(label: str, slide: ChartSlide, table: Table, fit) -> tuple[str, list[str]]:
    """The kind a slide is drawn as, so that no number is lost, and a warning for each change of form.

    A column chart whose category labels cannot sit across their columns (three lines at 10 pt, no word
    broken), or whose columns cannot each carry their value, is drawn as horizontal bars, whose label
    column holds long labels; bars that cannot each carry their value at 10 pt become a table, which
    shows every number. (Dots show no values and small multiples are not drawn yet, so they are not
    steps here.) *fit* is the render stage's estimate of a kind in the deck's frame, or None.
    """
    kind, warnings = slide.chart, []
    if kind == "trend" and slide.form == "columns":  # the waves as columns beside each answer
        kind = "column"
    estimate = fit(kind) if kind in ("bar", "column") else None
    if estimate is None:
        return kind, warnings
    if kind == "column" and (not estimate.across or estimate.value_size is None):
        why = ("its category labels cannot sit across the columns in three lines at 10 pt" if not estimate.across
               else f"its {estimate.categories * estimate.series} columns are too narrow for their values at 10 pt")
        fix = f"give long labels {SHORT_HINT}" if not estimate.across else _fewer(slide, estimate)
        warnings.append(f"{label}: drawn as horizontal bars, as {why}; {fix}, or ask for 'chart: bar'")
        kind, estimate = "bar", fit("bar")
    if kind == "bar" and estimate.value_size is None:
        bars = estimate.categories * estimate.series
        warnings.append(f"{label}: drawn as a table, as its {bars} bars are too thin to carry their values at 10 pt "
                        f"in the chart area; {_fewer(slide, estimate)}, or ask for 'chart: table'")
        kind = "table"
    return kind, warnings


def _fewer(slide: ChartSlide, estimate) -> str:
    """How to make room for every value: fewer categories (``top: N``), and fewer segments."""
    top = max(2, estimate.categories // 2)
    ranked = slide.sort != "codes"  # a scale in its order is not cut to its largest answers
    fixes = [f"'top: {top}' keeps the {top} largest" if estimate.categories > 3 and ranked else None,
             "fewer segments (a 'filter', or 'chart: stacked')" if estimate.series > 1 and slide.by else None]
    shown = [f for f in fixes if f]
    return " or ".join(shown) if shown else "a larger chart area in the template"


def _shorts(codebook, slide: ChartSlide) -> dict[str, str]:
    """The codebook's short labels a chart of *slide* may show: its question's answers, options and
    items, and the segments of its ``by``."""
    shorts = dict(codebook.questions[slide.question].shorts)
    if slide.by:
        shorts.update(codebook.questions[slide.by].shorts)
    return shorts


def _axis_max(project: Project, i: int, slide: ChartSlide, value_format, fit, label: str) -> float | None:
    """Where the value axis ends (1.0 is 100%), None to fit it to the values.

    Shares run 0-100% on every chart unless the slide (or else the deck) says ``axis: {max: N}`` (in
    percentage points) or ``axis: fit``; means are fitted unless given a maximum in their unit. A
    maximum below a value drawn would cut its bar: an error naming the slide and the value.
    """
    setting, path = (slide.axis, ("slides", i, "axis")) if slide.axis is not None else \
        (project.spec.deck.axis, ("deck", "axis"))
    if setting is None:
        return 1.0 if value_format.percent else None
    if setting == "fit":
        return None
    where, key = project.where(*path, "max"), ".".join(map(str, path + ("max",)))
    if value_format.percent and setting.max > 100:
        raise InputError(f"{label}: a share axis ends at 100 (%) at most, got {setting.max:g}", where, key)
    top = setting.max / 100 if value_format.percent else setting.max
    estimate = fit(slide.chart) if KINDS[slide.chart].axis else None
    if estimate is not None and estimate.largest is not None and estimate.largest[1] > top + 1e-9:
        name, value = estimate.largest
        locale = project.spec.deck.locale
        least = math.ceil(value * 100) if value_format.percent else math.ceil(value)
        raise InputError(f"{label}: the axis ends at {value_format.text(top, locale)}, below '{name}' at "
                         f"{value_format.text(value, locale)}, so its bar would be cut; give 'max' of at least "
                         f"{least}, or 'axis: fit'", where, key)
    return top


def _warnings(label: str, kind: str, table: Table, low: int, shorts: dict, estimate) -> list[str]:
    """Low bases, labels too long to draw in full, and charts too crowded to read."""
    warnings = _low_base_warnings(label, table, low)
    if kind in ("table", "kpi"):
        return warnings
    # in the frame, categories wrap and only those that do not fit are shortened; elsewhere, long ones
    rows = [] if estimate is not None else [*table.rows]
    long = [name for name in rows + [*table.columns] if len(shorts.get(name, name)) > MAX_LABEL]
    if estimate is not None and estimate.shortened:
        long = list(estimate.shortened) + long
        warnings.append(f"{label}: {len(long)} labels do not fit three lines at 10 pt in the label column and are "
                        f"shortened on the chart, e.g. '{long[0][:40]}…'; give them {SHORT_HINT}")
    elif long:
        warnings.append(f"{label}: {len(long)} labels longer than {MAX_LABEL} characters are shortened on the "
                        f"chart, e.g. '{long[0][:40]}…'; give them {SHORT_HINT}")
    if len(table.rows) > CROWDED:
        warnings.append(f"{label}: {len(table.rows)} categories make a crowded chart; "
                        "'top: 10' keeps the largest and folds the rest into Other")
    return warnings


def _value_format(table: Table, question, slide: ChartSlide):
    """Percentages for shares; means with the question's decimals and unit (from the codebook)."""
    if table.measure == "mean":
        return ValueFormat(percent=False, decimals=question.decimals, unit=question.unit)
    return ValueFormat(decimals=slide.decimals)


def slide_table(tables, deck, slide: ChartSlide, where: Location, key: str, locale: str):
    """The table a chart slide shows, with the deck's presentation rules applied; and hidden segments."""
    dont_know = slide.dont_know or deck.dont_know
    waves = shown_waves(tables.waves, slide)
    table = tables.get(slide.question, slide.filter, slide.by, slide.sort, where, key, slide.percent_of, dont_know,
                       total=slide.total, item=slide.item, answer=shown_answer(tables.project.codebook, slide),
                       waves=waves)
    if table.total_base == 0:
        raise InputError(f"no respondents in the base of '{slide.question}'"
                         + (f" with filter {slide.filter!r}; check the filter" if slide.filter
                            else "; nobody answered it"), where, key)
    if slide.chart == "trend":  # the chosen answers, shown even where nobody gave them
        table = trend_rows(table, slide)
    elif slide.empty == "hide":
        table = drop_empty_rows(table)
    if slide.top and not waves:
        table = _fold_tail(tables, slide, table, dont_know, word(locale, "other"), where, key)
    hidden: list[str] = []
    if deck.suppress_low_base:
        table, hidden = drop_small_columns(table, deck.low_base)
    sig = deck.significance
    if waves and slide.test and KINDS[slide.chart].marks:  # each wave against the previous (or versus)
        table = wave_tests(table, sig.level, slide.versus, sig.min_base)
    elif slide.by and slide.test and KINDS[slide.chart].marks:  # only where the chart can show the marks
        table = with_tests(table, sig.level, sig.correction, sig.versus, sig.min_base)
    if deck.rounding == "largest_remainder":
        table = round_largest_remainder(table, slide.decimals)
    if slide.chart == "combo":  # one value per category, the line's categories (see .combo)
        table = combo_columns(table, slide, where, key)
    return table, hidden


#: The working name of the folded tail while it is tabulated as a NET (no codebook label holds a NUL).
_TAIL = "\x00tail"


def _fold_tail(tables, slide: ChartSlide, table, dont_know: str, other: str, where, key):
    """Keep the *top* largest answers; the rest become one 'Other' row, counted on respondents.

    Residual answers ("Don't know", "None of these") keep their own rows. When the question already
    has an "Other" answer the tail folds into it (one row, never two rows of that name); otherwise
    into a new row named *other*. Only rows *table* still shows can be kept: rows an earlier rule
    removed (``empty: hide``) stay out, although the re-tabulation brings every answer back.
    """
    rows = table.rows
    existing = other_label([row for row in rows if not rows.is_net(row)])
    keep = set(table.ranked()[: slide.top]) | set(rows.nets) | (set(rows.residual) - {existing})
    folded = [row for row in rows if row not in keep]
    if len(folded) < (1 if existing else 2):  # a new row for one answer would only rename it
        return table
    full = tables.get(slide.question, slide.filter, slide.by, slide.sort, where, key, slide.percent_of,
                      dont_know, {_TAIL: folded}, slide.total, slide.item)
    shown = full.reordered([i for i, row in enumerate(full.rows) if row in keep or row == _TAIL])
    name = existing or other
    labels = tuple(name if row == _TAIL else row for row in shown.rows)
    rows = replace(shown.rows, labels=labels, nets=tuple(n for n in shown.rows.nets if n != _TAIL),
                   residual=shown.rows.residual | {name})  # folded answers are the rest, not a NET
    return sort_rows(replace(shown, rows=rows), slide.sort or "value")  # top N is a ranking


def _chosen_group(slide: ChartSlide, locale: str, codebook) -> str | None:
    """Who a slide's base is when the spec chose them: its ``base`` in words, else its filter in words
    ("Region = Islands"); None when the base is everyone who answered."""
    if slide.base:
        return slide.base
    if slide.filter:
        return filter_words(parse_filter(slide.filter), lambda key: question_name(codebook, key), locale)
    return None


def _base_line(slide: ChartSlide, table, n_total: int, locale: str, low: int, hidden: list, codebook) -> str:
    answers = table.answers  # several answers each (multiple response): the base is who was asked
    default = "asked" if answers is not None and not answers.exclusive else "answering"
    who = _chosen_group(slide, locale, codebook) or (
        word(locale, "all") if table.total_base == n_total else word(locale, default))
    segments = [(table.columns[j], table.columns.bases[j]) for j in table.segment_columns()] + list(hidden) \
        if table.segments else list(zip(table.columns, table.columns.bases)) if table.columns.role == "wave" else None
    # answers or items asked of different respondents (routing, item non-response) have their own bases
    own = next((axis for axis in (table.rows, table.columns) if axis.role in ("answer", "item") and axis.bases),
               None)
    labels = list(zip(own, own.bases)) if own is not None else None
    # segments left out of the chart are still named, with their base (the total already counts them)
    return base_line(locale, who, table.total_base, segments, low, [name for name, _ in hidden], labels,
                     table.weighted)


def question_name(codebook, key: str) -> str:
    """A question as a footnote names it: its short name, its text when short, else its key (or a column)."""
    question = codebook.questions.get(key)
    if question is None:
        return key
    return question.short or (question.text if len(question.text) <= 40 else key)


def _low_base_warnings(label: str, table, low: int) -> list[str]:
    out = []
    if table.total_base < low:
        out.append(f"{label}: low base, n={table.total_base}")
    out += [f"{label}: low base for {table.columns[j]}, n={table.columns.bases[j]}"
            for j in table.segment_columns() if table.columns.bases[j] < low]
    if table.columns.role == "wave":
        out += [f"{label}: low base in wave {wave}, n={base}" for wave, base in zip(table.columns, table.columns.bases)
                if base < low and wave != table.columns[-1]]  # the current wave's is the total's, said above
    return out


def _value_lines(table, locale: str, value_format, counts: bool) -> list[str]:
    """Each row with its value in every column ("Ja: Kommun 62 % B (128), Landsting 88 % (14)"), as the
    notes and the alt text say them; *counts* adds each cell's count."""
    columns = column_names(table, locale)
    marks = cell_marks(table)
    statistics = table.rows.role == "statistic"
    lines = []
    for i, row in enumerate(table.rows):
        cells = []
        for j, column in enumerate(columns):
            shown = value_format.text(table.props[i, j], locale)
            if marks and marks[i][j]:
                shown += f" {marks[i][j]}"
            if counts and table.measure == "share":  # a mean has no count of its own
                shown += f" ({formats.number(table.counts[i, j], locale)})"
            cells.append(f"{column} {shown}" if len(columns) > 1 else shown)
        lines.append(f"{word(locale, row) if statistics else row}: " + ", ".join(cells))
    return lines


def _alt_text(kind: str, question_text: str, table, locale: str, value_format) -> str:
    """What a screen reader says for the chart: its kind, the question and every value on it."""
    return f"{word(locale, 'kind_' + kind)}. {question_text} " + "; ".join(
        _value_lines(table, locale, value_format, counts=False))


def _notes(question_text: str, slide: ChartSlide, table, locale: str, extra: str | None, value_format) -> str:
    """Speaker notes: the question, the base, the filter and every number on the slide."""
    lines = [f"{word(locale, 'question')}: {question_text}"]
    lines.append(f"{word(locale, 'base')}: n={formats.number(table.total_base, locale)}")
    if slide.filter:
        lines.append(f"{word(locale, 'filter')}: {slide.filter}")
    columns = column_names(table, locale)
    lines += _value_lines(table, locale, value_format, counts=True)
    if table.weighted and table.measure == "share":
        lines.append(word(locale, "counts_weighted"))
    # the bases of the labels that have their own: a grid's items, or the segments (and the total)
    by_row = table.rows.bases is not None
    labels, bases = (table.rows, table.rows.bases) if by_row else (columns, table.columns.bases)
    effective = table.effective_bases.max(axis=1 if by_row else 0) if table.weighted else None

    def base_of(i: int, b) -> str:
        shown = f"n={formats.number(b, locale)}"
        if effective is not None:
            shown += f" ({word(locale, 'effective')} {formats.number(effective[i], locale)})"
        return shown

    if by_row or table.segments or table.weighted or table.columns.role == "wave":
        lines.append(f"{word(locale, 'base')}: " + ", ".join(
            f"{label} {base_of(i, b)}" for i, (label, b) in enumerate(zip(labels, bases))))
    if extra:
        lines += ["", extra]
    return "\n".join(lines)
