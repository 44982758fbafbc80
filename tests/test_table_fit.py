"""Tables that fit: 25 rows of 120-character labels on a 4:3 and a 16:9 template, continued over
slides when they must, in a plain house style, each page with its header and its base row.

Expected rows and values come from the data with pandas; geometry and runs are read back from
the slide XML with python-pptx and lxml, never from the code that placed them.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from deckgen.build import build
from layoutcheck import contrast

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
N = 900
REGIONS = {1: "North", 2: "South", 3: "East"}
HEADLINE = "Why people got in touch"
#: python-pptx's default table style: Medium Style 2 - Accent 1, banded with a filled header.
PPTX_DEFAULT_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
CONTINUED = {"en": "(cont.", "sv": "(forts."}
BASE = {"en": "Base (n)", "sv": "Bas (n)"}
CARLITO = "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf"


def long_label(i: int) -> str:
    """A unique answer of exactly 120 characters, words of ordinary length."""
    text = (f"Reason {i:02d}: something about the service that a respondent wanted to raise with the "
            "office, described in full as questionnaires often do it")
    return text[:120].rstrip() + "." * (120 - len(text[:120].rstrip()))


LABELS = {i: long_label(i) for i in range(1, 26)}
SHORT = {1: "Yes", 2: "No", 3: "Don't know"}


def make_data(seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.choice(list(REGIONS), N, p=[0.4, 0.35, 0.25])
    p = np.arange(25, 0, -1, dtype=float)
    df = pd.DataFrame({"region": region, "reason": rng.choice(np.arange(1, 26), N, p=p / p.sum())})
    yes = np.array([0, 0.8, 0.45, 0.3])[region]  # a real difference between regions: letters to show
    df["ok"] = np.where(rng.random(N) < yes, 1, rng.choice([2, 3], N, p=[0.8, 0.2]))
    return df


def write_project(tmp_path, root, locale: str, template: str) -> tuple:
    df = make_data()
    df.to_csv(tmp_path / "data.csv", index=False)
    codebook = {"questions": {
        "region": {"type": "single", "text": "Region", "labels": REGIONS},
        "reason": {"type": "single", "text": "What was the main reason for your contact?", "labels": LABELS},
        "ok": {"type": "single", "text": "Was the matter resolved?", "labels": SHORT},
    }}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")
    deck = {"title": "Tables", "locale": locale, "output": "out/deck.pptx"}
    if template == "4:3":
        Presentation().save(tmp_path / "corp43.pptx")  # python-pptx's default template: 4:3
        deck.update(template="corp43.pptx", layouts={"title": "Title Slide", "section": "Section Header",
                                                     "bullets": "Title and Content", "chart": "Title Only"})
    else:
        shutil.copyfile(root / "templates" / "brand.pptx", tmp_path / "brand.pptx")
        deck.update(template="brand.pptx")
    slides = [
        {"kind": "chart", "question": "reason", "chart": "table", "sort": "codes", "headline": HEADLINE,
         "notes": "Read the long answers aloud"},
        {"kind": "chart", "question": "ok", "chart": "table", "by": "region", "sort": "codes",
         "headline": "Most matters were resolved", "notes": "Short table"},
    ]
    spec = {"deck": deck, "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": slides}
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, df


@pytest.fixture(scope="module", params=[("en", "4:3"), ("sv", "4:3"), ("en", "16:9")],
                ids=["en-4x3", "sv-4x3", "en-16x9"])
def deck(request, tmp_path_factory, root):
    locale, template = request.param
    tmp = tmp_path_factory.mktemp("tables")
    spec, df = write_project(tmp, root, locale, template)
    result = build(spec)
    return locale, template, Presentation(str(result.output)), df


def tables_of(slide) -> list:
    return [shape for shape in slide.shapes if shape.has_table]


def cell_texts(frame) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in frame.table.rows]


def pages_of(prs, headline: str) -> list:
    return [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text.startswith(headline)]


def percent(share: float, locale: str) -> str:
    rounded = int(np.floor(share * 100 + 0.5))
    return f"{rounded}\u00a0%" if locale == "sv" else f"{rounded}%"


def test_long_table_pages_hold_every_row_once_in_order_with_header_and_base(deck):
    locale, template, prs, df = deck
    pages = pages_of(prs, HEADLINE)
    shares = df.reason.value_counts(normalize=True).sort_index()
    expected = [(LABELS[code], percent(share, locale)) for code, share in shares.items()]
    assert len(expected) == 25  # every answer was given
    seen = []
    for page in pages:
        (frame,) = tables_of(page)
        rows = cell_texts(frame)
        assert rows[0] == ["", "Totalt" if locale == "sv" else "Total"]  # the header on every page
        assert rows[-1][0] == BASE[locale]  # and the base row, which a reader needs
        assert rows[-1][1].replace("\u00a0", "").replace(",", "") == str(len(df))
        seen += [tuple(row) for row in rows[1:-1]]
    assert seen == expected  # every row exactly once, in code order, each with its share


def test_long_table_fits_above_the_footnote_at_10_pt_or_more(deck):
    locale, template, prs, df = deck
    pages = pages_of(prs, HEADLINE)
    assert pages
    for page in pages:
        (frame,) = tables_of(page)
        footnote = next(s for s in page.shapes if s.name == "Footnote")
        rows_height = sum(row.height for row in frame.table.rows)
        assert frame.top + max(frame.height, rows_height) <= footnote.top
        assert frame.left + sum(c.width for c in frame.table.columns) <= prs.slide_width
        sizes = [int(r.get("sz")) for r in frame._element.iter(f"{A}rPr")]
        assert sizes and min(sizes) >= 1000  # every run at 10 pt or more (sz is in hundredths)


def test_continued_pages_say_so_in_the_decks_language(deck):
    locale, template, prs, df = deck
    pages = pages_of(prs, HEADLINE)
    titles = [p.shapes.title.text for p in pages]
    assert titles[0] == HEADLINE
    for title in titles[1:]:
        assert title.startswith(f"{HEADLINE} {CONTINUED[locale]}")
    assert len(set(titles)) == len(titles)  # each slide's title its own
    if template == "4:3":  # 25 rows of 120 characters cannot fit 4:3 at 10 pt: the table continues
        assert len(pages) > 1
    notes = [p.notes_slide.notes_text_frame.text if p.has_notes_slide else "" for p in pages]
    assert "Read the long answers aloud" in notes[0] and not any(notes[1:])
    alts = [tables_of(p)[0]._element.xpath("./*[1]/p:cNvPr")[0].get("descr") for p in pages]
    assert alts[0] and all(a == alts[0] for a in alts)  # the alt text on every page
    for p in pages:  # and the footnote
        assert any(s.name == "Footnote" and "reason for your contact" in s.text_frame.text for s in p.shapes)


def test_a_table_that_fits_stays_one_slide(deck):
    locale, template, prs, df = deck
    pages = pages_of(prs, "Most matters were resolved")
    assert len(pages) == 1
    long_pages = len(pages_of(prs, HEADLINE))
    assert len(prs.slides) == long_pages + 1  # nothing else was continued
    rows = cell_texts(tables_of(pages[0])[0])
    assert [row[0] for row in rows[1:]] == list(SHORT.values()) + [BASE[locale]]
    counts = df.region.value_counts().sort_index()
    assert [b.replace("\u00a0", "").replace(",", "") for b in rows[-1][1:]] == [str(counts[r]) for r in REGIONS]


def test_house_style_has_no_banding_and_no_vertical_rules(deck):
    locale, template, prs, df = deck
    for slide in prs.slides:
        for frame in tables_of(slide):
            tbl_pr = frame._element.find(f".//{A}tblPr")
            for flag in ("firstRow", "bandRow", "firstCol", "lastRow", "lastCol", "bandCol"):
                assert tbl_pr.get(flag) in (None, "0", "false")
            assert tbl_pr.findtext(f"{A}tableStyleId") != PPTX_DEFAULT_STYLE
            for tc in frame._element.iter(f"{A}tc"):
                pr = tc.find(f"{A}tcPr")
                assert pr.get("anchor") == "ctr"  # cells centred vertically
                for side in ("lnL", "lnR"):  # no vertical rules
                    line = pr.find(f"{A}{side}")
                    assert line is not None and line.find(f"{A}noFill") is not None
            rows = frame._element.findall(f".//{A}tr")
            header_rule = rows[0].find(f".//{A}lnB")
            body_rule = rows[1].find(f".//{A}lnB")
            assert int(header_rule.get("w")) > int(body_rule.get("w"))  # a bolder rule under the header
            base = rows[-1].find(f"{A}tc")
            assert base.find(f"{A}tcPr/{A}lnT/{A}solidFill") is not None  # a rule above the base row
            assert all(r.get("i") == "1" for r in base.iter(f"{A}rPr"))  # and it is set apart


def test_header_words_are_never_broken(deck):
    """Each header word fits its column whole, measured with Carlito (Calibri's metrics)."""
    ImageFont = pytest.importorskip("PIL.ImageFont")
    try:
        font = ImageFont.truetype(CARLITO, 1000)
    except OSError:
        pytest.skip("Carlito is not installed")
    locale, template, prs, df = deck
    for slide in prs.slides:
        for frame in tables_of(slide):
            header = frame.table.rows[0]
            for cell, column in zip(header.cells, frame.table.columns):
                room = Emu(column.width - cell.margin_left - cell.margin_right).pt
                for run in cell.text_frame.paragraphs[0].runs:
                    for word in run.text.split():
                        assert font.getlength(word) / 1000 * run.font.size.pt <= room, word


def _dark2(prs) -> tuple[float, float, float]:
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    value = theme.find(f".//{A}clrScheme/{A}dk2/{A}srgbClr").get("val")
    return tuple(int(value[k:k + 2], 16) / 255 for k in (0, 2, 4))


def test_letters_are_a_smaller_run_of_their_own_with_contrast(deck):
    locale, template, prs, df = deck
    frame = tables_of(pages_of(prs, "Most matters were resolved")[0])[0]
    letter_runs = 0
    tab_stops = {}
    for i, row in enumerate(list(frame.table.rows)[1:-1], start=1):
        for j, cell in enumerate(list(row.cells)[1:], start=1):
            runs = cell.text_frame.paragraphs[0].runs
            number = runs[0]
            assert not any(ch.isalpha() for ch in number.text)  # the number's run holds no letter
            stops = cell._tc.findall(f".//{A}tab")
            tab_stops.setdefault(j, set()).update(s.get("pos") for s in stops)
            for run in runs[1:]:
                assert run.text.strip().isalpha() and run.text.strip().isupper()
                assert run.font.size.pt == pytest.approx(max(8, 0.7 * number.font.size.pt), abs=0.5)
                assert int(run._r.find(f"{A}rPr").get("baseline")) > 0  # raised, like a superscript
                letter_runs += 1
                colour = run._r.find(f"{A}rPr/{A}solidFill/{A}schemeClr")
                assert colour.get("val") == "tx2"  # the theme's second text colour (dk2 in the scheme)
                assert contrast(_dark2(prs), (1.0, 1.0, 1.0)) >= 4.5  # on the white slide
    # North is far above South and East: the data has differences to mark
    north, rest = (df.region == 1), (df.region != 1)
    assert (df.ok[north] == 1).mean() - (df.ok[rest] == 1).mean() > 0.3
    assert letter_runs > 0
    for j, stops in tab_stops.items():  # the numbers of a lettered column all end on one tab stop
        assert len(stops) <= 1
