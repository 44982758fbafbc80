"""The default brand template: regenerate it with templates/make_template.py and check its contract."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Inches

from deckgen.render.xmlfix import fast_placeholders

SCRIPT = Path(__file__).resolve().parents[1] / "templates" / "make_template.py"
LAYOUT_NAMES = ["Title", "Section", "Bullets", "Chart", "Blank"]
A_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def generate(path: Path) -> Path:
    subprocess.run([sys.executable, str(SCRIPT), str(path)], check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("template") / "brand.pptx")


@pytest.fixture(scope="module")
def prs(template):
    return Presentation(str(template))


def layout(prs, name):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def test_slide_size_is_16_9(prs):
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


def test_layouts_are_exactly_the_five_named_ones(prs, template):
    assert [layout.name for layout in prs.slide_layouts] == LAYOUT_NAMES
    with zipfile.ZipFile(template) as zf:  # deleted layouts leave no orphan parts behind
        assert len([n for n in zf.namelist() if n.startswith("ppt/slideLayouts/slideLayout")]) == 5


def test_chart_layout_has_title_and_chart_placeholder(prs):
    chart_layout = layout(prs, "Chart")
    types = {ph.placeholder_format.idx: ph.placeholder_format.type for ph in chart_layout.placeholders}
    assert types == {0: PP_PLACEHOLDER.TITLE, 10: PP_PLACEHOLDER.CHART}
    # deckgen draws the question text and base footnote in the bottom ~0.95 in itself
    for ph in chart_layout.placeholders:
        assert ph.top + ph.height <= prs.slide_height - Inches(0.95)


def test_placeholders_are_placed_for_16_9(prs):
    slide_w, slide_h = prs.slide_width, prs.slide_height
    holders = [*prs.slide_master.placeholders]
    holders += [ph for lay in prs.slide_layouts for ph in lay.placeholders]
    for ph in holders:
        assert 0 <= ph.left and ph.left + ph.width <= slide_w, ph.name
        assert 0 <= ph.top and ph.top + ph.height <= slide_h, ph.name
    body = layout(prs, "Bullets").placeholders.get(idx=1)
    assert body.width > Inches(12)  # rescaled, not left at the 4:3 width


def test_theme_colours(template):
    with zipfile.ZipFile(template) as zf:
        theme = etree.fromstring(zf.read("ppt/theme/theme1.xml"))
    assert theme.get("name") == "deckgen Brand"
    scheme = theme.find(".//a:clrScheme", A_NS)
    assert scheme.get("name") == "deckgen"
    assert scheme.find("a:accent1/a:srgbClr", A_NS).get("val") == "1F4E79"
    assert scheme.find("a:dk2/a:srgbClr", A_NS).get("val") == "1F3A5F"


def test_sample_slides_ship_with_the_template(prs):
    slides = list(prs.slides)
    assert [s.slide_layout.name for s in slides] == ["Title", "Chart"]
    assert slides[0].shapes.title.text == "Sample title"


def test_generation_is_deterministic(template, tmp_path):
    assert generate(tmp_path / "again.pptx").read_bytes() == template.read_bytes()


def test_passes_openxml_audit(template):
    openxml_audit = pytest.importorskip("openxml_audit")
    result = openxml_audit.validate_pptx(str(template))
    assert not result.errors, [str(e) for e in result.errors][:20]
    assert result.is_valid


def test_placeholder_lookup_finds_the_element_in_the_xml(root, example_deck):
    """``render.xmlfix.fast_placeholders`` replaces python-pptx's placeholder lookup for the whole process:
    on every shape of the brand template, python-pptx's default template and the built example (masters,
    layouts and slides) it must find the ``p:ph`` the XML holds: in the shape's first child, its ``p:nvPr``."""
    fast_placeholders()
    placeholders = 0
    for prs in (Presentation(root / "templates" / "brand.pptx"), Presentation(), Presentation(example_deck)):
        for owner in [*prs.slide_masters, *prs.slide_layouts, *prs.slides]:
            for shape in owner.shapes:
                first = next(shape._element.iterchildren(etree.Element), None)
                properties = first.find(qn("p:nvPr")) if first is not None else None
                expected = properties.find(qn("p:ph")) if properties is not None else None
                assert shape._element.ph is expected
                assert shape.is_placeholder == (expected is not None)
                placeholders += expected is not None
    assert placeholders > 50  # the check saw the templates' placeholders
