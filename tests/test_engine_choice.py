"""``data.engine: auto``: in memory while the data fits comfortably, DuckDB out of core beyond, never a
different number, and a warning whenever the build stays in memory with data that would not fit."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import copy_project
from deckgen import build as build_module
from deckgen.build import build
from deckgen.data import memory_needed, open_project
from deckgen.data.footprint import BYTES_PER_CELL, estimated_rows


def test_estimated_rows_are_the_files_rows(tmp_path):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"id": np.arange(50_000), "q": rng.integers(1, 6, 50_000),
                          "t": rng.choice(["kort", "ett längre svar med ord"], 50_000)})
    frame.to_csv(tmp_path / "r.csv", index=False)
    frame.to_parquet(tmp_path / "r.parquet")
    assert estimated_rows(tmp_path / "r.parquet") == 50_000  # from the footer: exact
    assert estimated_rows(tmp_path / "r.csv") == pytest.approx(50_000, rel=0.05)  # from the first megabyte
    small = tmp_path / "s.csv"
    frame.head(10).to_csv(small, index=False)
    assert estimated_rows(small) == 10  # read whole: exact


def test_the_example_is_computed_in_memory(project):
    loaded = open_project(project)
    expected = len(pd.read_csv(project.parent / "data" / "responses.csv")) * BYTES_PER_CELL
    assert memory_needed(loaded) >= expected  # at least one column per respondent
    assert build_module._engine(loaded) == ("numpy", None)


def _little_memory(monkeypatch) -> None:
    """A machine whose memory the example's data would overflow."""
    from deckgen.data import footprint as module  # the module (the package names no function so)

    monkeypatch.setattr(module, "physical_memory", lambda: 1000)


def test_without_duckdb_a_large_build_stays_in_memory_and_says_so(project, monkeypatch):
    import importlib.util

    _little_memory(monkeypatch)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "duckdb" else real(name, *a))
    engine, warning = build_module._engine(open_project(project))
    assert engine == "numpy"
    assert "pip install -e '.[duckdb]'" in warning and "GB in memory" in warning


def only_supported_slides(spec) -> None:
    """The example without what the out-of-core engine cannot yet compute the same way (if anything)."""
    from deckgen.stats.duckdb_tabulator import refusal

    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    kept = []
    for slide in doc["slides"]:
        trial = dict(doc, slides=kept + [slide])
        spec.write_text(yaml.safe_dump(trial, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if refusal(open_project(spec)) is None:
            kept.append(slide)
    doc["slides"] = kept
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_large_build_goes_out_of_core_with_the_same_deck(tmp_path, monkeypatch):
    pytest.importorskip("duckdb")
    spec = copy_project(tmp_path)
    only_supported_slides(spec)
    in_memory = build(spec, tmp_path / "memory.pptx")
    _little_memory(monkeypatch)
    assert build_module._engine(open_project(spec))[0] == "duckdb"
    stages = []
    out_of_core = build(spec, tmp_path / "duckdb.pptx", on_stage=stages.append)
    assert "scanning" in [s.name for s in stages] and "coding" not in [s.name for s in stages]
    assert out_of_core.warnings == in_memory.warnings
    a, b = zipfile.ZipFile(tmp_path / "memory.pptx"), zipfile.ZipFile(tmp_path / "duckdb.pptx")
    assert [n for n in a.namelist() if a.read(n) != b.read(n)] == []  # byte for byte the same deck


def test_what_duckdb_cannot_do_keeps_a_large_build_in_memory_with_a_warning(project, monkeypatch):
    pytest.importorskip("duckdb")
    doc = yaml.safe_load(project.read_text(encoding="utf-8"))
    doc["data"]["weighting"] = {"targets": {"org_type": {"Kommun": 0.8, "Landsting": 0.2}}}
    project.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _little_memory(monkeypatch)
    engine, warning = build_module._engine(open_project(project))
    assert engine == "numpy"
    assert "duckdb does not yet tabulate" in warning and "rim weighting" in warning
