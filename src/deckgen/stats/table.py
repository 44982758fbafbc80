"""The :class:`Table`: the one currency between stats, text and render.

A table is a grid of cells between two named :class:`Axis` values. Each axis says what its labels
are (its *role*):

========== ================================================================================
answer     the answers of a question: a single-choice question's categories, a multiple-response
           question's options, a grid's scale points
item       the statements of a grid, each answered on the same scale
statistic  statistics of a numeric answer: Mean, Median
segment    the groups of a breakdown (``by``): one column per answer of the ``by`` question
wave       the waves of a tracker
total      the one column of everyone in the base
========== ================================================================================

So a single-choice table is answers × total (or × segments), a grid is items × answers, and a
numeric question is statistics × total. Code that lays a table out or words it asks for the axis
with a role (:meth:`Table.axis`), never for the question type.

Facts about labels sit on their axis: which labels are NETs (respondents giving any of several
answers), which are residual ("Other", "Don't know"), and each label's own base where a label has
one (a segment, a grid item). The table states its *measure*: ``share`` (proportions 0-1 of a
base) or ``mean`` (statistics of a numeric answer, in its unit).

Each cell holds a weighted count, the measure (``props``) and the unweighted base it rests on; a
mean also carries the standard deviation of the values behind it (``spread``) and their sum of
weights (``weight_sums``), which a test between segments' means needs. The
chart, the headline numbers, the speaker notes and the tables workbook all read the same table, so
a number can never differ between them. Significance between segments is a set of structured
:class:`Comparison` values; render turns them into letters or arrows, and text can word them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

#: What an axis's labels can be.
ROLES = ("answer", "item", "statistic", "segment", "wave", "total")

#: What a table's cells measure.
MEASURES = ("share", "mean")

#: Labels of a numeric question's statistic axis, in this order.
MEAN, MEDIAN = "Mean", "Median"


@dataclass(frozen=True, eq=True)
class Axis(Sequence):
    """The labels along one side of a table, what they are (*role*), and the facts about them.

    An axis reads as the sequence of its labels: ``len(axis)``, ``axis[i]``, ``label in axis``.
    """

    role: str
    labels: tuple[str, ...]
    key: str | None = None  # the question these are the answers, items or segments of
    nets: tuple[str, ...] = ()  # labels that are NETs, in the codebook's order
    residual: frozenset[str] = frozenset()  # labels shown last and never ranked ("Other", "Don't know")
    bases: tuple[int, ...] | None = None  # each label's own unweighted base (segments, grid items)
    exclusive: bool = False  # answers: one per respondent (or per item), so their shares add to 100%
    total: str | None = None  # segments: the label of the column of everyone, shown beside them

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"axis role {self.role!r} is not one of {', '.join(ROLES)}")
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "nets", tuple(n for n in self.nets if n in self.labels))
        object.__setattr__(self, "residual", frozenset(r for r in self.residual if r in self.labels))
        if self.total is not None and self.total not in self.labels:
            object.__setattr__(self, "total", None)
        if self.bases is not None:
            object.__setattr__(self, "bases", tuple(int(b) for b in self.bases))
            if len(self.bases) != len(self.labels):
                raise ValueError(f"{len(self.bases)} bases for {len(self.labels)} labels on the {self.role} axis")

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i):
        return self.labels[i]

    def __iter__(self):
        return iter(self.labels)

    def __contains__(self, label) -> bool:
        return label in self.labels

    def take(self, order: Sequence[int]) -> "Axis":
        """The axis with only the labels at *order* (indices), in that order, their facts kept."""
        return replace(self, labels=tuple(self.labels[i] for i in order),
                       bases=None if self.bases is None else tuple(self.bases[i] for i in order))

    def is_net(self, label: str) -> bool:
        return label in self.nets

    def is_residual(self, label: str) -> bool:
        return label in self.residual


@dataclass(frozen=True)
class Comparison:
    """One significant difference: the cell (*row*, *column*) against column *against*.

    *against* is ``None`` when the column was compared with all the other columns together. The
    *statistic* is the test's z for shares or Welch's t for means (positive: the cell is higher) and
    *p* its two-sided p-value.
    """

    row: str
    column: str
    against: str | None
    statistic: float
    p: float

    @property
    def higher(self) -> bool:
        return self.statistic > 0


@dataclass(frozen=True)
class Significance:
    """How a table's segments were tested, and the differences found significant."""

    level: float  # confidence level, e.g. 0.95
    versus: str  # columns: each segment against each other | rest: against all the others together
    correction: str = "none"  # none | bonferroni
    found: tuple[Comparison, ...] = ()

    def of_cell(self, row: str, column: str) -> list[Comparison]:
        return [c for c in self.found if c.row == row and c.column == column]


#: The optional cell arrays of a :class:`Table`, each rows x columns when present.
_OPTIONAL_CELLS = ("effective", "spread", "weight_sums")


@dataclass(frozen=True)
class Table:
    question: str
    rows: Axis
    columns: Axis
    measure: str  # share | mean
    counts: np.ndarray  # weighted counts, rows x columns (the statistics themselves for a mean)
    props: np.ndarray  # proportions 0-1 (or the statistics), NaN where the base is empty
    bases: np.ndarray  # unweighted base of each cell, rows x columns
    total_base: int  # unweighted respondents in the table's base (answered the question)
    weighted: bool = False
    effective: np.ndarray | None = None  # effective (Kish) base of each cell; None: the unweighted base
    significance: Significance | None = None  # None: not tested
    #: A mean's standard deviation: of the values behind each Mean cell, by the estimator of
    #: :func:`~.welch.sample_sd` (weighted: bias-corrected with the cell's effective base); NaN in
    #: cells that are not means (the Median) or rest on fewer than two respondents. None: not known,
    #: and then the means are not tested.
    spread: np.ndarray | None = None
    #: Each cell's sum of weights (unweighted: its base). Pooling segments into "the rest" weighs
    #: their means by it. None: not known.
    weight_sums: np.ndarray | None = None

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"table measure {self.measure!r} is not one of {', '.join(MEASURES)}")
        shape = (len(self.rows), len(self.columns))
        for name in ("counts", "props", "bases", *_OPTIONAL_CELLS):
            cells = getattr(self, name)
            if cells is not None and cells.shape != shape:
                raise ValueError(f"{name} is {cells.shape}, not {shape} ({self.question})")

    def axis(self, role: str) -> Axis | None:
        """The axis whose labels play *role*, or ``None`` when neither does."""
        return self.rows if self.rows.role == role else self.columns if self.columns.role == role else None

    @property
    def answers(self) -> Axis | None:
        return self.axis("answer")

    @property
    def segments(self) -> Axis | None:
        return self.axis("segment")

    def segment_columns(self) -> list[int]:
        """Indices of the segment columns proper: a Total beside them is not one (it is never tested,
        lettered, hidden for a low base or listed among the segments)."""
        segments = self.segments
        if segments is None:
            return []
        return [j for j, label in enumerate(segments) if label != segments.total]

    @property
    def by(self) -> str | None:
        """The breakdown question, when one axis is its segments."""
        return None if self.segments is None else self.segments.key

    @property
    def nets(self) -> tuple[str, ...]:
        """The NET answers (on whichever axis holds the answers)."""
        return () if self.answers is None else self.answers.nets

    @property
    def residual(self) -> frozenset[str]:
        return frozenset() if self.answers is None else self.answers.residual

    @property
    def effective_bases(self) -> np.ndarray:
        """The base each proportion's sampling error rests on: Kish's effective base when weighted."""
        return self.bases if self.effective is None else self.effective

    def ranked(self, column: int = 0) -> list[str]:
        """Row labels from largest to smallest value in *column*, NETs and residual answers left out."""
        order = np.argsort(-np.nan_to_num(self.props[:, column], nan=-1.0), kind="stable")
        return [self.rows[i] for i in order if not self.rows.is_residual(self.rows[i])
                and not self.rows.is_net(self.rows[i])]

    def reordered(self, order: list[int]) -> "Table":
        """The same table with only the rows at *order* (indices), in that order."""
        rows = self.rows.take(order)
        return replace(self, rows=rows, counts=self.counts[order], props=self.props[order], bases=self.bases[order],
                       **{name: None if getattr(self, name) is None else getattr(self, name)[order]
                          for name in _OPTIONAL_CELLS},
                       significance=self._significance_within(rows, self.columns))

    def with_columns(self, keep: list[int]) -> "Table":
        """The same table with only the columns at *keep* (indices), in that order."""
        columns = self.columns.take(keep)
        return replace(self, columns=columns, counts=self.counts[:, keep], props=self.props[:, keep],
                       bases=self.bases[:, keep],
                       **{name: None if getattr(self, name) is None else getattr(self, name)[:, keep]
                          for name in _OPTIONAL_CELLS},
                       significance=self._significance_within(self.rows, columns))

    def _significance_within(self, rows: Axis, columns: Axis) -> Significance | None:
        """The comparisons that still have both their cells in *rows* x *columns*."""
        if self.significance is None:
            return None
        found = tuple(c for c in self.significance.found if c.row in rows and c.column in columns
                      and (c.against is None or c.against in columns))
        return replace(self.significance, found=found)
