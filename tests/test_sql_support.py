"""refusal(project): what the SQL engines cannot tabulate, told from the spec alone, in the refusals' words.

The build calls it to choose the engine by itself (data.engine: auto), so it must agree with what the
tabulator then does: every project it passes builds on duckdb, and for every project the tabulator
refuses it names the same thing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deckgen.data import open_project
from deckgen.errors import InputError
from deckgen.stats.duckdb_tabulator import refusal
from test_duckdb_tabulator import ROOT, with_engine, write_case_spec

ORG = {"kind": "chart", "question": "org", "chart": "bar"}


def refused_words(spec: Path) -> str:
    """What a duckdb build of *spec* refuses, cut from its message."""
    pytest.importorskip("duckdb")
    from deckgen.build import build
    with pytest.raises(InputError) as raised:
        build(with_engine(spec), spec.parent / "deck.pptx")
    message = raised.value.message
    assert raised.value.key == "data.engine" and "does not yet tabulate " in message
    return message.split("does not yet tabulate ", 1)[1].split("; use the default engine", 1)[0]


@pytest.mark.parametrize("slides", [
    [{"kind": "chart", "question": "staff_band", "chart": "bar"}],
    [ORG, {"kind": "chart", "question": "org", "chart": "bar", "filter": "staff_band == 1"}],
    [{"kind": "chart", "question": "n_staff", "chart": "bar", "by": "staff_band"}],
    [ORG, {"kind": "bullets", "title": "B", "bullets": ["{{ pct('staff_band', 'Mindre') }} har få anställda"]}],
])
def test_refusal_names_what_the_build_refuses(tmp_path, slides):
    spec = write_case_spec(tmp_path, slides[0])
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["slides"] = slides
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reason = refusal(open_project(spec))
    assert reason is not None and "staff_band" in reason
    assert reason == refused_words(spec)


def test_refusal_of_data_settings(tmp_path):
    spec = write_case_spec(tmp_path, ORG)
    assert refusal(open_project(spec)) is None
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["data"]["weighting"] = {"targets": {"org": {"A": 0.5, "B": 0.5}}}
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    assert refusal(open_project(spec)) == "rim weighting (data.weighting)"
    del doc["data"]["weighting"]
    import pandas as pd
    pd.read_csv(tmp_path / "data.csv").to_excel(tmp_path / "data.xlsx", index=False)
    doc["data"]["responses"] = "data.xlsx"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    assert refusal(open_project(spec)) == ".xlsx files (it reads .csv and .parquet)"


def test_supported_projects_pass_and_build_on_duckdb(tmp_path):
    """The example (singles, multis, a grid, numeric, quotes, templates over them) and the small project with
    a grid and numeric slides: nothing to refuse, and the duckdb build goes through."""
    pytest.importorskip("duckdb")
    from deckgen.build import build
    assert refusal(open_project(ROOT / "slides.yaml")) is None
    spec = write_case_spec(tmp_path, {"kind": "chart", "question": "channels", "chart": "stacked"})
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["slides"].append({"kind": "chart", "question": "n_staff", "chart": "bar", "by": "org"})
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    assert refusal(open_project(spec)) is None
    build(with_engine(spec), tmp_path / "deck.pptx")
    assert (tmp_path / "deck.pptx").stat().st_size > 0


def test_refusal_imports_no_sql_engine():
    """Pure: the build may ask before duckdb or sqlglot is installed, and asking imports neither."""
    code = ("import sys; from deckgen.data import open_project; from deckgen.stats.duckdb_tabulator import refusal; "
            f"assert refusal(open_project({str(ROOT / 'slides.yaml')!r})) is None; "
            "print(sorted(m for m in ('duckdb', 'sqlglot', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_first_gap_points_at_the_slide_key_that_asks(tmp_path):
    from deckgen.stats.duckdb_tabulator import first_gap
    spec = write_case_spec(tmp_path, ORG)
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["slides"] = [ORG, {"kind": "chart", "question": "org", "chart": "bar", "filter": "staff_band == 1"}]
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    what, where = first_gap(open_project(spec))
    line = next(i for i, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "filter:" in text)
    assert what == "filters on 'staff_band' (single derived questions)" and where.line == line
