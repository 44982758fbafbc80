"""The chart kinds, declared once: what each draws, which questions it can draw and what it asks of ``by``.

Spec validation (:mod:`.project`), the ``chart`` key's type and JSON schema (:mod:`.models`) and the
tests all read :data:`KINDS`. The render stage draws each kind in a module of its own
(``deckgen.render.kinds``), and a test checks that both name the same kinds. Adding a chart kind is
therefore one line here, one drawing module and one line in the render registry.

The spec stage never imports render: this table says *what* a kind accepts, not how it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: What a chart kind asks of a slide's ``by``: it needs segments, may have them, or cannot show them.
ByRule = Literal["required", "allowed", "refused"]
SortOrder = Literal["value", "codes"]

#: Question types whose table already has two dimensions (a grid: items by scale points), so a kind
#: that needs a second dimension is satisfied without ``by``.
TWO_DIMENSIONAL = ("grid",)


@dataclass(frozen=True)
class Kind:
    """One chart kind: a line of description, the question types it draws, and its ``by`` rule.

    *sort* is the answer order the kind draws in when a slide does not say (None: the question type's
    default, largest first). A kind whose axis is a scale needs the codebook's order. *marks* says
    whether the drawing shows significance marks beside its values; a kind read from an axis (dots,
    several lines) has no labels to put them on, so its segments are not tested and its footnote
    promises no letters. *axis* says whether the kind has a value axis a slide's ``axis`` can set.
    """

    description: str
    questions: tuple[str, ...]
    by: ByRule = "allowed"
    why: str = ""  # the reason behind a required or refused 'by', said in the error message
    sort: SortOrder | None = None
    marks: bool = True
    axis: bool = False
    waves: bool = False  # draws a tracker's waves, so only data with waves can have it

    def needs_by(self, question_type: str) -> bool:
        return self.by == "required" and question_type not in TWO_DIMENSIONAL


_ALL = ("single", "multi", "mentions", "grid", "numeric")

#: Every chart kind, in the order messages and the schema list them.
KINDS: dict[str, Kind] = {
    "bar": Kind("horizontal bars, answers top to bottom, one bar per segment", _ALL, axis=True),
    "column": Kind("vertical bars, answers left to right, one bar per segment", _ALL, axis=True),
    "stacked": Kind("100% stacked bars: a grid's scale per item, or one bar per segment of 'by'",
                    ("single", "grid"), "required", "one bar per segment"),
    "pie": Kind("slices of one whole", ("single",), "refused", "shows one series"),
    "doughnut": Kind("a ring of slices of one whole", ("single",), "refused", "shows one series"),
    "table": Kind("a native table, answers down and segments across, with the bases", _ALL),
    "kpi": Kind("big numbers: a numeric question's mean, one per segment", ("numeric",)),
    "line": Kind("a scale's answers in order along the x axis, one line per segment", ("single", "numeric"),
                 sort="codes", marks=False, axis=True),
    "dot": Kind("answers left to right, a dot per segment on each", ("single", "multi", "mentions"), "required",
                "a dot each", marks=False, axis=True),
    "combo": Kind("columns with a line on a second axis: a share or mean per segment of 'by' (or per answer) "
                  "and the slide's 'line' over the same categories", ("single", "multi", "numeric")),
    "trend": Kind("a tracker's waves left to right, a line per chosen answer or NET ('answers'), or clustered "
                  "columns ('form: columns')", ("single", "multi", "mentions", "numeric"), "refused",
                  "draws the waves as its series", sort="codes", axis=True, waves=True),
}


def kinds_for(question_type: str, waves: bool = False) -> tuple[str, ...]:
    """The chart kinds a question of *question_type* can be drawn as (with *waves*, a tracker's kinds too)."""
    return tuple(name for name, kind in KINDS.items() if question_type in kind.questions and (waves or not kind.waves))


def described() -> str:
    """Every kind with its description, for the ``chart`` key's documentation in the schema."""
    return "; ".join(f"'{name}': {kind.description}" for name, kind in KINDS.items())
