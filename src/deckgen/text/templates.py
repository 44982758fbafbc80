"""Headlines and bullets: Jinja2 templates rendered in a sandbox over computed values.

A template sees the respondent count ``n``, the spec's ``values`` and these
functions (numbers are percentages in points, 0-100, that print in the
deck's locale)::

    pct(question, label)          share giving *label*          -> 62 %
    pct(grid, item, label)        share of a grid item's answerers giving *label* (or a NET)
    count(question, label)        respondents giving it         -> 207 (1 510: the locale's grouping)
    count(grid, item, label)      respondents giving *label* for the item
    base(question)                respondents in the base       -> 223
    top(question)                 the largest category          -> 'Facebook'
    top(question, 3)              the three largest             -> ['Kultur', ...]
    top_item(grid, label)         the grid item with most *label*
    each(question, label, by)     the share in every segment of *by* -> [60 %, 88 %]
    share(part, whole)            part / whole as a percentage
    mean(question), median(question)  of a numeric question -> 42,3

Each function takes ``filter="..."`` to restrict its base; on a chart slide
the slide's own filter applies unless another is given (``filter=""`` for
everyone). Filters: ``approx`` ("drygt 60 %"), ``pct``, ``num``, ``join``
("A, B och C") and ``cap`` (capitalise the first letter, e.g. after a full
stop). The first letter of every text is capitalised.

The environment is Jinja2's immutable sandbox with strict undefined: a
misspelt name is an error, and templates cannot reach Python internals.
:mod:`deckgen.text.sandbox` bounds what a template may compute and refuses
to print anything but values; the renderer caps the length of the text.

What a template prints from an expression comes from the data, not from the user's typing: the
renderer remembers each rendered text with the spans its expressions printed (:class:`Rendered`),
so that the headline lint (:mod:`deckgen.text.claims`) checks only the words the user typed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from .. import limits
from ..errors import InputError, Location, did_you_mean, quote
from ..stats.table import MEAN, MEDIAN
from . import formats, phrasing

#: Private-use characters around every value an expression prints (Jinja's ``finalize``); the
#: renderer strips them from the text and keeps where they stood as :attr:`Rendered.printed`.
PRINTED_START, PRINTED_END = "\ue000", "\ue001"

#: The names every template sees besides the spec's ``values`` (``q`` and ``insight`` on chart slides;
#: the weighting's two on weighted decks). The "defined are" hint lists them.
FUNCTIONS = ("n", "pct", "count", "base", "top", "top_item", "each", "share", "mean", "median", "q",
             "weighting_efficiency", "effective_base", "insight")
#: Jinja's own globals (``jinja2.defaults.DEFAULT_NAMESPACE``), written out so the list needs no jinja2 import.
JINJA_GLOBALS = ("range", "dict", "lipsum", "cycler", "joiner", "namespace")
#: Names a key of ``values`` may not take: the value would silently replace the built-in.
RESERVED = FUNCTIONS + JINJA_GLOBALS


class Pct(float):
    """A percentage in points that prints in the deck's locale (``62 %`` / ``62%``)."""

    locale = "en"
    decimals = 0

    def __new__(cls, points: float, locale: str, decimals: int = 0):
        obj = super().__new__(cls, formats.finite(points))
        obj.locale, obj.decimals = locale, decimals
        return obj

    def __str__(self) -> str:
        return formats.percent(float(self), self.locale, self.decimals)

    __html__ = __str__


class Count(int):
    """A count of respondents that prints with the locale's digit grouping (``1 510`` / ``1,510``);
    sums and differences of counts are counts too."""

    locale = "en"

    def __new__(cls, value: int, locale: str):
        obj = super().__new__(cls, value)
        obj.locale = locale
        return obj

    def __str__(self) -> str:
        return formats.number(int(self), self.locale)

    __html__ = __str__

    def _same(self, value):
        return Count(value, self.locale) if isinstance(value, int) and not isinstance(value, bool) else value

    def __add__(self, other):
        return self._same(int(self) + other) if isinstance(other, int) else int(self) + other

    def __radd__(self, other):
        return self._same(other + int(self)) if isinstance(other, int) else other + int(self)

    def __sub__(self, other):
        return self._same(int(self) - other) if isinstance(other, int) else int(self) - other

    def __rsub__(self, other):
        return self._same(other - int(self)) if isinstance(other, int) else other - int(self)


#: A change in percentage points, as a tracker reports it.
POINTS = {"sv": "procentenheter", "en": "points"}


class Points(Pct):
    """A change between two shares in percentage points, signed ("+8 procentenheter" / "−3 points")."""

    def __str__(self) -> str:
        shown = formats.round_half_up(float(self), self.decimals)
        sign = "+" if shown > 0 else "\u2212" if shown < 0 else "\u00b1"
        return f"{sign}{formats.number(abs(shown), self.locale, self.decimals)}\u00a0{POINTS[self.locale]}"

    __html__ = __str__


class Shares(list):
    """The shares of each segment (``each``): a list that compares and sorts as numbers (``| min``) and
    prints as the locale writes a list ("60 % och 88 %")."""

    def __init__(self, values, locale: str):
        super().__init__(values)
        self.locale = locale

    def __str__(self) -> str:
        return formats.join([str(v) for v in self], self.locale)

    __html__ = __str__


class Num(float):
    """A number (a mean, a median) that prints in the deck's locale with one decimal (``42,3``)."""

    locale = "en"

    def __new__(cls, value: float, locale: str):
        obj = super().__new__(cls, formats.finite(value))
        obj.locale = locale
        return obj

    def __str__(self) -> str:
        return formats.number(float(self), self.locale, 1)

    __html__ = __str__


@dataclass(frozen=True)
class Rendered:
    """One text as rendered for a slide: its key (``headline``, ``bullets``, ``notes`` ...), where
    its template is, the template itself, the text, and the (start, end) spans of the text that
    expressions printed (numbers and words from the data, which the lint leaves alone)."""

    key: str
    where: Location
    source: str
    text: str
    printed: tuple[tuple[int, int], ...]


@dataclass
class Lookup:
    """What templates can ask of the numbers (implemented by the build, from stats tables).

    ``table(question, filter, by)`` returns a stats ``Table``; ``n`` is the total
    respondent count.
    """

    table: Callable
    n: int
    waves: tuple[str, ...] = ()  # a tracker's waves, oldest first; ``table(q, f, by, waves)`` sets them side by side


def _verbatim(source: str) -> bool:
    """Whether Jinja would give *source* back unchanged: no brace (so no expression, statement or comment), no
    carriage return (which it turns into a newline), no trailing newline (which it drops)."""
    return "{" not in source and "\r" not in source and not source.endswith("\n")


class _Verbatim:
    """A text with nothing to render, standing in for its compiled template: most headlines, notes and
    bullets are plain text, and compiling each through Jinja was a tenth of a small deck's build."""

    def __init__(self, source: str):
        self.source = source

    def generate(self, context: dict):
        yield self.source


class TextRenderer:
    """Compiles and renders the spec's text templates for one deck."""

    def __init__(self, locale: str, values: dict | None = None,
                 where: Callable[[str], Location | None] | None = None):
        """*where* locates a key of *values* (for the error when it shadows a built-in name)."""
        self.locale = locale
        self.values = dict(values or {})
        for name in self.values:
            if name in RESERVED:
                raise InputError(f"{quote(name)} is a built-in name of text templates and cannot be a value; "
                                 f"rename it (built-in are: {', '.join(RESERVED)})",
                                 where(name) if where else None, f"values.{name}")
        self._env = None
        self._compiled: dict[str, object] = {}
        self.rendered: list[Rendered] = []  # every text rendered since the last take()

    def take(self) -> list[Rendered]:
        """The texts rendered since the last call (the build takes them once per slide)."""
        taken, self.rendered = self.rendered, []
        return taken

    @property
    def env(self):
        if self._env is None:
            from . import sandbox  # imports jinja2, which start-up does not need

            env = sandbox.Sandbox()
            loc = self.locale
            env.add_filters({
                "approx": lambda v: phrasing.approx(v, loc),
                "pct": lambda v, decimals=0: formats.percent(v, loc, decimals),
                "num": lambda v, decimals=0: formats.number(v, loc, decimals),
                "join": lambda items: formats.join(items, loc),
                "cap": phrasing.capitalise,
            })
            printable = env.finalize

            def marked(value) -> str:  # an empty print marks nothing (and adds nothing to the text)
                text = str(printable(value))
                return f"{PRINTED_START}{text}{PRINTED_END}" if text else text

            env.finalize = marked
            self._env = env
        return self._env

    def compile(self, source: str, where: Location, key: str):
        """Compile *source*, raising :class:`InputError` at its line for syntax errors."""
        if source not in self._compiled and _verbatim(source):
            self._compiled[source] = _Verbatim(source)
        if source not in self._compiled:
            from jinja2 import TemplateSyntaxError

            try:
                self._compiled[source] = self.env.from_string(source)
            except TemplateSyntaxError as exc:
                line = (where.line or 1) + (exc.lineno or 1) - 1 if where.line else None
                raise InputError(f"template syntax error: {exc.message}", Location(where.file, line, None),
                                 key) from None
            except (RecursionError, SyntaxError):  # Jinja's parser and Python's compiler recurse
                raise limits.exceeded("depth", "the template's expressions nest too deep", where, key) from None
            except ValueError as exc:  # e.g. a number over Python's 4,300-digit limit
                raise InputError(f"template syntax error: {str(exc).split(';')[0]}", where, key) from None
        return self._compiled[source]

    def bad_expression(self, source: str) -> str | None:
        """The first ``{{ ... }}`` of *source* that does not compile on its own (to point at its line)."""
        from jinja2 import TemplateSyntaxError

        for match in re.finditer(r"\{\{.*?\}\}", source, re.DOTALL):
            try:
                self.env.from_string(match.group())
            except (TemplateSyntaxError, RecursionError, SyntaxError, ValueError):
                return match.group()
        return None

    def render(self, source: str, lookup: Lookup, where: Location, key: str,
               slide_filter: str | None = None, question: str | None = None, insight: str | None = None) -> str:
        """Render one text template for a slide; errors name the slide's key. *insight* is the chart
        slide's insight sentence (``{{ insight }}``), None where it has none."""
        from jinja2 import TemplateError, UndefinedError
        from jinja2.exceptions import SecurityError

        template = self.compile(source, where, key)
        context = self._context(lookup, slide_filter, question)
        if insight is not None:
            context["insight"] = insight
        try:
            text = self._generate(template, context)
        except UndefinedError as exc:
            name = str(exc.message).split("'")[1] if "'" in str(exc.message) else ""
            if name == "insight":
                raise InputError("{{ insight }} has no sentence here: it is the insight of a chart slide's table, "
                                 "and no rule found one on this slide (or it is not a chart slide); "
                                 "write the text out", where, key) from None
            hint = did_you_mean(name, list(context)) if name else ""
            raise InputError(f"template uses {exc.message}{hint}; defined are: values from 'values', "
                             f"{', '.join(FUNCTIONS)}", where, key) from None
        except SecurityError as exc:
            raise InputError(f"template tries something not allowed ({exc}); templates can only use "
                             "the documented values and functions", where, key) from None
        except InputError as exc:
            if exc.location is not None:  # e.g. a data problem found while computing: it knows its place
                raise
            raise InputError(exc.message, where, key) from None
        except RecursionError:
            raise limits.exceeded("depth", "template calls nest too deep", where, key) from None
        except (TemplateError, TypeError, ValueError, KeyError, IndexError, ArithmeticError) as exc:
            raise InputError(f"template failed: {type(exc).__name__}: {exc}", where, key) from None
        # fold line breaks and runs of spaces from YAML folding, but keep non-breaking spaces
        plain, printed = _unmarked(text)
        capitalised = phrasing.capitalise(plain)
        shift = len(capitalised) - len(plain)  # a first letter whose capital is longer ("ß" -> "SS")
        if shift:
            printed = tuple((a + shift * (a > 0), b + shift) for a, b in printed)
        self.rendered.append(Rendered(key, where, source, capitalised, printed))
        return capitalised

    def _generate(self, template, context: dict) -> str:
        """Render piece by piece under a fresh budget, stopping as soon as the text passes its length limit."""
        from .sandbox import Budget  # imports jinja2, as the environment already has

        most = limits.current().template_chars
        parts: list[str] = []
        size = 0
        self.env.budget = Budget()
        try:
            for part in template.generate(context):
                size += len(part)
                if size > most:
                    raise limits.exceeded("template_chars", "the text the template makes is too long")
                parts.append(part)
        finally:
            self.env.budget = None
        return "".join(parts)

    def _context(self, lookup: Lookup, slide_filter: str | None, question: str | None) -> dict:
        loc = self.locale

        def scope(filter):
            return slide_filter if filter is None else (filter or None)

        def table(question_, filter=None, by=None):
            return lookup.table(str(question_), scope(filter), by)

        def row_of(t, label):
            one, all_ = ("an item", "items") if t.rows.role == "item" else ("a category", "categories")
            if label not in t.rows:
                raise InputError(f"'{label}' is not {one} of '{t.question}'"
                                 f"{did_you_mean(label, t.rows)}; {all_} are {', '.join(map(repr, t.rows))}")
            return t.rows.index(label)

        def cell(question_, label, third, filter):
            """(table, row, column) of one share: a grid names item and answer, another question the
            answer (a third argument is then its filter, as before grids could be asked)."""
            t = table(question_, filter)
            if t.rows.role != "item":
                if third is not None:
                    if filter is not None:
                        raise InputError(f"'{question_}' is not a grid, so it takes one label; "
                                         f"{quote(third)} is not needed")
                    t = table(question_, third)
                return t, row_of(t, label), 0
            if third is None:
                raise InputError(f"'{question_}' is a grid: name the item and the answer, e.g. "
                                 f"pct('{question_}', {quote(t.rows[0])}, {quote(t.columns[0])})")
            if third not in t.columns:
                raise InputError(f"'{third}' is not an answer of '{question_}'{did_you_mean(third, t.columns)}; "
                                 f"answers are {', '.join(map(repr, t.columns))}")
            return t, row_of(t, label), t.columns.index(third)

        def pct(question_, label, answer=None, filter=None):
            t, i, j = cell(question_, label, answer, filter)
            return Pct(100 * _proportion(t, i, j), loc)

        def count(question_, label, answer=None, filter=None):
            t, i, j = cell(question_, label, answer, filter)
            _nonempty(t)
            return Count(int(round(t.counts[i, j])), loc)

        def base(question_, filter=None):
            return Count(table(question_, filter).total_base, loc)

        def top(question_, k=None, filter=None):
            t = table(question_, filter)
            if t.rows.role == "item":
                raise InputError(f"'{question_}' is a grid, whose items are not answers to rank; "
                                 f"top_item('{question_}', {quote(t.columns[0])}) names the item most give an answer")
            for i in range(len(t.rows)):  # ranking NaN would name an arbitrary category
                _proportion(t, i, 0)
            ranked = t.ranked()
            return ranked[0] if k is None else ranked[: int(k)]

        def top_item(question_, label, filter=None):
            t = table(question_, filter)
            if t.rows.role != "item":
                raise InputError(f"'{question_}' is not a grid; top('{question_}') names its largest answer")
            if label not in t.columns:
                raise InputError(f"'{label}' is not a scale point of '{question_}'"
                                 f"{did_you_mean(label, t.columns)}")
            j = t.columns.index(label)
            shares = [_proportion(t, i, j) for i in range(len(t.rows))]
            return t.rows[max(range(len(t.rows)), key=lambda i: (shares[i], -i))]

        def each(question_, label, by, filter=None):
            if table(question_, filter).rows.role == "item":
                raise InputError(f"'{question_}' is a grid; each() gives one answer by segment of a single-choice "
                                 f"or multiple-response question (a grid's statement by segment is a chart: "
                                 f"'item' and 'by' on the slide)")
            t = table(question_, filter, by)
            i = row_of(t, label)
            return Shares([Pct(100 * _proportion(t, i, j), loc) for j in range(len(t.columns))], loc)

        def statistic(name: str):
            def compute(question_, filter=None):
                t = table(question_, filter)
                if t.rows.role != "statistic" or name not in t.rows:
                    raise InputError(f"'{question_}' is not a numeric question; use pct() for its answers")
                return Num(_proportion(t, t.rows.index(name), 0), loc)
            return compute

        def waves_of(question_, label, filter):
            """(the previous wave's share, the current wave's) of one answer, in points as the deck shows them."""
            if len(lookup.waves) < 2:
                raise InputError("change() and previous() compare a tracker's waves, and the data has one; give "
                                 "'data.waves' or 'data.wave'")
            t = lookup.table(str(question_), scope(filter), None, tuple(lookup.waves[-2:]))
            if t.rows.role != "answer":
                raise InputError(f"'{question_}' has no answers to follow over waves; change() and previous() take "
                                 "a single-choice or multiple-response question and one of its answers")
            i = row_of(t, label)
            return [formats.round_half_up(100 * _proportion(t, i, j), 0) for j in (0, 1)]

        def previous(question_, label, filter=None):
            return Pct(waves_of(question_, label, filter)[0], loc)

        def change(question_, label, filter=None):
            before, now = waves_of(question_, label, filter)
            return Points(now - before, loc)

        def share(part, whole):
            return Pct(100 * float(part) / float(whole), loc) if float(whole) else Pct(0.0, loc)

        from .sandbox import TemplateFunction  # imports jinja2, as the environment already has

        functions = dict(pct=pct, count=count, base=base, top=top, top_item=top_item, each=each, share=share,
                         mean=statistic(MEAN), median=statistic(MEDIAN), change=change, previous=previous)
        context = dict(self.values)
        context.update(n=Count(lookup.n, loc), q=question)
        context.update({name: TemplateFunction(f, name) for name, f in functions.items()})
        return context


def _unmarked(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """*text* without the markers around printed values, its line breaks and runs of spaces folded
    (from YAML folding; non-breaking spaces are kept) and its ends stripped; and the spans the markers
    held (a printed macro that itself prints values is one span; a marker a filter cut off runs to the
    end)."""
    chars: list[str] = []
    printed: list[bool] = []
    depth = 0
    for ch in text:
        if ch == PRINTED_START:
            depth += 1
        elif ch == PRINTED_END:
            depth = max(depth - 1, 0)
        elif ch in " \t\r\n" and chars and chars[-1] == " ":
            printed[-1] = printed[-1] or depth > 0
        else:
            chars.append(" " if ch in " \t\r\n" else ch)
            printed.append(depth > 0)
    first = next((k for k, ch in enumerate(chars) if not ch.isspace()), len(chars))
    last = len(chars) - next((k for k, ch in enumerate(reversed(chars)) if not ch.isspace()), len(chars))
    chars, printed = chars[first:last], printed[first:last]
    spans: list[tuple[int, int]] = []
    for k, inside in enumerate(printed):
        if inside and (k == 0 or not printed[k - 1]):
            spans.append((k, k))
        if inside:
            spans[-1] = (spans[-1][0], k + 1)
    return "".join(chars), tuple(spans)


def _empty(t, column: int) -> InputError:
    """The error for a share of nobody: the base (or one segment of it) has no respondents, or only weight 0."""
    if t.by is not None:
        where = f"the segment {quote(t.columns[column])} of '{t.by}' has"
    else:
        where = "the base has"
    return InputError(f"{where} no respondents who answered '{t.question}' (or only ones weighted 0), so there "
                      "is no share to report; filter that segment out or leave the number out of the text")


def _nonempty(t) -> None:
    if t.total_base == 0:
        raise _empty(t, 0)


def _proportion(t, row: int, column: int) -> float:
    """The proportion (0-1) in one cell of *t*; an empty base is an error, never NaN in the text."""
    value = float(t.props[row, column])
    if not math.isfinite(value):
        raise _empty(t, column)
    return value
