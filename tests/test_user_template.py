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
        "      Sociala medier: {{ top(q, 3) | join }} är de övriga", f"      {long} {{{{ top(q, 3) | join }}}} är de övriga")
    project.write_text(text, encoding="utf-8")
    result = build(project)
    assert any("slide 7: the title does not fit" in w for w in result.warnings)  # after the quotes
    assert result.output.exists()


# -- templates with no room, and shapes that must stay on the slide ------------------------------------


def _on_slide(deck_path) -> list[str]:
    """Every shape of every slide that is not wholly on the slide (an empty list when all are)."""
    prs = Presentation(str(deck_path))
    off = []
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            if None in box or box[0] < 0 or box[1] < 0 or box[2] <= 0 or box[3] <= 0 \
                    or box[0] + box[2] > prs.slide_width or box[1] + box[3] > prs.slide_height:
                off.append(f"slide {number}: {shape.name} {box}")
    return off


def test_every_shape_of_the_example_and_of_a_4_3_deck_is_on_the_slide(example_deck, corporate):
    assert _on_slide(example_deck) == []
    assert _on_slide(build(corporate).output) == []


def _resized(project, width_in: float, height_in: float):
    from pptx.util import Inches

    template = project.parent / "templates" / "brand.pptx"
    prs = Presentation(str(template))
    prs.slide_width, prs.slide_height = Inches(width_in), Inches(height_in)
    prs.save(str(template))
    return template


def test_a_template_too_small_for_a_chart_is_an_error_before_anything_is_written(project):
    """Found by attack: a 1 x 1 inch template gave a chart of negative height, with exit 0."""
    _resized(project, 1, 1)
    with pytest.raises(InputError, match=r"slides.yaml:\d+:\d+: deck.template: the template's slides are "
                                         r"1 × 1 in, too small"):
        build(project)
    assert not (project.parent / "out").exists()


def test_a_layout_whose_placeholders_lie_off_the_slide_is_named(project):
    """Shrinking the slide but not the layouts leaves the Title layout's placeholders off the page."""
    _resized(project, 6, 3.5)
    with pytest.raises(InputError, match=r"deck.layouts.\w+: layout '\w+' puts its placeholder .* outside the "
                                         r"6 × 3.5 in slide"):
        build(project)


def test_a_chart_layout_with_no_room_between_title_and_footnote_is_an_error(corporate):
    """python-pptx's 'Title Only' layout, with its title stretched down to the bottom of the slide."""
    template = corporate.parent / "corporate.pptx"
    prs = Presentation(str(template))
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Only")
    title = layout.placeholders[0]
    left, top, width = title.left, title.top, title.width
    title.left, title.top, title.width, title.height = left, top, width, prs.slide_height - top - 1
    prs.save(str(template))
    with pytest.raises(InputError, match=r"deck.layouts.chart: layout 'Title Only' leaves .* in for the chart"):
        build(corporate)


def test_a_template_missing_a_layout_part_is_damaged_not_an_internal_error(project, tmp_path):
    import zipfile

    template = project.parent / "templates" / "brand.pptx"
    with zipfile.ZipFile(template) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    assert any(info.filename == "ppt/slideLayouts/slideLayout4.xml" for info, _ in parts)
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename != "ppt/slideLayouts/slideLayout4.xml":
                z.writestr(info, data)
    with pytest.raises(InputError, match=r"deck.template: template 'brand.pptx' is damaged"):
        build(project)
