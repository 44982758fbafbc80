"""Chart layout rules: labels only where they fit, categories top to bottom, gaps for empty cells."""

from __future__ import annotations

import numpy as np
import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Inches

from deckgen.render.kinds import DRAW
from deckgen.render.placement import Placement
from deckgen.stats import Axis, Table

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
RECT = (Inches(0.5), Inches(1.5), Inches(12.3), Inches(4.9))


def table(n_rows: int, columns: list[str], empty_cell: bool = False) -> Table:
    rng = np.random.default_rng(1)
    counts = rng.integers(1, 100, size=(n_rows, len(columns))).astype(float)
    if empty_cell:
        counts[:, -1] = 0
    with np.errstate(invalid="ignore"):
        props = np.where(counts.sum(axis=0) > 0, counts / counts.sum(axis=0), np.nan)
    answers = Axis("answer", tuple(f"Category {i}" for i in range(n_rows)), key="q", exclusive=True)
    across = Axis("segment", tuple(columns), key="seg", bases=[100] * len(columns)) if len(columns) > 1 else Axis(
        "total", tuple(columns), bases=[100])
    return Table("q", answers, across, "share", counts, props, np.full(counts.shape, 100.0), 100 * len(columns))


def chart_xml(t: Table, kind: str = "bar", locale: str = "en", tmp_path=None):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = DRAW[kind](slide.shapes, t, Placement(RECT, locale)).frame
    if tmp_path is not None:  # the chart must stay valid OOXML whatever the layout rules decide
        audit = pytest.importorskip("openxml_audit")
        prs.save(tmp_path / "chart.pptx")
        assert [str(e) for e in audit.validate_pptx(str(tmp_path / "chart.pptx")).errors] == []
    return etree.fromstring(frame.chart.part.blob)


def flag(element) -> bool:
    """An OOXML boolean element: a missing val means true."""
    return element.get("val", "1") in ("1", "true")


def labels_shown(root) -> bool:
    return any(el.get("val") == "1" for el in root.iter(f"{C}showVal"))


def test_a_roomy_chart_labels_every_bar_and_hides_the_axis(tmp_path):
    root = chart_xml(table(6, ["Total"]), tmp_path=tmp_path)
    assert labels_shown(root)
    assert flag(root.find(f".//{C}valAx/{C}delete"))
    assert flag(root.find(f".//{C}autoTitleDeleted"))


def test_a_crowded_chart_shows_a_value_axis_instead_of_overlapping_labels(tmp_path):
    root = chart_xml(table(9, ["North", "South", "East", "West"]), tmp_path=tmp_path)
    assert not labels_shown(root)
    value_axis = root.find(f".//{C}valAx")
    assert not flag(value_axis.find(f"{C}delete"))
    assert value_axis.find(f"{C}majorGridlines") is not None
    assert value_axis.find(f"{C}numFmt").get("formatCode") == "0%"
    assert value_axis.find(f"{C}crosses").get("val") == "max"  # at the bottom of top-down bars


def test_horizontal_bars_read_top_down_and_locale_formats_labels():
    root = chart_xml(table(4, ["Total"]), locale="sv")
    assert root.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"
    assert root.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == '0"\u00a0"%'


def test_an_empty_segment_is_a_gap_not_zero():
    root = chart_xml(table(3, ["A", "B"], empty_cell=True))
    empty_series = root.findall(f".//{C}ser")[1]
    assert empty_series.findall(f"{C}val//{C}pt") == []  # no points: PowerPoint draws nothing


@pytest.mark.parametrize("kind", ["pie", "doughnut"])
def test_slices_of_residual_answers_are_grey_as_the_table_says(kind):
    """The table says which rows are residual answers (the codebook's roles, or an 'Other' that top
    folded): those slices are grey, whatever their label reads like; the others take accent colours."""
    from dataclasses import replace

    t = table(4, ["Total"])
    t = replace(t, rows=replace(t.rows, residual=frozenset({"Category 2"})))
    points = chart_xml(t, kind).findall(f".//{C}ser/{C}dPt")
    fills = [p.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}spPr")[0][0] for p in points]
    rgb = [[int(f.get("val")[i:i + 2], 16) for i in (0, 2, 4)] if f.tag.endswith("srgbClr") else None
           for f in fills]
    fills = [f.get("val") if c is None else "grey" if max(c) - min(c) < 10 else f.get("val")
             for f, c in zip(fills, rgb)]
    assert fills == ["accent1", "accent2", "grey", "accent3"]


@pytest.mark.parametrize("kind", ["column", "line"])
def test_category_labels_along_the_bottom_are_written_across_not_turned(kind, tmp_path):
    """Long labels turned 45° left a column chart a third of its height (seen on a 4:3 template)."""
    body = chart_xml(table(6, ["Total"]), kind, tmp_path=tmp_path).find(
        f"{C}chart/{C}plotArea/{C}catAx/{C}txPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}bodyPr")
    assert body is not None and body.get("rot") == "0" and body.get("vert") == "horz"


def test_bar_chart_category_labels_are_left_as_they_are():
    body = chart_xml(table(6, ["Total"]), "bar").find(
        f"{C}chart/{C}plotArea/{C}catAx/{C}txPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}bodyPr")
    assert body is None or body.get("rot") is None
