"""The SQL tabulator: table queries answered by SQL over the respondents' rows, only aggregates coming back.

For data too large to hold in memory, or kept in a database. Each table is one ``GROUP BY`` query whose
rows are the distinct raw answers (and segments) with their respondents' count, sum of weights and sum
of squared weights. Those three sums add up across groups, so every cell of the
:class:`~deckgen.stats.table.Table` - weighted counts, unweighted bases, Kish effective bases - follows
from them. A grid is counted item by item: each item's scale points (and NETs) are predicates summed in
one scan.

The codebook's rules are never re-implemented in SQL: the distinct raw values of a column are coded
by :func:`~deckgen.data.coded.code_index`, the same function the NumPy path codes every respondent
with, so missing codes, codes written as text and unlabelled codes (an error) behave identically.
A filter (the parsed tree) becomes a SQL predicate over those coded raw values (:mod:`.predicates`).

The SQL is written once, in DuckDB's dialect, with portable forms only (``sum(CAST(... AS INTEGER))`` rather
than ``FILTER``, ``CAST`` to ``DOUBLE``); :mod:`.sources` runs it on DuckDB or rewrites it for another
database. What it cannot yet answer the same way (:mod:`.support`) it refuses with a located error,
never a different number.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from typing import Callable

import numpy as np

from ...data.coded import code_index
from ...errors import InputError, Location, did_you_mean
from ...spec.codebook import GridQuestion, MultiQuestion, NumericQuestion, SingleQuestion
from ..ordering import sort_rows
from ..query import TableQuery
from ..table import MEAN, MEDIAN, Axis, Table
from ..tabulate import TOTAL, _divide
from .predicates import FilterSql, ident, literal
from .sources import FLOAT, OTHER, TEXT, Source
from .support import MULTI_DONT_KNOW, by_gap, data_gap, engine_of, question_gap, refuse

#: The largest finite double: a weight beyond it is infinite (a test every SQL engine has, unlike isinf).
LARGEST = "1.7976931348623157e308"


class SQLTabulator:
    """:class:`~deckgen.stats.query.Tabulator` computing each table as SQL over the respondents' rows.

    *source* (called once the project's data settings are known to be tabulable) gives the rows, as
    :class:`~.sources.Source`: DuckDB over the respondent file, or a database connection."""

    def __init__(self, project, source: Callable[[], Source]):
        data = project.spec.data
        self.project, self.codebook = project, project.codebook
        self.where_engine = project.where(*engine_of(project)[1].split("."))
        gap = data_gap(project)
        if gap is not None:
            raise self.refuse(gap, self.where_engine)
        self.source = source()
        self.types = self.source.kinds
        self.weight = data.weight
        self._codings: dict[tuple, dict] = {}
        self._multis: dict[str, tuple] = {}
        self._routing: dict[str, bool] = {}
        self._grouped: dict[tuple, tuple] = {}  # (question, columns, base, anyone) -> _groups' rows of everyone
        self._blank: dict[str, bool] = {}
        self._answers: dict[TableQuery, Table] = {}
        self.kept = "TRUE"  # respondents who weigh 0 are left out of everything, as the NumPy path does
        self.top = 1.0
        if self.weight:
            self._check_weights(project.where("data", "weight"))

    def respondents(self) -> int:
        """The deck's respondent count: every row of the respondents' table but those weighing 0, who are
        left out of everything (as the NumPy path leaves them out of its survey)."""
        return int(self._rows(f"SELECT count(*) FROM src WHERE {self.kept}")[0][0])

    def weightless(self) -> int:
        """Respondents weighing 0 (left out of everything)."""
        return int(self._rows(f"SELECT count(*) FROM src WHERE NOT ({self.kept})")[0][0]) if self.weight else 0

    def refuse(self, what: str, where: Location | None) -> InputError:
        return refuse(self.project, what, where)

    def _rows(self, sql: str) -> list[tuple]:
        return self.source.rows(sql)

    def _missing_column(self, name: str, where: Location | None, key: str) -> InputError:
        return InputError(f"column '{name}' is not in {self.source.label}{did_you_mean(name, list(self.types))}",
                          where, key)

    # -- the respondents ----------------------------------------------------------------------------
    def _w(self) -> str:
        return f"CAST({ident(self.weight)} AS DOUBLE)" if self.weight else "1.0"

    def _check_weights(self, where: Location) -> None:
        """The same rules as the in-memory path: every weight a finite number >= 0, not all 0."""
        column = self.weight
        if column not in self.types:
            raise self._missing_column(column, where, "data.weight")
        if self.is_text(column):
            raise InputError(f"weight column '{column}' holds text; weights must be numbers", where, "data.weight")
        w = self._w()
        (bad, top), = self._rows(
            f"SELECT count(CASE WHEN {w} IS NULL OR isnan({w}) OR {w} > {LARGEST} OR {w} < 0 THEN 1 END), "
            f"max(CASE WHEN NOT isnan({w}) THEN {w} END) FROM src")
        if bad:
            raise InputError(f"weight column '{column}' has {bad} missing, negative or infinite values; every weight "
                             "must be a number >= 0", where, "data.weight")
        if not top or not top > 0:
            raise InputError(f"weight column '{column}' is 0 for every respondent, so no percentage can be computed; "
                             "check that it is the right column", where, "data.weight")
        self.top = float(top)
        self.kept = f"{w} > 0"

    def is_empty(self, column: str) -> bool:
        """A column with no value at all, which DuckDB types as text and the in-memory reader as numbers."""
        if column not in self._blank:
            self._blank[column] = self.types[column] == TEXT and not self._rows(
                f"SELECT count({ident(column)}) FROM src")[0][0]
        return self._blank[column]

    def is_text(self, column: str) -> bool:
        return self.types[column] == TEXT and not self.is_empty(column)

    def present_sql(self, column: str) -> str:
        c = ident(column)
        if self.is_empty(column):
            return "FALSE"
        if self.types[column] == FLOAT:
            return f"({c} IS NOT NULL AND NOT isnan({c}))"
        return f"({c} IS NOT NULL)"

    def require_column(self, name: str, where: Location, key: str) -> None:
        if name not in self.types:
            raise self._missing_column(name, where, key)

    def coding(self, key: str, column: str, raw: list | None = None) -> dict:
        """Each distinct raw value of *column* -> its position in question *key*'s labels (-1: missing), coded
        by :func:`code_index` exactly as every respondent is on the in-memory path.

        *raw*: every value the column holds, when a query grouped by it over all rows has already seen them
        (:meth:`_groups`), which saves a scan."""
        if (key, column) in self._codings:
            return self._codings[(key, column)]
        q = self.codebook.questions[key]
        self.require_column(column, *self._where_column(key, column))
        if raw is None:
            raw = [v for (v,) in self._rows(f"SELECT DISTINCT {ident(column)} FROM src")]
        kind = self.types[column]
        if kind == OTHER or (kind != TEXT and any(isinstance(v, str) for v in raw)):
            raise InputError(f"column '{column}' of {self.source.label} holds neither numbers nor text only; "
                             "give the question a column of codes (numbers) or labels (text)",
                             *self._where_column(key, column))
        if kind == TEXT:
            values, present = np.array(raw, dtype=object), None
        elif kind == FLOAT or any(isinstance(v, (float, Decimal)) for v in raw):
            values, present = np.array([np.nan if v is None else float(v) for v in raw]), None
        else:
            values = np.array([0 if v is None else int(v) for v in raw], dtype=np.int64)
            present = np.array([v is not None for v in raw], dtype=bool)
        index = code_index(values, q.labels, column, self.project.where_question(key, "labels"),
                           f"questions.{key}.labels", present, q.missing) if len(raw) else np.zeros(0, int)
        coding = {v: int(i) for v, i in zip(raw, index) if v is not None and not (isinstance(v, float) and v != v)}
        self._codings[(key, column)] = coding
        return coding

    def _where_column(self, key: str, column: str) -> tuple[Location, str]:
        """Where question *key* names *column* (a grid: the item's entry), and that spec key."""
        q = self.codebook.questions[key]
        if isinstance(q, GridQuestion):
            return self.project.where_question(key, "items", column), f"questions.{key}.items.{column}"
        return (self.project.where_question(key, "column") if getattr(q, "column", None) else
                self.project.where_question(key)), f"questions.{key}.column"

    def coded_in(self, column: str, coding: dict, positions) -> str:
        """SQL: the respondents whose raw answer codes to one of *positions*."""
        values = [v for v, p in coding.items() if p in positions]
        if not values:
            return "FALSE"
        return f"coalesce({ident(column)} IN ({', '.join(literal(v) for v in values)}), FALSE)"

    # -- tables -----------------------------------------------------------------------------------------
    def table(self, query: TableQuery, where: Location | None = None, key: str = "") -> Table:
        if query not in self._answers:
            self._answers[query] = self._tabulate(query, where, key)
        return self._answers[query]

    def _tabulate(self, query: TableQuery, where: Location | None, key: str) -> Table:
        if query.waves:
            raise self.refuse("tables over waves", where)
        question = self.codebook.questions[query.question]
        by = self._by(query.by, where) if query.by else None
        base = self.kept if query.filter is None else f"{self.kept} AND ({FilterSql(self, where, key).eval(query.filter)})"
        nets = {**question.net_members(), **{label: list(m) for label, m in query.nets}} \
            if hasattr(question, "net_members") else {}
        if isinstance(question, GridQuestion):
            table = self._grid(query, question, by, base, nets)
        elif isinstance(question, SingleQuestion) and not question.derived:
            table = self._single(query, question.column or query.question, question, by, base, nets)
        elif isinstance(question, MultiQuestion):
            table = self._multi(query, question, by, base, nets, where)
        elif isinstance(question, NumericQuestion):
            table = self._numeric(query, question, by, base)
        else:
            raise self.refuse(question_gap(query.question, question), where)
        if by is not None:
            self._check_weightless(query.by, by, table, where, key)
        return table

    def _by(self, name: str, where: Location | None):
        q = self.codebook.questions[name]
        gap = by_gap(name, q)
        if gap is not None:
            raise self.refuse(gap, where)
        column = q.column or name
        return name, column, self.coding(name, column), list(q.labels.values())

    def _columns(self, by, n_groups: np.ndarray, total: bool) -> tuple[list[np.ndarray], Axis]:
        """Per table column, which groups (by the by-position of each group) are in it: a Total column holds
        everyone in the base, those with no segment too."""
        if by is None:
            return [np.ones(len(n_groups), dtype=bool)], None
        labels = by[3]
        picks = [np.ones(len(n_groups), dtype=bool)] * total + [n_groups == j for j in range(len(labels))]
        return picks, labels

    @staticmethod
    def _axis(by, bases, total: bool) -> Axis:
        if by is None:
            return Axis("total", (TOTAL,), bases=bases)
        if total:
            return Axis("segment", (TOTAL,) + tuple(by[3]), key=by[0], bases=bases, total=TOTAL)
        return Axis("segment", tuple(by[3]), key=by[0], bases=bases)

    def _sums(self, select: list[str], group: list[str], where_sql: str) -> list[tuple]:
        groups = ", ".join(group)
        sql = f"SELECT {', '.join(group + select)} FROM src WHERE {where_sql}" + (f" GROUP BY {groups}" if group
                                                                                    else "")
        return self._rows(sql)

    def _three(self, predicate: str = "TRUE") -> list[str]:
        """count, sum of weights and sum of squared (largest-scaled) weights of the rows where *predicate*; only
        the count when unweighted (the other two then equal it: :meth:`_measures`). A weight is finite, so the
        rows *predicate* excludes add exact zeros to the sums."""
        flag, count = ("1", "count(*)") if predicate == "TRUE" else (_flag(predicate), _count(predicate))
        if not self.weight:
            return [count]
        w, top = self._w(), literal(self.top)
        return [count, f"coalesce(sum({flag} * {w}), 0)", f"coalesce(sum({flag} * ({w} / {top}) * ({w} / {top})), 0)"]

    def _measures(self, rows: list[tuple], start: int, predicates: int = 1) -> np.ndarray:
        """(rows x predicates x 3): the count, sum of weights and sum of squared weights that :meth:`_three` put
        from column *start* on; unweighted, each weight is 1, so all three are the count."""
        width = 3 if self.weight else 1
        values = np.array([r[start:start + width * predicates] for r in rows], dtype=float)
        values = values.reshape(len(rows), predicates, width)
        return values if self.weight else np.repeat(values, 3, axis=2)

    def _predicate_sums(self, predicates: list[str], by, where_sql: str, total: bool) -> np.ndarray:
        """(columns x predicates x 3): each table column's count, sum of weights and sum of squared weights of the
        rows in *where_sql* where each predicate holds; one query, grouped by the segment's raw answer."""
        return self._picked(*self._predicate_rows(predicates, by, where_sql), by, total)

    def _predicate_rows(self, predicates: list[str], by, where_sql: str) -> tuple[np.ndarray, np.ndarray]:
        """Each segment group's by-position, and its (predicates x 3) sums: :meth:`_predicate_sums` before the
        groups are summed into table columns."""
        select = [s for p in predicates for s in self._three(p)]
        group = [ident(by[1])] if by else []
        rows = self._sums(select, group, where_sql)
        return self._segments(rows, 0, by), self._measures(rows, len(group), len(predicates))

    def _picked(self, bpos: np.ndarray, sums: np.ndarray, by, total: bool) -> np.ndarray:
        picks, _ = self._columns(by, bpos, total)
        return np.array([sums[p].sum(axis=0) for p in picks]).reshape(len(picks), sums.shape[1], 3)

    def _groups(self, key: str, columns: list[str], by, base: str,
                anyone: bool = False) -> tuple[list[list[tuple]], list[tuple] | None]:
        """Per coded column of question *key*: rows of (raw answer, [segment's raw answer,] :meth:`_three` of the
        respondents in *base*), one per distinct pair over ALL rows, so the same scan gives each column's
        coding (:meth:`coding`).

        One query for all *columns*, several times faster than a predicate per scale point: ``GROUPING SETS``
        where the engine has them, else a ``UNION ALL`` of one ``GROUP BY`` each (columns of another kind, text
        or numbers, in their own, so no engine converts one to the other's type). With *anyone*, the grouping
        sets also count, in the same scan, who answered any of the columns (rows of (any, [segment,] sums));
        else that is None."""
        for column in columns:
            self.require_column(column, *self._where_column(key, column))
        asked = (key, tuple(columns), base, anyone)
        if by is None and asked in self._grouped:  # the same counts by a segment: added up, no scan
            return self._grouped[asked]
        measures = ", ".join(self._three(base))
        segment = [ident(by[1])] if by else []
        keys = [ident(c) for c in columns]
        if anyone and self.source.grouping_sets:
            keys.append("(" + " OR ".join(self.present_sql(c) for c in columns) + ")")
        found: list[list[tuple]] = [[] for _ in keys]
        if self.source.grouping_sets and len(keys) > 1:
            sets = ", ".join("(" + ", ".join([k] + segment) + ")" for k in keys)
            rows = self._rows(f"SELECT {', '.join(keys + segment)}, {', '.join(f'GROUPING({k})' for k in keys)}, "
                              f"{measures} FROM src GROUP BY GROUPING SETS ({sets})")
            width, flags = len(keys) + len(segment), slice(len(keys) + len(segment), 2 * len(keys) + len(segment))
            for row in rows:
                j = row[flags].index(0)  # the grouping this row is of: the one key not rolled up
                found[j].append((row[j],) + row[len(keys):width] + row[width + len(keys):])
        else:
            for kind in dict.fromkeys(self.types[c] for c in columns):
                same = [i for i, c in enumerate(columns) if self.types[c] == kind]
                sql = " UNION ALL ".join(f"SELECT {i}, {keys[i]}{''.join(', ' + s for s in segment)}, {measures} "
                                         f"FROM src GROUP BY {', '.join([keys[i]] + segment)}" for i in same)
                for row in self._rows(sql):
                    found[row[0]].append(row[1:])
        for column, rows in zip(columns, found):
            if (key, column) not in self._codings:
                self.coding(key, column, list(dict.fromkeys(r[0] for r in rows)))
        answer = found[:len(columns)], (found[-1] if len(keys) > len(columns) else None)
        if by is not None:
            self._grouped.setdefault(asked, ([_whole(rows) for rows in answer[0]],
                                             None if answer[1] is None else _whole(answer[1])))
        return answer

    @staticmethod
    def _segments(rows: list[tuple], at: int, by) -> np.ndarray:
        """Each row's segment: the by-position of its raw answer in column *at* (-1: none); 0 without a by."""
        if not by:
            return np.zeros(len(rows), dtype=int)
        return np.array([-1 if r[at] is None else by[2].get(r[at], -1) for r in rows], dtype=int)

    def _effective(self, sw: np.ndarray, sw2: np.ndarray) -> np.ndarray:
        scaled = sw / self.top
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(sw2 > 0, scaled * scaled / np.where(sw2 > 0, sw2, 1), 0.0)

    def _single(self, query: TableQuery, column: str, q, by, base: str, nets: dict) -> Table:
        """Frequencies of one coded *column* on question *q*'s labels: a single-choice question, or one
        statement of a grid (:meth:`~deckgen.data.coded.GridCoded.statement`)."""
        labels = list(q.labels.values())
        roles = q.answer_roles()
        drop = set(roles.dont_know) if query.dont_know == "exclude" else set()
        out = {i for i, label in enumerate(labels) if label in drop}
        [rows], _ = self._groups(query.question, [column], by, base)
        coding = self.coding(query.question, column)
        qpos = np.array([-1 if r[0] is None else coding.get(r[0], -1) for r in rows], dtype=int)
        qpos = np.where(np.isin(qpos, list(out)), -1, qpos)
        bpos = self._segments(rows, 1, by)
        n, sw, sw2 = self._measures(rows, 1 + bool(by))[:, 0, :].T
        picks, _ = self._columns(by, bpos, query.total)
        weighted = self.weight is not None
        k = len(labels)
        counts = np.array([[(sw if weighted else n)[(qpos == i) & p].sum() for p in picks] for i in range(k)],
                          dtype=float).reshape(k, len(picks))
        answered = qpos >= 0
        n_answered = np.array([n[answered & p].sum() for p in picks])
        effective = np.array([self._effective(sw[answered & p].sum(), sw2[answered & p].sum()) for p in picks]) \
            if weighted else None
        answers = Axis("answer", tuple(labels), key=query.question, residual=roles.residual, exclusive=True)
        total_base = int(n_answered[0] if by is not None and query.total else n_answered.sum())
        table = Table(query.question, answers, self._axis(by, n_answered, query.total), "share", counts,
                      _divide(counts, counts.sum(axis=0)), np.broadcast_to(n_answered, counts.shape).copy(),
                      total_base, weighted,
                      None if effective is None else np.broadcast_to(effective, counts.shape).copy())
        if nets:
            positions = {label: i for i, label in enumerate(labels)}
            flags = [np.isin(qpos, [positions[m] for m in members]) for members in nets.values()]
            net_counts = np.array([[(sw if weighted else n)[f & p].sum() for p in picks] for f in flags], dtype=float)
            table = _with_nets(table, net_counts, nets, counts.sum(axis=0))
        return sort_rows(table, query.sort)

    def _grid(self, query: TableQuery, q: GridQuestion, by, base: str, nets: dict) -> Table:
        """A grid as :mod:`~deckgen.stats.tabulate` counts it: one statement (*item*) as a single-choice
        question; one answer of every statement by segment (*answer*); else items x scale, NETs after it."""
        items = list(q.items.values())
        columns = {label: column for column, label in q.items.items()}
        if query.answer is None and query.item is not None:
            return self._single(query, columns[query.item], q, by, base, nets)
        labels = list(q.labels.values())
        drop = set(q.answer_roles().dont_know) if query.dont_know == "exclude" else set()
        valid = [i for i, label in enumerate(labels) if label not in drop]  # dropped answers: out of the base
        if query.answer is None and by is not None:
            raise ValueError("grids cannot be broken down by segment")
        found, present = self._groups(query.question, list(q.items), by, base, anyone=True)
        # per item: each row's scale position (-1: missing or dropped), segment and measures
        codings = [self.coding(query.question, c) for c in q.items]
        parts = []
        for coding, rows in zip(codings, found):
            qpos = np.array([-1 if r[0] is None else coding.get(r[0], -1) for r in rows], dtype=int)
            qpos = np.where(np.isin(qpos, valid), qpos, -1)
            parts.append((qpos, self._segments(rows, 1, by), self._measures(rows, 1 + bool(by))[:, 0, :]))
        if present is not None and all(p in valid for coding in codings for p in coding.values()):
            # every answer given codes to a scale point in the base: whoever answered any statement is in it
            said = [r for r in present if r[0]]
            n = self._picked(self._segments(said, 1, by), self._measures(said, 1 + bool(by)), by, query.total)[:, 0, 0]
        else:
            anyone = " OR ".join(f"({self.coded_in(c, coding, set(valid))})" for c, coding in zip(q.items, codings))
            n = self._predicate_sums(["TRUE"], by, f"({base}) AND ({anyone})", query.total)[:, 0, 0]
        weighted = self.weight is not None
        measure = 1 if weighted else 0
        if query.answer is not None:
            positions = [labels.index(x) for x in nets.get(query.answer, [query.answer]) if labels.index(x) in valid]
            cells = []  # per item: (columns x [hits, answered] x 3)
            for qpos, bpos, sums in parts:
                picks, _ = self._columns(by, bpos, query.total)
                hit, anyway = np.isin(qpos, positions), qpos >= 0
                cells.append([[sums[hit & p].sum(axis=0), sums[anyway & p].sum(axis=0)] for p in picks])
            cell = np.array(cells)  # items x columns x 2 x 3
            counts, bases = cell[:, :, 0, measure].copy(), cell[:, :, 1, 0].copy()
            weighted_base = cell[:, :, 1, 1].copy() if weighted else bases
            effective = self._effective(cell[:, :, 1, 1], cell[:, :, 1, 2]) if weighted else None
            with_total = by is not None and query.total
            rows = Axis("item", tuple(items), key=query.question,
                        bases=bases[:, 0] if with_total else bases.sum(axis=1))
            table = Table(query.question, rows, self._axis(by, n, query.total), "share", counts,
                          _divide(counts, weighted_base), bases, int(n[0] if with_total else n.sum()), weighted,
                          effective)
            return sort_rows(table, query.sort)
        k = len(labels)
        cell = np.array([[sums[qpos == p].sum(axis=0) for p in range(k)] for qpos, _, sums in parts])  # m x k x 3
        answered_sums = cell.sum(axis=1)  # m x 3: the dropped answers are at -1, out of every scale point
        n_answered, sw, sw2 = answered_sums[:, 0], answered_sums[:, 1], answered_sums[:, 2]
        counts = cell[:, :, measure]
        if nets:  # one answer per item, so a NET's respondents are the sum of its scale points' counts
            counts = np.column_stack([counts] + [counts[:, [labels.index(x) for x in members]].sum(axis=1)
                                                 for members in nets.values()])
        answers = Axis("answer", tuple(labels) + tuple(nets), key=query.question, nets=tuple(nets),
                       residual=q.answer_roles().residual, exclusive=True)
        width = len(answers.labels)
        effective = np.repeat(self._effective(sw, sw2)[:, None], width, axis=1) if weighted else None
        table = Table(query.question, Axis("item", tuple(items), key=query.question, bases=n_answered), answers,
                      "share", counts, _divide(counts, counts[:, :k].sum(axis=1, keepdims=True)),
                      np.repeat(n_answered[:, None], width, axis=1), int(n[0]), weighted, effective)
        return sort_rows(table, query.sort)

    def multi_parts(self, key: str) -> tuple[list[str], list[str], str]:
        """SQL predicates of multiple-response question *key*, as :class:`~deckgen.data.coded.MultiCoded` holds
        them: each option mentioned, each option asked, and the question asked."""
        if key in self._multis:
            return self._multis[key]
        q = self.codebook.questions[key]
        options = list(q.options)
        for c in options:
            self.require_column(c, self.project.where_question(key, "options", c), f"questions.{key}.options.{c}")
        answered = [self.present_sql(c) for c in options]
        mentioned = [self._mention(c, q.selected) for c in options]
        if q.asked is not None:  # routing: everyone it selects was asked every option
            asked = FilterSql(self, self.project.where_question(key, "asked"), f"questions.{key}.asked").eval(
                q.asked_filter())
            self._check_routing(key, asked, mentioned)
            parts = ([f"({m}) AND ({asked})" for m in mentioned], [asked] * len(options), asked)
            self._routing[key] = False
        else:
            asked = "(" + " OR ".join(f"({a})" for a in answered) + ")"
            parts = (mentioned, answered, asked)
        self._multis[key] = parts
        return parts

    def routed(self, key: str) -> bool:
        """Whether the options of multiple-response question *key* were asked of different respondents (routed
        per option), as :func:`~deckgen.data.coded.multi_coded` tells: some option answered by fewer of the
        respondents than answered the question."""
        _, answered, asked = self.multi_parts(key)
        if key not in self._routing:
            counts = self._rows("SELECT " + ", ".join(_count(a) for a in [asked] + answered)
                                + f" FROM src WHERE {self.kept}")[0]
            self._routing[key] = _options_routed(counts)
        return self._routing[key]

    def _multi(self, query: TableQuery, q: MultiQuestion, by, base: str, nets: dict, where) -> Table:
        key = query.question
        labels = list(q.options.values())
        _, answered, asked = self.multi_parts(key)
        if query.dont_know == "exclude" and q.answer_roles().dont_know:
            raise self.refuse(MULTI_DONT_KNOW, where)
        # only counted, and only among those asked: a mention needs no test for NULL or for the routing
        mentioned = [self._mention(c, q.selected, counted=True) for c in q.options]
        # a table of everyone (no filter) counts the routing test's respondents too: one scan does both
        learn = key not in self._routing and query.filter is None
        if not learn and self.routed(key):
            return sort_rows(self._routed_multi(query, q, by, base, nets, mentioned, answered, asked), query.sort)
        positions = {label: i for i, label in enumerate(labels)}
        net_flags = [" OR ".join(f"({mentioned[positions[m]]})" for m in ms) for ms in nets.values()]
        predicates = ["TRUE"] + mentioned + net_flags + (answered if learn else [])
        bpos, sums = self._predicate_rows(predicates, by, f"({base}) AND ({asked})")
        if learn:
            everyone = sums.sum(axis=0)[:, 0]  # the question's respondents, and each option's
            self._routing[key] = _options_routed([everyone[0], *everyone[len(predicates) - len(answered):]])
            if self._routing[key]:
                return sort_rows(self._routed_multi(query, q, by, base, nets, mentioned, answered, asked),
                                 query.sort)
        cell = self._picked(bpos, sums, by, query.total)
        weighted = self.weight is not None
        n_asked = cell[:, 0, 0]
        measure = 1 if weighted else 0
        k = len(labels)
        counts = cell[:, 1:1 + k, measure].T.copy()
        weighted_base = cell[:, 0, measure].copy()
        if query.percent_of == "responses":
            weighted_base = counts.sum(axis=0)
        effective = self._effective(cell[:, 0, 1], cell[:, 0, 2]) if weighted else None
        roles = q.answer_roles()
        answers = Axis("answer", tuple(labels), key=key, residual=roles.residual)
        total_base = int(n_asked[0] if by is not None and query.total else n_asked.sum())
        table = Table(key, answers, self._axis(by, n_asked, query.total), "share", counts,
                      _divide(counts, weighted_base), np.broadcast_to(n_asked, counts.shape).copy(), total_base,
                      weighted, None if effective is None else np.broadcast_to(effective, counts.shape).copy())
        if nets:
            table = _with_nets(table, cell[:, 1 + k:, measure].T.copy(), nets, weighted_base)
        return sort_rows(table, query.sort)

    def _routed_multi(self, query: TableQuery, q: MultiQuestion, by, base: str, nets: dict, mentioned: list[str],
                      answered: list[str], asked: str) -> Table:
        """Options asked of different respondents, as :func:`~deckgen.stats.tabulate._routed_multi` counts them:
        each option (and NET) is a share of the respondents asked it, so each cell has its own base."""
        key, labels = query.question, list(q.options.values())
        positions = {label: i for i, label in enumerate(labels)}
        hits = [f"({m})" for m in mentioned]
        asks = [f"({a})" for a in answered]
        for members in nets.values():
            hits.append("(" + " OR ".join(hits[positions[m]] for m in members) + ")")
            asks.append("(" + " OR ".join(asks[positions[m]] for m in members) + ")")
        k = len(labels)
        order = list(range(k, len(hits))) + list(range(k))  # NETs first, as on unrouted questions
        predicates = ["TRUE"] + [f"{hits[i]} AND {asks[i]}" for i in order] + [asks[i] for i in order]
        cell = self._predicate_sums(predicates, by, f"({base}) AND ({asked})", query.total)
        weighted = self.weight is not None
        m = len(order)
        n_asked = cell[:, 0, 0]
        counts = cell[:, 1:1 + m, 1 if weighted else 0].T.copy()
        bases = cell[:, 1 + m:, 0].T.copy()
        weighted_base = cell[:, 1 + m:, 1].T.copy() if weighted else bases
        effective = self._effective(cell[:, 1 + m:, 1], cell[:, 1 + m:, 2]).T.copy() if weighted else None
        if query.percent_of == "responses":  # all mentions of the options (not the NETs), in each column
            weighted_base = np.broadcast_to(counts[len(nets):].sum(axis=0), counts.shape)
        with_total = by is not None and query.total
        answers = Axis("answer", tuple(nets) + tuple(labels), key=key, nets=tuple(nets),
                       residual=q.answer_roles().residual, bases=bases[:, 0] if with_total else bases.sum(axis=1))
        return Table(key, answers, self._axis(by, n_asked, query.total), "share", counts,
                     _divide(counts, weighted_base), bases, int(n_asked[0] if with_total else n_asked.sum()),
                     weighted, effective)

    def _numeric(self, query: TableQuery, q: NumericQuestion, by, base: str) -> Table:
        """Mean, median and standard deviation per column, as :func:`~deckgen.stats.tabulate.numeric_summary`
        computes them, from each distinct value's respondents and sums of weights (in each segment)."""
        key = query.question
        column = q.column or key
        self.require_column(column, self.project.where_question(key, "column") if q.column else
                     self.project.where_question(key), f"questions.{key}.column")
        if self.is_text(column):
            raise InputError(f"column '{column}' holds text; a numeric question needs numbers",
                             self.project.where_question(key), f"questions.{key}")
        present = FilterSql(self, None, "").present(key)
        value = f"CAST({ident(column)} AS DOUBLE)"
        group = [value] + ([ident(by[1])] if by else [])
        rows = self._sums(self._three(), group, f"({base}) AND {present}")
        values = np.array([r[0] for r in rows], dtype=float)
        bpos = self._segments(rows, 1, by)
        n, sw, sw2 = self._measures(rows, len(group))[:, 0, :].T
        picks, _ = self._columns(by, bpos, query.total)
        weighted = self.weight is not None
        stats, spread = np.full((2, len(picks)), np.nan), np.full((2, len(picks)), np.nan)
        for j, pick in enumerate(picks):
            x, count, w = values[pick], n[pick], (sw if weighted else n)[pick]
            order = np.argsort(x, kind="stable")
            x, count, w = x[order], count[order], w[order]
            distinct = np.unique(x, return_inverse=True)  # a value in several segments: one group per value
            x, count, w = distinct[0], np.bincount(distinct[1], count), np.bincount(distinct[1], w)
            if not count.sum() or not w.sum() > 0:
                continue
            stats[0, j] = float(np.dot(w, x) / w.sum())
            stats[1, j] = _median(x, count, w if weighted else None)
            spread[0, j] = self._sd(x, count, w, (sw2 if weighted else n)[pick].sum(), stats[0, j])
        n_cols = np.array([n[p].sum() for p in picks])
        sums = n_cols if not weighted else np.array([sw[p].sum() for p in picks])
        effective = np.array([self._effective(sw[p].sum(), sw2[p].sum()) for p in picks]) if weighted else None
        with_total = by is not None and query.total
        return Table(key, Axis("statistic", (MEAN, MEDIAN), key=key), self._axis(by, n_cols, query.total), "mean",
                     stats.copy(), stats, np.broadcast_to(n_cols, stats.shape).copy(),
                     int(n_cols[0] if with_total else n_cols.sum()), weighted,
                     None if effective is None else np.broadcast_to(effective, stats.shape).copy(),
                     spread=spread, weight_sums=np.broadcast_to(sums, stats.shape).copy())

    def _sd(self, x: np.ndarray, count: np.ndarray, w: np.ndarray, squares: float, mean: float) -> float:
        """:func:`~deckgen.stats.welch.sample_sd` from distinct values: s² = Σw (x - m)² / (Σw - Σw²/Σw), the
        weights scaled by the largest (*squares*: Σ of the scaled weights' squares; unweighted, the count)."""
        if count.sum() < 2:
            return math.nan
        scaled = w / self.top if self.weight else w
        total = float(scaled.sum())
        spread_weight = total - float(squares) / total
        if not spread_weight > 0:
            return math.nan
        return math.sqrt(float(np.dot(scaled, (x - mean) ** 2)) / spread_weight)

    def _mention(self, column: str, selected, counted: bool = False) -> str:
        """SQL: the option in *column* is mentioned (its value is *selected*), as
        :func:`~deckgen.data.coded.mentions` flags it. *counted*: the predicate is only summed, where unknown
        (NULL) counts as not mentioned, so the bare comparison - several times faster - says the same."""
        c = ident(column)
        if self.is_empty(column) or (isinstance(selected, str) and not self.is_text(column)):
            return "FALSE"
        if self.is_text(column):
            equal = f"{c} = {literal(str(selected))}"
            return equal if counted else f"coalesce({equal}, FALSE)"
        equal = f"{c} = {literal(selected)}"
        if counted and self.types[column] != FLOAT:  # a float's NaN is not a NULL: its presence test stays
            return equal
        return f"coalesce({equal}, FALSE) AND {self.present_sql(column)}"

    def _check_routing(self, key: str, asked: str, mentioned: list[str]) -> None:
        anyone = " OR ".join(f"({m})" for m in mentioned)
        (outside,), = self._rows(f"SELECT count(*) FROM src WHERE {self.kept} AND ({anyone}) AND NOT ({asked})")
        if outside:
            q = self.codebook.questions[key]
            raise InputError(f"{outside} respondent(s) outside the routing {q.asked!r} mention an option of "
                             f"'{key}'; check the routing or the data", self.project.where_question(key, "asked"),
                             f"questions.{key}.asked")

    def _check_weightless(self, name: str, by, table: Table, where, key: str) -> None:
        """A segment emptied because all its respondents weigh 0 is an error, never a column of NaN."""
        if not self.weight:
            return
        rows = self._rows(f"SELECT {ident(by[1])}, count(*) FROM src WHERE {self._w()} = 0 "
                          f"GROUP BY {ident(by[1])}")
        left_out = np.zeros(len(by[3]), dtype=int)
        for value, count in rows:
            pos = -1 if value is None else by[2].get(value, -1)
            if pos >= 0:
                left_out[pos] += count
        for j in table.segment_columns():
            segment, base = table.columns[j], table.columns.bases[j]
            weightless = left_out[by[3].index(segment)]
            if base == 0 and weightless:
                raise InputError(f"every respondent in segment '{segment}' of '{name}' weighs 0 ({weightless} "
                                 "left out), so it has no base; fix the weights or filter the segment out",
                                 where, key)


def _options_routed(counts) -> bool:
    """From the respondents asked a multiple-response question and those who answered each option: whether
    some option was asked of fewer of them (routed per option)."""
    return any(n != counts[0] for n in counts[1:])


def _whole(rows: list[tuple]) -> list[tuple]:
    """Rows of (answer, segment, sums...) added up over the segments, those with none too: (answer, sums...)."""
    added: dict = {}
    for answer, _, *sums in rows:
        previous = added.get(answer)
        added[answer] = sums if previous is None else [a + b for a, b in zip(previous, sums)]
    return [(answer, *sums) for answer, sums in added.items()]


def _flag(predicate: str) -> str:
    """SQL: 1 where *predicate* holds, 0 where it fails, NULL where it is unknown (summed as a fail)."""
    return f"CAST(({predicate}) AS INTEGER)"


def _count(predicate: str) -> str:
    """SQL: the rows where *predicate* holds (summing its 0/1: several times faster than ``CASE WHEN`` on
    DuckDB)."""
    return f"coalesce(sum({_flag(predicate)}), 0)"


def _median(x: np.ndarray, count: np.ndarray, w: np.ndarray | None) -> float:
    """:func:`~deckgen.stats.tabulate.weighted_median` from sorted distinct values *x* and their respondents:
    unweighted, the middle value (the mean of the two middle ones); weighted, the value where the
    cumulative weight first reaches half."""
    if w is not None:
        cumulative = np.cumsum(w)
        return float(x[np.searchsorted(cumulative, cumulative[-1] / 2)])
    total = int(count.sum())
    ends = np.cumsum(count)
    lower = x[np.searchsorted(ends, (total - 1) // 2, side="right")]
    upper = x[np.searchsorted(ends, total // 2, side="right")]
    return float((lower + upper) / 2)


def _with_nets(table: Table, counts: np.ndarray, nets: dict, weighted_base: np.ndarray) -> Table:
    """*table* with a row per NET first, as :func:`~deckgen.stats.tabulate._with_nets` lays them out."""
    rows = replace(table.rows, labels=tuple(nets) + table.rows.labels, nets=tuple(nets))
    counts = counts.reshape(len(nets), len(table.columns))
    return replace(table, rows=rows, counts=np.vstack([counts, table.counts]),
                   props=np.vstack([_divide(counts, weighted_base), table.props]),
                   bases=np.vstack([np.broadcast_to(table.bases[0], counts.shape), table.bases]),
                   effective=None if table.effective is None else np.vstack(
                       [np.broadcast_to(table.effective[0], counts.shape), table.effective]))


