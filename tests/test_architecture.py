"""The pipeline's layering holds: each stage imports only the stages before it.

The contract is ``[tool.importlinter]`` in pyproject.toml (cli > watch > preview, scaffold > build >
outputs, library_warnings > render > compose > text > stats > data > spec > files, zipcheck > limits >
errors); import-linter reads every import, those inside functions included, so a rule cannot dodge a
cycle by hiding its import.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint(src: Path) -> subprocess.CompletedProcess:
    """import-linter over the ``deckgen`` package found in *src*, with the project's contract."""
    script = ("import sys; from importlinter.cli import lint_imports; "
              f"sys.path.insert(0, {str(src)!r}); "
              f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True))")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_stage_importing_a_later_one_breaks_the_contract(tmp_path):
    """The contract can fail: the spec stage importing the data stage (inside a function) is caught."""
    shutil.copytree(ROOT / "src" / "deckgen", tmp_path / "deckgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    codebook = tmp_path / "deckgen" / "spec" / "codebook.py"
    codebook.write_text(codebook.read_text(encoding="utf-8")
                        + "\n\ndef _hidden():\n    from ..data import open_survey  # noqa: F401\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "deckgen.spec.codebook -> deckgen.data" in result.stdout
