"""Derived questions checked against the codebook they are made from.

A derived single-choice question (:class:`~.codebook.SingleQuestion` with ``bins``, ``recode`` or
``conditions``) is declared and checked on its own in the codebook model; what needs the other
questions is checked here, before any data is read: the source of ``from`` is of the right type,
``recode`` names answers the source has, each at most once, and no question is derived from itself.
A ``from`` that is not a question is a column, checked when the data is read, as are the names in
``conditions`` (which may be questions or columns).
"""

from __future__ import annotations

from typing import Callable

from ..errors import InputError, Location, did_you_mean, one_of, quote
from .codebook import Codebook, MultiQuestion, NumericQuestion, SingleQuestion
from .filters import names_in

WhereQuestion = Callable[..., Location]


def check_derived(codebook: Codebook, where: WhereQuestion) -> None:
    """Raise a located :class:`InputError` for the first derived question that cannot be made.

    *where(key, *path)* locates a key under ``questions.<key>`` in the codebook.
    """
    _check_cycles(codebook, {key: q for key, q in codebook.questions.items() if q.sources()}, where)
    derived = {key: q for key, q in codebook.questions.items() if isinstance(q, SingleQuestion) and q.derived}
    for key, q in derived.items():
        if q.derived == "bins":
            _check_bins_source(codebook, key, q, where)
        elif q.derived == "recode":
            _check_recode(codebook, key, q, where)


def _depends_on(codebook: Codebook, q) -> list[str]:
    """The questions *q* is made from (its other sources are columns)."""
    return [name for name in q.sources() if name in codebook.questions]


def _check_cycles(codebook: Codebook, derived: dict, where: WhereQuestion) -> None:
    """No question may be derived from itself, directly or through others (its routing included): its answers
    would never be known."""
    done: set[str] = set()
    for start in derived:
        path, stack = [start], [iter(_depends_on(codebook, derived[start]))]
        while stack:
            name = next(stack[-1], None)
            if name is None:
                done.add(path.pop())
                stack.pop()
                continue
            if name in path:
                cycle = path[path.index(name):] + [name]
                first = cycle[0]
                what = "routed by" if isinstance(derived[first], MultiQuestion) else "derived from"
                raise InputError(f"'{first}' is {what} itself ({' -> '.join(cycle)}); a question cannot depend "
                                 "on its own answers", *_naming(derived[first], first, cycle[1], where))
            if name in derived and name not in done:
                path.append(name)
                stack.append(iter(_depends_on(codebook, derived[name])))


def _naming(q, key: str, source: str, where: WhereQuestion) -> tuple[Location, str]:
    """Where question *key* names *source*: its ``from``, its routing (``asked``), or the first condition that does."""
    if isinstance(q, MultiQuestion):
        return where(key, "asked"), f"questions.{key}.asked"
    if q.from_ is not None:
        return where(key, "from"), f"questions.{key}.from"
    label = next(label for label, node in q.condition_filters().items() if source in names_in(node))
    return where(key, "conditions", label), f"questions.{key}.conditions.{label}"


def _check_bins_source(codebook: Codebook, key: str, q: SingleQuestion, where: WhereQuestion) -> None:
    source = codebook.questions.get(q.from_)
    if source is not None and not isinstance(source, NumericQuestion):
        raise InputError(f"'bins' make bands of a number, and '{q.from_}' is a {source.type} question; "
                         "band a numeric question or a column of numbers", where(key, "from"), f"questions.{key}.from")


def _check_recode(codebook: Codebook, key: str, q: SingleQuestion, where: WhereQuestion) -> None:
    """The source is a single-choice question, and each answer it groups is one of its answers, in one group."""
    questions = codebook.questions
    source = questions.get(q.from_)
    if source is None:
        raise InputError(f"unknown question '{q.from_}'{did_you_mean(q.from_, questions)}; 'recode' groups the "
                         f"answers of a single-choice question of the codebook", where(key, "from"),
                         f"questions.{key}.from")
    if not isinstance(source, SingleQuestion):
        singles = [k for k, s in questions.items() if isinstance(s, SingleQuestion) and k != key]
        raise InputError(f"'recode' groups the answers of a single-choice question, and '{q.from_}' is "
                         f"{source.type}; {one_of(singles)}", where(key, "from"), f"questions.{key}.from")
    labels = list(source.labels.values())
    grouped: dict[int, str] = {}  # source position -> the group it is in
    for group, answers in q.recode.items():
        for i, answer in enumerate(answers):
            at = where(key, "recode", group, i)
            position = source.position(answer)
            if position is None:
                raise InputError(f"{quote(answer)} is not an answer of '{q.from_}'{did_you_mean(answer, labels)}; "
                                 f"its labels are {', '.join(quote(label, 40) for label in labels[:12])}"
                                 f"{', ...' if len(labels) > 12 else ''}", at, f"questions.{key}.recode.{group}")
            if position in grouped:
                again = "twice in" if grouped[position] == group else f"in '{grouped[position]}' and in"
                raise InputError(f"{quote(labels[position])} of '{q.from_}' is {again} '{group}'; each answer "
                                 "can be in one group only", at, f"questions.{key}.recode.{group}")
            grouped[position] = group
