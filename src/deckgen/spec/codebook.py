"""Typed models of the question codebook (``questions.yaml``).

A codebook names each question and says how its answers are stored:

- ``single``: one column of codes; ``labels`` maps each code to its label, in
  the order categories are listed. A single-choice question may instead be
  *derived* from other answers (bands of a number, groups of another
  question's answers, or the first of several conditions that holds): see
  :class:`SingleQuestion`.
- ``multi``: multiple response as one column per option (``options`` maps the
  column to the option's label); a respondent mentioned an option when the
  column holds ``selected`` (default 1). Percent of respondents asked.
- ``mentions``: multiple response as mention columns (``columns``: first
  mention, second mention, ...), each holding a code of ``labels``.
- ``numeric``: a number per respondent, summarised by its mean and median.
- ``grid``: items sharing one scale; ``items`` maps each item's column to its
  label and ``labels`` the scale codes to theirs.
- ``text``: free text (open-ended answers), read as written and never coded; shown as quotes
  (``kind: quotes``), never counted.
"""

from __future__ import annotations

import math
import typing
from typing import Annotated, Iterable, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import limits
from ..errors import did_you_mean, quote
from .filters import FilterSyntaxError, Node, names_in, parse_filter
from .roles import AnswerRoles, Scale, infer_scale, polarity

Code = Union[int, str]

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


#: The fields whose values are labels a reader sees on a chart: answers, options and items.
LABELLED = ("labels", "options", "items")


def _split_short_labels(data):
    """Labels written ``{text: ..., short: ...}`` as their text, and the shorts beside them (``shorts``).

    A long answer ("Visit in person at one of the regional service offices") reads whole in tables,
    notes and the workbook, and as its short ("In person") on a chart. Every other reader of the
    codebook keeps seeing label -> text, so NETs, roles, filters and weighting targets name the text.
    """
    if not isinstance(data, dict):
        return data
    shorts, out = dict(data.get("shorts") or {}), dict(data)
    for field in LABELLED:
        named = data.get(field)
        if not isinstance(named, dict):
            continue
        plain = {}
        for key, value in named.items():
            if isinstance(value, dict):
                unknown = [k for k in value if k not in ("text", "short")]
                if unknown or not isinstance(value.get("text"), str) or not isinstance(value.get("short"), str) \
                        or not value["short"].strip():
                    raise ValueError(f"{field} {quote(key)}: a label is a text, or {{text: ..., short: ...}} with "
                                     f"both texts (got {quote(value)})")
                plain[key] = value["text"]
                shorts[value["text"]] = value["short"]
            else:
                plain[key] = value
        out[field] = plain
    if shorts:
        out["shorts"] = shorts
    return out


class _Question(_Model):
    text: str = Field(description="The question as asked.")
    short: str | None = Field(None, description="A short name for tables and notes.")
    shorts: dict[str, str] = Field(default_factory=dict, description="Label -> the short label a chart shows "
                                   "instead (tables, notes and the workbook keep the label). Usually written "
                                   "beside the label: {text: ..., short: ...}.")

    @model_validator(mode="wrap")
    @classmethod
    def _short_labels(cls, data, handler):
        """Short labels are split off before any other check reads the labels (see
        :func:`_split_short_labels`), and each must shorten a label of this question."""
        question = handler(_split_short_labels(data))
        known = {str(v) for field in LABELLED for v in (getattr(question, field, None) or {}).values()}
        for label in question.shorts:
            if label not in known:
                raise ValueError(f"shorts names {quote(label)}, which is not a label here"
                                 f"{did_you_mean(label, sorted(known))}")
        return question

    def sources(self) -> list[str]:
        """The other questions or columns this question's answers are made from (none: its own columns)."""
        return []

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

    @field_validator("items", "options", mode="before", check_fields=False)
    @classmethod
    def _labelled_columns(cls, named, info):
        """Items and options name their labels: only an SPSS file's dictionary can supply them (see
        :mod:`.dictionary`), so a list of columns reaching this check has no labels to show."""
        if isinstance(named, list):
            raise ValueError(f"a list of {info.field_name} takes each label from an SPSS file's variable "
                             "labels, and this data is not an SPSS file; give each as column: label")
        return named

    def _names(self):
        """Every text of the question a reader sees: the question, its answers, items and NETs."""
        yield self.text
        if self.short:
            yield self.short
        yield from self.shorts.values()
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
    scale: Literal["ordinal", "bipolar", "unipolar"] | None = Field(
        None, description="The answers are an ordered scale: shown in code order, top-2 and bottom-2 at its "
        "ends, coloured as a scale. bipolar: from a negative end through a neutral middle to a positive end "
        "(diverging colours); unipolar: growing one way, e.g. 0-10 (shades of one colour); ordinal: either, "
        "told from the labels. Default: read from the labels when they clearly are a scale.")
    positive: Literal["first", "last"] | None = Field(None, description="Which end of an ordinal scale is "
                                                      "positive: the end top-2 counts and the darkest brand "
                                                      "colour. Default: read from a bipolar scale's words "
                                                      "(dissatisfied ... satisfied), else last.")

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

    def scale_roles(self) -> Scale | None:
        """The answers as a scale (its kind, points and positive end), as declared or read from the labels;
        None when they are no scale. Only single-choice and grid answers can be a scale."""
        kind, positive = self.scale, self.positive
        if kind is None and getattr(self, "type", None) not in ("single", "grid"):
            return None  # a list of options or mentions is no scale unless declared one
        roles = self.answer_roles()
        labels = self._answer_labels()
        inferred = []
        read_positive = None
        if kind is None:
            found = infer_scale(labels, roles.residual)
            if found is None and self.type == "grid" and len(labels) - len(roles.residual) >= 2:
                found = ("unipolar", None)  # a grid's statements share a scale: its points are in order
            if found is None:
                return None
            (kind, read_positive), inferred = found, ["scale", "kind"]
        points = tuple(label for label in labels if label not in roles.residual)
        if kind == "ordinal":
            kind, read_positive = polarity(points)
            inferred.append("kind")
        elif read_positive is None and kind == "bipolar":
            read_positive = polarity(points)[1]
        if positive is None:
            positive = read_positive or "last"
            if read_positive:
                inferred.append("positive")
        nets = tuple((net, tuple(members)) for net, members in self.net_members().items())
        return Scale(kind, points, positive, tuple(dict.fromkeys(inferred)), nets)

    def default_sort(self) -> str | None:
        """``codes`` for a scale, declared or read (its order is its meaning); None: the chart's or slide's
        choice."""
        return "codes" if self.scale_roles() is not None else None

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
        # the declared end only: a positive end read from the words colours a scale, but never changes which
        # answers a top-2 counts (the numbers stay as the codebook says them)
        return self._declared_nets(getattr(self, "positive", None) or "last")

    def _declared_nets(self, positive: str) -> dict[str, list[str]]:
        """The NETs with top-2 and bottom-2 counted from the *positive* end (``first`` or ``last``)."""
        labels = self._answer_labels()
        residual = self.answer_roles().residual
        scale = [label for label in labels if label not in residual]
        if positive == "first":  # the positive end leads
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


def _parses(condition: str) -> str:
    """A condition of a derived question is a filter, parsed (once, cached) when the codebook is read."""
    try:
        parse_filter(condition)
    except FilterSyntaxError as exc:
        raise ValueError(f"condition {quote(condition)}: {exc.message} (at character {exc.column})") from None
    return condition


Condition = Annotated[str, AfterValidator(_parses)]

#: The keys that make a single-choice question derived, as written in the codebook.
DERIVED_KEYS = ("from", "bins", "below", "recode", "conditions")


def _edge_text(x: float) -> str:
    """An edge as the user wrote it: 30, not 30.0."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _band_names(edges: list[float], below: float | None) -> dict[int, str]:
    """The generated name of each band of *edges* (code 1, 2, ...) whose edges are whole numbers.

    Band *i* holds the values from ``edges[i]`` up to, not including, the next edge (or *below*), so
    between whole edges it reads as whole numbers: 18, 30 -> "18–29", a value of 29.9 included. The last
    band is open ("65+") unless *below* ends it. A band with a decimal edge gets no name here: "2.5–4"
    would hide the values from 4 to 5, so it must be named in ``labels``.
    """
    ends = list(edges[1:]) + [below]
    names = {}
    for code, (low, high) in enumerate(zip(edges, ends), start=1):
        if high is None:
            if float(low).is_integer():
                names[code] = f"{_edge_text(low)}+"
        elif float(low).is_integer() and float(high).is_integer():
            top = int(high) - 1
            names[code] = _edge_text(low) if top == int(low) else f"{_edge_text(low)}\u2013{top}"
    return names


def _is_real(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return _is_real(value) and math.isfinite(value)


class SingleQuestion(_Question, _MissingCodes, _Roles, _Nets):
    """One answer per respondent: a column of codes, or derived from other answers.

    A derived question has no column of its own and is made, when the data is read, from:

    - ``from`` + ``bins``: bands of a numeric question (its ``missing`` codes in no band) or of a numeric
      column. Each edge starts a band that holds values from it up to, not including, the next edge:
      ``[18, 30, 65]`` is 18–29, 30–64, 65+; values below the first edge are missing. ``below`` ends the
      last band instead of leaving it open. Names are generated ("18–29", "65+") unless ``labels``
      names bands by number.
    - ``from`` + ``recode``: groups of a single-choice question's answers (labels, or codes), each a new
      answer; answers in no group are missing.
    - ``conditions``: label -> filter, in order; the first that holds gives the answer, and a respondent
      matching none is missing.

    Its answers are numbered 1..k in the order written, so a derived question is a breakdown (``by``),
    a filter and a template argument like any other single-choice question. Checks that need the rest of
    the codebook (the source exists and is of the right type, recode's answers, cycles) are in
    :mod:`.derived`.
    """

    type: Literal["single"]
    column: str | None = Field(None, description="Data column; default the question's key.")
    labels: dict[Code, str] = Field(default_factory=dict, min_length=1,
                                    description="Code -> label, in display order. A derived question's answers "
                                    "are named by its recode groups or conditions; bands get generated names "
                                    "('18–29', '65+'), which labels replace by band number (1: Under 30).")
    from_: str | None = Field(None, alias="from", description="Derived: the question (or, for bins, the numeric "
                              "column) the answers are made from.")
    bins: list[float] | None = Field(None, description="Derived from a number: band edges, each the lowest "
                                     "value of its band: [18, 30, 65] is 18–29, 30–64, 65+.")
    below: float | None = Field(None, description="With bins: the last band holds values below this (65–98 for "
                                "below: 99); default open (65+).")
    recode: dict[str, Annotated[list[Code], Field(min_length=1)]] | None = Field(
        None, min_length=1, description="Derived from a single-choice question: new label -> the labels (or "
        "codes) it groups, in display order.")
    conditions: dict[str, Condition] | None = Field(
        None, min_length=1, description="Derived: label -> filter, in order; the first that holds is the answer.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def derived(self) -> str | None:
        """How the answers are made: ``bins``, ``recode`` or ``conditions``; None when read from a column."""
        return "bins" if self.bins is not None else "recode" if self.recode is not None else \
            "conditions" if self.conditions is not None else None

    def columns(self, key: str) -> list[str]:
        return [] if self.derived else [self.column or key]

    def condition_filters(self) -> dict[str, Node]:
        """Each condition's parsed filter, by label (parsed once per text: see :func:`.filters.parse_filter`)."""
        return {label: parse_filter(text) for label, text in (self.conditions or {}).items()}

    def sources(self) -> list[str]:
        """The questions or columns a derived question is made from (``from``, the names in its conditions)."""
        if self.from_ is not None:
            return [self.from_]
        return list(dict.fromkeys(name for node in self.condition_filters().values() for name in names_in(node)))

    def position(self, answer: Code) -> int | None:
        """Where *answer* is among the answers: text is a label (else a code written as text), a number a code."""
        if isinstance(answer, str):
            labels = list(self.labels.values())
            if answer in labels:
                return labels.index(answer)
        for i, code in enumerate(self.labels):
            if type(code) is type(answer) and code == answer:
                return i
        return None

    def _answer_codes(self) -> dict:
        return dict(self.labels)

    @model_validator(mode="before")
    @classmethod
    def _derived_answers(cls, data):
        """Which keys go together, and a derived question's answers as its ``labels`` (codes 1..k).

        Runs before the fields are checked, so the answers are the question's labels for every later check
        (NETs, limits) and for every reader of ``labels``. Values are checked by the fields; answers are
        named here only from values of the right shape.
        """
        given = [k for k in DERIVED_KEYS if k in data] if isinstance(data, dict) else []
        if not given:
            return data
        _keys_go_together(data, given)
        named = _derived_labels(data)
        return {**data, "labels": named} if named else data

    @field_validator("bins")
    @classmethod
    def _edges(cls, edges: list[float] | None) -> list[float] | None:
        """At least two bands, from finite edges that increase: a band must hold something."""
        if edges is None:
            return edges
        if len(edges) < 2:
            raise ValueError("give at least 2 edges, each the start of a band: [18, 65] is 18–64 and 65+ "
                             "(a single band is a filter, not a breakdown)")
        for edge in edges:
            if not math.isfinite(edge):
                raise ValueError(f"edge {edge} is not a number; edges are the lowest values of their bands")
        for low, high in zip(edges, edges[1:]):
            if high <= low:
                raise ValueError(f"edges must increase: {_edge_text(high)} follows {_edge_text(low)}")
        return edges

    @model_validator(mode="after")
    def _answers_named(self):
        """A question read from a column has labels; bands have names (``below`` lies above the last edge,
        and no two bands share a name)."""
        if self.derived is None and not self.labels:
            raise ValueError("missing required key 'labels' (code -> label), or derive the answers with "
                             "'from' and 'bins' or 'recode', or with 'conditions'")
        if self.bins is None:
            return self
        if self.below is not None and not (math.isfinite(self.below) and self.below > self.bins[-1]):
            raise ValueError(f"'below' ({_edge_text(self.below)}) must be above the last edge of 'bins' "
                             f"({_edge_text(self.bins[-1])}): the last band holds the values between them")
        ends = self.bins[1:] + [self.below]
        for code, (low, high) in enumerate(zip(self.bins, ends), start=1):
            if code not in self.labels:
                span = f"{_edge_text(low)} and above" if high is None else \
                    f"{_edge_text(low)} up to {_edge_text(high)}"
                raise ValueError(f"band {code} ({span}) has a decimal edge, so it has no whole-number name; "
                                 f"name it under 'labels' (e.g. {code}: ...)")
        names = list(self.labels.values())
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"two bands are both named {quote(name)}; give each band its own label")
        return self


def _keys_go_together(data: dict, given: list[str]) -> None:
    """A derived question is made one way: ``from`` + ``bins`` (+ ``below``), ``from`` + ``recode``, or
    ``conditions``; it has no column, and only bands take names from ``labels``."""
    listed = ", ".join(f"'{k}'" for k in given)
    if "conditions" in given and len(given) > 1:
        raise ValueError(f"'conditions' make the answers on their own; give either 'conditions' or 'from' with "
                         f"'bins' or 'recode' (this question has {listed})")
    if "column" in data:
        raise ValueError(f"a derived question ({listed}) has no column of its own; remove 'column'")
    if "bins" in data and "recode" in data:
        raise ValueError("give either 'bins' (bands of a number) or 'recode' (groups of answers), not both")
    if "from" in data and not ("bins" in data or "recode" in data):
        raise ValueError("'from' needs 'bins' (bands of a number) or 'recode' (groups of its answers)")
    for form, what in (("bins", "the numeric question or column it bands"),
                       ("recode", "the single-choice question whose answers it groups")):
        if form in data and "from" not in data:
            raise ValueError(f"'{form}' needs 'from': {what}")
    if "below" in data and "bins" not in data:
        raise ValueError("'below' ends the last band of 'bins'; it needs 'from' and 'bins'")
    if "labels" in data and "bins" not in data:
        form = "recode" if "recode" in data else "conditions"
        raise ValueError(f"the keys of '{form}' are the answers' labels; remove 'labels'")


def _derived_labels(data: dict) -> dict | None:
    """The answers of a derived question, codes 1..k; None when its values are not yet of the right shape."""
    for form in ("recode", "conditions"):
        named = data.get(form)
        if isinstance(named, dict):
            return {code: label for code, label in enumerate(named, start=1)} \
                if named and all(isinstance(label, str) for label in named) else None
    edges, below = data.get("bins"), data.get("below")
    if not (isinstance(edges, list) and edges and all(map(_is_number, edges))
            and (below is None or _is_real(below))):  # a non-finite 'below' is refused once the fields are read
        return None
    given = data.get("labels", {})
    if not isinstance(given, dict):
        return None
    bands = len(edges)
    for code in given:
        if not (isinstance(code, int) and not isinstance(code, bool) and 1 <= code <= bands):
            raise ValueError(f"'labels' names bands of 'bins' by number, 1 to {bands}; {quote(code)} is not one")
    return dict(sorted({**_band_names([float(e) for e in edges], below), **given}.items()))


class MultiQuestion(_Question, _Roles, _Nets):
    type: Literal["multi"]
    options: dict[str, str] = Field(min_length=1, description="Column -> option label, in display order.")
    selected: Code = Field(1, description="The value that marks an option as mentioned.")
    asked: Condition | None = Field(None, description="Routing: the filter of respondents asked the question. "
                                    "They are its base, a blank option counting as not mentioned; default: "
                                    "those with any option column filled, each option's base those with its "
                                    "column filled.")

    def columns(self, key: str) -> list[str]:
        return list(self.options)

    def asked_filter(self) -> Node | None:
        return parse_filter(self.asked) if self.asked is not None else None

    def sources(self) -> list[str]:
        return list(dict.fromkeys(names_in(self.asked_filter()))) if self.asked is not None else []

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


class TextQuestion(_Question):
    """Free text: an open-ended answer per respondent, read as written and never coded.

    Its answers are words, not numbers: they can be quoted (``kind: quotes``) but not counted,
    charted, broken down by or compared in a filter. An empty or blank cell is no answer.
    """

    type: Literal["text"]
    column: str | None = Field(None, description="Data column; default the question's key.")

    def columns(self, key: str) -> list[str]:
        return [self.column or key]


def free_text(key: str, use: str) -> str:
    """The one message for a text question used where numbers are needed (*use*: what needed them).

    Free text has no codes to count, so every table, breakdown, template function and filter
    comparison refuses it the same way, naming the one thing it can be shown as.
    """
    return f"'{key}' is a text question (free text) and {use}: show it with kind: quotes"


Question = Annotated[Union[SingleQuestion, MultiQuestion, MentionsQuestion, GridQuestion, NumericQuestion,
                           TextQuestion],
                     Field(discriminator="type")]

#: Each question type's model, by the name a codebook gives it under ``type``.
TYPES = {typing.get_args(model.model_fields["type"].annotation)[0]: model
         for model in typing.get_args(typing.get_args(Question)[0])}


def keys_of(kind) -> frozenset[str] | None:
    """The keys a codebook entry of type *kind* may have (as written: ``from``, ``columns``); None for an
    unknown type. What a file's entry keeps when a user's entry changes its type."""
    model = TYPES.get(kind) if isinstance(kind, str) else None
    return None if model is None else frozenset(f.alias or name for name, f in model.model_fields.items())


class Codebook(_Model):
    """Every question a spec may refer to, by key."""

    questions: dict[str, Question] = Field(min_length=1)

    def with_sources(self, names: Iterable[str]) -> set[str]:
        """*names* and every question they are derived from, however indirectly (other names kept as they are).

        What a table of a derived question depends on: its own entry and its sources' entries.
        """
        found, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name in found:
                continue
            found.add(name)
            q = self.questions.get(name)
            if q is not None:
                todo.extend(s for s in q.sources() if s in self.questions)
        return found

    def guessed_roles(self, keys: Iterable[str]) -> list[str]:
        """For each question in *keys* whose answer roles were read from its labels, a line saying which
        labels took which role (and which scale it was read as), so a user can confirm the guess or declare
        the roles instead."""
        lines = []
        for key in sorted(set(keys)):
            question = self.questions.get(key)
            if not isinstance(question, _Roles):
                continue
            roles = question.answer_roles()
            said = []
            if "dont_know" in roles.inferred and roles.dont_know:
                said.append("\"Don't know\": " + ", ".join(map(quote, roles.dont_know)))
            other = [label for label in question._answer_labels()
                     if label in roles.residual and label not in roles.dont_know]
            if "residual" in roles.inferred and other:
                said.append("residual: " + ", ".join(map(quote, other)))
            scale = question.scale_roles()
            if scale is not None and scale.inferred:
                said.append(_scale_guess(scale))
            if said:
                lines.append(f"{key}: " + "; ".join(said))
        return lines


def _scale_guess(scale: Scale) -> str:
    """How ``validate`` words a scale read from labels: what was read, and the keys that would declare it."""
    end = scale.points[-1 if scale.positive == "last" else 0]
    read = "scale" if "scale" in scale.inferred else "scale type"
    keep = f"scale: {scale.kind}" + (f", positive: {scale.positive}" if "positive" in scale.inferred else "")
    return (f"{read}: {scale.kind}, positive end {quote(end)} (declare {keep} to keep it, or scale: "
            "ordinal/bipolar/unipolar to change it; a declared positive also sets the end top2 counts)")
