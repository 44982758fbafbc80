"""Filters as SQL predicates, and the literals and names they are written with (DuckDB's dialect).

A filter is the parsed tree the in-memory path evaluates (:class:`deckgen.data.survey._Evaluator`), turned
into one predicate with the same rules and errors: a missing answer never satisfies a comparison (not even
``!=``), coded questions compare through their codebook coding, never through raw values guessed at.
The SQL is written once in DuckDB's dialect and kept portable (``CASE WHEN``, ``CAST``, ``coalesce``),
so a warehouse runs it after :mod:`sqlglot` rewrites it in its own dialect.
"""

from __future__ import annotations

import math

import numpy as np

from ...errors import InputError, Location, did_you_mean
from ...spec.codebook import GridQuestion, MultiQuestion, NumericQuestion, SingleQuestion
from ...spec.filters import BoolOp, Compare, In, Missing, Node, Not
from .support import filter_gap


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return f"CAST({float(value)!r} AS DOUBLE)"



_SQL_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_PY_OPS = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
           "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


class FilterSql:
    """A parsed filter as a SQL predicate, with the in-memory evaluator's rules and errors
    (:class:`deckgen.data.survey._Evaluator`): a missing answer never satisfies a comparison."""

    def __init__(self, tab, where: Location | None, key: str):
        self.tab, self.where, self.key = tab, where, key

    def fail(self, message: str):
        raise InputError(message, self.where, self.key)

    def eval(self, node: Node) -> str:
        if isinstance(node, BoolOp):
            joiner = " AND " if node.op == "and" else " OR "
            return "(" + joiner.join(self.eval(p) for p in node.operands) + ")"
        if isinstance(node, Not):
            return f"(NOT {self.eval(node.operand)})"
        if isinstance(node, Missing):
            present = self.present(node.name)
            return present if node.negate else f"(NOT {present})"
        if isinstance(node, In):
            hit = "(" + " OR ".join(self.compare(node.name, "==", v) for v in node.values) + ")"
            return f"({self.present(node.name)} AND NOT {hit})" if node.negate else hit
        assert isinstance(node, Compare)
        return self.compare(node.name, node.op, node.value)

    def target(self, name: str):
        tab = self.tab
        q = tab.codebook.questions.get(name)
        if q is not None:
            if isinstance(q, GridQuestion):
                self.fail(f"'{name}' is a grid; filter on one of its item columns instead")
            gap = filter_gap(name, q)
            if gap is not None:
                raise tab.refuse(gap, self.where)
            return q
        if name in tab.types:
            return None
        names = list(tab.codebook.questions) + list(tab.types)
        self.fail(f"filter names '{name}', which is neither a question nor a column{did_you_mean(name, names)}")

    def present(self, name: str) -> str:
        q = self.target(name)
        if isinstance(q, MultiQuestion):  # asked the question
            return self.tab.multi_parts(name)[2]
        if isinstance(q, SingleQuestion):
            column = q.column or name
            coding = self.tab.coding(name, column)
            return self.tab.coded_in(column, coding, {p for p in coding.values() if p >= 0})
        column = (q.column or name) if q is not None else name
        self.tab.require_column(column, self.where, self.key)
        present = self.tab.present_sql(column)
        if isinstance(q, NumericQuestion) and q.missing:
            present = f"({present} AND {ident(column)} NOT IN ({', '.join(literal(m) for m in q.missing)}))"
        return present

    def compare(self, name: str, op: str, value) -> str:
        q = self.target(name)
        if isinstance(q, SingleQuestion):
            return self.compare_coded(name, q, op, value)
        if isinstance(q, MultiQuestion):
            return self.compare_multi(name, q, op, value)
        column = (q.column or name) if q is not None else name
        self.tab.require_column(column, self.where, self.key)
        c = ident(column)
        if self.tab.is_text(column):
            if isinstance(q, NumericQuestion):
                self.fail(f"column '{column}' holds text; a numeric question needs numbers")
            if op not in ("==", "!="):
                self.fail(f"'{name}' holds text; compare it with == or !=, not {op}")
            equal = f"coalesce({c} = {literal(str(value))}, FALSE)"
            return equal if op == "==" else f"({c} IS NOT NULL AND NOT {equal})"
        if isinstance(value, str):
            self.fail(f"'{name}' holds numbers; compare it with a number, not '{value}'")
        if self.tab.is_empty(column):
            return "FALSE"
        return f"(coalesce({c} {_SQL_OPS[op]} {literal(value)}, FALSE) AND {self.present(name)})"

    def compare_multi(self, name: str, q: MultiQuestion, op: str, value) -> str:
        labels = list(q.options.values())
        if not isinstance(value, str):
            self.fail(f"options of '{name}' are chosen by label, e.g. {name} == '{labels[0]}'")
        if value not in labels:
            self.fail(f"'{value}' is not a label of '{name}'{did_you_mean(value, labels)}; "
                      f"labels are {', '.join(repr(x) for x in labels)}")
        if op not in ("==", "!="):
            self.fail(f"'{name}' is multiple response; use == or != with an option label")
        mentioned, answered, asked = self.tab.multi_parts(name)
        pos = labels.index(value)
        hit = f"({mentioned[pos]})"
        if op == "==":
            return hit
        return f"(({answered[pos] if self.tab.routed(name) else asked}) AND NOT {hit})"

    def compare_coded(self, name: str, q: SingleQuestion, op: str, value) -> str:
        labels, codes = list(q.labels.values()), list(q.labels)
        if isinstance(value, str):
            if value not in labels:
                self.fail(f"'{value}' is not a label of '{name}'{did_you_mean(value, labels)}; "
                          f"labels are {', '.join(repr(x) for x in labels)}")
            pos = labels.index(value)
        else:
            pos = next((i for i, code in enumerate(codes) if code == value), None)
            if pos is None:
                self.fail(f"{value} is not a code of '{name}'; codes are {', '.join(map(str, codes))}")
        column = q.column or name
        coding = self.tab.coding(name, column)
        if op == "==":
            return self.tab.coded_in(column, coding, {pos})
        if op == "!=":
            return self.tab.coded_in(column, coding, set(range(len(labels))) - {pos})
        numeric = [c if isinstance(c, (int, float)) and not isinstance(c, bool) else math.nan for c in codes]
        if any(c != c for c in numeric):
            self.fail(f"'{name}' has text codes; order comparisons need numeric codes")
        keep = {i for i, c in enumerate(numeric) if _PY_OPS[op](float(c), float(numeric[pos]))}
        return self.tab.coded_in(column, coding, keep)
