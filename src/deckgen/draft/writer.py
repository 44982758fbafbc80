"""The YAML a draft writes: a codebook whose comments say what was read, and a spec that builds at once.

Both are written as text, not dumped, because the comments are the point: every question says why it got
its type and what is left to check (``# TODO``), and the codebook's header lists every column that was
skipped. Values are quoted by PyYAML, one scalar at a time, so a label like ``No: never`` or ``1`` stays
the text it is.
"""

from __future__ import annotations

import yaml

from ..spec.codebook import SingleQuestion
from .infer import Drafted, Inferred

def scalar(value) -> str:
    """*value* as one YAML scalar (quoted when it must be)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _comment(text: str) -> str:
    return " ".join(text.split())


def _mapping(lines: list[str], indent: str, name: str, values: dict, todo_each: bool = False) -> None:
    if len(values) <= 6 and not todo_each and sum(len(str(v)) for v in values.values()) < 60:
        inner = ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in values.items())
        lines.append(f"{indent}{name}: {{{inner}}}")
        return
    lines.append(f"{indent}{name}:")
    for key, value in values.items():
        lines.append(f"{indent}  {scalar(key)}: {scalar(value)}" + ("  # TODO: its label" if todo_each else ""))


def codebook_text(inferred: Inferred, source: str, sav: bool) -> str:
    """``questions.yaml`` for the draft, with the reading of each question beside it."""
    lines = [f"# The codebook drafted by `deckgen draft` from {source}: each question's type was read from "
             "the data,"]
    if sav:
        lines += ["# and the file's own dictionary (labels, multiple-response sets, missing codes) is its codebook:",
                  "# only what it does not say is written here."]
    else:
        lines.append("# and the comment beside it says why. Check every TODO; then delete the comments you no "
                     "longer need.")
    if inferred.skipped:
        lines.append(f"# {len(inferred.skipped)} column{'s' * (len(inferred.skipped) > 1)} skipped (no "
                     "question made of them):")
        lines.extend(f"#   {s.column}: {_comment(s.why)}" for s in inferred.skipped)
    lines.append("")
    written = [q for q in inferred.questions if q.entry is not None]
    said = [q for q in inferred.questions if q.entry is None]
    if said:
        lines.append("# From the file as it is:")
        lines.extend(f"#   {q.key}: {_comment(q.why)}" for q in said)
        lines.append("")
    if not written:
        lines.append("questions: {}")
        return "\n".join(lines) + "\n"
    lines.append("questions:")
    for q in written:
        lines.append(f"  # {_comment(q.why)}")
        lines.extend(f"  # TODO: {_comment(t)}" for t in q.todo)
        lines.append(f"  {scalar(q.key)}:")
        for name, value in q.entry.items():
            if isinstance(value, dict):
                _mapping(lines, "    ", name, value, todo_each=name == "options" and q.option_todo)
            else:
                lines.append(f"    {name}: {scalar(value)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def chart_kind(question: Drafted, scale: bool, by: str | None) -> tuple[str, str | None]:
    """The chart kind for *question* and the ``by`` it gets: a single choice as bars, a scale stacked by
    segment, a grid stacked (never by segment: that needs a NET to show), multiple response as bars, a
    number as big numbers (its mean), free text as quotes (attributed by the segment)."""
    by = by if by is not None and by != question.key else None
    if question.type == "text":
        return "quotes", by
    if question.type == "grid":
        return "stacked", None
    if question.type == "numeric":
        return "kpi", by
    if question.type == "single" and scale and by is not None:
        return "stacked", by
    return "bar", by


def is_scale(question: Drafted, labels: dict | None) -> bool:
    """Whether a single choice's answers are a scale, as the codebook reads the labels a .sav file gives
    them. Answers labelled only with their codes are never taken for one: 1-6 may be six occupations."""
    if not labels:
        return False
    try:
        model = SingleQuestion(type="single", text=question.key, labels=labels)
    except ValueError:
        return False
    return model.scale_roles() is not None


def by_code(question: Drafted) -> bool:
    """Whether the answers are labelled only with their numeric codes: then they are shown in code order
    (levels 9, 12, 14, ... of an education code read in order), not largest first."""
    labels = (question.entry or {}).get("labels") or {}
    return question.type == "single" and bool(labels) and all(
        isinstance(code, int) and label == str(code) for code, label in labels.items())


def spec_text(inferred: Inferred, *, title: str, responses: str, source: str,
              charts: list[tuple[Drafted, str, str | None]], by: str | None) -> str:
    """``slides.yaml`` for the draft: title, method, summary, and one chart (or quotes) slide per question."""
    lines = ["# yaml-language-server: $schema=slides.schema.json",
             f"# A first draft made by `deckgen draft` from {source}. Check data/questions.yaml (its comments say "
             "what was",
             "# read from the data and what to check), edit the slides, then run `deckgen build`.",
             "deck:",
             f"  title: {scalar(title)}  # TODO: the survey's name",
             f"  subtitle: {scalar('First draft from ' + source)}",
             "  locale: en",
             "  template: templates/brand.pptx",
             f"  output: {scalar('out/' + title + '.pptx')}",
             f"  source: {scalar(source)}",
             "",
             "data:",
             f"  responses: {scalar(responses)}",
             "  questions: data/questions.yaml"]
    weight = inferred.weight
    if weight is not None and weight.from_file:
        lines.append(f"  # weighted by '{weight.column}', {weight.why}: deckgen applies it")
    elif weight is not None and weight.applied:
        lines.append(f"  weight: {scalar(weight.column)}  # {_comment(weight.why)}")
    elif weight is not None:
        lines.append(f"  # weight: {scalar(weight.column)}  # not applied: {_comment(weight.why)}; uncomment "
                     "if it is the weight")
    lines += ["", "slides:", "  - kind: title", "", "  - kind: bullets", "    id: method", "    title: Method",
              "    bullets:", f"      - {scalar('{{ n }} respondents.')}"]
    if weight is not None and weight.applied:
        lines.append(f"      - {scalar(f'The results are weighted ({weight.column}).')}")
    else:
        lines.append(f"      - {scalar('The results are not weighted.')}")
    if inferred.field_dates:
        column, first, last = inferred.field_dates
        when = first if first == last else f"{first} to {last}"
        lines.append(f"      - {scalar(f'Field dates: {when}.')}  # from '{column}' when drafted")
    lines += ["", "  - kind: summary", "    id: summary"]
    for question, kind, slide_by in charts:
        if kind == "quotes":  # free text: a few answers, verbatim
            lines += ["", "  - kind: quotes", f"    id: {scalar(question.key)}", f"    question: {scalar(question.key)}"]
            if slide_by is not None:
                lines.append(f"    attribution: [{scalar(slide_by)}]")
            continue
        lines += ["", "  - kind: chart", f"    id: {scalar(question.key)}", f"    question: {scalar(question.key)}",
                  f"    chart: {kind}"]
        if slide_by is not None:
            lines.append(f"    by: {scalar(slide_by)}")
        if by_code(question):
            lines.append("    sort: codes  # the answers are codes: shown in their order")
        elif by is not None and question.type == "grid":
            lines.append(f"    # not by {by}: a grid by segment shows one answer per statement; give 'by' with "
                         "'answer' (or a top2 in the codebook)")
        lines.append("    headline: auto")
    return "\n".join(lines) + "\n"
