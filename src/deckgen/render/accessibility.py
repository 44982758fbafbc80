"""Deck-wide passes run once every slide is placed: what makes a deck readable by everyone.

Public bodies must publish accessible documents (WCAG 2.1 AA, as it applies to slides). A screen
reader announces a slide by its title and reads its shapes in the order of the slide's shape tree;
it picks a voice and a spelling dictionary by each run's language; a reader finds their place by
the slide number. A deck whose headlines change size from slide to slide looks unfinished. These
rules need the whole deck (one headline size, unique titles) or every part of it (the language), so
they run here, after the last slide and before the file is written.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import Font
from pptx.util import Emu, Inches, Pt

from .palette import QUIET_TEXT, colour_of
from .textfit import EMU_PER_POINT, LINE_HEIGHT, MARGIN_Y, fit_size, lines_needed

#: Largest and smallest size of a chart slide's headline, in points; every chart headline of a deck
#: gets the same size, the largest at which all of them fit their boxes in :data:`HEADLINE_LINES`.
HEADLINE_SIZES = (24, 18)
HEADLINE_LINES = 2
#: The smallest a headline is made when even a third line at the deck's size overflows its box.
HEADLINE_SMALLEST = 14

#: The slide number: its size (at least 9 pt, read from across a room), and the box drawn for it
#: on a layout without a slide-number placeholder (bottom right, inside the usual 0.5 in margin).
NUMBER_SIZE = 10
NUMBER_BOX = (Inches(0.6), Inches(0.3))
NUMBER_MARGIN = (Inches(0.5), Inches(0.1))
#: Room left between the footnote and the slide number.
NUMBER_GAP = Inches(0.1)


@dataclass
class Headline:
    """A chart slide's headline as placed: its slide's number and its title shape, sized at save."""

    slide: int
    shape: object
    text: str


def headline_size(headlines: list[tuple[str, int, int]]) -> float:
    """The deck's headline size: the largest in :data:`HEADLINE_SIZES` (half points) at which every
    (text, box width, box height) fits its box in at most :data:`HEADLINE_LINES` lines; else the smallest."""
    largest, smallest = HEADLINE_SIZES
    size = float(largest)
    while size > smallest:
        if all(_lines(text, width, size) <= HEADLINE_LINES and _fits(text, width, height, size)
               for text, width, height in headlines):
            return size
        size -= 0.5
    return float(smallest)


def _lines(text: str, width: int, size: float) -> int:
    return lines_needed(text, width / EMU_PER_POINT, size, bold=True)


def _fits(text: str, width: int, height: int, size: float) -> bool:
    return _lines(text, width, size) * size * LINE_HEIGHT <= height / EMU_PER_POINT - MARGIN_Y


def size_headlines(headlines: list[Headline]) -> list[str]:
    """Give every chart headline the deck's one size; return a warning for each that needs a third
    line at it (it wraps, and is made smaller still only if its box cannot hold it)."""
    if not headlines:
        return []
    size = headline_size([(h.text, h.shape.width, h.shape.height) for h in headlines])
    warnings = []
    for h in headlines:
        shown = size
        lines = _lines(h.text, h.shape.width, size)
        if lines > HEADLINE_LINES:
            warnings.append(f"slide {h.slide}: the headline may need {lines} lines at the deck's headline size "
                            f"({size:g} pt); shorten it to fit two")
        if not _fits(h.text, h.shape.width, h.shape.height, size):
            shown, fits = fit_size([h.text], h.shape.width, h.shape.height, size, HEADLINE_SMALLEST, bold=True)
            if not fits:
                warnings.append(f"slide {h.slide}: the title does not fit its box even at "
                                f"{HEADLINE_SMALLEST:g} pt; shorten it")
        for paragraph in h.shape.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(shown)
    return warnings


def repeated_titles(titles: list[tuple[int, str]]) -> list[str]:
    """A warning for each title used by more than one slide, naming the slides (a screen reader's list
    of slides, and PowerPoint's outline, tell slides apart by their titles). The words stay the user's."""
    seen: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, str] = {}
    for number, text in titles:
        key = " ".join(text.split()).casefold()
        if key:
            seen[key].append(number)
            shown.setdefault(key, " ".join(text.split()))
    out = []
    for key, numbers in seen.items():
        if len(numbers) > 1:
            named = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
            title = shown[key] if len(shown[key]) <= 50 else shown[key][:49] + "…"
            out.append(f"slides {named}: the same title '{title}' on each; give each slide its own title "
                       "(screen readers list slides by title)")
    return out


def title_first(slide, title_shape) -> None:
    """Move *title_shape* to the front of *slide*'s shape tree: screen readers read shapes in tree
    order, and the title is what a slide is announced by."""
    tree = slide.shapes._spTree
    element = title_shape._element
    first = next(child for child in tree if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")))
    if first is not element:
        first.addprevious(element)


# -- slide numbers -----------------------------------------------------------------------------

def number_placeholder(layout):
    """*layout*'s slide-number placeholder, or None."""
    return next((ph for ph in layout.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER),
                None)


def number_rect(layout, slide_width: int, slide_height: int) -> tuple[int, int, int, int]:
    """Where a slide on *layout* shows its number (left, top, width, height): at the right end of the
    layout's slide-number placeholder, only as wide as a number needs, so the footnote keeps its room;
    without a placeholder, a small box at the bottom right."""
    width, height = NUMBER_BOX
    ph = number_placeholder(layout)
    if ph is not None and None not in (ph.left, ph.top, ph.width, ph.height):
        right = ph.left + ph.width
        return right - min(width, ph.width), ph.top, min(width, ph.width), ph.height
    margin_x, margin_y = NUMBER_MARGIN
    return slide_width - margin_x - width, slide_height - margin_y - height, width, height


def add_slide_number(slide, number: int, slide_width: int, slide_height: int):
    """Show *number* on *slide* as a slide-number field (PowerPoint renumbers it when slides move), in
    the layout's slide-number placeholder when it has one, else in a text box; 10 pt, in the footnote's
    colour (contrast checked against the templates' backgrounds in the tests)."""
    left, top, width, height = number_rect(slide.slide_layout, slide_width, slide_height)
    layout_ph = number_placeholder(slide.slide_layout)
    if layout_ph is not None:
        slide.shapes.clone_placeholder(layout_ph)
        shape = slide.shapes[-1]
        shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)
    else:
        shape = slide.shapes.add_textbox(left, top, width, height)
        shape.name = "Slide Number"
    frame = shape.text_frame
    frame.word_wrap = False
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    field = etree.SubElement(paragraph._p, qn("a:fld"))
    field.set("id", "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"deckgen:slidenum:{number}")).upper() + "}")
    field.set("type", "slidenum")
    run_props = etree.SubElement(field, qn("a:rPr"))
    etree.SubElement(field, qn("a:t")).text = str(number)
    end = paragraph._p.find(qn("a:endParaRPr"))
    if end is not None:  # the end-of-paragraph properties come last
        paragraph._p.append(end)
    run_props.set("sz", str(NUMBER_SIZE * 100))
    colour_of(Font(run_props).color, QUIET_TEXT)  # as the footnote
    return shape


def clear_of(box: tuple[int, int, int, int], other: tuple[int, int, int, int], gap: int = NUMBER_GAP) -> int:
    """The width *box* (left, top, width, height) keeps when it must end *gap* before *other* starts,
    where the two share any height (else its own width)."""
    left, top, width, height = box
    o_left, o_top, o_width, o_height = other
    if top >= o_top + o_height or o_top >= top + height or left >= o_left + o_width or o_left >= left + width:
        return width
    return max(0, min(width, o_left - gap - left))


# -- language ---------------------------------------------------------------------------------

_TEXT_PARTS = ("/ppt/slides/", "/ppt/notesSlides/", "/ppt/charts/")
_RUNS = (qn("a:r"), qn("a:fld"), qn("a:br"))
_PROPERTIES = (qn("a:rPr"), qn("a:endParaRPr"), qn("a:defRPr"))


def set_language(prs, language: str) -> None:
    """Mark every run of the deck's slides, notes and charts as written in *language* ("sv-SE"), so a
    screen reader speaks it, and a spelling checker checks it, in that language."""
    for part in prs.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith(_TEXT_PARTS) or not hasattr(part, "_element"):
            continue
        root = part._element
        for run in root.iter(*_RUNS):
            if run.find(qn("a:rPr")) is None:
                run.insert(0, etree.Element(qn("a:rPr")))
        for props in root.iter(*_PROPERTIES):
            props.set("lang", language)
        if root.tag == qn("c:chartSpace"):
            _chart_language(root, language)


#: chartSpace children that come after c:lang, in schema order.
_AFTER_LANG = ("c:roundedCorners", "c:clrMapOvr", "c:pivotSource", "c:protection",
               "c:chart")
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_AFTER_TXPR = ("c:externalData", "c:printSettings", "c:userShapes", "c:extLst")


def _chart_language(space, language: str) -> None:
    """The chart's own language (c:lang) and a default for its text (c:txPr) when it has none."""
    lang = space.find(qn("c:lang"))
    if lang is None:
        lang = etree.Element(qn("c:lang"))
        following = next((space.find(qn(tag)) for tag in _AFTER_LANG if space.find(qn(tag)) is not None), None)
        following = next((child for child in space if child.tag == _ALTERNATE), following)
        if following is not None:
            following.addprevious(lang)
        else:
            space.insert(0, lang)
    lang.set("val", language)
    if space.find(qn("c:txPr")) is None:
        body = etree.fromstring(
            f'<c:txPr xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:bodyPr/><a:lstStyle/>'
            f'<a:p><a:pPr><a:defRPr lang="{language}"/></a:pPr><a:endParaRPr lang="{language}"/></a:p></c:txPr>')
        following = next((space.find(qn(tag)) for tag in _AFTER_TXPR if space.find(qn(tag)) is not None), None)
        if following is not None:
            following.addprevious(body)
        else:
            space.append(body)
