"""The filter language for a slide's base: parsed here, never ``eval``'d.

A filter selects respondents::

    org_type == 'Kommun'
    uses_social == 'Ja' and org_type != 'Landsting'
    purpose in ['Dialog med medborgarna', 'Kanal för nyheter']
    not (age >= 65) or region is missing

Names are questions (or raw columns); a quoted value is a category label of
that question, a number is a code or a numeric value. ``and`` binds tighter
than ``or``; parentheses group. The parser yields a small tree of frozen
dataclasses that the data stage turns into a boolean mask.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Union

from .. import limits

Value = Union[str, int, float]


class FilterSyntaxError(ValueError):
    """A filter that does not parse; ``column`` is the 1-based offset in the expression."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Compare:
    name: str
    op: str  # == != < <= > >=
    value: Value


@dataclass(frozen=True)
class In:
    name: str
    values: tuple[Value, ...]
    negate: bool = False


@dataclass(frozen=True)
class Missing:
    name: str
    negate: bool = False


@dataclass(frozen=True)
class Not:
    operand: "Node"


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    operands: tuple["Node", ...]


Node = Union[Compare, In, Missing, Not, BoolOp]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
  | (?P<name>[A-Za-z_][\w.]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "missing"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int  # 0-based offset


def _tokenize(text: str) -> list[_Tok]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            hint = "; use '==' to compare" if text[pos] == "=" else ""
            raise FilterSyntaxError(f"unexpected character {text[pos]!r}{hint}", pos + 1)
        kind = m.lastgroup
        if kind != "ws":
            word = m.group()
            if kind == "name" and word in _KEYWORDS:
                kind = "kw"
            tokens.append(_Tok(kind, word, pos))
        pos = m.end()
    tokens.append(_Tok("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0  # open 'not's and parentheses: the parser recurses once for each

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.i]

    def take(self, kind: str, text: str | None = None) -> _Tok | None:
        tok = self.tok
        if tok.kind == kind and (text is None or tok.text == text):
            self.i += 1
            return tok
        return None

    def expect(self, kind: str, text: str | None, what: str) -> _Tok:
        tok = self.take(kind, text)
        if tok is None:
            found = f"'{self.tok.text}'" if self.tok.text else "the end"
            raise FilterSyntaxError(f"expected {what}, found {found}", self.tok.pos + 1)
        return tok

    def parse(self) -> Node:
        node = self.or_expr()
        if self.tok.kind != "end":
            raise FilterSyntaxError(
                f"unexpected '{self.tok.text}'; join conditions with 'and' or 'or'", self.tok.pos + 1
            )
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.take("kw", "or"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.take("kw", "and"):
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_expr(self) -> Node:
        most = limits.current().depth
        if self.depth >= most:
            error = limits.exceeded("depth", f"'not' and parentheses nest more than {most} deep")
            raise FilterSyntaxError(error.message, self.tok.pos + 1)
        self.depth += 1
        try:
            return self._negation_or_group()
        finally:
            self.depth -= 1

    def _negation_or_group(self) -> Node:
        if self.take("kw", "not"):
            return Not(self.not_expr())
        if self.take("punct", "("):
            node = self.or_expr()
            self.expect("punct", ")", "')'")
            return node
        return self.condition()

    def condition(self) -> Node:
        name = self.expect("name", None, "a question or column name").text
        if self.take("kw", "is"):
            negate = bool(self.take("kw", "not"))
            self.expect("kw", "missing", "'missing'")
            return Missing(name, negate)
        negate = bool(self.take("kw", "not"))
        if self.take("kw", "in"):
            self.expect("punct", "[", "'[' after 'in'")
            values = [self.value()]
            while self.take("punct", ","):
                values.append(self.value())
            self.expect("punct", "]", "']' or ','")
            return In(name, tuple(values), negate)
        if negate:
            raise FilterSyntaxError("expected 'in' after 'not'", self.tok.pos + 1)
        op = self.expect("op", None, "a comparison (==, !=, <, <=, >, >=, in, is missing)").text
        return Compare(name, op, self.value())

    def value(self) -> Value:
        tok = self.take("str") or self.take("num")
        if tok is None:
            found = f"'{self.tok.text}'" if self.tok.text else "the end"
            raise FilterSyntaxError(f"expected a quoted label or a number, found {found}", self.tok.pos + 1)
        if tok.kind == "num":
            return float(tok.text) if "." in tok.text else int(tok.text)
        return re.sub(r"\\(.)", r"\1", tok.text[1:-1])


def parse_filter(text: str) -> Node:
    """Parse a filter expression into a tree; raise :class:`FilterSyntaxError` if it is malformed.

    A filter is parsed once: validation, choosing the columns to load and counting all ask for the
    same text, and get the same (immutable) tree.
    """
    return _parse(text, limits.current().depth)


@functools.lru_cache(maxsize=4096)
def _parse(text: str, depth: int) -> Node:  # the depth limit is part of the key: raising it re-parses
    if not text or not text.strip():
        raise FilterSyntaxError("empty filter", 1)
    return _Parser(text).parse()


def names_in(node: Node) -> list[str]:
    """Every question or column name a filter refers to, in order of appearance."""
    if isinstance(node, (Compare, In, Missing)):
        return [node.name]
    if isinstance(node, Not):
        return names_in(node.operand)
    return [n for part in node.operands for n in names_in(part)]
