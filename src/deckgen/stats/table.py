"""The :class:`Table`: the one currency between stats, text and render.

A table is a crosstab of *rows* (the categories, options or grid items a chart
lists) by *columns* (the series: one "Total" column, one column per segment of
a breakdown, or the scale points of a grid). Each cell holds a weighted count,
a proportion (0-1) and the unweighted base that proportion is out of. The
chart, the headline numbers and the speaker notes all read the same table, so
a number can never differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class Table:
    question: str
    kind: str  # single | multi | grid
    rows: list[str]
    columns: list[str]
    counts: np.ndarray  # weighted counts, rows x columns
    props: np.ndarray  # proportions 0-1, NaN where the base is empty
    bases: np.ndarray  # unweighted base of each cell's proportion, rows x columns
    total_base: int  # unweighted respondents in the slide's base (answered the question)
    by: str | None = None  # the breakdown question, when columns are segments
    weighted: bool = False
    residual: frozenset[str] = field(default_factory=frozenset)  # rows kept last ("Other", "Don't know")
    effective: np.ndarray | None = None  # effective (Kish) base of each cell; None: the unweighted base
    tests: list[list[str]] | None = None  # significance marks per cell (letters, or +/-)
    nets: tuple[str, ...] = ()  # rows that are NETs (respondents giving any of several answers)

    @property
    def effective_bases(self) -> np.ndarray:
        """The base each proportion's sampling error rests on: Kish's effective base when weighted."""
        return self.bases if self.effective is None else self.effective

    @property
    def column_bases(self) -> list[int]:
        """The unweighted base of each column (for single/multi tables)."""
        return [int(b) for b in self.bases.max(axis=0)] if self.bases.size else []

    def ranked(self, column: int = 0) -> list[str]:
        """Rows from largest to smallest proportion in *column*, residual answers excluded."""
        order = np.argsort(-np.nan_to_num(self.props[:, column], nan=-1.0), kind="stable")
        return [self.rows[i] for i in order if self.rows[i] not in self.residual and self.rows[i] not in self.nets]

    def reordered(self, order: list[int]) -> "Table":
        """The same table with rows in *order* (indices into the current rows)."""
        return replace(self, rows=[self.rows[i] for i in order], counts=self.counts[order],
                       props=self.props[order], bases=self.bases[order],
                       effective=None if self.effective is None else self.effective[order],
                       tests=None if self.tests is None else [self.tests[i] for i in order])
