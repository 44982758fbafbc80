"""Shared fixtures: the example project, its deck, and readers for what a deck contains."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The stress project (benchmarks/stress.py): its data, codebook and specs are committed; its two
#: templates are written by the script, so no binary is kept in the repository.
STRESS = ROOT / "tests" / "fixtures" / "stress"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def responses() -> pd.DataFrame:
    """The example's respondent data, read plainly with pandas (the independent side)."""
    return pd.read_csv(ROOT / "data" / "responses.csv")


@pytest.fixture(scope="session")
def codebook() -> dict:
    return yaml.safe_load((ROOT / "data" / "questions.yaml").read_text(encoding="utf-8"))["questions"]


@pytest.fixture(scope="session")
def example_deck(tmp_path_factory) -> Path:
    """The worked example, built once per test session."""
    from deckgen.build import build

    out = tmp_path_factory.mktemp("example") / "example.pptx"
    build(ROOT / "slides.yaml", out)
    return out


def copy_stress(dest: Path) -> Path:
    """A copy of the committed stress project in *dest*, with its templates written; returns *dest*."""
    import importlib.util

    shutil.copytree(STRESS, dest, ignore=shutil.ignore_patterns("out", "templates", "*.pptx"))
    spec = importlib.util.spec_from_file_location("stress_project", ROOT / "benchmarks" / "stress.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_templates(dest)
    return dest


@pytest.fixture(scope="session")
def stress_decks(tmp_path_factory) -> dict:
    """Both stress decks, built once per session and checked with openxml-audit:
    {'16:9': (result, folder), '4:3': (result, folder)}."""
    from deckgen.build import build

    folder = copy_stress(tmp_path_factory.mktemp("stress") / "project")
    built = {"16:9": build(folder / "slides.yaml"), "4:3": build(folder / "slides-4x3.yaml")}
    audit = pytest.importorskip("openxml_audit")
    for result in built.values():
        assert [str(e) for e in audit.validate_pptx(str(result.output)).errors] == []
    return {shape: (result, folder) for shape, result in built.items()}


def copy_project(dest: Path) -> Path:
    """A copy of the example project (spec, codebook, data, template) in *dest*; returns the spec."""
    for rel in ("slides.yaml", "data/questions.yaml", "data/responses.csv", "templates/brand.pptx"):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, target)
    return dest / "slides.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


_audited: dict[bytes, list[str]] = {}


@pytest.fixture(autouse=True)
def audit_every_deck(monkeypatch):
    """Every deck a test builds in-process must pass openxml-audit with zero errors."""
    import hashlib

    from deckgen.render import deck as deck_module

    written: list[Path] = []
    save = deck_module.save_presentation

    def recording_save(prs, path):
        result = save(prs, path)
        written.append(Path(result))
        return result

    monkeypatch.setattr(deck_module, "save_presentation", recording_save)
    yield
    audit = pytest.importorskip("openxml_audit") if written else None
    for path in written:
        if not path.exists():
            continue
        digest = hashlib.sha256(path.read_bytes()).digest()
        if digest not in _audited:
            _audited[digest] = [str(e) for e in audit.validate_pptx(str(path)).errors]
        assert _audited[digest] == [], f"{path} fails openxml-audit"
