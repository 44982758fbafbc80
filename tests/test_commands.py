"""deckgen init, validate and schema: from nothing to a deck, checks without writing, editor support."""

from __future__ import annotations

import json
import subprocess
import sys

from deckgen.spec.schema import spec_schema


def deckgen(cwd, *args):
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_init_then_build_gives_a_deck(tmp_path):
    done = deckgen(tmp_path, "init", "survey")
    assert done.returncode == 0, done.stderr
    project = tmp_path / "survey"
    for name in ("slides.yaml", "data/questions.yaml", "data/responses.csv", "templates/brand.pptx",
                 "slides.schema.json"):
        assert (project / name).exists(), name
    done = deckgen(project, "build")
    assert done.returncode == 0, done.stderr
    assert (project / "out" / "customer-survey.pptx").exists()
    assert "wrote out/customer-survey.pptx (6 slides" in done.stdout


def test_init_never_overwrites(tmp_path):
    assert deckgen(tmp_path, "init").returncode == 0
    before = (tmp_path / "slides.yaml").read_bytes()
    done = deckgen(tmp_path, "init")
    assert done.returncode == 2 and "already exists" in done.stderr
    assert (tmp_path / "slides.yaml").read_bytes() == before


def test_validate_checks_everything_and_writes_nothing(project):
    done = deckgen(project.parent, "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("valid (11 slides, 2 warnings")  # two low bases
    assert not (project.parent / "out").exists()
    text = project.read_text(encoding="utf-8").replace("'Resursbrist'", "'Resursbrits'")
    project.write_text(text, encoding="utf-8")
    done = deckgen(project.parent, "validate")  # a data-dependent mistake in a headline is caught too
    assert done.returncode == 2 and "did you mean 'Resursbrist'" in done.stderr


def test_schema_is_current_and_the_example_points_at_it(root):
    committed = (root / "slides.schema.json").read_text(encoding="utf-8")
    assert committed.strip() == spec_schema().strip(), "regenerate: deckgen schema > slides.schema.json"
    schema = json.loads(committed)
    assert set(schema["properties"]) == {"deck", "data", "values", "slides"}
    assert (root / "slides.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=slides.schema.json")
    printed = deckgen(root, "schema")
    assert printed.returncode == 0 and json.loads(printed.stdout) == schema
