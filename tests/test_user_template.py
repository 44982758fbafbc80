"""A customer's own template: layouts mapped by name in the spec, theme colours followed."""

from __future__ import annotations

import pytest
import yaml
from pptx import Presentation

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck
from test_chart_kinds import write_project

LAYOUTS = {"title": "Title Slide", "section": "Section Header", "bullets": "Title and Content",
           "chart": "Title Only"}


@pytest.fixture
def corporate(tmp_path, root):
    """python-pptx's default 4:3 template stands in for a corporate one, with two sample slides."""
    prs = Presentation()
    for layout in (prs.slide_layouts[0], prs.slide_layouts[1]):
        prs.slides.add_slide(layout).shapes.title.text = "Company sample slide"
    prs.save(tmp_path / "corporate.pptx")
    spec_path, df = write_project(tmp_path, root)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["deck"]["template"] = "corporate.pptx"
    spec["deck"]["layouts"] = LAYOUTS
    spec["slides"].insert(1, {"kind": "bullets", "title": "Summary", "bullets": ["{{ top('brand') }} leads"]})
    spec["slides"].insert(1, {"kind": "section", "title": "Results"})
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return spec_path


def test_mapped_layouts_build_a_valid_deck(corporate):
    result = build(corporate)
    prs = Presentation(str(result.output))
    names = [s.slide_layout.name for s in prs.slides]
    assert names[:3] == ["Title Slide", "Section Header", "Title and Content"]
    assert set(names[3:]) == {"Title Only"}
    deck = read_deck(result.output)
    assert all("Company sample slide" not in s.title for s in deck)
    assert deck[2].texts == ["Summary", "Alpha leads"]  # bullets land in the layout's content placeholder
    audit = pytest.importorskip("openxml_audit")
    assert [str(e) for e in audit.validate_pptx(str(result.output)).errors] == []


def test_chart_sits_between_title_and_footnote_on_the_slide(corporate):
    prs = Presentation(str(build(corporate).output))
    for slide in list(prs.slides)[3:]:
        title = slide.shapes.title
        frames = [s for s in slide.shapes if s.has_chart or s.has_table]
        footnote = next(s for s in slide.shapes if s.name == "Footnote")
        assert len(frames) == 1
        frame = frames[0]
        assert frame.top >= title.top + title.height
        assert frame.top + frame.height <= footnote.top
        assert footnote.top + footnote.height <= prs.slide_height
        assert frame.left >= 0 and frame.left + frame.width <= prs.slide_width


def test_unknown_layout_lists_the_templates_layouts(corporate):
    text = corporate.read_text(encoding="utf-8").replace("chart: Title Only", "chart: Title Onyl")
    corporate.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(corporate)
    message = str(info.value)
    assert "no layout named 'Title Onyl' (did you mean 'Title Only'?)" in message
    assert "deck.layouts.chart" in message
    assert f":{text.splitlines().index('    chart: Title Onyl') + 1}:" in message


def test_a_headline_too_long_to_fit_is_a_warning_not_a_failure(project):
    long = "Mycket lång rubrik " * 30
    text = project.read_text(encoding="utf-8").replace(
        "      Sociala medier: {{ top(q) }} är det område", f"      {long} {{{{ top(q) }}}} är det område")
    project.write_text(text, encoding="utf-8")
    result = build(project)
    assert any("slide 7: the title does not fit" in w for w in result.warnings)
    assert result.output.exists()
