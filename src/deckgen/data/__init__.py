"""The data stage: respondent files read through the codebook into coded answers.

It never computes percentages; that is the stats stage's work.
"""

from __future__ import annotations

from pathlib import Path

from ..spec import Project, load_project
from ..spec.filters import names_in, parse_filter
from ..spec.models import ChartSlide, QuotesSlide
from .loaders import Responses, load_responses
from .spss import sav_dictionary, sav_weight
from .survey import ID_COLUMNS, Survey

__all__ = ["Responses", "Survey", "open_project", "open_survey"]


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
        if isinstance(slide, QuotesSlide) and slide.pick:  # the respondent id column
            wanted.update((project.spec.data.id,) if project.spec.data.id else ID_COLUMNS)
    return wanted


def open_survey(project: Project) -> Survey:
    """Load the project's respondent file and wrap it with its codebook (and weights)."""
    data = project.spec.data
    weight = data.weight or _file_weight(project)
    wanted = wanted_columns(project) | ({weight} if weight else set())
    responses = load_responses(project.responses_path, wanted, project.where("data", "responses"), data.sheet,
                               data.encoding)
    if data.weight:
        where_weight, weight_key = project.where("data", "weight"), "data.weight"
    else:  # the SPSS file's own weight: the file is where to look
        where_weight, weight_key = str(project.responses_path), None
    survey = Survey(responses, project.codebook, project.where_question, weight, where_weight, weight_key)
    if data.weighting is not None:
        survey.rake(data.weighting, project.where)
    return survey


def _file_weight(project: Project) -> str | None:
    """The variable an SPSS file is weighted by (its WEIGHT BY setting), if any and no weighting is given."""
    if project.responses_path.suffix.lower() not in (".sav", ".zsav") or project.spec.data.weighting:
        return None
    return sav_weight(project.responses_path, project.where("data", "responses"), project.spec.data.encoding)
