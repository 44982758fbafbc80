"""Significance marks as a reader sees them: beside a live value, smaller, raised and in their own colour,
never lost with a thin segment's label, and explained in the footnote only on slides that show one."""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import pandas as pd
import pytest
import yaml
from lxml import etree
from pptx import Presentation

from deckgen.build import build
from deckread import read_deck
from layoutcheck import contrast, hex_rgb

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LETTERS = "Letter = significantly higher than the column with that letter (95%)"

CODEBOOK = {"questions": {
    "region": {"type": "single", "text": "Region", "labels": {1: "North", 2: "South", 3: "East"}},
    "seen": {"type": "multi", "text": "Which ads have you seen?",
             "options": {"seen_tv": "TV", "seen_web": "Web", "seen_print": "Print"}},
    "even": {"type": "single", "text": "Which do you prefer?", "labels": {1: "Tea", 2: "Coffee"}},
}}


def make_data() -> pd.DataFrame:
    """300 respondents per region. TV differs by region (the tests must find it); 'even' is split
    exactly alike in every region, so no test can find a difference there."""
    rng = np.random.default_rng(11)
    region = np.repeat([1, 2, 3], 300)
    df = pd.DataFrame({"region": region, "even": np.tile([1, 2], 450)})
    for col, p in (("seen_tv", np.array([0.0, 0.75, 0.45, 0.2])[region]), ("seen_web", 0.4), ("seen_print", 0.2)):
        df[col] = (rng.random(len(df)) < p).astype(float)
    return df


def write(tmp_path, root, slides: list[dict], template: str | None = "brand") -> tuple:
    df = make_data()
    df.to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(CODEBOOK), encoding="utf-8")
    deck = {"title": "Marks", "locale": "en", "output": "out/deck.pptx",
            "template": str(root / "templates" / "brand.pptx")}
    if template is None:  # python-pptx's own 4:3 template, a stand-in for a customer's
        Presentation().save(tmp_path / "default.pptx")
        deck.update(template="default.pptx", layouts={"title": "Title Slide", "section": "Section Header",
                                                      "bullets": "Title and Content", "chart": "Title Only"})
    spec = {"deck": deck, "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": slides}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp_path / "slides.yaml", df


def letters_by_hand(df: pd.DataFrame, col: str) -> dict[int, str]:
    """Each region's letters for one option: two-sided z on pooled shares at 95%, with plain pandas."""
    shares = {r: (df[col][df.region == r].mean(), (df.region == r).sum()) for r in (1, 2, 3)}
    letters = {}
    for a in shares:
        letters[a] = ""
        for b, letter in zip((1, 2, 3), "ABC"):
            (p1, n1), (p2, n2) = shares[a], shares[b]
            if a == b:
                continue
            pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
            z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            letters[a] += letter if z > 1.959964 else ""
    return letters


def chart_root(path, slide_index: int):
    prs = Presentation(str(path))
    frame = next(sh for sh in prs.slides[slide_index].shapes if sh.has_chart)
    return etree.fromstring(frame.chart.part.blob), prs


def footnote(slide) -> str:
    return next(t for t in slide.texts if t.startswith("Question:"))


def theme_colours(path) -> dict[str, str]:
    """The first theme's colour scheme of a deck, slot -> hex (system colours by their last colour)."""
    with zipfile.ZipFile(path) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    scheme = theme.find(f".//{A}clrScheme")
    return {etree.QName(slot).localname: (slot[0].get("lastClr") or slot[0].get("val")) for slot in scheme}


@pytest.mark.parametrize("template", ["brand", None])  # the brand template, and python-pptx's default
def test_marks_are_smaller_raised_coloured_runs_after_a_live_value(tmp_path, root, template):
    spec, df = write(tmp_path, root, [{"kind": "chart", "question": "seen", "chart": "bar", "by": "region"}],
                     template)
    out = build(spec).output
    chart, _ = chart_root(out, 0)
    expected = letters_by_hand(df, "seen_tv")
    assert any(expected.values())  # the data differ enough for letters, so this test can fail
    scheme = theme_colours(out)
    slot = {"tx1": "dk1", "tx2": "dk2", "bg1": "lt1", "bg2": "lt2"}
    found = 0
    for j, ser in enumerate(chart.iter(f"{C}ser")):
        labels = {int(d.find(f"{C}idx").get("val")): d for d in ser.iter(f"{C}dLbl")}
        tv = labels.get(0)  # TV is the first category
        letters = expected[j + 1]
        if not letters:
            assert tv is None or tv.find(f".//{A}fld") is None
            continue
        found += 1
        field = tv.find(f"{C}tx/{C}rich/{A}p/{A}fld")
        assert field.get("type") == "VALUE"  # the number is the chart's value, not text
        share = df.seen_tv[df.region == j + 1].mean()
        assert field.findtext(f"{A}t") == f"{round(100 * share)}%"  # its cached text, as PowerPoint shows it
        assert tv.find(f"{C}numFmt").get("formatCode") == "0%"  # no literal left in the number format
        run = field.getparent().find(f"{A}r")
        assert run.findtext(f"{A}t").strip() == letters
        value_size = int(field.find(f"{A}rPr").get("sz"))
        mark_size = int(run.find(f"{A}rPr").get("sz"))
        assert mark_size <= 0.75 * value_size
        assert int(run.find(f"{A}rPr").get("baseline")) > 0  # raised, like a superscript
        mark_colour = run.find(f"{A}rPr/{A}solidFill/{A}schemeClr").get("val")
        value_fill = field.find(f"{A}rPr/{A}solidFill/{A}schemeClr")
        value_colour = value_fill.get("val") if value_fill is not None else "tx1"  # the chart's text colour
        assert mark_colour != value_colour
        assert scheme[slot[mark_colour]] != scheme[slot[value_colour]]
        assert contrast(hex_rgb(scheme[slot[mark_colour]]), hex_rgb(scheme["lt1"])) >= 4.5  # on the slide's background
    assert found == sum(bool(v) for v in expected.values())
    Presentation(str(out)).save(tmp_path / "resaved.pptx")  # python-pptx opens and writes it again
    assert [s.point_marks for s in read_deck(tmp_path / "resaved.pptx")[0].charts[0].series] == \
        [s.point_marks for s in read_deck(out)[0].charts[0].series]


def test_footnote_explains_marks_only_where_the_slide_shows_them(tmp_path, root):
    spec, df = write(tmp_path, root, [
        {"kind": "chart", "question": "seen", "chart": "bar", "by": "region"},
        {"kind": "chart", "question": "even", "chart": "bar", "by": "region"},
        {"kind": "chart", "question": "seen", "chart": "table", "by": "region"},
        {"kind": "chart", "question": "even", "chart": "table", "by": "region"},
        {"kind": "chart", "question": "seen", "chart": "bar", "by": "region", "test": False},
    ])
    for r in (1, 2, 3):  # 'even' really is split alike: nothing to mark
        assert df.even[df.region == r].value_counts().tolist() == [150, 150]
    slides = read_deck(build(spec).output)
    assert LETTERS in footnote(slides[0])  # bars with letters
    assert LETTERS not in footnote(slides[1])  # tested, nothing significant
    assert any(cell.endswith(" B") or cell.endswith(" C") or cell.endswith(" BC")
               for row in slides[2].tables[0] for cell in row)
    assert LETTERS in footnote(slides[2])  # a table with letters
    assert LETTERS not in footnote(slides[3])
    assert LETTERS not in footnote(slides[4])  # not tested
    assert "Base:" in footnote(slides[1]) and "n=900" in footnote(slides[1])  # the base line is still whole


def test_a_thin_stacked_segment_keeps_its_mark(tmp_path, root):
    """In a stack, labels of slivers are hidden; one carrying a mark is kept, moved off its bar."""
    from deckgen.render.kinds import DRAW
    from deckgen.render.placement import Placement
    from deckgen.stats import Axis, Table
    from deckgen.stats.significance import with_tests

    props = np.array([[0.01, 0.20, 0.10], [0.99, 0.80, 0.90]])  # segment 1's 1% is far below the rest
    bases = np.full((2, 3), 1000.0)
    rows = Axis("answer", ("Yes", "No"), key="q", exclusive=True)
    columns = Axis("segment", ("S1", "S2", "S3"), key="s", bases=bases.max(axis=0))
    table = with_tests(Table("q", rows, columns, "share", props * bases, props, bases, 3000), versus="rest")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    drawn = DRAW["stacked"](slide.shapes, table, Placement((457200, 457200, 8229600, 5029200), "en"))
    root_el = etree.fromstring(drawn.frame.chart.part.blob)
    yes = next(ser for ser in root_el.iter(f"{C}ser") if ser.find(f"{C}tx").findtext(f".//{C}v") == "Yes")
    label = next(d for d in yes.iter(f"{C}dLbl") if d.find(f"{C}idx").get("val") == "0")
    assert label.find(f"{C}delete") is None  # 1% is under the stack's label threshold, but marked
    assert label.find(f".//{A}fld").get("type") == "VALUE"
    assert label.find(f".//{A}r/{A}t").text.strip() == "\u25bc"
    assert label.find(f"{C}layout/{C}manualLayout") is not None  # moved where it can be read
    # S1 (1% against 15% of the rest) and S2 (20% against 5.5%) differ in both rows; S3 (10% against 10.5%) not
    assert drawn.marks == 4
    prs.save(tmp_path / "stack.pptx")
    audit = pytest.importorskip("openxml_audit")
    assert [str(e) for e in audit.validate_pptx(str(tmp_path / "stack.pptx")).errors] == []


def test_kpi_marks_take_the_mark_colour(tmp_path, root):
    from deckgen.render.kinds import DRAW
    from deckgen.render.placement import Placement
    from deckgen.stats import Axis, Table
    from deckgen.stats.significance import with_tests

    props = np.array([[0.30, 0.60]])
    bases = np.full((1, 2), 500.0)
    table = with_tests(Table("q", Axis("answer", ("Yes",), key="q"),
                             Axis("segment", ("S1", "S2"), key="s", bases=bases.max(axis=0)),
                             "share", props * bases, props, bases, 1000))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    drawn = DRAW["kpi"](slide.shapes, table, Placement((457200, 457200, 8229600, 5029200), "en"))
    assert drawn.marks == 1 and drawn.frame is None
    runs = [r for sh in slide.shapes for p in sh.text_frame.paragraphs for r in p.runs if r.text == "A"]
    assert len(runs) == 1
    colour = runs[0]._r.find(f"{A}rPr/{A}solidFill/{A}schemeClr").get("val")
    number = next(r for sh in slide.shapes for p in sh.text_frame.paragraphs for r in p.runs if r.text.startswith("60"))
    assert colour == "tx2" and number._r.find(f"{A}rPr/{A}solidFill/{A}schemeClr").get("val") != colour
    buffer = io.BytesIO()
    prs.save(buffer)  # and python-pptx writes it


def test_thin_marked_labels_moved_into_one_gap_never_overlap(tmp_path):
    """Slivers at the same place in bar after bar, all marked: each label moved off its bar goes above or
    below it, and the gap between two bars takes labels from both; no two labels in a gap may overlap (the
    benchmark deck's "4% AD" over "3% C"). Where each label lands is read back from the chart's XML."""
    from deckgen.render.frame import ChartFrame
    from deckgen.render.kinds import DRAW
    from deckgen.render.placement import Placement
    from deckgen.render.textfit import text_width
    from deckgen.stats import Axis, Table
    from deckgen.stats.significance import with_tests

    n_bars = 5
    # two slivers at the right end of every bar, shares that differ between bars so that they are marked
    thin = np.array([[0.02, 0.06, 0.03, 0.07, 0.02], [0.07, 0.02, 0.06, 0.03, 0.07]])
    props = np.vstack([1 - thin.sum(axis=0), thin])
    bases = np.full(props.shape, 20000.0)
    rows = Axis("answer", ("Most", "Thin 1", "Thin 2"), key="q", exclusive=True)
    columns = Axis("segment", tuple(f"S{j}" for j in range(n_bars)), key="s", bases=bases.max(axis=0))
    table = with_tests(Table("q", rows, columns, "share", props * bases, props, bases, int(bases[0].sum())),
                       versus="rest")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    rect = (457200, 457200, 8229600, 5029200)
    drawn = DRAW["stacked"](slide.shapes, table, Placement(rect, "en"))
    root_el = etree.fromstring(drawn.frame.chart.part.blob)
    frame = ChartFrame(rect)
    plot_width = frame.plot(True)[2]
    gaps: dict[int, list[tuple[float, float]]] = {}
    for r, ser in enumerate(root_el.iter(f"{C}ser")):
        for d in ser.iter(f"{C}dLbl"):
            manual = d.find(f"{C}layout/{C}manualLayout")
            if manual is None:
                continue
            bar = int(d.find(f"{C}idx").get("val"))
            below = float(manual.find(f"{C}y").get("val")) > 0
            text = "".join(t.text for t in d.iter(f"{A}t"))
            middle = plot_width * (props[:r, bar].sum() + props[r, bar] / 2) + \
                float(manual.find(f"{C}x").get("val")) * frame.width
            half = text_width(text, 10) / 2  # the smallest label size: the narrowest a label can be
            gaps.setdefault(bar + below, []).append((middle - half, middle + half))
    moved = sum(len(spans) for spans in gaps.values())
    assert moved >= n_bars  # most slivers were too thin for their labels, and all are marked
    for gap, spans in gaps.items():
        spans.sort()
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert b0 >= a1, (gap, spans)
