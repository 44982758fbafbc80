"""The analyst's loop on the command line: tables for Excel, --strict, validate, where decks may go."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import load_workbook

from deckread import read_deck


def deckgen(cwd, *args):
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_tables_workbook_holds_the_charts_numbers(project):
    done = deckgen(project.parent, "build", "--tables")
    assert done.returncode == 0, done.stderr
    deck = read_deck(project.parent / "out" / "sociala-medier-2010.pptx")
    book = load_workbook(project.parent / "out" / "sociala-medier-2010.xlsx", read_only=True)
    charts = [s for s in deck if s.charts]
    assert len(book.sheetnames) == len(charts) == 7
    for sheet, slide in zip(book.worksheets, charts):
        rows = [r for r in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == slide.title
        chart = slide.charts[0]
        body = {r[0]: r for r in rows[6:] if r[0] and not str(r[0]).startswith("Bas")}
        values = [k for k, head in enumerate(rows[5]) if head and str(head).endswith("%")]  # one per column
        if chart.grouping == "percentStacked":  # a grid: items down, scale points across
            for i, item in enumerate(chart.categories):
                assert [body[item][values[j]] for j in range(len(chart.series))] == \
                    pytest.approx([s.values[i] for s in chart.series], abs=1e-12)
        else:
            for j, series in enumerate(chart.series):
                assert [body[c][values[j]] for c in chart.categories] == pytest.approx(series.values, abs=1e-12)
    bases = next(r for r in load_workbook(project.parent / "out" / "sociala-medier-2010.xlsx").worksheets[0]
                 .iter_rows(values_only=True) if r[0] == "Bas (n)")
    assert (bases[2], bases[5]) == (207, 16)


def test_strict_turns_warnings_into_an_error_and_writes_nothing(project):
    done = deckgen(project.parent, "build", "--strict")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "low base" in done.stderr and "--strict" in done.stderr
    assert not (project.parent / "out").exists()


def test_spec_output_must_stay_in_the_project(project, tmp_path):
    text = project.read_text(encoding="utf-8").replace("output: out/sociala-medier-2010.pptx",
                                                       "output: ../elsewhere/deck.pptx")
    project.write_text(text, encoding="utf-8")
    done = deckgen(project.parent, "build")
    assert done.returncode == 2 and "outside the project folder" in done.stderr and "deck.output" in done.stderr
    outside = tmp_path.parent / f"{tmp_path.name}-explicit.pptx"
    done = deckgen(project.parent, "build", "-o", str(outside))  # given on the command line: allowed
    assert done.returncode == 0, done.stderr
    assert outside.exists()
    outside.unlink()
