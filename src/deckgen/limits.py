"""Bounds on what deckgen reads and computes, so no input can make it hang or eat the machine.

deckgen reads files it cannot trust (a respondent file from a panel
supplier, a customer's template) and files that are trusted only so far (a
spec a colleague wrote). Each resource such a file can drive, the nodes of a
YAML document, the labels of a question, the output of a text template, the
inflated size of a zip part, has a limit here. The defaults are far above
what any real survey needs; ``docs/security.md`` lists them all.

A limit is raised for one run with ``--limit NAME=VALUE`` on the command line
or, for every run, with the environment variable ``DECKGEN_LIMITS``
(``"labels=50000,template_seconds=5"``). Hitting a limit is an
:class:`~deckgen.errors.InputError` (exit 2) that names the limit, where it
was hit, and how to raise it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from .errors import InputError, Location, did_you_mean, one_of

ENVIRONMENT = "DECKGEN_LIMITS"


@dataclass(frozen=True)
class Limits:
    """Every limit with its default."""

    #: Bytes of one YAML file (spec or codebook).
    yaml_bytes: int = 20_000_000
    #: YAML nodes after aliases are expanded (a "billion laughs" spec has billions).
    yaml_nodes: int = 2_000_000
    #: Nesting depth of YAML collections, filters, template expressions and template calls.
    depth: int = 100
    #: Answer labels (codes) of one question.
    labels: int = 20_000
    #: Characters of one label, question text or other name from a codebook or data file.
    label_chars: int = 2_000
    #: Characters a text template (headline, bullet, notes) may produce.
    template_chars: int = 20_000
    #: Seconds one text template may take to render.
    template_seconds: float = 5.0
    #: Loop iterations and printed values of one text template, and the size (characters, items or bits)
    #: of any value it builds.
    template_steps: int = 1_000_000
    #: Bytes of one part of a zip package (template, .xlsx data) once inflated.
    zip_part_bytes: int = 256_000_000
    #: Bytes of all parts of a zip package once inflated.
    zip_total_bytes: int = 1_000_000_000
    #: Inflated / compressed size of a zip part above which it is taken for a zip bomb. Deflate, which
    #: Office uses, never exceeds about 1,032:1 (a plain white bitmap reaches it); bzip2 and lzma parts can.
    zip_ratio: int = 2_000
    #: Slide numbers ``preview --pages`` may name.
    pages: int = 10_000


_DEFAULTS = Limits()
_current = _DEFAULTS


def current() -> Limits:
    """The limits in force for this run."""
    return _current


def parse(text: str, source: str) -> dict[str, float | int]:
    """``"labels=50000,template_seconds=5"`` -> ``{"labels": 50000, "template_seconds": 5.0}``."""
    kinds = {f.name: f.type for f in fields(Limits)}
    out: dict[str, float | int] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in kinds:
            raise InputError(f"unknown limit '{name}'{did_you_mean(name, kinds)}; {one_of(kinds, 20)}",
                             source)
        try:
            number = float(value) if kinds[name] in ("float", float) else int(value.replace("_", ""))
        except ValueError:
            raise InputError(f"limit '{name}' must be a number, not {value.strip()!r}", source) from None
        if number <= 0:
            raise InputError(f"limit '{name}' must be above 0", source)
        out[name] = number
    return out


def configure(overrides: list[str] | None = None) -> Limits:
    """Set the limits for this run: the defaults, then ``DECKGEN_LIMITS``, then *overrides* (``--limit``)."""
    global _current
    values: dict = {}
    if os.environ.get(ENVIRONMENT):
        values.update(parse(os.environ[ENVIRONMENT], f"environment variable {ENVIRONMENT}"))
    for text in overrides or []:
        values.update(parse(text, "--limit"))
    _current = replace(_DEFAULTS, **values)
    return _current


def exceeded(name: str, what: str, where: Location | str | None = None, key: str | None = None) -> InputError:
    """The error for hitting limit *name*: *what* happened, the limit, and how to raise it."""
    value = getattr(_current, name)
    shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return InputError(f"{what}: over the limit {name}={shown}; if the input is trusted, raise it with "
                      f"--limit {name}=N (see docs/security.md)", where, key)
