"""The data stage: respondent files read through the codebook into coded answers.

It never computes percentages; that is the stats stage's work.
"""

from __future__ import annotations

from ..spec import Project
from ..spec.filters import names_in, parse_filter
from ..spec.models import ChartSlide
from .loaders import Responses, load_responses
from .survey import Survey

__all__ = ["Responses", "Survey", "open_survey"]


def wanted_columns(project: Project) -> set[str]:
    """Every column the project can need: the codebook's, the weight, and raw columns in filters."""
    wanted = {c for key, q in project.codebook.questions.items() for c in q.columns(key)}
    if project.spec.data.weight:
        wanted.add(project.spec.data.weight)
    for slide in project.spec.slides:
        if isinstance(slide, ChartSlide) and slide.filter:
            wanted.update(names_in(parse_filter(slide.filter)))
    return wanted


def open_survey(project: Project) -> Survey:
    """Load the project's respondent file and wrap it with its codebook."""
    responses = load_responses(project.responses_path, wanted_columns(project),
                               project.where("data", "responses"), project.spec.data.sheet)
    return Survey(responses, project.codebook, project.where_question,
                  project.spec.data.weight, project.where("data", "weight"))
