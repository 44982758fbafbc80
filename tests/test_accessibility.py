"""An accessible, consistent deck: one headline size, titles first and unique, the deck's language on
all its text, slide numbers clear of everything else, KPI numbers on one line with their n, and a
warning for a headline that quotes a low-base figure.

Everything is read back from the saved file with lxml and python-pptx and checked against values
computed here: colours from the theme XML, shares from the respondent file with pandas.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml
from PIL import ImageFont
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen.build import build
from layoutcheck import Theme, contrast

ROOT = Path(__file__).resolve().parents[1]
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


# -- the stress decks (16:9 brand template, python-pptx's 4:3 default) --------------------------------

@pytest.fixture(scope="module")
def stress(stress_decks):
    """Both stress decks (conftest): {'16:9': (result, folder), '4:3': (result, folder)}."""
    return stress_decks


def _parts(path: Path, prefix: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name)) for name in sorted(z.namelist())
                if name.startswith(prefix) and name.endswith(".xml")}


def _slide_kinds(folder: Path, spec: str) -> list[str]:
    return [s["kind"] for s in yaml.safe_load((folder / spec).read_text())["slides"]]


@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_every_chart_headline_has_the_same_size(stress, shape):
    result, folder = stress[shape]
    prs = Presentation(str(result.output))
    kinds = _slide_kinds(folder, "slides.yaml" if shape == "16:9" else "slides-4x3.yaml")
    sizes = set()
    for kind, slide in zip(kinds, prs.slides):
        if kind != "chart":
            continue
        title = slide.shapes.title
        runs = [run for paragraph in title.text_frame.paragraphs for run in paragraph.runs]
        assert runs and all(run.font.size is not None for run in runs)
        sizes |= {run.font.size.pt for run in runs}
    assert kinds.count("chart") > 20  # many slides, many headline lengths
    assert len(sizes) == 1, sizes
    assert 18 <= sizes.pop() <= 24


@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_the_decks_language_is_on_every_run_and_chart(stress, shape):
    result, _ = stress[shape]
    parts = {**_parts(result.output, "ppt/slides/slide"), **_parts(result.output, "ppt/notesSlides/"),
             **_parts(result.output, "ppt/charts/chart")}
    charts = [root for name, root in parts.items() if name.startswith("ppt/charts/")]
    assert len(charts) > 15
    checked = 0
    for name, root in parts.items():
        for run in root.xpath(".//a:r | .//a:fld", namespaces=NS):  # every run has its properties ...
            assert run.find("a:rPr", NS) is not None, name
        for props in root.xpath(".//a:rPr | .//a:endParaRPr | .//a:defRPr", namespaces=NS):
            assert props.get("lang") == "en-GB", name  # ... and they say the deck's language
            checked += 1
    assert checked > 500
    for root in charts:
        assert root.find("c:lang", NS).get("val") == "en-GB"
        assert root.find("c:txPr", NS) is not None


def test_a_swedish_deck_says_sv_SE(example_deck):
    slides = _parts(example_deck, "ppt/slides/slide")
    langs = {p.get("lang") for root in slides.values() for p in root.xpath(".//a:rPr", namespaces=NS)}
    assert langs == {"sv-SE"}


def _rect(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_slide_numbers_on_every_slide_but_the_cover_and_clear_of_other_shapes(stress, shape):
    result, folder = stress[shape]
    prs = Presentation(str(result.output))
    kinds = _slide_kinds(folder, "slides.yaml" if shape == "16:9" else "slides-4x3.yaml")
    for number, (kind, slide) in enumerate(zip(kinds, prs.slides), 1):
        fields = slide.shapes._spTree.xpath(".//a:fld[@type='slidenum']")
        if kind == "title":
            assert fields == []
            continue
        assert len(fields) == 1
        assert fields[0].findtext("a:t", namespaces=NS) == str(number)
        assert int(fields[0].find("a:rPr", NS).get("sz")) >= 900  # at least 9 pt
        holder = next(s for s in slide.shapes if s._element.xpath(".//a:fld[@type='slidenum']"))
        box = _rect(holder)
        assert box[2] <= prs.slide_width and box[3] <= prs.slide_height and min(box) >= 0
        others = [s for s in slide.shapes if s is not holder and s.shape_id != holder.shape_id]
        assert others
        for other in others:
            assert not _overlap(box, _rect(other)), (number, other.name)
    # the 4:3 template has a slide-number placeholder, and deckgen uses it
    if shape == "4:3":
        phs = [s for s in prs.slides[3].placeholders if s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER]
        assert len(phs) == 1


@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_the_title_is_the_first_shape_of_every_slide(stress, shape):
    result, _ = stress[shape]
    for slide in Presentation(str(result.output)).slides:
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type in TITLES
        assert first.text_frame.text.strip()


# -- contrast of the footnote and slide number, from each template's theme ---------------------------

@pytest.mark.parametrize("shape", ["16:9", "4:3"])
def test_footnote_and_slide_number_text_have_contrast(stress, shape):
    result, _ = stress[shape]
    prs = Presentation(str(result.output))
    theme = Theme(prs.slide_master)  # the checker's reading of the theme, not deckgen's
    master = prs.slide_master._element
    with zipfile.ZipFile(result.output) as z:
        slide = etree.fromstring(z.read("ppt/slides/slide4.xml"))
    assert slide.find("p:cSld/p:bg", NS) is None  # the slide keeps the master's background
    back = theme.colour(master.find("p:cSld/p:bg//a:schemeClr", NS))
    colours = [el for el in slide.xpath(".//a:rPr/a:solidFill/a:schemeClr", namespaces=NS)
               if el.getparent().getparent().getparent().tag in (f"{{{NS['a']}}}r", f"{{{NS['a']}}}fld")]
    footnote_like = [el for el in colours if el.find("a:lumOff", NS) is not None]
    assert len(footnote_like) >= 3  # the footnote's lines and the slide number
    for el in footnote_like:
        shown = theme.colour(el)
        assert contrast(shown, back) >= 4.5, (shown, back)


# -- KPI ----------------------------------------------------------------------------------------------

#: A conservative width for one character of a bold number or unit, as a fraction of its size
#: (Calibri bold digits are about 0.51 em, capitals up to 0.65).
CHAR_EM = 0.6
INSETS_PT = 14.4  # a text box's default left and right insets, 0.1 in each


def test_kpi_numbers_fit_one_line_on_4x3_and_show_their_n(stress):
    result, folder = stress["4:3"]
    prs = Presentation(str(result.output))
    data = pd.read_csv(folder / "responses.csv")
    answered = data[data.spend.notna()]
    labels = {1: "Northern region", 2: "Southern region", 3: "Eastern and central region",
              4: "Western region", 5: "Islands"}
    expected_n = {labels[k]: len(v) for k, v in answered.groupby("seg")}
    kpi_boxes = [s for slide in prs.slides for s in slide.shapes if s.name.startswith("KPI ")]
    assert len(kpi_boxes) == 6  # one overall, five segments
    for box in kpi_boxes:
        value = box.text_frame.paragraphs[0]
        width = sum(CHAR_EM * run.font.size.pt * len(run.text) for run in value.runs)
        assert width + INSETS_PT <= box.width / 12700, (box.text_frame.text, width)
        assert value.runs[0].font.size.pt >= 16
        lines = box.text_frame.text.split("\n")
        assert re.fullmatch(r"n=\d{1,3}(,\d{3})*", lines[-1])
        if lines[1] in expected_n or lines[1].rstrip("*") in expected_n:
            assert lines[-1] == f"n={expected_n[lines[1].rstrip('*')]:,}"
        else:  # the overall mean
            assert lines[-1] == f"n={len(answered):,}"


# -- warnings from the example project ----------------------------------------------------------------

def _with_slides(project: Path, extra: list[dict]) -> Path:
    spec = yaml.safe_load(project.read_text(encoding="utf-8"))
    spec["slides"] += extra
    project.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def _percent_sv(points: float) -> str:
    return f"{Decimal(repr(float(points))).quantize(Decimal(1), rounding=ROUND_HALF_UP)}\u00a0%"


#: 190 characters: three lines in a 16:9 title box at any size from 24 to 18 pt (about 80 characters a line).
LONG = ("Kommunerna använder sociala medier på många olika sätt och i många olika verksamheter, från kultur "
        "och fritid till skola, äldreomsorg och räddningstjänst, och de flesta planerar att göra mer under "
        "de kommande åren")


def test_a_headline_that_needs_three_lines_warns_and_shares_the_size(project):
    spec = yaml.safe_load(project.read_text(encoding="utf-8"))
    before = len(spec["slides"])
    _with_slides(project, [{"kind": "chart", "question": "uses_social", "chart": "pie", "headline": LONG},
                           {"kind": "chart", "question": "uses_social", "chart": "bar", "headline": "Kort"}])
    result = build(project)
    long_slide = before + 1
    said = [w for w in result.warnings if "lines at the deck's headline size" in w]
    assert any(w.startswith(f"slide {long_slide}: the headline may need ") for w in said), result.warnings
    assert not any(w.startswith(f"slide {long_slide + 1}:") for w in said)
    prs = Presentation(str(result.output))
    sizes = {run.font.size.pt for slide in list(prs.slides)[-2:] for p in slide.shapes.title.text_frame.paragraphs
             for run in p.runs}
    assert len(sizes) == 1
    # the premise, measured with the real font: at the smallest headline size the text is longer than two
    # lines of its box (0.1 in insets on each side)
    carlito = subprocess.run(["fc-match", "-f", "%{file}", "Carlito:bold"], capture_output=True, text=True).stdout
    if "Carlito" in carlito:
        title = list(prs.slides)[-2].shapes.title
        assert ImageFont.truetype(carlito, 18).getlength(LONG) > 2 * (title.width / 12700 - 14.4)


def test_a_repeated_title_warns_naming_both_slides(project):
    spec = yaml.safe_load(project.read_text(encoding="utf-8"))
    before = len(spec["slides"])
    _with_slides(project, [{"kind": "chart", "question": "uses_social", "chart": "pie", "headline": "Samma rubrik"},
                           {"kind": "chart", "question": "uses_social", "chart": "bar", "headline": "Samma rubrik"}])
    result = build(project)
    said = [w for w in result.warnings if "same title" in w]
    assert said == [f"slides {before + 1} and {before + 2}: the same title 'Samma rubrik' on each; give each "
                    "slide its own title (screen readers list slides by title)"]
    titles = [slide.shapes.title.text_frame.text for slide in Presentation(str(result.output)).slides]
    assert titles[-2:] == ["Samma rubrik", "Samma rubrik"]  # the user's words stay


def test_a_headline_quoting_a_low_base_figure_warns(project, responses):
    yes = responses[responses.uses_social == 1]
    share = 100 * responses.assign(yes=responses.uses_social == 1).groupby("org_type").yes.mean()
    n = responses.org_type.value_counts()
    landsting, kommun = _percent_sv(share[2]), _percent_sv(share[1])
    assert n[2] == 16 and landsting == "88\u00a0%" and kommun != landsting and len(yes) > 0
    _with_slides(project, [
        {"kind": "chart", "id": "low", "question": "uses_social", "by": "org_type", "chart": "bar",
         "headline": f"{landsting} av landstingen använder sociala medier"},
        {"kind": "chart", "id": "high", "question": "uses_social", "by": "org_type", "chart": "bar",
         "headline": f"{kommun} av kommunerna använder sociala medier"},
        {"kind": "chart", "id": "words", "question": "uses_social", "by": "org_type", "chart": "bar",
         "headline": "Nästan alla landsting använder sociala medier"},
    ])
    result = build(project)
    said = [w for w in result.warnings if "the headline quotes" in w]
    assert said == [f"low: the headline quotes {landsting}, a figure of Landsting, n=16, a low base; "
                    "say so in the headline, or quote a larger group"]


def test_an_english_percentage_is_read_in_english():
    from deckgen.compose.headline_checks import quoted_percentages

    assert quoted_percentages("62% say yes, 12.5% say no, 1,510 asked", "en") == [("62%", 62.0, 0),
                                                                                   ("12.5%", 12.5, 1)]
    assert quoted_percentages("62\u00a0% säger ja, 12,5 % nej", "sv") == [("62\u00a0%", 62.0, 0),
                                                                           ("12,5 %", 12.5, 1)]


def test_the_saved_deck_has_no_thumbnail_and_no_python_pptx_description(example_deck):
    with zipfile.ZipFile(example_deck) as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode("utf-8")
        rels = z.read("_rels/.rels").decode("utf-8")
    assert not any("thumbnail" in name for name in names) and "thumbnail" not in rels
    assert "python-pptx" not in core
    assert "<dc:description>Rapport byggd av deckgen" in core


def test_the_title_comes_first_even_when_the_layout_lists_it_last(project):
    """A template whose Bullets layout has its title placeholder after the text placeholder: python-pptx
    copies placeholders in layout order, so the slide's title would be read second."""
    template = project.parent / "templates" / "brand.pptx"
    prs = Presentation(str(template))
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Bullets")
    tree = layout.shapes._spTree
    title = next(s for s in layout.placeholders if s.placeholder_format.type in TITLES)._element
    tree.remove(title)
    tree.append(title)  # now last
    prs.save(str(template))
    assert Presentation(str(template)).slide_layouts.get_by_name("Bullets").shapes[-1].name.startswith("Title")
    result = build(project)
    prs = Presentation(str(result.output))
    bullet_slides = [s for s in prs.slides if s.slide_layout.name == "Bullets"]
    assert len(bullet_slides) == 3  # the summary, the method and the quotes (placed on the bullets layout)
    for slide in bullet_slides:
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type in TITLES
