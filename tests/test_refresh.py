"""Refreshing a hand-edited deck (``deckgen build --update``): wave 2's numbers in, the user's work kept.

Wave 1 is the worked example (its ``syfte`` slide drawn as a table, so a table is refreshed too).
The test edits the built deck as a user would, with python-pptx, then refreshes it with wave 2:
the same survey with 30 % of its respondents dropped (seeded), so every share moves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor

from deckgen.build import build
from deckgen.errors import InputError

from conftest import copy_project
from deckread import read_deck, workbook_values

RED = RGBColor(0xC0, 0x10, 0x10)
MOVED = (600000, 1500000, 8000000, 4000000)  # left, top, width, height (EMU) the user gave the chart
OWN_HEADLINE = "Sociala medier: Facebook först, enligt vår egen läsning"
OWN_SLIDE = "Våra egna slutsatser inför nästa år"


def _project(tmp_path: Path) -> Path:
    spec = copy_project(tmp_path)
    text = spec.read_text(encoding="utf-8")
    text, n = re.subn(r"(id: syfte\n(?:    .*\n)*?    chart: )bar", r"\1table", text)
    assert n == 1
    spec.write_text(text, encoding="utf-8")
    return spec


def _wave_2(spec: Path) -> pd.DataFrame:
    """Wave 2: the respondents of wave 1 less 30 % of them (seeded); returns them as pandas reads them."""
    path = spec.parent / "data" / "responses.csv"
    df = pd.read_csv(path).sample(frac=0.7, random_state=7).sort_index()
    df.to_csv(path, index=False)
    return pd.read_csv(path)


def _footnote(slide) -> str | None:
    """A chart slide's footnote (question and base): what tells its slide apart in every deck."""
    return next((text for text in slide.texts if "Bas:" in text), None)


def _edit(wave_1: Path, edited: Path) -> dict:
    """Edit the deck as a user would; return what the test needs to find the edits again."""
    prs = Presentation(str(wave_1))
    slides = list(prs.slides)
    by_title = {s.shapes.title.text_frame.text if s.shapes.title is not None else "": s for s in slides}
    uses = slides[4]  # anvander: move, resize and recolour its chart
    frame = next(sh for sh in uses.shapes if sh.has_chart)
    frame.left, frame.top, frame.width, frame.height = MOVED
    series = frame.chart.plots[0].series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = RED
    media = slides[5]  # medier: its headline rewritten
    old_headline = media.shapes.title.text_frame.text
    media.shapes.title.text_frame.text = OWN_HEADLINE
    own = prs.slides.add_slide(slides[3].slide_layout)  # a slide of the user's own, at the end
    own.shapes.title.text_frame.text = OWN_SLIDE
    deleted = slides[7].slide_id  # verksamheter-landsting: deleted
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        if sld_id.id == deleted:
            id_list.remove(sld_id)
            prs.part.drop_rel(sld_id.rId)
    ids = list(id_list)  # kommunikation and orsak change places
    a, b = ids[7], ids[9]  # after the deletion: 7 is kommunikation, 9 orsak
    a_next = a.getnext()
    b.addprevious(a)
    a_next.addprevious(b)
    prs.save(str(edited))
    return {"headline": old_headline, "titles": list(by_title), "uses_id": uses.slide_id}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("refresh")
    spec = _project(tmp)
    wave_1 = build(spec, tmp / "wave-1.pptx").output
    edited = tmp / "edited.pptx"
    edits = _edit(wave_1, edited)
    responses = _wave_2(spec)
    result = build(spec, tmp / "wave-2.pptx", update=edited)
    fresh = build(spec, tmp / "fresh-2.pptx").output  # wave 2 built afresh: what every shape must now say
    return {"tmp": tmp, "spec": spec, "wave_1": wave_1, "edited": edited, "result": result, "fresh": fresh,
            "edits": edits, "responses": responses}


def test_every_chart_and_table_carries_wave_2_in_its_xml_and_workbook(refreshed):
    out, fresh, wave_1 = (read_deck(refreshed["result"].output), read_deck(refreshed["fresh"]),
                          read_deck(refreshed["wave_1"]))
    fresh_by = {_footnote(s): s for s in fresh if _footnote(s)}
    first_by = {_footnote(s).split("\n")[0]: s for s in wave_1 if _footnote(s)}
    charts = tables = moved = 0
    for slide in out:
        if not slide.charts and not slide.tables:
            continue
        expected = fresh_by[_footnote(slide)]  # the footnote (base included) is wave 2's: replaced
        for chart, want in zip(slide.charts, expected.charts, strict=True):
            assert chart.categories == want.categories
            assert [(s.name, s.values) for s in chart.series] == [(s.name, s.values) for s in want.series]
            assert workbook_values(chart.workbook) == workbook_values(want.workbook)
            assert [s.point_marks for s in chart.series] == [s.point_marks for s in want.series]
            before = first_by[_footnote(slide).split("\n")[0]].charts[0]
            moved += [s.values for s in before.series] != [s.values for s in chart.series]
            charts += 1
        assert slide.tables == expected.tables
        tables += len(slide.tables)
    assert charts == 5 and tables == 1  # 7 chart slides, one deleted by the user; syfte is a table
    assert moved == charts  # wave 2 really moved every chart: the check above can fail


def test_the_numbers_are_wave_2s_by_pandas(refreshed):
    """Two charts against plain pandas on wave 2's respondents."""
    df = refreshed["responses"]
    slides = read_deck(refreshed["result"].output)
    uses = next(s for s in slides if _footnote(s) and "Använder er kommun" in _footnote(s)).charts[0]
    shares = pd.crosstab(df["uses_social"], df["org_type"], normalize="columns")
    kommun = next(s for s in uses.series if s.name.startswith("Kommun"))
    assert uses.categories == ["Ja", "Nej", "Vet ej"]
    assert kommun.values == pytest.approx([shares.loc[code, 1] if code in shares.index else 0 for code in (1, 2, 3)])
    landsting = next(s for s in uses.series if s.name.startswith("Landsting"))
    assert landsting.name.endswith(f"(n={(df['org_type'] == 2).sum()})")  # its low base, wave 2's

    media = next(s for s in slides if _footnote(s) and "Vilka sociala medier" in _footnote(s)).charts[0]
    columns = {"Facebook": "media_facebook", "YouTube": "media_youtube", "Twitter": "media_twitter",
               "Bloggar": "media_blog", "Flickr": "media_flickr", "LinkedIn": "media_linkedin", "Annat": "media_other"}
    asked = df[df["uses_social"] == 1]
    values = dict(zip(media.categories, media.series[0].values))
    for label, column in columns.items():
        assert values[label] == pytest.approx((asked[column] == 1).mean())
    assert list(values.values()) == sorted(values.values(), reverse=True)  # wave 2's order, by size


def test_every_edit_survives(refreshed):
    prs = Presentation(str(refreshed["result"].output))
    edited = Presentation(str(refreshed["edited"]))
    assert [s.slide_id for s in prs.slides] == [s.slide_id for s in edited.slides]  # order, deletion, addition
    assert len(prs.slides) == 11  # the example's 11, one deleted, one added
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]
    assert titles[-1] == OWN_SLIDE
    footnotes = [_footnote(s) or "" for s in read_deck(refreshed["result"].output)]
    assert not any("Bas: landsting som använder" in f for f in footnotes)  # the deleted slide stays deleted
    kommunikation = next(i for i, f in enumerate(footnotes) if "kommunikation" in f.split("\n")[0].lower())
    orsak = next(i for i, f in enumerate(footnotes) if "Om ni inte använder" in f)
    assert orsak < kommunikation  # the two the user swapped
    uses = next(s for s in prs.slides if s.slide_id == refreshed["edits"]["uses_id"])
    frame = next(sh for sh in uses.shapes if sh.has_chart)
    assert (frame.left, frame.top, frame.width, frame.height) == MOVED
    series = frame.chart.plots[0].series
    assert series[0].format.fill.fore_color.rgb == RED
    assert series[1].format.fill.type is not None and series[1].format.fill.fore_color != RED


def test_the_rewritten_headline_is_kept_and_reported_and_the_others_are_wave_2s(refreshed):
    report = refreshed["result"].refresh
    assert report.kept == ("medier: headline",)
    assert report.missing == ("verksamheter-landsting",)
    assert report.new == () and report.stale == () and report.replaced == ()
    titles = [s.title for s in read_deck(refreshed["result"].output)]
    assert OWN_HEADLINE in titles
    fresh_titles = [s.title for s in read_deck(refreshed["fresh"])]
    uses_fresh = next(t for t in fresh_titles if t.startswith("Använder sociala medier"))
    assert uses_fresh in titles  # an auto headline the user left alone says wave 2's numbers
    assert uses_fresh not in [s.title for s in read_deck(refreshed["wave_1"])]
    notes = [s.notes for s in read_deck(refreshed["result"].output)]
    fresh_notes = {s.notes for s in read_deck(refreshed["fresh"])}
    assert all(n in fresh_notes for n in notes if n)  # speaker notes replaced


def test_the_refreshed_deck_is_valid_and_opens_in_libreoffice(refreshed):
    audit = pytest.importorskip("openxml_audit")
    path = refreshed["result"].output
    assert [str(e) for e in audit.validate_pptx(str(path)).errors] == []
    if not (shutil.which("soffice") and shutil.which("pdfinfo")):
        pytest.skip("LibreOffice or poppler not installed")
    out = refreshed["tmp"] / "pdf"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=240)
    info = subprocess.run(["pdfinfo", str(out / (path.stem + ".pdf"))], check=True, capture_output=True,
                          text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == len(Presentation(str(path)).slides)


def test_a_refresh_is_deterministic_and_a_second_refresh_keeps_the_headline(refreshed):
    tmp, spec = refreshed["tmp"], refreshed["spec"]
    again = build(spec, tmp / "again.pptx", update=refreshed["edited"]).output
    assert again.read_bytes() == refreshed["result"].output.read_bytes()
    second = build(spec, tmp / "second.pptx", update=refreshed["result"].output)
    assert second.refresh.kept == ("medier: headline",)  # still the user's, refresh after refresh
    assert second.refresh.missing == ("verksamheter-landsting",)


def test_every_shape_deckgen_makes_is_tagged_without_changing_the_slides(example_deck):
    """Tags are data beside the shapes: every shape but the slide number has one, and nothing drawn changes."""
    prs = Presentation(str(example_deck))
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tags"
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name == "Slide Number":
                continue
            ids = shape._element.xpath("./*[1]/p:nvPr/p:custDataLst/p:tags/@r:id")
            assert len(ids) == 1, shape.name
            part = slide.part.related_part(ids[0])
            assert slide.part.rels[ids[0]].reltype == rels
            tags = {t.get("name"): t.get("val") for t in etree.fromstring(part.blob)}
            assert tags["DECKGEN_ROLE"] and tags["DECKGEN_SLIDE"]
    roles = [etree.fromstring(slide.part.related_part(i).blob)[1].get("val") for slide in prs.slides
             for i in slide._element.xpath(".//p:nvPr/p:custDataLst/p:tags/@r:id")
             if etree.fromstring(slide.part.related_part(i).blob)[0].get("val") == "anvander"]
    assert roles == ["headline", "chart", "footnote"]


def test_the_edited_deck_is_an_input_never_written_over(refreshed, tmp_path):
    edited = tmp_path / "mine.pptx"
    shutil.copyfile(refreshed["edited"], edited)
    before = edited.read_bytes()
    with pytest.raises(InputError, match="would destroy the edited deck"):
        build(refreshed["spec"], edited, update=edited)
    assert edited.read_bytes() == before
    result = build(refreshed["spec"], update=edited)  # default: beside it
    assert result.output == tmp_path / "mine-updated.pptx" and edited.read_bytes() == before


def test_a_deck_deckgen_did_not_tag_is_refused(refreshed, tmp_path):
    plain = tmp_path / "plain.pptx"
    Presentation().save(str(plain))
    with pytest.raises(InputError, match="carries no deckgen tags"):
        build(refreshed["spec"], tmp_path / "out.pptx", update=plain)
    assert not (tmp_path / "out.pptx").exists()


def test_an_emptied_headline_gets_deckgens_back(refreshed, tmp_path):
    prs = Presentation(str(refreshed["edited"]))
    media = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text_frame.text == OWN_HEADLINE)
    media.shapes.title.text_frame.text = ""
    emptied = tmp_path / "emptied.pptx"
    prs.save(str(emptied))
    result = build(refreshed["spec"], tmp_path / "out.pptx", update=emptied)
    assert result.refresh.kept == ()
    fresh_titles = [s.title for s in read_deck(refreshed["fresh"])]
    assert [s.title for s in read_deck(result.output)][5] == fresh_titles[5]  # medier's, wave 2's
