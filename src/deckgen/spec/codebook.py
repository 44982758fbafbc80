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
from .roles import AnswerRoles

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


class _MissingCodes(_Model):
    """Codes that mean no answer, out of every base (SPSS's user-missing values, as a codebook says them)."""

    missing: list[Code] = Field(default_factory=list, description="Codes that mean no answer (e.g. 99 'Refused' "
                                "kept out of every base). A labelled code listed here is dropped from the labels.")

    @model_validator(mode="before")
    @classmethod
    def _drop_missing_labels(cls, data):
        """A code both labelled and missing is missing: its label would only show an empty row."""
        if isinstance(data, dict) and data.get("missing") and isinstance(data.get("labels"), dict):
            missing = {str(code) for code in data["missing"] if isinstance(code, (int, float, str))}
            data = {**data, "labels": {c: label for c, label in data["labels"].items() if str(c) not in missing}}
        return data


class _Roles(_Model):
    """Answer roles, declared once (see :mod:`.roles`). A role not declared is read from the labels."""

    dont_know: list[Code] | None = Field(None, description="Codes (or labels) of 'Don't know' and 'Refused' "
                                         "answers: residual, and out of the base with dont_know: exclude. "
                                         "Default: read from the labels.")
    residual: list[Code] | None = Field(None, description="Codes (or labels) of residual answers ('Other', "
                                        "'None of these'): shown last, grey, never in a top-2. Default: read "
                                        "from the labels.")
    scale: Literal["ordinal"] | None = Field(None, description="The answers are an ordered scale: shown in code "
                                             "order, top-2 and bottom-2 at its ends.")
    positive: Literal["first", "last"] = Field("last", description="Which end of an ordinal scale is positive: "
                                               "the end top-2 counts.")

    def _answer_codes(self) -> dict:
        """Code (or option column) -> label of every answer."""
        raise NotImplementedError

    def _declared(self, field: str) -> list[str] | None:
        """The labels a role lists (codes or labels given), or None when the role is not declared."""
        given = getattr(self, field)
        if given is None:
            return None
        codes = self._answer_codes()
        by_text = {str(code): label for code, label in codes.items()} | {label: label for label in codes.values()}
        out = []
        for entry in given:
            label = codes.get(entry, by_text.get(str(entry)))
            if label is None:
                raise ValueError(f"{field} names {entry!r}, which is neither a code nor a label here"
                                 f"{did_you_mean(str(entry), [str(c) for c in codes] + list(codes.values()))}")
            out.append(label)
        return out

    def answer_roles(self) -> AnswerRoles:
        """Residual and "Don't know" answers: as declared, or read from the labels."""
        return AnswerRoles.of(list(self._answer_codes().values()), self._declared("residual"),
                              self._declared("dont_know"))

    def default_sort(self) -> str | None:
        """``codes`` for an ordinal scale (its order is its meaning); None: the chart's or slide's choice."""
        return "codes" if self.scale == "ordinal" else None

    @model_validator(mode="after")
    def _roles_exist(self):
        self._declared("dont_know")
        self._declared("residual")
        return self


class _Nets(_Model):
    """NETs: rows counting the respondents who gave any of several answers."""

    nets: dict[str, list[str]] = Field(default_factory=dict, description="NET label -> the labels it nets.")
    top2: str | None = Field(None, description="Label of a NET of the last two scale points (e.g. 'Agree').")
    bottom2: str | None = Field(None, description="Label of a NET of the first two scale points.")

    def _answer_codes(self) -> dict:
        raise NotImplementedError

    def _answer_labels(self) -> list[str]:
        return list(self._answer_codes().values())

    def net_members(self) -> dict[str, list[str]]:
        """Every NET with its member labels, top-2 and bottom-2 included (linear in the labels)."""
        labels = self._answer_labels()
        residual = self.answer_roles().residual
        scale = [label for label in labels if label not in residual]
        if getattr(self, "positive", "last") == "first":  # the positive end leads
            scale.reverse()
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


class SingleQuestion(_Question, _MissingCodes, _Roles, _Nets):
    type: Literal["single"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    labels: dict[Code, str] = Field(min_length=1)

    def columns(self, key: str) -> list[str]:
        return [self.column or key]

    def _answer_codes(self) -> dict:
        return dict(self.labels)


class MultiQuestion(_Question, _Roles, _Nets):
    type: Literal["multi"]
    options: dict[str, str] = Field(min_length=1, description="Column -> option label, in display order.")
    selected: Code = Field(1, description="The value that marks an option as mentioned.")

    def columns(self, key: str) -> list[str]:
        return list(self.options)

    def _answer_codes(self) -> dict:
        return dict(self.options)


class MentionsQuestion(_Question, _MissingCodes, _Roles, _Nets):
    """Multiple response stored as mentions: each column holds one answer's code (first, second, ...)."""

    type: Literal["mentions"]
    columns_: list[str] = Field(alias="columns", min_length=1, description="Mention columns, in order.")
    labels: dict[Code, str] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def columns(self, key: str) -> list[str]:
        return list(self.columns_)

    def _answer_codes(self) -> dict:
        return dict(self.labels)


class NumericQuestion(_Question):
    """A number per respondent (age, spend, a 0-10 rating): summarised by mean and median."""

    type: Literal["numeric"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    unit: str | None = Field(None, description="Shown after the numbers, e.g. 'år' or 'kr'.")
    decimals: int = Field(1, ge=0, le=3)
    missing: list[float] = Field(default_factory=list, description="Codes that mean no answer, e.g. 999.")

    def columns(self, key: str) -> list[str]:
        return [self.column or key]


class GridQuestion(_Question, _MissingCodes, _Roles, _Nets):
    """Items sharing one scale; NETs (e.g. top-2 box) combine scale points for every item."""

    type: Literal["grid"]
    items: dict[str, str] = Field(min_length=1, description="Column -> item label.")
    labels: dict[Code, str] = Field(min_length=1, description="Scale code -> label, in scale order.")

    def columns(self, key: str) -> list[str]:
        return list(self.items)

    def _answer_codes(self) -> dict:
        return dict(self.labels)


Question = Annotated[Union[SingleQuestion, MultiQuestion, MentionsQuestion, GridQuestion, NumericQuestion],
                     Field(discriminator="type")]


class Codebook(_Model):
    """Every question a spec may refer to, by key."""

    questions: dict[str, Question] = Field(min_length=1)
