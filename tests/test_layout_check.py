"""The layout and accessibility checker (tests/layoutcheck.py): each rule can fail, a clean deck passes,
and the worked example and the stress fixture, built on both templates, come out clean.

The small decks here are built with python-pptx directly, never with deckgen, so each one holds
exactly the fault a test names.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from conftest import STRESS as FIXTURE, copy_stress
from layoutcheck import check, contrast, hex_rgb

ROOT = Path(__file__).resolve().parents[1]
LANG = "en-GB"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def _lang(shape, lang: str = LANG) -> None:
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font._rPr.set("lang", lang)


def _slide(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    slide.shapes.title.text = title
    _lang(slide.shapes.title)
    return slide


def _text(slide, left, top, width, height, text: str, size: float = 14, name: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # python-pptx's text box grows to its text; this one does not
    box.text_frame.text = text
    for run in box.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)
    _lang(box)
    if name:
        box.name = name
    return box


def _chart(slide, descr: str | None = "Bar chart: A 40%, B 60%"):
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("Share", (0.4, 0.6))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(2.2), Inches(5), Inches(3), data)
    series = frame.chart.plots[0].series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = NAVY
    if descr is not None:
        frame._element.nvGraphicFramePr.cNvPr.set("descr", descr)
    return frame


def _findings(tmp_path, build, slides: int = 1) -> list:
    """Build a one-slide deck on python-pptx's default template (4:3, white) and check it."""
    prs = Presentation()
    for i in range(slides):
        build(prs, _slide(prs, f"A clean title {i + 1}"))
    path = tmp_path / "deck.pptx"
    prs.save(path)
    return check(path)


def _rules(findings) -> Counter:
    return Counter(f.rule for f in findings)


def test_contrast_ratios_by_hand():
    # WCAG 2.1: white on black is 21:1; #767676 on white is the classic 4.54:1 boundary grey.
    assert contrast(hex_rgb("FFFFFF"), hex_rgb("000000")) == pytest.approx(21.0)
    assert contrast(hex_rgb("767676"), hex_rgb("FFFFFF")) == pytest.approx(4.54, abs=0.01)


def test_a_clean_deck_has_no_findings(tmp_path):
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(1.6), Inches(9), Inches(0.5), "A short sentence in 14 pt.")
        _chart(slide)
        _text(slide, Inches(0.5), Inches(6.8), Inches(9), Inches(0.5), "Base: 100 people", size=9,
              name="Footnote")

    assert _findings(tmp_path, build, slides=2) == []


def test_overlap(tmp_path):
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(4), Inches(1), "First box")
        _text(slide, Inches(2.5), Inches(2.5), Inches(4), Inches(1), "Second box over the first")

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"overlap": 1}
    assert "First box" not in findings[0].detail and findings[0].slide == 1


def test_touching_within_a_point_is_not_an_overlap(tmp_path):
    # Rounding to EMU leaves neighbours a hair over each other: half a point is tolerated.
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(4), Inches(1), "Upper")
        _text(slide, Inches(0.5), Inches(3) - Emu(6350), Inches(4), Inches(1), "Lower")

    assert _findings(tmp_path, build) == []


def test_off_slide(tmp_path):
    def build(prs, slide):
        _text(slide, prs.slide_width - Inches(1), Inches(3), Inches(2), Inches(1), "Past the edge")

    assert _rules(_findings(tmp_path, build)) == {"off-slide": 1}


def test_eight_point_text(tmp_path):
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(6), Inches(1), "Too small to read", size=8)

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"font-size": 1}
    assert "8.0 pt" in findings[0].detail


def test_footnote_may_be_nine_but_not_eight_point(tmp_path):
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(6), Inches(9), Inches(0.5), "Base: 100", size=9, name="Footnote")
        _text(slide, Inches(0.5), Inches(6.7), Inches(9), Inches(0.5), "Source: x", size=8, name="Footnote")

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"font-size": 1}
    assert "Source" in findings[0].detail


def test_overflowing_text(tmp_path):
    # 2 in wide, 0.5 in tall at 18 pt: one line fits (0.4 in inside the insets); this needs four or more.
    words = "This sentence is far too long for a small box and wraps over many lines of text"

    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(2), Inches(0.5), words, size=18)

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"text-fit": 1}


def test_text_that_fits_is_not_flagged(tmp_path):
    # Two lines at 18 pt need 2 x 1.2 x 18 = 43.2 pt; the box gives 0.8 in = 57.6 pt less 7.2 pt of insets.
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(2.5), Inches(0.8), "Two short lines of words", size=18)

    assert _findings(tmp_path, build) == []


def test_a_word_wider_than_its_box_breaks(tmp_path):
    def build(prs, slide):
        _text(slide, Inches(0.5), Inches(2), Inches(1), Inches(2), "Unbreakableword", size=28)

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"text-fit": 1}
    assert "Unbreakableword" in findings[0].detail


def test_white_on_light_yellow(tmp_path):
    def build(prs, slide):
        box = _text(slide, Inches(0.5), Inches(2), Inches(6), Inches(1), "Hard to read")
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0x99)
        box.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"contrast-text": 1}
    # by hand: L(#FFFF99) = 0.2126 + 0.7152 + 0.0722 * 0.3185 = 0.9508; (1.05) / (1.0008) = 1.05
    assert "1.05:1" in findings[0].detail


def test_white_label_on_a_light_bar(tmp_path):
    def build(prs, slide):
        series = _chart(slide).chart.plots[0].series[0]
        series.format.fill.fore_color.rgb = RGBColor(0x7F, 0xB3, 0xD5)  # light blue, still 2.3:1 on white
        labels = series.data_labels
        labels.show_value = True
        labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        labels.font.size = Pt(12)
        labels.position = XL_LABEL_POSITION.INSIDE_END

    rules = _rules(_findings(tmp_path, build))
    assert rules["contrast-label"] == 1 and rules["contrast-fill"] == 1


def test_chart_without_alt_text(tmp_path):
    def build(prs, slide):
        _chart(slide, descr=None)

    findings = _findings(tmp_path, build)
    assert _rules(findings) == {"alt-text": 1}
    assert findings[0].shape.startswith("Chart")


def test_duplicate_title(tmp_path):
    prs = Presentation()
    for _ in range(2):
        _slide(prs, "The same title")
    path = tmp_path / "deck.pptx"
    prs.save(path)
    findings = check(path)
    assert [(f.slide, f.rule) for f in findings] == [(2, "duplicate-title")]


def test_missing_title_and_title_less_layout(tmp_path):
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[5])  # a title placeholder left empty
    prs.slides.add_slide(prs.slide_layouts[6])  # "Blank": no title placeholder at all
    path = tmp_path / "deck.pptx"
    prs.save(path)
    assert [(f.slide, f.rule) for f in check(path)] == [(1, "no-title"), (2, "title-less-layout")]


def test_text_without_a_language(tmp_path):
    def build(prs, slide):
        box = _text(slide, Inches(0.5), Inches(2), Inches(6), Inches(1), "No language")
        del box.text_frame.paragraphs[0].runs[0].font._rPr.attrib["lang"]

    assert _rules(_findings(tmp_path, build)) == {"language": 1}


def test_table_rows_grown_by_wrapped_text(tmp_path):
    def build(prs, slide):
        frame = slide.shapes.add_table(3, 2, Inches(0.5), Inches(2), Inches(4), Inches(0.9))
        frame._element.nvGraphicFramePr.cNvPr.set("descr", "A table")
        table = frame.table
        for row in table.rows:
            row.height = Inches(0.3)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.text = ("A label long enough to wrap over several lines of its column" if c == 0 and r
                             else "12%")
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                for run in cell.text_frame.paragraphs[0].runs:
                    run.font.size = Pt(12)
                    run.font.color.rgb = RGBColor(0, 0, 0)
                    run.font._rPr.set("lang", LANG)
        _text(slide, Inches(0.5), Inches(3), Inches(9), Inches(0.5), "Base: 100", size=10, name="Footnote")

    rules = _rules(_findings(tmp_path, build))
    assert rules == {"table-fit": 1, "overlap": 1}  # the grown table reaches the footnote


# --- the worked example and the stress fixture, built by deckgen --------------------------------

@pytest.mark.parametrize("deck", ["example", "16:9", "4:3"], ids=["example", "stress-16x9", "stress-4x3"])
def test_built_decks_have_no_findings(deck, example_deck, stress_decks):
    findings = check(example_deck if deck == "example" else stress_decks[deck][0].output)
    assert findings == [], f"{len(findings)} findings: {dict(_rules(findings))}\n" + "\n".join(
        str(f) for f in findings[:40])


def test_stress_fixture_covers_what_issue_10_asks(tmp_path):
    """The committed fixture holds what it claims: read back from its own files, not from deckgen."""
    import pandas as pd
    import yaml

    questions = yaml.safe_load((FIXTURE / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    data = pd.read_csv(FIXTURE / "responses.csv")
    slides = yaml.safe_load((FIXTURE / "slides.yaml").read_text(encoding="utf-8"))
    corp = yaml.safe_load((FIXTURE / "slides-4x3.yaml").read_text(encoding="utf-8"))
    assert (FIXTURE / "responses.csv").stat().st_size < 150_000 and 300 <= len(data) <= 1000
    lengths = [len(label) for label in questions["reason"]["labels"].values()]
    assert len(lengths) == 20 and min(lengths) >= 60 and max(lengths) == 120
    assert data["seg"].nunique() == 5 and data["seg"].value_counts().min() < 50
    assert list(questions["grid7"]["labels"].values())[:7][0] == "Strongly disagree"
    assert len(questions["grid7"]["labels"]) == 8 and "Don't know" in questions["grid7"]["labels"].values()
    assert sorted(int(k) for k in questions["nps"]["labels"]) == list(range(11))
    assert slides["data"]["weight"] == "w"
    assert len(questions["feature"]["labels"]) == 25
    kinds = {(s.get("question"), s.get("chart")) for s in slides["slides"] if s["kind"] == "chart"}
    assert ("feature", "table") in kinds and ("spend", "kpi") in kinds
    assert {k for _, k in kinds} == {"bar", "column", "stacked", "pie", "doughnut", "table", "kpi", "line", "dot", "combo"}
    project = copy_stress(tmp_path / "stress")  # the templates are written, not committed
    assert Presentation(str(project / corp["deck"]["template"])).slide_width == Inches(10)  # 4:3
    brand = Presentation(str(project / "templates" / "brand.pptx"))
    assert brand.slide_width * 9 == brand.slide_height * 16  # 16:9
