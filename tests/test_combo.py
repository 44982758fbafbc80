"""The ``combo`` chart kind: columns and a line on a secondary axis in one native chart.

Both series are read back from the chart XML and from the embedded workbook and compared with plain
pandas; the line sits on its own axes; a bad ``line`` is one located line; LibreOffice renders the deck.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from lxml import etree
from pptx import Presentation

from deckgen.build import build
from deckread import workbook_values
from test_chart_kinds import weighted_shares
from test_line_and_dot import REGIONS, one_line_error, project

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
BRANDS = {1: "Alpha", 2: "Beta", 3: "Gamma", 4: "Don't know"}

SLIDES = [
    {"kind": "chart", "id": "share-mean", "question": "brand", "chart": "combo", "by": "region", "answer": "Alpha",
     "line": {"question": "age", "statistic": "mean"}},
    {"kind": "chart", "id": "volume-rate", "question": "brand", "chart": "combo", "sort": "codes",
     "line": {"question": "seen", "answer": "TV"}},
]


def plots(chart_part) -> dict:
    """{'barChart': [(name, values)], 'lineChart': [...]} and each plot's axis ids, from the chart XML."""
    root = etree.fromstring(chart_part.blob)
    area = root.find(f"{C}chart/{C}plotArea")
    out = {}
    for plot in area:
        name = etree.QName(plot).localname
        if not name.endswith("Chart"):
            continue
        series = []
        for ser in plot.findall(f"{C}ser"):
            points = {int(pt.get("idx")): float(pt.findtext(f"{C}v")) for pt in ser.find(f"{C}val").iter(f"{C}pt")}
            cats = {int(pt.get("idx")): pt.findtext(f"{C}v") for pt in ser.find(f"{C}cat").iter(f"{C}pt")}
            count = len(cats)
            series.append((ser.find(f"{C}tx").findtext(f".//{C}v"), [cats[i] for i in range(count)],
                           [points.get(i) for i in range(count)], ser.find(f"{C}val").findtext(f".//{C}f")))
        out[name] = (series, [el.get("val") for el in plot.findall(f"{C}axId")])
    axes = {el.find(f"{C}axId").get("val"): el for el in area if etree.QName(el).localname in ("catAx", "valAx")}
    return out, axes


@pytest.fixture(scope="module")
def combo(tmp_path_factory, root):
    spec, df = project(tmp_path_factory.mktemp("combo"), root, SLIDES)
    result = build(spec)
    return result, Presentation(str(result.output)), df


def chart_of(prs, number: int):
    return next(sh for sh in prs.slides[number].shapes if sh.has_chart)


def test_share_columns_and_mean_line_by_segment_equal_pandas(combo):
    _, prs, df = combo
    chart = chart_of(prs, 0)
    (found, axes) = plots(chart.chart.part)
    (bar_name, categories, bars, bar_ref), = found["barChart"][0]
    (line_name, line_categories, line, line_ref), = found["lineChart"][0]
    assert categories == line_categories and [c.split(" (")[0] for c in categories] == list(REGIONS.values())
    shares = [np.average(df.brand[df.region == r] == 1, weights=df.w[df.region == r]) for r in REGIONS]
    means = [np.average(df.age[df.region == r], weights=df.w[df.region == r]) for r in REGIONS]
    assert bars == pytest.approx(shares, abs=1e-9)
    assert line == pytest.approx(means, abs=1e-9)
    assert "Alpha" in bar_name and "Mean" in line_name
    # the embedded workbook holds both series, the line in the column its series reads
    assert bar_ref.endswith("$B$2:$B$4") and line_ref.endswith("$C$2:$C$4")
    rows = workbook_values(chart.chart.part.chart_workbook.xlsx_part.blob)
    assert [r[1] for r in rows[1:4]] == pytest.approx(shares, abs=1e-9)
    assert [r[2] for r in rows[1:4]] == pytest.approx(means, abs=1e-9)
    assert rows[0][1:3] == [bar_name, line_name]


def test_the_line_is_on_secondary_axes(combo):
    _, prs, _ = combo
    found, axes = plots(chart_of(prs, 0).chart.part)
    bar_axes, line_axes = found["barChart"][1], found["lineChart"][1]
    assert len(line_axes) == 2 and not set(bar_axes) & set(line_axes)
    cat, val = (axes[a] for a in line_axes)
    assert etree.QName(cat).localname == "catAx" and cat.find(f"{C}delete").get("val") == "1"
    assert etree.QName(val).localname == "valAx"
    assert val.find(f"{C}crosses").get("val") == "max" and val.find(f"{C}axPos").get("val") == "r"
    assert "%" not in val.find(f"{C}numFmt").get("formatCode")  # the line's own format: years, not percent
    # every point of both series is labelled, at 10 pt or more, the line's above its points
    xml = chart_of(prs, 0).chart.part.blob.decode()
    sizes = [int(s) for s in re.findall(r'<c:dLbls>.*?sz="(\d+)"', xml)]
    assert sizes and min(sizes) >= 1000
    assert '<c:dLblPos val="t"/>' in xml


def test_columns_per_answer_and_a_rate_line(combo):
    _, prs, df = combo
    chart = chart_of(prs, 1)
    found, _ = plots(chart.chart.part)
    (_, categories, bars, _), = found["barChart"][0]
    (_, _, line, _), = found["lineChart"][0]
    expected = weighted_shares(df.brand, df.w, BRANDS)
    assert categories == list(BRANDS.values())  # codebook order (sort: codes)
    assert bars == pytest.approx([expected[c] for c in categories], abs=1e-9)
    asked = df.seen_tv.notna()
    rates = [np.average(df.seen_tv[asked & (df.brand == code)], weights=df.w[asked & (df.brand == code)])
             for code in BRANDS]
    assert line == pytest.approx(rates, abs=1e-9)
    rows = workbook_values(chart.chart.part.chart_workbook.xlsx_part.blob)
    assert [r[2] for r in rows[1:5]] == pytest.approx(rates, abs=1e-9)


def test_footnote_notes_and_alt_text_carry_both_measures(combo):
    _, prs, df = combo
    slide = prs.slides[0]
    footnote = next(sh.text_frame.text for sh in slide.shapes if sh.name == "Footnote")
    answered = int(df.age.notna().sum())
    assert f"n={len(df)}" in footnote and "Line" in footnote and f"n={answered:,}" in footnote
    notes = slide.notes_slide.notes_text_frame.text
    means = [np.average(df.age[df.region == r], weights=df.w[df.region == r]) for r in REGIONS]
    for mean in means:
        assert f"{mean:.1f}" in notes
    alt = chart_of(prs, 0)._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    assert "Column chart with a line" in alt and all(f"{m:.1f}" in alt for m in means)


def test_libreoffice_renders_a_page_per_slide(combo, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice and poppler are needed to render")
    result, prs, _ = combo
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(result.output)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / (result.output.stem + ".pdf"))], capture_output=True,
                          text=True, check=True).stdout
    pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    assert pages == len(prs.slides) == len(SLIDES)


@pytest.mark.parametrize("slide, words", [
    ({"question": "brand", "chart": "bar", "line": {"question": "age"}}, ["slides.1.line", "chart: combo"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha"}, ["slides.1.chart", "give 'line'"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha", "line": {"question": "agee"}},
     ["slides.1.line.question", "did you mean 'age'"]),
    ({"question": "brand", "chart": "combo", "by": "region", "line": {"question": "age"}},
     ["slides.1.by", "give 'answer'"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alfa", "line": {"question": "age"}},
     ["slides.1.answer", "did you mean 'Alpha'"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha",
      "line": {"question": "seen", "answer": "Radio"}}, ["slides.1.line.answer", "'Radio'"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha",
      "line": {"question": "seen", "statistic": "mean"}}, ["slides.1.line.statistic", "numeric"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha",
      "line": {"question": "age", "answer": "Alpha"}}, ["slides.1.line.answer", "numeric"]),
    ({"question": "seen", "chart": "combo", "line": {"question": "age"}}, ["slides.1.question", "multi"]),
    ({"question": "brand", "chart": "combo", "by": "region", "answer": "Alpha", "line": {"question": "region"}},
     ["slides.1.line.question", "own answers"]),
    ({"question": "sat", "chart": "combo", "by": "region", "line": {"question": "age"}}, ["slides.1.chart", "grid"]),
    ({"question": "brand", "chart": "combo", "axis": "fit", "line": {"question": "age"}}, ["slides.1.axis"]),
])
def test_a_bad_combo_is_a_located_one_line_error(tmp_path, root, slide, words):
    message = one_line_error(tmp_path, root, {"kind": "chart", **slide})
    for expected in words:
        assert expected in message, message
