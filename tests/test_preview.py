"""``render_preview``: slide PNGs, a contact sheet and the PDF, through LibreOffice and pdftoppm.

The rendering tests are skipped where LibreOffice or poppler's pdftoppm is not installed
(.ci/run installs both); the errors for a missing deck or missing LibreOffice are tested everywhere.
"""

from __future__ import annotations

import shutil

import pytest

from deckgen import preview
from deckgen.errors import InputError
from deckgen.preview import PreviewUnavailable, render_preview

soffice = shutil.which("soffice") or shutil.which("libreoffice")
pdftoppm = shutil.which("pdftoppm")
needs_libreoffice = pytest.mark.skipif(not (soffice and pdftoppm), reason="LibreOffice and pdftoppm are needed")

SLIDES = 11  # the example deck


@pytest.fixture(scope="module")
def rendered(example_deck, tmp_path_factory):
    out = tmp_path_factory.mktemp("preview")
    return out, render_preview(example_deck, out, dpi=80)


@needs_libreoffice
def test_one_png_per_slide_and_a_contact_sheet(rendered):
    from PIL import Image

    out, result = rendered
    assert result.pdf is None
    assert [p.name for p in result.pages] == [f"slide-{n:02d}.png" for n in range(1, SLIDES + 1)]
    for page in result.pages:
        with Image.open(page) as image:  # 13.33 x 7.5 in at 80 dpi
            assert image.size == pytest.approx((1067, 600), abs=2)
    assert result.contact_sheet == out / "contact-sheet.png"

    with Image.open(result.contact_sheet) as sheet:
        sheet = sheet.convert("RGB")
    gap, label, width, height = 16, 24, 320, 180  # 4 columns of 320 px thumbnails, a number under each
    assert sheet.size == (4 * width + 5 * gap, 3 * (height + label) + 4 * gap)
    background = sheet.getpixel((2, 2))

    def cell(k):
        row, col = divmod(k, 4)
        x, y = gap + col * (width + gap), gap + row * (height + label + gap)
        return sheet.crop((x, y, x + width, y + height)), sheet.crop((x, y + height, x + width, y + height + label))

    for k in range(SLIDES):
        thumb, number = cell(k)
        assert thumb.getcolors(1 << 16) is None or len(thumb.getcolors(1 << 16)) > 1, f"slide {k + 1} is empty"
        assert len(number.getcolors(1 << 16)) > 1, f"slide {k + 1} has no number"
    for k in range(SLIDES, 12):  # the last row's two free cells stay empty
        thumb, number = cell(k)
        assert thumb.getcolors() == [(width * height, background)]


@needs_libreoffice
def test_pages_re_renders_only_those_slides(rendered, example_deck):
    out, first = rendered
    before = {p.name: p.stat().st_mtime_ns for p in first.pages}
    sheet_before = first.contact_sheet.stat().st_mtime_ns

    result = render_preview(example_deck, out, pages=[2])

    assert [p.name for p in result.pages] == ["slide-02.png"]
    after = {p.name: p.stat().st_mtime_ns for p in sorted(out.glob("slide-*.png"))}
    assert sorted(after) == sorted(before)  # the other slides' PNGs are kept
    assert [name for name in after if after[name] != before[name]] == ["slide-02.png"]
    assert result.contact_sheet.stat().st_mtime_ns != sheet_before


@needs_libreoffice
def test_pdf_only(example_deck, tmp_path):
    result = render_preview(example_deck, tmp_path / "pdf", fmt="pdf")
    assert result.pdf == tmp_path / "pdf" / f"{example_deck.stem}.pdf"
    assert result.pdf.read_bytes()[:5] == b"%PDF-"
    assert result.pages == [] and result.contact_sheet is None
    assert list((tmp_path / "pdf").glob("*.png")) == []

    # a PDF renders without LibreOffice; a slide the deck does not have is a one-line error
    again = render_preview(result.pdf, tmp_path / "png", pages=[3, 4])
    assert [p.name for p in again.pages] == ["slide-03.png", "slide-04.png"]
    with pytest.raises(InputError, match=r"slide 12 does not exist; the deck has 11 slides"):
        render_preview(result.pdf, tmp_path / "png", pages=[12])


@needs_libreoffice
def test_conversion_failure_and_timeout_are_one_line_errors(tmp_path, example_deck):
    broken = tmp_path / "broken.pptx"
    broken.write_text("not a deck")
    with pytest.raises(InputError, match="LibreOffice could not convert the deck to PDF") as err:
        render_preview(broken, tmp_path / "out")
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match=r"did not convert the deck within 0.01 s"):
        render_preview(example_deck, tmp_path / "out", timeout=0.01)


def test_missing_deck(tmp_path):
    with pytest.raises(InputError, match=r"deck '.*nope\.pptx' not found"):
        render_preview(tmp_path / "nope.pptx", tmp_path / "out")


def test_unavailable_without_libreoffice(monkeypatch, tmp_path):
    deck = tmp_path / "x.pptx"
    deck.write_bytes(b"PK")  # never opened
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(preview, "MAC_SOFFICE", tmp_path / "no-soffice")
    with pytest.raises(PreviewUnavailable) as err:
        render_preview(deck, tmp_path / "out")
    assert str(err.value) == ("LibreOffice is not installed: apt-get install libreoffice-impress "
                              "fonts-crosextra-carlito poppler-utils (or brew install --cask libreoffice poppler)")
    assert isinstance(err.value, InputError)  # the CLI prints it as one line and exits 2
    assert not preview.preview_available()


def test_page_lists_and_default_folder(root, tmp_path):
    from deckgen.preview import default_out_dir, parse_pages

    assert parse_pages("2,5-7") == [2, 5, 6, 7]
    with pytest.raises(InputError, match="expected slide numbers like 2,5-7"):
        parse_pages("0-2")
    assert default_out_dir(root / "slides.yaml") == root / "out" / "preview"  # beside deck.output
    assert default_out_dir(root / "slides.yaml", tmp_path / "x.pptx") == tmp_path / "preview"
    assert default_out_dir(tmp_path / "deck.pptx") == tmp_path / "preview"
