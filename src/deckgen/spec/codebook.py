"""Typed models of the question codebook (``questions.yaml``).

A codebook names each question and says how its answers are stored:

- ``single``: one column of codes; ``labels`` maps each code to its label, in
  the order categories are listed.
- ``multi``: multiple response as one column per option (``options`` maps the
  column to the option's label); a respondent mentioned an option when the
  column holds ``selected`` (default 1). Percent of respondents asked.
- ``grid``: items sharing one scale; ``items`` maps each item's column to its
  label and ``labels`` the scale codes to theirs.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Code = Union[int, str]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Question(_Model):
    text: str = Field(description="The question as asked.")
    short: str | None = Field(None, description="A short name for tables and notes.")


class SingleQuestion(_Question):
    type: Literal["single"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    labels: dict[Code, str] = Field(min_length=1)

    def columns(self, key: str) -> list[str]:
        return [self.column or key]


class MultiQuestion(_Question):
    type: Literal["multi"]
    options: dict[str, str] = Field(min_length=1, description="Column -> option label, in display order.")
    selected: Code = Field(1, description="The value that marks an option as mentioned.")

    def columns(self, key: str) -> list[str]:
        return list(self.options)


class GridQuestion(_Question):
    type: Literal["grid"]
    items: dict[str, str] = Field(min_length=1, description="Column -> item label.")
    labels: dict[Code, str] = Field(min_length=1, description="Scale code -> label, in scale order.")

    def columns(self, key: str) -> list[str]:
        return list(self.items)


Question = Annotated[Union[SingleQuestion, MultiQuestion, GridQuestion], Field(discriminator="type")]


class Codebook(_Model):
    """Every question a spec may refer to, by key."""

    questions: dict[str, Question] = Field(min_length=1)
