"""The data stage: respondent files read through the codebook into coded answers.

It never computes percentages; that is the stats stage's work.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..files import regular_file
from ..spec import Project, load_project
from ..spec.codebook import SingleQuestion
from ..spec.yamlsource import load_yaml
from ..spec.filters import names_in, parse_filter
from ..spec.models import ChartSlide, QuotesSlide
from ..stages import OnStage
from .footprint import in_memory_bytes
from .loaders import Responses, load_responses
from .spss import sav_dictionary, sav_weight
from .survey import ID_COLUMNS, Survey
from .waves import WaveSet, label_drift, missing_codes, wave_names

__all__ = ["Responses", "Survey", "memory_needed", "open_project", "open_survey"]


def open_project(spec_path: str | Path, locale: str | None = None) -> Project:
    """The project at *spec_path*, in *locale* (default its ``deck.locale``); when its data is an SPSS file,
    the file's dictionary is its codebook (an entry of the user's codebook gives only what it changes). The
    one way commands load a project."""
    return load_project(spec_path, sav_dictionary, locale)


def wanted_columns(project: Project) -> set[str]:
    """Every column the project can need: the codebook's, the weight, and raw columns in filters, in
    derived questions (a ``from`` column, names in ``conditions``) and in routing (``asked``)."""
    questions = project.codebook.questions
    wanted = {c for key, q in questions.items() for c in q.columns(key)}
    wanted.update(name for q in questions.values() for name in q.sources() if name not in questions)
    if project.spec.data.weight:
        wanted.add(project.spec.data.weight)
    for slide in project.spec.slides:
        if isinstance(slide, (ChartSlide, QuotesSlide)) and slide.filter:
            wanted.update(names_in(parse_filter(slide.filter)))
        if isinstance(slide, QuotesSlide):  # the respondent id column: for pick, else in the notes
            wanted.update((project.spec.data.id,) if project.spec.data.id else ID_COLUMNS)
    return wanted


def memory_needed(project: Project) -> int | None:
    """About how many bytes the project's respondent data would take in memory (None: unknown, or a tracker)."""
    if project.spec.data.waves is not None or project.responses_path is None:
        return None
    return in_memory_bytes(project.responses_path, len(wanted_columns(project)))


def open_survey(project: Project, on_stage: OnStage | None = None, lazy: bool = False) -> Survey:
    """Load the project's respondent file and wrap it with its codebook (and weights).

    *on_stage* is told each file's reading as it finishes (see :mod:`deckgen.stages`). *lazy* reads no
    column but the weight up front (when an engine outside memory computes the tables): a column is read
    when something asks for it (a quotes slide's answers), so memory holds what is used, not the file.

    A tracker's survey is its current wave, which every slide reports by default; ``survey.waves``
    holds every wave (see :mod:`.waves`), and the codebook's drift across them is in its warnings.
    """
    data = project.spec.data
    if data.waves is not None:
        surveys = [_survey(project, project.resolve(w.responses), project.where("data", "waves", k, "responses"),
                           on_stage=on_stage) for k, w in enumerate(data.waves)]
        names = [w.name for w in data.waves]
    elif data.wave is not None:
        surveys, names = _split(project, _survey(project, project.responses_path, project.where("data", "responses"),
                                                 extra={data.wave}, rake=False, on_stage=on_stage))
    elif lazy:
        return _survey(project, project.responses_path, project.where("data", "responses"), lazy=True)
    else:
        return _survey(project, project.responses_path, project.where("data", "responses"), on_stage=on_stage)
    waves = WaveSet(tuple(names), tuple(surveys))
    current = surveys[-1]
    for name, survey in zip(names[:-1], surveys[:-1]):
        current.warnings.extend(f"wave {name}: {w}" for w in survey.warnings)
    current.waves = waves
    current.warnings.extend(label_drift(_wave_codebooks(project)))
    current.warnings.extend(missing_codes(waves, _wave_questions(project)))
    return current


def _survey(project: Project, path: Path, where, extra: set[str] = frozenset(), rake: bool = True,
            on_stage: OnStage | None = None, lazy: bool = False) -> Survey:
    """One file's respondents as a survey, weighted (and raked) as ``data`` says (*lazy*: see open_survey)."""
    data = project.spec.data
    weight = data.weight or _file_weight(project, path, where)
    wanted = (set() if lazy else wanted_columns(project)) | ({weight} if weight else set()) | set(extra)
    responses = load_responses(path, wanted, where, data.sheet, data.encoding, on_stage)
    if data.weight:
        where_weight, weight_key = project.where("data", "weight"), "data.weight"
    else:  # the SPSS file's own weight: the file is where to look
        where_weight, weight_key = str(path), None
    survey = Survey(responses, project.codebook, project.where_question, weight, where_weight, weight_key)
    if data.weighting is not None and rake:
        survey.rake(data.weighting, project.where)
    return survey


def _split(project: Project, whole: Survey) -> tuple[list[Survey], list[str]]:
    """One file's respondents split by the wave column into a survey per wave (each raked on its own)."""
    data = project.spec.data
    column, where = data.wave, project.where("data", "wave")
    question = project.codebook.questions.get(column)
    labels = dict(question.labels) if isinstance(question, SingleQuestion) else None
    if question is not None and (labels is None or question.column not in (None, column)):
        raise InputError(f"the wave column '{column}' must be a column, or a single-choice question read from "
                         "that column", where, "data.wave")
    whole._check(column, where, "data.wave")
    try:
        names, index = wave_names(whole.responses.column(column), labels)
    except ValueError as exc:
        raise InputError(f"wave column '{column}': {exc}; label every wave in the codebook", where,
                         "data.wave") from None
    if len(names) < 2:
        raise InputError(f"the wave column '{column}' holds one wave ({', '.join(names) or 'none'}); a tracker "
                         "needs two or more", where, "data.wave")
    if (index < 0).any():
        whole.warnings.append(f"data.wave: {int((index < 0).sum())} respondent(s) have no wave in '{column}' and are "
                              "left out of every wave; give them their wave")
    surveys = []
    for k in range(len(names)):
        keep = index == k
        weights = whole.weights
        survey = Survey(whole.responses.subset(keep), project.codebook, project.where_question)
        if weights is not None:
            survey.weights = weights[keep]
        if data.weighting is not None:
            survey.rake(data.weighting, project.where)
        surveys.append(survey)
    surveys[-1].warnings.extend(whole.warnings)
    return surveys, names


def _wave_codebooks(project: Project) -> list[tuple[str, dict]]:
    """Each wave's own codebook (``questions`` as plain data), for waves given as files: the wave's YAML, else
    its .sav file's dictionary, else (the current wave) the deck's codebook."""
    data = project.spec.data
    if data.waves is None:
        return []
    books = []
    for k, wave in enumerate(data.waves):
        if wave.questions is not None:
            path = project.resolve(wave.questions)
            where = project.where("data", "waves", k, "questions")
            regular_file(path, where, f"data.waves.{k}.questions", "codebook")
            doc = load_yaml(path).data
            books.append((wave.name, doc.get("questions", {}) if isinstance(doc, dict) else {}))
        elif Path(wave.responses).suffix.lower() in (".sav", ".zsav"):
            where = project.where("data", "waves", k, "responses")
            books.append((wave.name, sav_dictionary(project.resolve(wave.responses), where, data.encoding).questions))
        elif k == len(data.waves) - 1:
            books.append((wave.name, project.codebook_doc.data.get("questions", {})))
    return books


def _wave_questions(project: Project) -> list[str]:
    """The questions the deck shows over waves (a trend, or ``waves: previous``): their codes are compared."""
    keys = [s.question for s in project.spec.slides if isinstance(s, ChartSlide)
            and (s.chart == "trend" or s.waves == "previous")]
    return list(dict.fromkeys(keys))


def _file_weight(project: Project, path: Path, where) -> str | None:
    """The variable an SPSS file is weighted by (its WEIGHT BY setting), if any and no weighting is given."""
    if path.suffix.lower() not in (".sav", ".zsav") or project.spec.data.weighting:
        return None
    return sav_weight(path, where, project.spec.data.encoding)
