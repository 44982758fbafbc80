"""Loading a project: ``slides.yaml`` and its codebook, checked against each other.

Everything here happens before any respondent data is read, so a typo in the
spec costs the user milliseconds, not a data load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InputError, Location, did_you_mean, one_of, quote
from . import charts, filters
from .combo import check_combo
from .codebook import Codebook, GridQuestion, SingleQuestion, TextQuestion, free_text
from .derived import check_derived
from .dictionary import FileDictionary, merge_codebook
from .locales import (CODEBOOK_NAMES, CODEBOOK_TEXTS, SPEC_NAMES, SPEC_TEXTS, Translations, check_locale, in_locale,
                      load_translations, localize, spec_locale)
from .models import ChartSlide, QuotesSlide, Spec, SummarySlide
from .pydantic_errors import validate
from .waves import check_wave_slide
from .yamlsource import YamlDoc, load_yaml


@dataclass
class Project:
    """A validated spec and codebook, with paths resolved against the spec's folder."""

    spec: Spec
    codebook: Codebook
    spec_path: Path
    spec_doc: YamlDoc
    codebook_doc: YamlDoc
    source_locale: str | None = None  # the spec's own language (its deck.locale); None: the deck's
    warnings: list[str] = field(default_factory=list)  # texts missing in the deck's locale

    @property
    def root(self) -> Path:
        return self.spec_path.parent

    def resolve(self, relative: str) -> Path:
        """A path from the spec, taken relative to the spec file's folder."""
        return resolve_path(self.spec_path, relative)

    def wave_files(self) -> list[tuple[str, str, Path]]:
        """A tracker's per-wave files beside the current data: (wave, 'responses' or 'questions', path)."""
        return [(wave.name, key, self.resolve(getattr(wave, key))) for wave in self.spec.data.waves or ()
                for key in ("responses", "questions") if getattr(wave, key) is not None]

    @property
    def responses_path(self) -> Path | None:
        """The respondent file (the current wave's), None when the respondents are a database's table."""
        current = self.spec.data.current_responses
        return None if current is None else self.resolve(current)

    @property
    def template_path(self) -> Path:
        return self.resolve(self.spec.deck.template)

    @property
    def output_path(self) -> Path:
        """``deck.output``; a deck in another language than the spec's own gets its locale before the suffix
        (``out/deck.en.pptx``), so building each language never writes over another."""
        out = self.resolve(self.spec.deck.output or f"out/{self.spec_path.stem}.pptx")
        locale = self.spec.deck.locale
        if self.source_locale is None or locale == self.source_locale:
            return out
        return out.with_name(f"{out.stem}.{locale}{out.suffix}")

    def where(self, *path) -> Location:
        """Location of a key in ``slides.yaml``, e.g. ``where('slides', 3, 'filter')``."""
        return self.spec_doc.where(path)

    def where_question(self, key: str, *path) -> Location:
        """Location of a key in the codebook, under ``questions.<key>`` (or the .sav file it came from)."""
        return self.codebook_doc.where(("questions", key) + path)


#: Reads a data file's own dictionary (an SPSS file's variables, their labels and user-missing codes, and the
#: codebook they imply): ``(path, where, encoding) -> FileDictionary``. The data stage provides it
#: (:func:`deckgen.data.open_project`), so the spec stage never reads a data file itself.
DictionaryReader = Callable[[Path, Location, "str | None"], FileDictionary]


def load_project(spec_path: str | Path, dictionary: DictionaryReader | None = None,
                 locale: str | None = None) -> Project:
    """Read and cross-check ``slides.yaml`` and its codebook; raise :class:`InputError` on any problem.

    *dictionary* reads the questions an SPSS data file defines; it is needed only when the data is one.
    *locale* (``--locale``) is the language of the deck, in place of ``deck.locale``: texts written per
    locale are read in it (see :mod:`.locales`), and a missing one is a warning in :attr:`Project.warnings`.
    """
    spec_path = Path(spec_path)
    spec_doc = load_yaml(spec_path)
    source = spec_locale(spec_doc)
    locale = source if locale is None else check_locale(locale, None, "--locale")
    table = load_translations(spec_path.parent, locale, source)
    localized = localize(spec_doc, locale, source, table, SPEC_TEXTS, SPEC_NAMES)
    spec_doc = in_locale(localized.doc, locale)
    spec = validate(Spec, spec_doc)
    codebook_doc, said = _codebook_doc(spec, spec_path, spec_doc, dictionary, source, table)
    codebook = validate(Codebook, codebook_doc)
    warnings = [*localized.warnings, *said, *(table.unused() if table is not None else ())]
    project = Project(spec, codebook, spec_path, spec_doc, codebook_doc, source, warnings)
    check_derived(codebook, project.where_question)
    _check_weighting(project)
    _check_slides(project)
    return project


SPSS_SUFFIXES = (".sav", ".zsav")


def _codebook_doc(spec: Spec, spec_path: Path, spec_doc: YamlDoc, dictionary: DictionaryReader | None,
                  source: str, table: Translations | None) -> tuple[YamlDoc, tuple[str, ...]]:
    """The codebook in the deck's locale: the user's YAML, over the questions an SPSS file's dictionary
    defines; and a warning for each of its texts missing in that locale (*source* stands in).

    An SPSS file carries its own codebook (variable and value labels, multiple
    response sets); an entry of the user's codebook gives only what it changes
    of the file's question (see :mod:`.dictionary`).
    """
    responses = resolve_path(spec_path, spec.data.current_responses or "")  # a database's table: no file
    user, said = None, ()
    if spec.data.questions is not None:
        codebook_path = resolve_path(spec_path, spec.data.questions)
        if not codebook_path.exists():
            raise InputError(f"codebook '{spec.data.questions}' not found (looked in {codebook_path.parent})",
                             spec_doc.where(("data", "questions")), "data.questions")
        localized = localize(load_yaml(codebook_path), spec.deck.locale, source, table, CODEBOOK_TEXTS, CODEBOOK_NAMES)
        user, said = localized.doc, localized.warnings
    if responses.suffix.lower() not in SPSS_SUFFIXES:
        if user is None:
            raise InputError("missing required key 'questions' (a codebook is needed unless the data is an "
                             "SPSS .sav file)", spec_doc.where(("data",)), "data.questions")
        return user, said
    if dictionary is None:
        raise ValueError("an SPSS project is loaded with deckgen.data.open_project, which reads its dictionary")
    file = dictionary(responses, spec_doc.where(("data", "responses")), spec.data.encoding)
    if user is None:
        return YamlDoc(str(responses), {"questions": file.questions}), ()
    return merge_codebook(file, user), said


def resolve_path(spec_path: Path, relative: str) -> Path:
    """A path the spec names (``~`` expanded), taken relative to the spec file's folder."""
    path = Path(relative).expanduser()
    return path if path.is_absolute() else spec_path.parent / path


def question(codebook: Codebook, key: str, where: Location | None, label: str):
    """The codebook's question *key*, or a located error naming the closest key."""
    questions = codebook.questions
    if key not in questions:
        raise InputError(f"unknown question '{key}'{did_you_mean(key, questions)}; "
                         f"the codebook defines {one_of(questions)}", where, label)
    return questions[key]


def counted(codebook: Codebook, key: str, where: Location | None, label: str):
    """The codebook's question *key* for a table (a chart, a template function): a text question has no
    answers to count, so it is refused here, for every use that counts, with the one thing it can be."""
    found = question(codebook, key, where, label)
    if isinstance(found, TextQuestion):
        raise InputError(free_text(key, "has no answers to count"), where, label)
    return found


def default_sort(question) -> str:
    """The order a question's answers are shown in when the slide does not say: a grid's items and an
    ordinal scale in codebook order (their order is their meaning), other answers largest first."""
    declared = getattr(question, "default_sort", None)
    return (declared() if declared else None) or ("codes" if question.type == "grid" else "value")


def breakdown(codebook: Codebook, key: str, where: Location | None, label: str) -> SingleQuestion:
    """The question *key* as a breakdown (``by``): each respondent must fall in one segment, so it
    must be single-choice. Spec slides and template functions (``each(q, label, by)``) both ask here."""
    segments = question(codebook, key, where, label)
    if isinstance(segments, TextQuestion):
        raise InputError(free_text(key, "has no segments to break down by"), where, label)
    if not isinstance(segments, SingleQuestion):
        raise InputError(f"'by' needs a single-choice question, and '{key}' is {segments.type}", where, label)
    return segments


def _check_question_key(project: Project, key: str, where: tuple, label: str):
    return question(project.codebook, key, project.where(*where), label)


def _check_weighting(project: Project) -> None:
    data = project.spec.data
    if data.weighting is None:
        return
    if data.weight:
        raise InputError("give either 'weight' (a weight column) or 'weighting' (targets to rake to), not both",
                         project.where("data", "weighting"), "data.weighting")
    for key, targets in data.weighting.targets.items():
        where = project.where("data", "weighting", "targets", key)
        q = _check_question_key(project, key, ("data", "weighting", "targets", key), f"data.weighting.targets.{key}")
        if not isinstance(q, SingleQuestion):
            raise InputError(f"weighting targets need a single-choice question; '{key}' is {q.type}",
                             where, f"data.weighting.targets.{key}")
        labels = list(q.labels.values())
        for label in targets:
            if str(label) not in labels and label not in q.labels:
                raise InputError(f"'{label}' is not a label of '{key}'{did_you_mean(str(label), labels)}",
                                 project.where("data", "weighting", "targets", key, label),
                                 f"data.weighting.targets.{key}")


def _check_slides(project: Project) -> None:
    seen_ids: dict[str, int] = {}
    for i, slide in enumerate(project.spec.slides):
        if slide.id is not None:
            if slide.id in seen_ids:
                raise InputError(f"duplicate slide id '{slide.id}' (also slide {seen_ids[slide.id] + 1}); "
                                 "ids must be unique", project.where("slides", i, "id"), f"slides.{i}.id")
            seen_ids[slide.id] = i
        if isinstance(slide, ChartSlide):
            _check_chart_slide(project, i, slide)
        elif isinstance(slide, QuotesSlide):
            _check_quotes_slide(project, i, slide)
    for i, slide in enumerate(project.spec.slides):
        if isinstance(slide, SummarySlide):
            _check_summary_slide(project, i, slide)


def _check_summary_slide(project: Project, i: int, slide: SummarySlide) -> None:
    """A summary draws on chart slides named by id: each must be one, or its insight would silently be
    missing from the summary."""
    charts_ = {s.id for s in project.spec.slides if isinstance(s, ChartSlide) and s.id is not None}
    others = {s.id for s in project.spec.slides if not isinstance(s, ChartSlide) and s.id is not None}
    for j, name in enumerate(slide.slides or []):
        if name in others:
            raise InputError(f"slide '{name}' is not a chart slide, so it has no insight to summarise",
                             project.where("slides", i, "slides", j), f"slides.{i}.slides.{j}")
        if name not in charts_:
            raise InputError(f"no chart slide has the id '{name}'{did_you_mean(name, sorted(charts_))}; "
                             "give chart slides an 'id' to name them here",
                             project.where("slides", i, "slides", j), f"slides.{i}.slides.{j}")
    if not any(isinstance(s, ChartSlide) for s in project.spec.slides):
        raise InputError("a summary is written from the deck's chart slides, and this deck has none",
                         project.where("slides", i, "kind"), f"slides.{i}.kind")


def _grid_shape(project: Project, i: int, slide: ChartSlide, q) -> str:
    """The question type a slide's table has: a grid's one statement (``item``) is single choice, and a
    grid by segment shows one answer of every statement, items by segments, as multiple response does."""
    def where(key: str) -> tuple[Location, str]:
        return project.where("slides", i, key), f"slides.{i}.{key}"

    for key in ("item",) if slide.chart == "combo" else ("item", "answer"):  # a combo's answer: spec/combo.py
        if getattr(slide, key) is not None and not isinstance(q, GridQuestion):
            raise InputError(f"'{key}' names a statement or answer of a grid, and '{slide.question}' is {q.type}",
                             *where(key))
    if not isinstance(q, GridQuestion):
        return q.type
    if slide.item is not None:
        if slide.answer is not None:
            raise InputError("'item' shows one statement's answers, so 'answer' has nothing to choose; "
                             "give one of them", *where("answer"))
        items = list(q.items.values())
        if slide.item not in items:
            raise InputError(f"'{slide.item}' is not a statement of '{slide.question}'{did_you_mean(slide.item, items)}"
                             f"; statements are {', '.join(map(quote, items))}", *where("item"))
        return "single"
    if slide.by is None:
        if slide.answer is not None:
            raise InputError("'answer' picks what a grid shows for each statement by segment, and this slide has no "
                             "'by'", *where("answer"))
        return q.type
    answers = list(q.labels.values()) + list(q.net_members())
    if slide.answer is None and not q.net_members():
        raise InputError(f"a grid by segment shows one answer of every statement: give 'answer' (one of "
                         f"{', '.join(map(quote, answers))}), or a 'top2' in the codebook", *where("by"))
    if slide.answer is not None and slide.answer not in answers:
        raise InputError(f"'{slide.answer}' is not an answer or NET of '{slide.question}'"
                         f"{did_you_mean(slide.answer, answers)}", *where("answer"))
    return "multi"


def shown_answer(codebook: Codebook, slide: ChartSlide) -> str | None:
    """The answer (or NET) a grid by segment shows for every statement: the slide's, else the grid's first
    NET (its top2); None when the slide is not a grid by segment."""
    q = codebook.questions[slide.question]
    if not isinstance(q, GridQuestion) or slide.by is None or slide.item is not None:
        return None
    return slide.answer or next(iter(q.net_members()))


def _check_quotes_slide(project: Project, i: int, slide: QuotesSlide) -> None:
    """A quotes slide quotes a text question, attributes by single-choice questions, and its filter parses.
    Its ``pick`` ids are checked against the data's id column when the data is read."""
    q = _check_question_key(project, slide.question, ("slides", i, "question"), f"slides.{i}.question")
    if not isinstance(q, TextQuestion):
        texts = [k for k, other in project.codebook.questions.items() if isinstance(other, TextQuestion)]
        hint = one_of(texts) if texts else "declare a free-text column as type: text in the codebook"
        raise InputError(f"kind: quotes shows the answers of a text question (type: text), and '{slide.question}' "
                         f"is {q.type}; {hint}", project.where("slides", i, "question"), f"slides.{i}.question")
    for j, key in enumerate(slide.attribution):
        where, label = project.where("slides", i, "attribution", j), f"slides.{i}.attribution.{j}"
        segments = question(project.codebook, key, where, label)
        if not isinstance(segments, SingleQuestion):
            raise InputError(f"'attribution' names each quote's segment, so it needs single-choice questions, and "
                             f"'{key}' is {segments.type}", where, label)
    _check_filter(project, i, slide.filter)


def _check_filter(project: Project, i: int, text: str | None) -> None:
    """A slide's filter parses (its names and labels are checked against the data)."""
    if text is None:
        return
    try:
        filters.parse_filter(text)
    except filters.FilterSyntaxError as exc:
        raise InputError(f"filter {text!r}: {exc.message} (at character {exc.column})",
                         project.where("slides", i, "filter"), f"slides.{i}.filter") from None


def _check_chart_slide(project: Project, i: int, slide: ChartSlide) -> None:
    q = counted(project.codebook, slide.question, project.where("slides", i, "question"), f"slides.{i}.question")
    check_combo(project, i, slide)
    kind = charts.KINDS[slide.chart]
    check_wave_slide(project, i, slide, q)  # a tracker's keys first: a trend without waves says so
    shape = _grid_shape(project, i, slide, q)  # a grid's statement or answer by segment: drawn as its shape
    allowed = charts.kinds_for(shape, project.spec.data.tracker)
    if slide.chart not in allowed:
        what = {"single": "grid's statement", "multi": "grid by segment"}[shape] if shape != q.type else q.type
        raise InputError(f"a {what} question cannot be drawn as '{slide.chart}' ({kind.description}); "
                         f"{one_of(allowed)}", project.where("slides", i, "chart"), f"slides.{i}.chart")
    if slide.by is not None:
        breakdown(project.codebook, slide.by, project.where("slides", i, "by"), f"slides.{i}.by")
        if slide.by == slide.question:
            raise InputError("a question cannot be broken down by itself",
                             project.where("slides", i, "by"), f"slides.{i}.by")
        if kind.by == "refused":
            segmented = [name for name in allowed if charts.KINDS[name].by != "refused"]
            raise InputError(f"a '{slide.chart}' chart {kind.why} and cannot have 'by'; {one_of(segmented)}",
                             project.where("slides", i, "chart"), f"slides.{i}.chart")
    elif slide.total:
        raise InputError("'total: true' adds a Total beside the segments of 'by', and this slide has no 'by'",
                         project.where("slides", i, "total"), f"slides.{i}.total")
    elif kind.needs_by(shape) and slide.waves != "previous":  # the two waves stand where segments would
        raise InputError(f"a '{slide.chart}' chart of a {q.type} question needs 'by' ({kind.why})",
                         project.where("slides", i, "chart"), f"slides.{i}.chart")
    if slide.axis is not None and not kind.axis:
        with_axis = [name for name in allowed if charts.KINDS[name].axis]
        raise InputError(f"'axis' sets a value axis, and a '{slide.chart}' chart has none"
                         + (f"; {one_of(with_axis)}" if with_axis else "; remove 'axis'"),
                         project.where("slides", i, "axis"), f"slides.{i}.axis")
    if slide.percent_of == "responses" and q.type not in ("multi", "mentions"):
        raise InputError(f"'percent_of: responses' is for multiple response; '{slide.question}' is {q.type}",
                         project.where("slides", i, "percent_of"), f"slides.{i}.percent_of")
    _check_filter(project, i, slide.filter)
