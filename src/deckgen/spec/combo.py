"""What a ``combo`` chart slide may ask for: columns and a line over the same categories, checked before data.

A combo chart draws two measures of the same groups in one chart, the columns on the primary axis and
the line on a second one. What analysts combine:

- **by segment** (``by``): a share and a mean ("% satisfied (top 2)" by region, with the mean spend by
  region), or two shares. The columns are the slide's question: a numeric question's mean, or the share
  giving ``answer`` (an answer or NET) of a single or multi question. The line is ``line.question`` by
  the same ``by``, in the same filter.
- **by answer** (no ``by``): a volume with a rate ("the main reason for contact" as columns, and how
  satisfied those giving each reason were as the line). The columns are a single-choice question's
  answers, and the line is ``line.question`` broken down by that question: its answers are the line's
  segments. A multiple-response question cannot be: one respondent gives several answers, so its
  answers are not groups.

Each mistake is one located line, as everywhere in the spec.
"""

from __future__ import annotations

from ..errors import InputError, did_you_mean, one_of, quote
from .codebook import GridQuestion, MultiQuestion, MentionsQuestion, NumericQuestion, SingleQuestion, TextQuestion
from .models import ChartSlide


def answers_of(question) -> list[str]:
    """The answers and NETs a share can be shown of: a single or multi question's labels, then its NETs."""
    if isinstance(question, MultiQuestion):
        labels = list(question.options.values())
    else:
        labels = list(question.labels.values())
    return labels + [net for net in question.net_members() if net not in labels]


def check_combo(project, i: int, slide: ChartSlide) -> None:
    """A combo slide has a ``line`` naming one value per category, and its columns say which one value
    each category has; a ``line`` on any other chart kind is an error, as it would be silently ignored."""
    def where(*key) -> tuple:
        return project.where("slides", i, *key), ".".join(map(str, ("slides", i) + key))

    if slide.chart != "combo":
        if slide.line is not None:
            raise InputError(f"'line' draws a second measure on a combo chart, and this slide is a '{slide.chart}' "
                             "chart; give 'chart: combo', or remove 'line'", *where("line"))
        return
    if slide.line is None:
        raise InputError("a combo chart draws a line over its columns: give 'line', e.g. {question: spend, "
                         "statistic: mean} or {question: uses_social, answer: Ja}", *where("chart"))
    codebook = project.codebook
    bars = codebook.questions.get(slide.question)
    if bars is None:
        return  # reported by the chart slide's own check
    if isinstance(bars, GridQuestion):
        raise InputError(f"a combo chart shows one value per category, and '{slide.question}' is a grid (one "
                         "value per statement and answer); show it with 'chart: bar', or one statement's answers "
                         "with 'item'", *where("chart"))
    for key, why in (("axis", "a combo chart sets its two axes itself, so the line runs above the columns"),
                     ("item", "'item' names a statement of a grid"),
                     ("top", "the folded 'Other' row would have no line value")):
        if getattr(slide, key) is not None:
            raise InputError(f"'{key}' cannot be given on a combo chart: {why}; remove '{key}'", *where(key))
    if slide.by is not None:
        _check_bars_answer(codebook, slide, bars, where)
    else:
        if slide.answer is not None:
            raise InputError("'answer' picks the share the columns show for every segment of 'by', and this slide "
                             "has no 'by' (its columns are the answers); give 'by', or remove 'answer'",
                             *where("answer"))
        if not isinstance(bars, SingleQuestion):
            raise InputError(f"a combo chart without 'by' has a column per answer and the line over the same "
                             f"answers, so each respondent must give one: '{slide.question}' is {bars.type}; give "
                             "'by' (a column per segment), or a single-choice question", *where("question"))
    _check_line(project, slide, where)


def _check_bars_answer(codebook, slide: ChartSlide, bars, where) -> None:
    """By segment, a column per segment: the mean of a numeric question, or the share of one answer."""
    if isinstance(bars, NumericQuestion):
        if slide.answer is not None:
            raise InputError(f"'{slide.question}' is numeric: its columns show the mean, so 'answer' has nothing "
                             "to choose; remove 'answer'", *where("answer"))
        return
    _one_answer(slide.question, bars, slide.answer, where("by"), where("answer"),
                "a combo chart by segment has one column per segment: give 'answer', the answer or NET of "
                f"'{slide.question}' whose share the columns show")


def _check_line(project, slide: ChartSlide, where) -> None:
    """The line's question exists, can be counted over the columns' categories, and says which one value."""
    line, codebook = slide.line, project.codebook
    groups = slide.by or slide.question  # the line's segments: the same categories as the columns
    at = where("line", "question")
    if line.question not in codebook.questions:
        raise InputError(f"unknown question '{line.question}'{did_you_mean(line.question, codebook.questions)}; "
                         f"the codebook defines {one_of(codebook.questions)}", *at)
    if line.question == groups:
        raise InputError(f"the line is '{line.question}' over its own answers ('{groups}' makes the categories), "
                         "which would only repeat them; give another question", *at)
    q = codebook.questions[line.question]
    if isinstance(q, (TextQuestion, GridQuestion, MentionsQuestion)) or not hasattr(q, "type"):
        kind = "a text question (free text)" if isinstance(q, TextQuestion) else q.type
        raise InputError(f"the line shows one value per category: the mean of a numeric question or the share "
                         f"giving one answer of a single or multi question, and '{line.question}' is {kind}", *at)
    if isinstance(q, NumericQuestion):
        if line.answer is not None:
            raise InputError(f"'{line.question}' is numeric: the line shows its mean (or 'statistic: median'), so "
                             "'answer' has nothing to choose; remove it", *where("line", "answer"))
        return
    if line.statistic is not None:
        raise InputError(f"'statistic' is for a numeric question, and '{line.question}' is {q.type}: the line "
                         "shows the share giving 'answer'", *where("line", "statistic"))
    _one_answer(line.question, q, line.answer, where("line"), where("line", "answer"),
                f"the line of '{line.question}' shows the share giving one answer: give 'answer'")


def _one_answer(key: str, question, given: str | None, missing_at: tuple, wrong_at: tuple, ask: str) -> None:
    """*given* names one answer or NET of *question* (*key*): missing, it is asked for (*ask*) at *missing_at*;
    unknown, it is an error at *wrong_at* with the closest answer."""
    answers = answers_of(question)
    if given is None:
        raise InputError(f"{ask} ({one_of(answers)})", *missing_at)
    if given not in answers:
        raise InputError(f"'{given}' is not an answer or NET of '{key}'{did_you_mean(given, answers)}; answers are "
                         f"{', '.join(map(quote, answers))}", *wrong_at)
