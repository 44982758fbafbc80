"""The spec stage: ``slides.yaml`` and the codebook, parsed into typed, cross-checked models.

It never reads respondent data and never touches a presentation.
"""

from .project import Project, load_project

__all__ = ["Project", "load_project"]
