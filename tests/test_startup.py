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


def imported(cwd, *args) -> set[str]:
    """The top-level packages a fresh ``python -m deckgen ARGS`` imports."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "deckgen", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = [line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert names, done.stderr  # -X importtime did report
    return {name.split(".")[0] for name in names[1:]}  # the first line is the column heading


@pytest.mark.parametrize("command", [["build", "-o", "deck.pptx"], ["validate"]])
def test_the_example_reads_its_csv_without_a_data_library(project, command):
    modules = imported(project.parent, *command)
    assert {"pptx", "numpy", "jinja2"} <= modules  # what the build does need: the check can see imports
    assert not modules & (DATA_READERS | NEVER)


def test_schema_and_version_import_no_pipeline(tmp_path):
    heavy = {"numpy", "pptx", "jinja2", "lxml", "babel"} | DATA_READERS | NEVER
    assert not imported(tmp_path, "schema") & heavy
    assert not imported(tmp_path, "--version") & (heavy | {"pydantic", "yaml"})
