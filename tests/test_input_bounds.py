"""Hostile and unlucky input is refused in bounded time and memory, with one short line.

YAML bombs, deep nesting, runaway templates, NaN and overflow in text, and
megabyte-long values in messages. The CLI cases run the real command in a
subprocess under a timeout and an address-space limit (``resource.setrlimit``)
and check the one-line error contract of ``test_bad_input``: exit 2, one line,
the right file, line and key, the previous deck untouched.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from deckgen.stats import Axis, Table
from test_bad_input import BOOK, SPEC, Project, good_project, project  # noqa: F401 (fixtures)

#: Address space the CLI may use for a rejected input; a bomb would take gigabytes.
MEMORY = 1_500_000_000
#: Seconds the CLI may take to reject an input; a bomb would never end.
SECONDS = 10


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.fixture
def bounded(project, monkeypatch):
    """Make ``Project.assert_rejected`` run the CLI under the memory cap and a timeout, and time it."""
    runs: list[float] = []
    real = subprocess.run

    def run(*args, **kwargs):
        started = time.monotonic()
        try:
            return real(*args, **{**kwargs, "timeout": SECONDS * 3, "preexec_fn": _cap_memory})
        finally:
            runs.append(time.monotonic() - started)

    monkeypatch.setattr(subprocess, "run", run)
    yield runs
    assert runs and max(runs) < SECONDS, f"took {max(runs):.1f} s"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """Top-level keys ``l0 .. l<levels>``, each a list of *width* aliases of the one before."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines)


def first_level_over(limit: int, levels: int = 9, width: int = 9) -> int:
    """The level of :func:`billion_laughs` whose expanded size first passes *limit* nodes."""
    size = 1 + width  # the list and its scalars
    for i in range(1, levels):
        size = 1 + width * size
        if size > limit:
            return i
    raise AssertionError("not a bomb")


# -- YAML ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file", [SPEC, BOOK])
def test_billion_laughs_is_refused_quickly(project: Project, bounded, file):
    project.append(file, billion_laughs())
    level = first_level_over(2_000_000)
    message = project.assert_rejected(file, project.line_of(file, f"l{level}: &l{level}"), None,
                                      hints=("yaml_nodes", "alias"))
    assert len(message) < 350


def test_billion_laughs_through_load_project_is_bounded(project: Project):
    """``deckgen watch`` loads the spec with ``load_project``: it must not freeze on a bomb."""
    project.append(SPEC, billion_laughs())
    code = ("import sys; from deckgen.spec import load_project; from deckgen.errors import InputError\n"
            "try:\n    load_project('slides.yaml')\nexcept InputError as e:\n    print(e.one_line())\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], cwd=project.path, capture_output=True, text=True,
                            timeout=SECONDS * 3, preexec_fn=_cap_memory)
    assert time.monotonic() - started < SECONDS
    assert result.returncode == 0, result.stderr
    assert "yaml_nodes" in result.stdout


def test_aliases_stay_allowed(project: Project):
    """A modest alias is legitimate YAML: the values it stands for are read as if written out."""
    from deckgen.spec.yamlsource import parse_yaml

    doc = parse_yaml("a: &shared [1, 2]\nb: *shared\nc: [*shared, *shared]\n", "x.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": [[1, 2], [1, 2]]}


@pytest.mark.parametrize("block", ["loop: &me [1, 2, *me]", "loop: &me\n  inner:\n    again: *me"],
                         ids=["list", "mapping"])
def test_recursive_alias_is_an_input_error_at_the_alias(project: Project, bounded, block):
    project.append(SPEC, block)
    project.assert_rejected(SPEC, project.line_of(SPEC, "*me"), None, hints=("alias", "contains it"))


@pytest.mark.parametrize("deep", ["[" * 5000 + "]" * 5000, "{a: " * 5000 + "1" + "}" * 5000,
                                  "".join("  " * i + "a:\n" for i in range(1, 300)) + "  " * 300 + "1"],
                         ids=["flow-lists", "flow-mappings", "block-mappings"])
def test_deep_nesting_is_the_depth_limit(project: Project, bounded, deep):
    """libyaml's composer recurses in C: without a bound, deep nesting crashes the process.

    deckgen's own bound says "nested more than 100 levels deep"; newer libyaml builds (PyYAML 6.0.4)
    may stop a deep flow collection first, with "exceeded maximum nesting depth". Either is one line."""
    project.append(SPEC, "deep:\n" + deep if deep.startswith("  ") else "deep: " + deep)
    project.assert_rejected(SPEC, None, None, hints=("depth", "nest"))


def test_integer_over_pythons_digit_limit_is_an_input_error(project: Project):
    project.edit(SPEC, "invited: 310", "invited: " + "9" * 5000)
    message = project.assert_rejected(SPEC, project.line_of(SPEC, "invited: 9"), None, hints=("quote it",))
    assert len(message) < 350


def test_impossible_date_is_an_input_error(project: Project):
    project.edit(SPEC, "invited: 310", "invited: 2010-13-45")
    project.assert_rejected(SPEC, project.line_of(SPEC, "invited: 2010"), None, hints=("2010-13-45",))


def test_huge_spec_is_refused_before_it_is_read(project: Project, bounded):
    padding = "# " + "x" * 1000 + "\n"
    project.write(SPEC, project.read(SPEC) + padding * 21_000)  # 21 MB of comments
    project.assert_rejected(SPEC, None, None, hints=("yaml_bytes",))


def test_endless_codebook_is_refused(project: Project, bounded):
    """A device that never ends (here /dev/zero) is refused before it is read."""
    project.edit(SPEC, "questions: data/questions.yaml", "questions: /dev/zero")
    project.assert_rejected("/dev/zero", None, None, hints=("not a regular file",))


def test_codebook_that_is_a_pipe_is_refused_not_waited_for(project: Project, bounded):
    """Opening a FIFO for reading blocks until somebody writes to it: it is refused without opening it."""
    import os

    os.mkfifo(project.path / "pipe.yaml")
    project.edit(SPEC, "questions: data/questions.yaml", "questions: pipe.yaml")
    project.assert_rejected("pipe.yaml", None, None, hints=("not a regular file",))


# -- text templates: bounded evaluation ------------------------------------------------------------------

#: (template, a word its error must contain). Each would run away (memory or time) in a plain sandbox.
RUNAWAY = [
    ("{{ 'a' * 10**9 }}", "template_steps"),
    ("{{ [1] * 1000000000 }}", "template_steps"),
    ("{{ 2 ** (10**9) }}", "template_steps"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "template_steps"),
    ("{% for i in range(10**9) %}x{% endfor %}", "template_steps"),
    ("{% set s = 'x' * 50000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", "template_steps"),
    ("{% for i in range(90000) %}x{% endfor %}", "template_chars"),
    ("{{ 'a' | center(10**9) }}", "template_steps"),
    ("{{ 'a\nb' | indent(10**9) }}", "template_steps"),
    ("{{ 'a b c' | wordwrap(1, wrapstring='x' * 900000) }}", "template_steps"),
    ("{{ '%1000000000d' | format(1) }}", "template_steps"),
    ("{{ '%1000000000d' % 1 }}", "template_steps"),
    ("{{ '%*d' % (10**9, 1) }}", "template_steps"),
    ("{{ '{:>1000000000}'.format(1) }}", "template_steps"),
    ("{{ '{:>{w}}'.format(1, w=10**9) }}", "template_steps"),
    ("{{ 'a'.zfill(10**9) }}", "template_steps"),
    ("{{ ('a' * 1000).replace('', 'b' * 1000) }}", "template_steps"),
    ("{{ ('a' * 1000000).join(['b'] * 1000000) }}", "template_steps"),
    ("{{ ([[1] * 1000000] * 1000000) | sum(start=[]) }}", "template_steps"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "template_steps"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "template_steps"),
    ("{% set s = 'x' * 1000000 %}{% macro m() %}{% for i in range(1000) %}{{ s }}{% endfor %}{% endmacro %}"
     "{{ m() | length }}", "template_steps"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "depth"),
    ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
     "template_steps"),
    ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "depth"),
    ("{{ " + "not " * 3000 + "1 }}", "depth"),
    ("{{ [['x' * 1000] * 1000] * 1000 }}", "template_chars"),
    ("{{ 'abc' | truncate(-5) }}", "truncate"),
    ("{{ lipsum(10**6) }}", "undefined"),
    ("{{ [1, 2] | random }}", "no filter named 'random'"),
    ("{{ " + "9" * 5000 + " }}", "4300 digits"),
]


@pytest.fixture
def memory_cap():
    """Cap this process's address space at its current size plus 1 GB while the test runs."""
    size = int(next(line for line in open("/proc/self/status") if line.startswith("VmSize")).split()[1]) * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size + 1_000_000_000, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture
def few_steps():
    """A tenth of the default template steps, so that running out of them is quick to show."""
    from deckgen import limits

    yield limits.configure(["template_steps=100000"])
    limits.configure()


def render(source: str, values: dict | None = None, table=None) -> str:
    """Render *source* as the headline of a chart slide on question 'q' (numbers from *table*)."""
    from deckgen.errors import Location
    from deckgen.text import Lookup, TextRenderer
    from test_text import FakeTable

    lookup = Lookup(lambda q, f, by: table or FakeTable(), 223)
    return TextRenderer("en", values).render(source, lookup, Location("slides.yaml", 10), "slides.0.headline",
                                             None, "q")


def _too_slow(signum, frame):
    raise TimeoutError("the template was not stopped")


def rejected(source: str, values: dict | None = None, table=None) -> str:
    """The one-line error of rendering *source*, which must come quickly and be located at the headline.

    An alarm interrupts a render that is not stopped by deckgen, so a regression fails instead of hanging.
    """
    from deckgen.errors import InputError

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        with pytest.raises(InputError) as info:
            render(source, values, table)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 3
    line = info.value.one_line()
    assert line.startswith("slides.yaml:10: slides.0.headline: ") and len(line) < 350, line
    return line


@pytest.mark.parametrize("source, hint", RUNAWAY, ids=[f"runaway-{i}" for i in range(len(RUNAWAY))])
def test_runaway_template_is_stopped(memory_cap, few_steps, source, hint):
    assert hint.lower() in rejected(source).lower()


def test_template_deadline(memory_cap):
    """With loop steps to spare, the wall clock still stops a template (template_seconds)."""
    from deckgen import limits

    limits.configure(["template_steps=1000000000", "template_seconds=0.3"])
    try:
        source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        assert "template_seconds" in rejected(source)
    finally:
        limits.configure()


def test_ordinary_templates_still_render():
    """What the bounds must not get in the way of (runs of spaces fold to one, as in every text)."""
    source = ("{{ pct(q, 'Ja') }} {{ q | upper }} {{ top(q, 2) | join }} {{ n }} {{ 'abc' | center(7) }}|"
              "{{ '%05d' | format(42) }} {{ '{:,}'.format(1234567) }} {{ range(3) | list }} {{ dict(a=1) }} "
              "{% set ns = namespace(s='a') %}{% for i in range(3) %}{% set ns.s = ns.s ~ i %}{% endfor %}"
              "{{ ns.s }} {{ 'x' ~ n }}")
    assert render(source) == "62% Q Ja and Nej 223 abc |00042 1,234,567 [0, 1, 2] {'a': 1} a012 x223"


# -- deterministic text: only values print -------------------------------------------------------------

NOT_VALUES = ["{{ pct }}", "{{ q.upper }}", "{{ pct | string }}", "{{ 'x' ~ pct }}", "{{ range }}",
              "{{ 'x' ~ q.upper }}", "{{ [pct] }}", "{{ [q.upper] | join }}", "{{ '%s' % pct }}",
              "{{ '{}'.format(pct) }}", "{{ pct | pprint }}", "{{ [1, 2] | map('string') }}",
              "{% macro m() %}{% endmacro %}{{ m }}", "{% macro m() %}{% endmacro %}{{ 'x' ~ m }}",
              "{{ namespace() }}", "{{ dict }}", "{% for x in [1] %}{{ loop }}{% endfor %}"]


@pytest.mark.parametrize("source", NOT_VALUES)
def test_printing_a_non_value_is_an_input_error(source):
    """Printed, a function shows its memory address: the deck would differ on every build."""
    assert "not a value" in rejected(source)


@pytest.mark.parametrize("name", ["pct", "range", "namespace", "q", "effective_base"])
def test_value_shadowing_a_built_in_is_refused(project: Project, name):
    project.edit(SPEC, "  invited: 310", f"  {name}: 3\n  invited: 310")
    project.assert_rejected(SPEC, project.line_of(SPEC, f"  {name}: 3"), f"values.{name}", hints=("built-in",))


# -- no NaN in text ------------------------------------------------------------------------------------


def SegmentTable(total_base: int = 30):
    """'q' by 'org' where the segment 'Landsting' has nobody in the base: its proportions are NaN."""
    rows = Axis("answer", ("Ja", "Nej"), key="q", exclusive=True)
    return Table("q", rows, Axis("segment", ("Kommun", "Landsting"), key="org", bases=[total_base, 0]), "share",
                 np.array([[18.0, 0.0], [12.0, 0.0]]), np.array([[0.6, np.nan], [0.4, np.nan]]),
                 np.array([[total_base, 0.0], [total_base, 0.0]]), total_base)


def EmptyTable():
    """'q' with nobody in the base."""
    return Table("q", Axis("answer", ("Ja", "Nej"), key="q", exclusive=True), Axis("total", ("Total",), bases=[0]),
                 "share", np.zeros((2, 1)), np.full((2, 1), np.nan), np.zeros((2, 1)), 0)


def test_empty_segment_is_named_not_skipped_by_min():
    line = rejected("{% if each(q, 'Ja', 'org') | min > 50 %}a majority of both{% endif %}",
                    table=SegmentTable())
    assert "'Landsting'" in line and "'org'" in line and "'q'" in line


@pytest.mark.parametrize("source", ["{{ pct(q, 'Ja') }}", "{{ count(q, 'Ja') }}", "{{ top(q) }}",
                                    "{{ pct(q, 'Ja') | approx }}"])
def test_share_of_an_empty_base_is_an_input_error(source):
    assert "no respondents" in rejected(source, table=EmptyTable())


def test_pct_and_num_refuse_nan_and_infinity():
    from deckgen.errors import InputError
    from deckgen.text.templates import Num, Pct

    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(InputError):
            Pct(bad, "en")
        with pytest.raises(InputError):
            Num(bad, "en")


def test_empty_segment_in_a_deck_is_an_input_error(project: Project):
    """The example's split by org_type, with a filter that leaves the 'Landsting' segment empty."""
    project.append(SPEC, "  - kind: chart\n    id: extra\n    question: uses_social\n    chart: pie\n"
                         "    headline: \"{{ each('uses_social', 'Ja', 'org_type', "
                         "filter=\\\"org_type == 'Kommun'\\\") | min }}\"\n")
    project.assert_rejected(SPEC, project.line_of(SPEC, "headline: \"{{ each('uses_social'"), "headline",
                            hints=("Landsting", "no respondents"))


# -- numbers too large or not finite for a format -------------------------------------------------------


@pytest.mark.parametrize("value, source, hint", [
    (float("inf"), "{{ big | num }}", "not a number"),
    (float("nan"), "{{ big | pct }}", "not a number"),
    (-float("inf"), "{{ big | approx }}", "not a number"),
    (10 ** 4000, "{{ big | num }}", "too large"),
    (10 ** 4000, "{{ big | pct }}", "too large"),
    (1, "{{ big | num(10**6) }}", "decimals"),
    (1, "{{ big | pct(-1) }}", "decimals"),
])
def test_unprintable_number_is_an_input_error(value, source, hint):
    assert hint in rejected(source, values={"big": value})


def test_largest_float_prints_in_full():
    """1e308 is a float like any other: printed with every digit, grouped by thousands."""
    assert render("{{ big | num }}", values={"big": 1e308}) == f"{10 ** 308:,}"


def test_infinite_value_in_a_deck_is_an_input_error(project: Project):
    project.edit(SPEC, "  invited: 310", "  invited: 310\n  big: .inf")
    project.append(SPEC, "  - kind: bullets\n    id: extra\n    title: Big\n    bullets:\n"
                         "      - \"{{ big | num }}\"\n")
    project.assert_rejected(SPEC, None, "bullets", hints=("not a number",))


# -- deep filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("deep", ["(" * 5000 + "org_type == 'Kommun'" + ")" * 5000,
                                  "not " * 5000 + "org_type == 'Kommun'"], ids=["parentheses", "not"])
def test_deep_filter_is_the_depth_limit(project: Project, deep):
    project.edit(SPEC, "    filter: org_type == 'Kommun'", f'    filter: "{deep}"')
    message = project.assert_rejected(SPEC, project.line_of(SPEC, "    filter: \"" + deep[:20]), "filter",
                                      hints=("depth",))
    assert len(message) < 350


def test_deep_template_expression_is_the_depth_limit(project: Project):
    project.append(SPEC, extra_headline("{{ " + "(" * 3000 + "n" + ")" * 3000 + " }}"))
    project.assert_rejected(SPEC, None, "headline", hints=("depth",))


def extra_headline(headline: str) -> str:
    """A chart slide added at the end of slides.yaml with a one-line *headline*."""
    return f"  - kind: chart\n    id: extra\n    question: uses_social\n    chart: pie\n    headline: \"{headline}\"\n"


# -- one short line, whatever the input -----------------------------------------------------------------

HUGE = "x" * 5_000_000


@pytest.mark.parametrize("old, new, key_", [
    ("  - kind: title\n", f"  - kind: title\n    ? {HUGE}\n    : 1\n", "slides.0"),  # an explicit key: any length
    ("  locale: sv", f"  locale: {HUGE}", "deck.locale"),
    ("  author: IPSOS", f"  author: [{HUGE}]", "deck.author"),
    ("    filter: org_type == 'Kommun'", f"    filter: org_type == 'Kommun' {HUGE}", "filter"),
], ids=["unknown-key", "bad-choice", "not-a-string", "filter"])
def test_megabyte_values_give_one_short_line(project: Project, old, new, key_):
    project.edit(SPEC, old, new)
    message = project.assert_rejected(SPEC, None, key_)
    assert len(message) <= 320, len(message)
    assert "..." in message


def test_one_line_keeps_location_key_start_and_end():
    from deckgen.errors import MAX_LINE, InputError, Location

    error = InputError("START " + "m" * 10_000 + "\nsecond line END", Location("slides.yaml", 3, 5),
                       "slides.1." + "k" * 10_000)
    line = error.one_line()
    assert len(line) <= MAX_LINE and "\n" not in line
    assert line.startswith("slides.yaml:3:5: slides.1.k") and "START" in line and line.endswith("END")


def test_quote_is_one_short_line():
    from deckgen.errors import quote

    assert quote("Facebook") == "'Facebook'"
    long = quote("a" * 1000 + "\n" + "z" * 1000)
    assert len(long) <= 62 and long.startswith("'a") and long.endswith("z'") and "..." in long
    assert quote("två\nrader") == "'två\\nrader'"
    assert quote(5) == "5"
