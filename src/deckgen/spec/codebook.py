"""Typed models of the question codebook (``questions.yaml``).

A codebook names each question and says how its answers are stored:

- ``single``: one column of codes; ``labels`` maps each code to its label, in
  the order categories are listed.
- ``multi``: multiple response as one column per option (``options`` maps the
  column to the option's label); a respondent mentioned an option when the
  column holds ``selected`` (default 1). Percent of respondents asked.
- ``mentions``: multiple response as mention columns (``columns``: first
  mention, second mention, ...), each holding a code of ``labels``.
- ``numeric``: a number per respondent, summarised by its mean and median.
- ``grid``: items sharing one scale; ``items`` maps each item's column to its
  label and ``labels`` the scale codes to theirs.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import limits
from ..errors import did_you_mean
from .roles import residual_labels

Code = Union[int, str]

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Question(_Model):
    text: str = Field(description="The question as asked.")
    short: str | None = Field(None, description="A short name for tables and notes.")

    @model_validator(mode="after")
    def _within_limits(self):
        """No more answers than ``limits.labels`` and no name longer than ``limits.label_chars``.

        A codebook or .sav dictionary with 100,000 labels, or labels of a
        megabyte, makes every chart unreadable and every step slow.
        """
        bound = limits.current()
        for field in ("labels", "options", "items"):
            names = getattr(self, field, None)
            if isinstance(names, dict) and len(names) > bound.labels:
                raise ValueError(limits.exceeded("labels", f"{len(names):,} {field}").message)
        for name in self._names():
            if len(name) > bound.label_chars:
                raise ValueError(limits.exceeded("label_chars", f"a text of {len(name):,} characters "
                                                 f"('{name[:30]}...')").message)
        return self

    def _names(self):
        """Every text of the question a reader sees: the question, its answers, items and NETs."""
        yield self.text
        if self.short:
            yield self.short
        for field in ("labels", "options", "items", "nets"):
            names = getattr(self, field, None)
            if isinstance(names, dict):
                yield from (str(v) for v in names.values() if isinstance(v, str))
                if field == "nets":
                    yield from names
        for field in ("top2", "bottom2"):
            if getattr(self, field, None):
                yield getattr(self, field)


class _Nets(_Model):
    """NETs: rows counting the respondents who gave any of several answers."""

    nets: dict[str, list[str]] = Field(default_factory=dict, description="NET label -> the labels it nets.")
    top2: str | None = Field(None, description="Label of a NET of the last two scale points (e.g. 'Agree').")
    bottom2: str | None = Field(None, description="Label of a NET of the first two scale points.")

    def _answer_labels(self) -> list[str]:
        raise NotImplementedError

    def net_members(self) -> dict[str, list[str]]:
        """Every NET with its member labels, top-2 and bottom-2 included (linear in the labels)."""
        labels = self._answer_labels()
        residual = residual_labels(labels)
        scale = [label for label in labels if label not in residual]
        nets = {}
        if self.top2:
            nets[self.top2] = scale[-2:]
        if self.bottom2:
            nets[self.bottom2] = scale[:2]
        nets.update(self.nets)
        return nets

    @model_validator(mode="after")
    def _members_exist(self):
        labels = self._answer_labels()
        known = set(labels)
        for net, members in self.nets.items():
            if not members:
                raise ValueError(f"NET '{net}' has no members; list the labels it combines")
            for member in members:
                if member not in known:
                    raise ValueError(f"NET '{net}' names '{member}', which is not a label here"
                                     f"{did_you_mean(member, labels)}")
            if net in known:
                raise ValueError(f"NET '{net}' has the same name as an answer; give it its own label")
        return self


class SingleQuestion(_Question, _Nets):
    type: Literal["single"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    labels: dict[Code, str] = Field(min_length=1)

    def columns(self, key: str) -> list[str]:
        return [self.column or key]

    def _answer_labels(self) -> list[str]:
        return list(self.labels.values())


class MultiQuestion(_Question, _Nets):
    type: Literal["multi"]
    options: dict[str, str] = Field(min_length=1, description="Column -> option label, in display order.")
    selected: Code = Field(1, description="The value that marks an option as mentioned.")

    def columns(self, key: str) -> list[str]:
        return list(self.options)

    def _answer_labels(self) -> list[str]:
        return list(self.options.values())


class MentionsQuestion(_Question, _Nets):
    """Multiple response stored as mentions: each column holds one answer's code (first, second, ...)."""

    type: Literal["mentions"]
    columns_: list[str] = Field(alias="columns", min_length=1, description="Mention columns, in order.")
    labels: dict[Code, str] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def columns(self, key: str) -> list[str]:
        return list(self.columns_)

    def _answer_labels(self) -> list[str]:
        return list(self.labels.values())


class NumericQuestion(_Question):
    """A number per respondent (age, spend, a 0-10 rating): summarised by mean and median."""

    type: Literal["numeric"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    unit: str | None = Field(None, description="Shown after the numbers, e.g. 'år' or 'kr'.")
    decimals: int = Field(1, ge=0, le=3)
    missing: list[float] = Field(default_factory=list, description="Codes that mean no answer, e.g. 999.")

    def columns(self, key: str) -> list[str]:
        return [self.column or key]


class GridQuestion(_Question, _Nets):
    """Items sharing one scale; NETs (e.g. top-2 box) combine scale points for every item."""

    type: Literal["grid"]
    items: dict[str, str] = Field(min_length=1, description="Column -> item label.")
    labels: dict[Code, str] = Field(min_length=1, description="Scale code -> label, in scale order.")

    def columns(self, key: str) -> list[str]:
        return list(self.items)

    def _answer_labels(self) -> list[str]:
        return list(self.labels.values())


Question = Annotated[Union[SingleQuestion, MultiQuestion, MentionsQuestion, GridQuestion, NumericQuestion],
                     Field(discriminator="type")]


class Codebook(_Model):
    """Every question a spec may refer to, by key."""

    questions: dict[str, Question] = Field(min_length=1)
