"""Start-up imports: each command imports only the heavy modules it needs, as ``python -X importtime`` sees
them in a fresh process (the cost a user pays at every run, before any work)."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Third-party modules no command needs for a survey-sized CSV: pandas (large files, Excel), pyarrow
#: (Parquet), openpyxl (Excel), pyreadstat (SPSS); and modules deckgen never uses.
DATA_READERS = {"pandas", "pyarrow", "openpyxl", "pyreadstat"}
NEVER = {"scipy", "matplotlib"}
#: SQL engines and their query builders, for a spec whose data is a database or a large file.
SQL = {"duckdb", "sqlglot", "sqlalchemy"}
#: Test-only libraries, which a user need not have.
TESTING = {"hypothesis", "pytest"}
#: deckgen's own modules for the other commands (``watch``, ``draft``, ``preview``, ``new``).
OTHER_COMMANDS = {"deckgen.watch", "deckgen.draft", "deckgen.preview", "deckgen.scaffold"}


def imported_modules(cwd, *args) -> set[str]:
    """The modules, by full name, a fresh ``python -m deckgen ARGS`` imports."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "deckgen", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = [line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert names, done.stderr  # -X importtime did report
    return set(names[1:])  # the first line is the column heading


def imported(cwd, *args) -> set[str]:
    """The top-level packages a fresh ``python -m deckgen ARGS`` imports."""
    return {name.split(".")[0] for name in imported_modules(cwd, *args)}


@pytest.mark.parametrize("command", [["build", "-o", "deck.pptx"], ["validate"]])
def test_the_example_reads_its_csv_without_a_data_library(project, command):
    modules = imported(project.parent, *command)
    assert {"pptx", "numpy", "jinja2"} <= modules  # what the build does need: the check can see imports
    assert not modules & (DATA_READERS | NEVER)


def test_the_example_build_imports_nothing_for_other_sources_or_commands(project):
    """The worked example is a small CSV built once: no SQL engine, no test library, and none of the
    modules of deckgen's other commands, whose import a user would pay at every build."""
    modules = imported_modules(project.parent, "build", "-o", "deck.pptx")
    assert {"deckgen.build", "deckgen.render.deck"} <= modules  # the check sees deckgen's own modules
    assert not {name.split(".")[0] for name in modules} & (SQL | TESTING | DATA_READERS | NEVER)
    assert not {name for name in modules
                if any(name == other or name.startswith(f"{other}.") for other in OTHER_COMMANDS)}


def test_schema_and_version_import_no_pipeline(tmp_path):
    heavy = {"numpy", "pptx", "jinja2", "lxml", "babel"} | DATA_READERS | NEVER
    assert not imported(tmp_path, "schema") & heavy
    assert not imported(tmp_path, "--version") & (heavy | {"pydantic", "yaml"})
