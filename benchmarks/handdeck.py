"""What every hand-written yardstick script does the same way: matplotlib PNGs on python-pptx slides.

An analyst without deckgen draws each chart with matplotlib (Agg, PNG at 150 dpi)
and places the picture under a title text box on a blank slide of the corporate
template. The yardsticks (handwritten.py, handwritten_seg.py) differ only in how
they compute their percentages, so the drawing and placing live here once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402
import yaml  # noqa: E402

DPI = 150


def open_project(default: Path, spec_name: str) -> tuple[Path, dict, dict]:
    """(project folder, spec, codebook questions): the folder is the script's argument, else *default*."""
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    spec = yaml.safe_load((work / spec_name).read_text())
    return work, spec, yaml.safe_load((work / spec["data"]["questions"]).read_text())["questions"]


class HandDeck:
    """A deck on the spec's template's Blank layout, its sample slides dropped, with a title slide first.

    The PNGs go to *work*/handwritten_png.
    """

    def __init__(self, spec: dict, work: Path):
        self.prs = Presentation(spec["deck"]["template"])
        self.blank = [layout for layout in self.prs.slide_layouts if layout.name == "Blank"][0]
        for slide_id in list(self.prs.slides._sldIdLst):  # drop the template's sample slides
            self.prs.part.drop_rel(slide_id.rId)
            self.prs.slides._sldIdLst.remove(slide_id)
        self.png_dir = work / "handwritten_png"
        self.png_dir.mkdir(parents=True, exist_ok=True)
        first = self.prs.slides.add_slide(self.blank)
        first.shapes.add_textbox(Inches(1), Inches(3), Inches(11), Inches(1.5)).text_frame.text = spec["deck"]["title"]

    @staticmethod
    def figure():
        """A new (figure, axes) the size of the picture on the slide."""
        return plt.subplots(figsize=(10, 5.6))

    def chart_slide(self, name: str, headline: str, question_text: str, fig, ax) -> None:
        """Title the chart with the question, save it as *name*.png and place it under *headline*."""
        ax.set_title(question_text)
        ax.set_xlabel("%")
        fig.tight_layout()
        png = self.png_dir / f"{name}.png"
        fig.savefig(png, dpi=DPI)
        plt.close(fig)
        slide = self.prs.slides.add_slide(self.blank)
        box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(1))
        box.text_frame.word_wrap = True
        box.text_frame.text = headline
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
        slide.shapes.add_picture(str(png), Inches(0.5), Inches(1.4), height=Inches(5.6))

    def save(self, path: Path) -> None:
        self.prs.save(path)
        print(f"wrote {path} ({len(self.prs.slides)} slides)")
