"""The example renders through LibreOffice, one page per slide, and no slide is blank.

Skipped where LibreOffice or poppler's pdftoppm is not installed (.ci/run installs both).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

soffice = shutil.which("soffice") or shutil.which("libreoffice")
pdftoppm = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(not (soffice and pdftoppm), reason="LibreOffice and pdftoppm are needed")


@pytest.fixture(scope="module")
def pages(example_deck, tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    profile = out / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(example_deck)], check=True, capture_output=True, timeout=300)
    pdf = out / (example_deck.stem + ".pdf")
    subprocess.run([pdftoppm, "-png", "-r", "30", str(pdf), str(out / "page")], check=True, timeout=120)
    return sorted(out.glob("page-*.png"))


def ink(png) -> float:
    """Share of pixels below the master's header band that are not background white."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    body = image.crop((0, int(height * 0.15), width, height))
    histogram = body.histogram()  # 256 grey levels
    return sum(histogram[:235]) / sum(histogram)


def test_one_page_per_slide(pages, example_deck):
    from pptx import Presentation

    assert len(pages) == len(Presentation(str(example_deck)).slides)


def test_no_slide_is_blank(pages):
    blank = [p.name for p in pages if ink(p) < 0.01]
    assert blank == []
