"""The NumPy tabulator: table queries answered from a :class:`~deckgen.data.Survey` in memory.

Each question is coded once by the survey; a filter becomes a boolean mask;
:func:`~deckgen.stats.tabulate.tabulate` counts. Answers are cached by query.
"""

from __future__ import annotations

from dataclasses import replace

from ..data.survey import Survey
from ..errors import InputError, Location, did_you_mean
from .presentation import exclude_answers
from .query import TableQuery
from .table import Table
from .tabulate import grid_answer, tabulate
from .waves import wave_table


class NumpyTabulator:
    """:class:`~deckgen.stats.query.Tabulator` over respondent data held in NumPy arrays."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self._answers: dict[TableQuery, Table] = {}
        self._waves: dict[str, NumpyTabulator] = {}  # a tracker's earlier waves, each tabulated alone

    def table(self, query: TableQuery, where: Location | None = None, key: str = "") -> Table:
        if query not in self._answers:
            self._answers[query] = self._over_waves(query, where, key) if query.waves else \
                self._tabulate(query, where, key)
        return self._answers[query]

    def _over_waves(self, query: TableQuery, where: Location | None, key: str) -> Table:
        """A tracker's table: each wave tabulated alone, as its own slides would be, side by side."""
        waves = self.survey.waves
        if waves is None:
            raise InputError("this table compares waves, and the data has one; give 'data.waves' or 'data.wave'",
                             where, key)
        for name in query.waves:
            if name not in waves.names:
                raise InputError(f"'{name}' is not a wave{did_you_mean(name, waves.names)}; waves are "
                                 + ", ".join(waves.names), where, key)
        one = replace(query, waves=())
        return wave_table([self._wave(name).table(one, where, key) for name in query.waves], query.waves)

    def _wave(self, name: str) -> "NumpyTabulator":
        """The tabulator of wave *name*'s respondents (this one for the current wave)."""
        if name == self.survey.waves.current:
            return self
        if name not in self._waves:
            self._waves[name] = NumpyTabulator(self.survey.waves.survey(name))
        return self._waves[name]

    def _tabulate(self, query: TableQuery, where: Location | None, key: str) -> Table:
        survey = self.survey
        question = survey.codebook.questions[query.question]
        mask = survey.mask(query.filter, where, key) if query.filter is not None else None
        segments = survey.question(query.by) if query.by else None
        nets = {**getattr(question, "net_members", dict)(), **{label: list(m) for label, m in query.nets}}
        coded = survey.question(query.question)
        if query.dont_know == "exclude":
            coded = exclude_answers(coded, list(coded.dont_know))
        if query.answer is not None:  # a grid by segment: one answer of every statement
            table = grid_answer(query.question, coded, query.answer, nets.get(query.answer, [query.answer]), mask,
                                survey.weights, segments, query.by, query.sort, query.total)
        else:
            if query.item is not None:  # one statement of a grid: a single-choice question
                coded = coded.statement(query.item)
            table = tabulate(query.question, coded, mask, survey.weights, segments, query.by, query.sort, nets,
                             query.percent_of, query.total)
        if query.by:
            self._check_weightless_segments(query.by, table, where, key)
        return table

    def _check_weightless_segments(self, by: str, table: Table, where: Location | None, key: str) -> None:
        """A segment emptied because all its respondents weigh 0 is an error, never a column of NaN."""
        left_out = self.survey.weightless_in(by)
        segments = table.segment_columns()
        for segment, base, weightless in zip([table.columns[j] for j in segments],
                                             [table.columns.bases[j] for j in segments], left_out):
            if base == 0 and weightless:
                raise InputError(f"every respondent in segment '{segment}' of '{by}' weighs 0 ({weightless} "
                                 "left out), so it has no base; fix the weights or filter the segment out",
                                 where, key)
