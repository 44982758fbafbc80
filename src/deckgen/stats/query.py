"""What a slide or a template asks of the numbers: a :class:`TableQuery`, answered by a :class:`Tabulator`.

A query is a frozen value, so the same question asked twice (a chart and its
headline) is computed once, and the build can record exactly which tables
each slide used (``deckgen watch`` re-renders a slide when one of them
changes). A tabulator turns a query into a :class:`~deckgen.stats.table.Table`;
the NumPy one (:mod:`.tabulator`) is the first of them. Presentation rules
(top-N folding, suppression, rounding) apply to its result as pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..errors import Location
from ..spec.filters import Node, names_in
from .table import Table


@dataclass(frozen=True)
class TableQuery:
    """One table: a question, in a base (*filter*), by segment (*by*), counted a given way."""

    question: str
    filter: Node | None = None  # parsed; None: everyone
    filter_text: str | None = None  # as written, for messages and notes
    by: str | None = None
    sort: str = "value"  # value | codes
    percent_of: str = "respondents"  # respondents | responses (multiple response)
    dont_know: str = "include"  # include | exclude
    nets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # NETs beyond the codebook's: (label, members)
    total: bool = False  # with by: a Total column of everyone in the base, first
    item: str | None = None  # a grid: one statement, its answers as a single-choice question's
    answer: str | None = None  # a grid by segment: the answer (or NET) shown for every statement
    waves: tuple[str, ...] = ()  # a tracker: these waves as the columns, oldest first; (): the current wave

    def questions(self) -> set[str]:
        """Every question or column the table's numbers depend on."""
        names = {self.question} | ({self.by} if self.by else set())
        return names | (set(names_in(self.filter)) if self.filter is not None else set())


class Tabulator(Protocol):
    """Answers table queries. Errors about the data (a filter naming an unknown label) are located at
    *where*, the spec key *key* that asked."""

    def table(self, query: TableQuery, where: Location | None = None, key: str = "") -> Table: ...
