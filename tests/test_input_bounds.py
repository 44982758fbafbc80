"""Hostile and unlucky input is refused in bounded time and memory, with one short line.

YAML bombs, deep nesting, runaway templates, NaN and overflow in text, and
megabyte-long values in messages. The CLI cases run the real command in a
subprocess under a timeout and an address-space limit (``resource.setrlimit``)
and check the one-line error contract of ``test_bad_input``: exit 2, one line,
the right file, line and key, the previous deck untouched.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import pytest

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
    """libyaml's composer recurses in C: without a bound, deep nesting crashes the process."""
    project.append(SPEC, "deep:\n" + deep if deep.startswith("  ") else "deep: " + deep)
    project.assert_rejected(SPEC, None, None, hints=("depth", "nested"))


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
    """A device that never ends (here /dev/zero) is read only up to the size limit."""
    project.edit(SPEC, "questions: data/questions.yaml", "questions: /dev/zero")
    project.assert_rejected("/dev/zero", None, None, hints=("yaml_bytes",))
