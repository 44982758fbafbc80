"""The Jinja sandbox text templates run in, bounded so that no template can hang a build or print noise.

Jinja's sandbox keeps templates away from Python internals, but a template can
still ask for a great deal: ``'a' * 10**9``, loops inside loops, a macro that
calls itself twice, a string doubled thirty times through ``namespace``. And
it can print a function, whose text is its memory address: a deck that
differs on every build. So every render gets a :class:`Budget` and the
sandbox checks, before it computes, what each operation would build:

- every loop iteration (any ``for``, nested or not) costs a step, and so does
  every printed value; ``range`` is as long as the steps allow
  (``template_steps``);
- ``+ * ** %`` on text, lists and integers, the string methods and filters
  that can make a long result from a short input (``center``, ``indent``,
  ``replace``, ``join``, ``format`` ...), ``~`` and captured blocks may build
  values up to ``template_steps`` long, measured before they are built;
- calls nest at most ``depth`` deep (a macro that calls itself);
- a wall-clock deadline (``template_seconds``) is checked at every call,
  loop step and operator;
- only values print: numbers, text, dates and lists or mappings of them.
  Functions are wrapped in :class:`TemplateFunction`, which refuses to become
  text; a macro, a loop or a generator is refused where it would be printed
  or joined.

``random`` and ``lipsum`` are gone: random text has no place in a report.
The renderer in :mod:`deckgen.text.templates` caps the output length.
"""

from __future__ import annotations

import datetime
import functools
import re
import string
import time
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any, Callable

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg

from .. import limits
from ..errors import InputError, quote

_REMOVED_GLOBALS = ("lipsum",)
_REMOVED_FILTERS = ("random",)
_SCALARS = (str, bytes, int, float, type(None), datetime.date, datetime.time, datetime.timedelta, range)
_COLLECTIONS = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)


class Budget:
    """What one render may still spend: loop steps, call depth and time."""

    def __init__(self) -> None:
        self.bound = limits.current()
        self.steps = self.bound.template_steps
        self.depth = 0
        self.deadline = time.monotonic() + self.bound.template_seconds

    def step(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise limits.exceeded("template_steps", "the template loops or prints too often")
        self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise limits.exceeded("template_seconds", "the template takes too long to render")

    def built(self, size: int, what: str) -> None:
        """Refuse a value of *size* (characters, items or bits) before it is built."""
        if size > self.bound.template_steps:
            raise limits.exceeded("template_steps", f"{what} would be {size:,} long")


class TemplateFunction:
    """A function a template may call but never print: printed, it would show its memory address."""

    __slots__ = ("function", "name")

    def __init__(self, function: Callable, name: str):
        self.function = function
        self.name = name

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)

    def __str__(self) -> str:
        raise not_a_value(self)

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        raise not_a_value(self)


def not_a_value(item: Any) -> InputError:
    """The error for printing or joining *item*, which has no text of its own."""
    if isinstance(item, TemplateFunction):
        what = f"the function {quote(item.name)}"
    elif isinstance(item, Macro):
        what = f"the macro {quote(item.name)}"
    elif callable(item):
        what = "a function"
    else:
        what = f"a {type(item).__name__} object"
    return InputError(f"the template prints {what}, which is not a value; print what a function returns, "
                      "e.g. {{ pct(q, 'Ja') }}, a number or a text")


def printed_size(value: Any, budget: Budget, limit: str = "template_steps", lazy: bool = False) -> int:
    """About how many characters ``str(value)`` makes, found without making it.

    Raises for anything that is not a value (see :func:`not_a_value`) and
    past the limit named *limit*; with *lazy*, generators and iterators pass
    (a filter consumes them). Each item looked at costs one step; collections
    may nest ``depth`` deep.
    """
    most = getattr(budget.bound, limit)
    size, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        budget.step()
        if isinstance(item, Undefined) or (lazy and isinstance(item, Iterator)):
            continue  # printing an undefined name raises Jinja's own error; a filter consumes an iterator
        if isinstance(item, (str, bytes)):
            size += len(item) + 2
        elif isinstance(item, int):
            size += item.bit_length() // 3 + 2  # log10(2) < 1/3
        elif isinstance(item, _SCALARS):
            size += 40
        elif isinstance(item, (dict, *_COLLECTIONS)):
            if depth >= budget.bound.depth:
                raise limits.exceeded("depth", f"the template's values nest more than {budget.bound.depth} deep")
            size += 2 + 4 * len(item)
            if size <= most:
                pairs = item.items() if isinstance(item, dict) else ()
                stack.extend((x, depth + 1) for pair in pairs for x in pair)
                if not isinstance(item, dict):
                    stack.extend((x, depth + 1) for x in item)
        else:
            raise not_a_value(item)
        if size > most:
            raise limits.exceeded(limit, f"a value of about {size:,} characters")
    return size


# -- format strings: widths and precisions are lengths the template asks for ----------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _int_args(args, kwargs) -> list[int]:
    values = list(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else list(args)
    if len(args) == 1 and isinstance(args[0], dict):
        values = list(args[0].values())
    return [v for v in [*values, *kwargs.values()] if isinstance(v, int)]


def check_percent_format(budget: Budget, fmt: str, args, kwargs=None) -> None:
    """``'%1000000000d' % 1`` or ``'%*d' % (10**9, 1)``: refuse widths over the steps limit."""
    widths = [int(n) for m in _PERCENT_SPEC.finditer(fmt) for n in m.groups() if n and n != "*"]
    if "*" in fmt:
        widths += _int_args(args if isinstance(args, tuple) else (args,), kwargs or {})
    budget.built(max(widths, default=0), "a formatted field")


def check_brace_format(budget: Budget, fmt: str, args, kwargs) -> None:
    """``'{:>1000000000}'.format(1)`` or ``'{:{w}}'.format(1, w=10**9)``: the same for ``str.format``."""
    try:
        specs = [spec for _, _, spec, _ in string.Formatter().parse(fmt) if spec]
    except ValueError:
        return  # the format call itself reports the malformed string
    widths = [int(n) for spec in specs for n in _DIGITS.findall(spec)]
    if any("{" in spec for spec in specs):
        widths += _int_args(args, kwargs)
    budget.built(max(widths, default=0), "a formatted field")


# -- what str methods and filters would build ------------------------------------------------------------


def _text(value) -> str:
    return value if isinstance(value, str) else str(value)


def _replaced(s: str, old: str, new: str, count: int | None = -1) -> int:
    times = s.count(old) if old else len(s) + 1
    if count is not None and count >= 0:
        times = min(times, count)
    return len(s) + times * (len(new) - len(old))


def _joined(sep: str, items: list) -> int:
    return sum(len(x) if isinstance(x, str) else 8 for x in items) + len(sep) * max(len(items) - 1, 0)


def _width(value) -> int:
    return len(value) if isinstance(value, str) else int(value)


#: str method -> the length of its result (given the string and the call's arguments).
_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width, *_: max(len(s), width),
    "ljust": lambda s, width, *_: max(len(s), width),
    "rjust": lambda s, width, *_: max(len(s), width),
    "zfill": lambda s, width: max(len(s), width),
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t") * max(tabsize, 0),
    "replace": lambda s, old, new, count=-1: _replaced(s, old, new, count),
    "join": lambda s, items: _joined(s, items),
    "translate": lambda s, table: len(s) * max([1] + [len(v) for v in getattr(table, "values", list)()
                                                       if isinstance(v, str)]),
}

#: filter -> the length of its result (given its input and arguments).
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width=80: max(len(_text(s)), width),
    "indent": lambda s, width=4, *_, **__: len(_text(s)) + (_text(s).count("\n") + 1) * _width(width),
    "wordwrap": lambda s, width=79, broken=True, wrapstring=None, *_, **__:
        len(_text(s)) * (1 + len(wrapstring or "\n")),
    "replace": lambda s, old, new, count=None: _replaced(_text(s), _text(old), _text(new), count),
    "join": lambda items, d="", attribute=None: _joined(_text(d), items),
    "batch": lambda items, linecount, fill_with=None: linecount,
    "slice": lambda items, slices, fill_with=None: slices,
    "urlize": lambda s, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None:
        len(_text(s)) * (1 + len(_text(target or "")) + len(_text(rel or ""))),
    "sum": lambda items, attribute=None, start=0:
        sum(len(x) for x in [*items, start] if isinstance(x, (str, list, tuple))),
    "escape": lambda s: 6 * len(_text(s)),
    "forceescape": lambda s: 6 * len(_text(s)),
}
_FILTER_SIZES["e"] = _FILTER_SIZES["escape"]

#: Filters whose iterable input is made a list first, so that its size can be measured and it is still there.
_MATERIALISED = ("join", "sum")


def _check_truncate(s, length=255, killwords=False, end="...", leeway=None) -> None:
    if not isinstance(length, int) or length < len(_text(end)):
        raise InputError(f"truncate needs a length of at least the length of its end mark {quote(end)}")
    if leeway is not None and (not isinstance(leeway, int) or leeway < 0):
        raise InputError("truncate needs a leeway of 0 or more")


def _check_format(budget: Budget, value, *args, **kwargs) -> None:
    check_percent_format(budget, _text(value), args, kwargs)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with two hooks the sandbox has no other way to see.

    Every ``for`` loop iterates through ``environment.counted`` (one step per
    iteration, so an empty loop inside a loop still ends), and ``~`` joins
    through ``environment.join_values`` (which refuses to join a function or
    to build an oversized text).
    """

    def visit_For(self, node: nodes.For, frame) -> None:
        counted = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None,
                             lineno=node.iter.lineno)
        counted.set_environment(self.environment)
        loop = nodes.For(node.target, counted, node.body, node.else_, node.test, node.recursive,
                         lineno=node.lineno)
        loop.set_environment(self.environment)
        super().visit_For(loop, frame)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.join_values((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """The environment text templates compile and render in (see the module's docstring)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                         trim_blocks=True, lstrip_blocks=True, finalize=self.printable)
        self.budget: Budget | None = None
        self.concat = self.join_buffer  # what generated code joins captured output (macros, {% set %}) with
        self.globals["range"] = self.range
        for name in _REMOVED_GLOBALS:
            self.globals.pop(name, None)
        self.globals.update({name: TemplateFunction(f, name) for name, f in self.globals.items()})
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)

    def add_filters(self, filters: dict[str, Callable]) -> None:
        """Add deckgen's own filters, then guard every filter (see :meth:`guard`)."""
        self.filters.update(filters)
        self.filters.update({name: self.guard(name, f) for name, f in self.filters.items()})

    # -- the budget

    def spend(self) -> Budget:
        """The running render's budget, its clock checked (outside a render, e.g. folding constants, a fresh one)."""
        budget = self.budget or Budget()
        budget.clock()
        return budget

    def built(self, value: Any) -> Any:
        if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
            self.spend().built(len(value), "a value")
        return value

    # -- hooks the generated code calls

    def printable(self, value: Any) -> Any:
        """Jinja's ``finalize``: what ``{{ ... }}`` prints must be a value of bounded size."""
        budget = self.spend()
        printed_size(value, budget, "template_chars")
        return value

    def join_values(self, parts: tuple) -> str:
        """``a ~ b``: join values as text, never a function, never past the size limit."""
        budget = self.spend()
        printed_size(list(parts), budget)
        return self.built("".join(map(str, parts)))

    def join_buffer(self, parts) -> str:
        """Join captured output (a macro's, a ``{% set %}`` block's); it is text already."""
        parts = list(parts)
        self.spend().built(sum(map(len, parts)), "a captured block of text")
        return "".join(parts)

    def counted(self, iterable):
        """The items of a ``for`` loop, one step each."""
        budget = self.spend()
        for item in iterable:
            budget.step()
            yield item

    def range(self, *args) -> range:
        """Jinja's ``range``, as long as the steps limit allows."""
        numbers = range(*args)
        try:
            size = len(numbers)
        except OverflowError:  # longer than a machine integer
            size = abs(numbers.stop - numbers.start)
        self.spend().built(size, "a range")
        return numbers

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        """``+ * ** %``: measure what the operator would build before building it."""
        budget = self.spend()
        if operator == "%" and isinstance(left, str):
            printed_size(right, budget)
            check_percent_format(budget, left, right)
        budget.built(_operator_size(operator, left, right), f"the result of '{operator}'")
        return self.built(self.binop_table[operator](left, right))

    def call(self, context, obj, /, *args, **kwargs) -> Any:
        """Every call from a template: the clock, the call depth, and what a str method would build."""
        budget = self.spend()
        function = obj.function if isinstance(obj, TemplateFunction) else obj
        args = self._measure_method(budget, function, args, kwargs)
        budget.depth += 1
        try:
            if budget.depth > budget.bound.depth:
                raise limits.exceeded("depth", "template calls nest too deep (a macro that calls itself?)")
            return self.built(super().call(context, obj, *args, **kwargs))
        finally:
            budget.depth -= 1

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj.function if isinstance(obj, TemplateFunction) else obj)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, TemplateFunction):  # a function has nothing a template needs
            return self.unsafe_undefined(obj, attribute)
        return _wrapped(super().getattr(obj, attribute), attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, TemplateFunction):
            return self.unsafe_undefined(obj, str(argument))
        return _wrapped(super().getitem(obj, argument), argument)

    def wrap_str_format(self, value: Any):
        """``'...'.format(...)``: Jinja's sandboxed formatter, with its widths and arguments checked."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__

        @functools.wraps(wrapper)
        def checked(*args, **kwargs):
            budget = self.spend()
            printed_size([args, kwargs], budget)
            check_brace_format(budget, fmt, args, kwargs)
            return wrapper(*args, **kwargs)

        return checked

    # -- filters

    def guard(self, name: str, function: Callable) -> Callable:
        """*function* (the filter *name*) refusing non-values and measuring what it would build."""
        skip = 1 if _PassArg.from_obj(function) is not None else 0
        size = _FILTER_SIZES.get(name)

        @functools.wraps(function)
        def guarded(*args, **kwargs):
            budget = self.spend()
            head, args = args[:skip], list(args[skip:])
            if name in _MATERIALISED and args and not isinstance(args[0], (str, list, tuple)):
                args[0] = list(self.counted(args[0]))
            printed_size([args, kwargs], budget, lazy=True)
            if name == "truncate":
                _check_truncate(*args, **kwargs)
            elif name == "format":
                _check_format(budget, *args, **kwargs)
            elif size is not None:
                budget.built(size(*args, **kwargs), f"the result of the filter '{name}'")
            return self.built(function(*head, *args, **kwargs))

        return guarded

    def _measure_method(self, budget: Budget, function: Any, args: tuple, kwargs: dict) -> tuple:
        """For a str method that can grow its string (``center``, ``replace``, ``join`` ...): its size first."""
        owner = getattr(function, "__self__", None)
        size = _METHOD_SIZES.get(getattr(function, "__name__", ""))
        if not isinstance(owner, str) or size is None:
            return args
        if function.__name__ == "join" and args:
            args = (list(self.counted(args[0])), *args[1:])
        try:
            budget.built(size(owner, *args, **kwargs), f"the result of '{function.__name__}'")
        except TypeError:
            pass  # wrong arguments: the call itself says so
        return args


def _wrapped(value: Any, name: Any) -> Any:
    """An attribute or item that is a function (``q.upper``), wrapped so it cannot be printed."""
    if callable(value) and not isinstance(value, (Undefined, TemplateFunction, Macro, type)):
        return TemplateFunction(value, str(name))
    return value


def _operator_size(operator: str, left: Any, right: Any) -> int:
    """The size (characters, items or bits) ``left <operator> right`` would have, or 0 if it cannot grow."""
    sized = (str, bytes, list, tuple)
    if operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        return len(left) + len(right)
    if operator == "*":
        if isinstance(left, sized) and isinstance(right, int):
            return len(left) * right
        if isinstance(right, sized) and isinstance(left, int):
            return len(right) * left
        if isinstance(left, int) and isinstance(right, int):
            return left.bit_length() + right.bit_length()
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        return max(left.bit_length(), 1) * right if abs(left) > 1 else 1
    if operator == "%" and isinstance(left, str):
        return len(left)
    return 0
