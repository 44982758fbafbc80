"""Composing a combo chart: the columns' one value per category, the line over the same categories, and
the words for both.

The columns are the slide's own table, cut to one value per category (:func:`combo_columns`); the line
is asked through the build's tables like every table (:func:`compose_line`), in the slide's filter, by
the same groups: the segments of ``by``, or the answers of the slide's question. Both are read from one
chart, so the footnote gives both bases, and the notes and alt text every value of both, each in its own
format (a share in percent, a mean in its unit). Significance marks are shown where a table has them:
segments tested against each other, for the columns and the line alike; answers are not segments, so a
line over answers is not tested.

What may be combined is checked in :mod:`deckgen.spec.combo`.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..spec.models import ChartSlide
from ..stats import Table
from ..stats.presentation import drop_small_columns
from ..stats.significance import with_tests
from ..text import formats
from ..text.words import word
from .content import ChartText, Line, ValueFormat, column_names
from .marks import cell_marks, marked

#: The statistic rows of a numeric question's table, as the spec's ``statistic`` names them.
STATISTICS = {"mean": "Mean", "median": "Median"}


def combo_columns(table: Table, slide: ChartSlide, where, key: str) -> Table:
    """The columns of a combo chart, one value per category: by segment, the share giving ``answer`` (or a
    numeric question's mean) in each segment; by answer, each answer's share, NETs left out, as a NET is no
    group of respondents the line could be counted over."""
    if table.rows.role == "statistic":
        return table.reordered([table.rows.labels.index(STATISTICS["mean"])])
    if slide.by is None:
        return table.reordered([i for i, row in enumerate(table.rows) if not table.rows.is_net(row)])
    if slide.answer not in table.rows:
        raise InputError(f"no one in the base gave '{slide.answer}' of '{slide.question}', so every column would "
                         "be 0; check the filter, or give 'empty: show'", where, key)
    return table.reordered([table.rows.labels.index(slide.answer)])


def categories(columns: Table) -> list[str]:
    """The chart's categories, read from its columns' table: the segments (and a Total), or the answers."""
    return list(columns.columns if columns.segments is not None else columns.rows)


def compose_line(tables, project, i: int, slide: ChartSlide, columns: Table, name_of) -> Line:
    """The line of combo slide *i*: ``line.question`` by the columns' groups, in the slide's filter, tested
    between segments where the columns are, cut to its one value per category in the columns' order.

    *name_of(key)* names a question as the footnote does (its short name); a series is named
    "<question>: <answer or statistic>", so the legend tells the two measures apart.
    """
    spec, codebook = project.spec, project.codebook
    deck, line, locale = spec.deck, slide.line, spec.deck.locale
    where, key = project.where("slides", i, "line", "question"), f"slides.{i}.line.question"
    segmented = slide.by is not None
    table = tables.get(line.question, slide.filter, slide.by or slide.question, None, where, key,
                       dont_know=slide.dont_know or deck.dont_know, total=slide.total and segmented)
    if deck.suppress_low_base and segmented:
        table, _ = drop_small_columns(table, deck.low_base)  # as the columns' were
    if segmented and slide.test:
        sig = deck.significance
        table = with_tests(table, sig.level, sig.correction, sig.versus, sig.min_base)
    question = codebook.questions[line.question]
    if table.rows.role == "statistic":
        row = STATISTICS[line.statistic or "mean"]
        shown = word(locale, row)
        value_format = ValueFormat(percent=False, decimals=question.decimals, unit=question.unit)
    else:
        row = shown = line.answer
        value_format = ValueFormat(decimals=slide.decimals)
    where_answer = project.where("slides", i, "line")
    if row not in table.rows:
        raise InputError(f"no one in the base gave '{row}' of '{line.question}', so the line would be 0 "
                         "everywhere; check the filter", where_answer, f"slides.{i}.line")
    index = {label: j for j, label in enumerate(table.columns)}
    wanted = categories(columns)
    missing = [c for c in wanted if c not in index]
    if missing:  # the same groups were asked for, so this is a mismatch the spec cannot explain
        raise InputError(f"the line of '{line.question}' has no value for '{missing[0]}', a category of the "
                         f"columns; the line and the columns must be counted over the same groups", where, key)
    table = table.reordered([table.rows.labels.index(row)]).with_columns([index[c] for c in wanted])
    what = slide.answer if slide.by is not None and columns.rows.role != "statistic" else \
        word(locale, "Mean") if columns.rows.role == "statistic" else None
    bars_name = f"{name_of(slide.question)}: {what}" if what else name_of(slide.question)
    return Line(f"{name_of(line.question)}: {shown}", table, value_format, bars_name,
                f"{question.text} – {shown}")


def values_said(table: Table, value_format: ValueFormat, locale: str, counts: bool) -> str:
    """A one-row table's values as the notes and alt text say them: "North 243 EUR B, South 251 EUR, ...";
    *counts* adds each share's weighted count."""
    marks = cell_marks(table)
    cells = []
    for j, column in enumerate(column_names(table, locale)):
        shown = value_format.text(table.props[0, j], locale)
        if marks and marks[0][j]:
            shown += f" {marks[0][j]}"
        if counts and table.measure == "share":
            shown += f" ({formats.number(table.counts[0, j], locale)})"
        cells.append(f"{column} {shown}")
    return ", ".join(cells)


def with_line(text: ChartText, line: Line, locale: str, base: str, significance: str | None) -> ChartText:
    """The chart's words with its line added: the line's question after the columns', its base (*base*, its
    total in short, as the slide has room for) after theirs, and its values in the notes and the alt text. *significance* is the
    line explaining the marks, kept when either table has them."""
    said = f"{word(locale, 'line')} {line.name}"
    notes = [text.notes, "", f"{said}. {word(locale, 'question')}: {line.question_text}",
             f"{word(locale, 'base')}: n={formats.number(line.table.total_base, locale)}",
             f"{line.name}: " + values_said(line.table, line.value_format, locale, counts=True)]
    bases = line.table.columns.bases
    if bases is not None:  # each category's own base for the line (the footnote gives the line's total)
        notes.append(f"{word(locale, 'base')}: " + ", ".join(
            f"{name} n={formats.number(b, locale)}" for name, b in zip(column_names(line.table, locale), bases)))
    return replace(text,
                   question=f"{text.question} · {word(locale, 'line')}: {line.question_text}",
                   base=f"{text.base} · {said} – {base}",
                   notes="\n".join(notes),
                   alt=f"{text.alt}; {said}: " + values_said(line.table, line.value_format, locale, counts=False),
                   significance=text.significance or (significance if marked(line.table) else None))
