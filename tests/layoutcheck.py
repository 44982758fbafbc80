"""A layout and accessibility checker for a built deck, independent of deckgen.

It reads a .pptx with python-pptx and lxml only (never deckgen), so it judges what deckgen wrote,
not what deckgen meant to write. ``check(path)`` returns a list of ``Finding``s, each naming the
slide number, the shape and the rule. Rules (``Finding.rule``):

- ``overlap``: two shapes with content (text, chart, table, picture) cover each other;
- ``off-slide``: a shape reaches past the slide's edge;
- ``text-fit``: text needs more lines than its box holds, or a word is wider than its line (it
  would break mid-word), measured with the font LibreOffice uses here (``fc-match``);
- ``table-fit``: a table's rows, grown by wrapped text, come out taller than its frame;
- ``font-size``: text under 10 pt (9 pt for the shape named "Footnote" and slide numbers; 8 pt for a
  raised run, a significance mark set as a superscript after its number);
- ``contrast-text``: text (slides, tables, chart text) against its background under 4.5:1;
- ``contrast-label``: a chart data label against the fill it sits on under 4.5:1;
- ``contrast-fill``: a chart's bar, slice or line against the background under 3:1, unless
  outlined at 3:1 or better;
- ``alt-text``: a chart, table or picture without a description (``cNvPr/@descr``);
- ``no-title`` / ``title-less-layout`` / ``duplicate-title``: a slide whose title placeholder is
  missing or empty, a slide on a layout without a title placeholder, a title used twice;
- ``language``: text runs without a language (``a:rPr/@lang``), or runs in more than one.

Tolerances, so that a good deck does not fail on rounding:

- geometry: shapes may touch or overlap by up to 1 pt (12,700 EMU) in either direction, and reach
  1 pt past the slide's edge; positions are rounded to whole EMU by any writer;
- text fit: a line is 1.2 times the font size (Calibri's own ascent, descent and gap come to
  1.22; LibreOffice uses the font's); words are measured with the real font at the real size and
  wrapped greedily at spaces, as both PowerPoint and LibreOffice do. Text overflows only when it
  needs more than its box's inner height plus 2 pt or 5 % (whichever is larger): about a fifth of
  a line at 12 pt, less than a line of any text; a word is too wide when it exceeds its line by
  more than 1 %;
- font size: the size that shows (``sz`` times ``normAutofit/@fontScale``) may be 0.05 pt under
  the minimum, as 9.95 pt rounds to 10;
- contrast: ratios are computed from 8-bit sRGB after theme modifiers, and pass 0.01 under the
  threshold (PowerPoint and LibreOffice round lumMod/lumOff slightly differently).
"""

from __future__ import annotations

import colorsys
import functools
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
NS = {"a": A[1:-1], "p": P[1:-1], "c": C[1:-1]}

EMU_PT = 12700
GEOMETRY_TOLERANCE = EMU_PT  # 1 pt
LINE_HEIGHT = 1.2
FIT_ABS_PT, FIT_REL = 2.0, 0.05
WORD_SLACK = 1.01
SIZE_SLACK = 0.05
CONTRAST_SLACK = 0.01
MIN_SIZE, SMALL_PRINT_SIZE = 10.0, 9.0
#: A raised run (a superscript-like significance mark after a number) is a note on that number, set
#: smaller than it on purpose: it may be as small as this.
RAISED_SIZE = 8.0
TEXT_CONTRAST, GRAPHIC_CONTRAST = 4.5, 3.0
DEFAULT_SIZE = 18.0  # PowerPoint's size for text no style sizes
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom: 0.1 in and 0.05 in
CELL_MARGINS = (91440, 45720, 91440, 45720)


@dataclass(frozen=True)
class Finding:
    slide: int  # 1-based; 0 for the deck as a whole
    shape: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"slide {self.slide}: {self.shape}: {self.rule}: {self.detail}"


# --- colours ---------------------------------------------------------------------------------

Rgb = tuple[float, float, float]
SCHEME_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF",
          "yellow": "FFFF00", "gray": "808080", "grey": "808080"}


def hex_rgb(value: str) -> Rgb:
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(rgb: Rgb) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(round(c * 255) / 255) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: Rgb, two: Rgb) -> float:
    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _modified(rgb: Rgb, colour_el) -> Rgb:
    """Apply DrawingML's colour modifiers in document order (lumMod/lumOff in HSL, tint, shade)."""
    for mod in colour_el:
        name, val = etree.QName(mod).localname, mod.get("val")
        if val is None:
            continue
        v = int(val) / 100000
        if name in ("lumMod", "lumOff"):
            h, l, s = colorsys.rgb_to_hls(*rgb)
            l = min(1.0, max(0.0, l * v if name == "lumMod" else l + v))
            rgb = colorsys.hls_to_rgb(h, l, s)
        elif name == "tint":
            rgb = tuple(c * v + (1 - v) for c in rgb)
        elif name == "shade":
            rgb = tuple(c * v for c in rgb)
    return tuple(min(1.0, max(0.0, c)) for c in rgb)


class Theme:
    """A master's colour scheme, colour map and fonts, read from the theme XML."""

    def __init__(self, master):
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.colours: dict[str, Rgb] = {}
        scheme = theme.find(".//a:clrScheme", NS)
        for slot in scheme:
            colour = slot[0]
            value = colour.get("lastClr") if colour.tag == f"{A}sysClr" else colour.get("val")
            self.colours[etree.QName(slot).localname] = hex_rgb(value)
        self.map = dict(SCHEME_MAP)
        clr_map = master._element.find(f"{P}clrMap")
        if clr_map is not None:
            self.map.update(clr_map.attrib)
        fonts = theme.find(".//a:fontScheme", NS)
        self.major = fonts.find("a:majorFont/a:latin", NS).get("typeface")
        self.minor = fonts.find("a:minorFont/a:latin", NS).get("typeface")

    def colour(self, el) -> Rgb | None:
        """The colour of a fill or colour element (solidFill, srgbClr, schemeClr ...), or None."""
        if el is None:
            return None
        if el.tag in (f"{A}solidFill", f"{A}bgClr", f"{A}fgClr"):
            return self.colour(el[0]) if len(el) else None
        if el.tag == f"{A}gradFill":  # a gradient: judged by its first stop
            stop = el.find("a:gsLst/a:gs", NS)
            return self.colour(stop[0]) if stop is not None and len(stop) else None
        name = etree.QName(el).localname
        if name == "srgbClr":
            rgb = hex_rgb(el.get("val"))
        elif name == "schemeClr":
            slot = el.get("val")
            rgb = self.colours.get(self.map.get(slot, slot))
            if rgb is None:  # phClr and the like: no colour of its own
                return None
        elif name == "sysClr":
            rgb = hex_rgb(el.get("lastClr") or ("000000" if el.get("val") == "windowText" else "FFFFFF"))
        elif name == "prstClr":
            rgb = hex_rgb(PRESET.get(el.get("val"), "000000"))
        elif name == "scrgbClr":
            rgb = tuple(int(el.get(k)) / 100000 for k in ("r", "g", "b"))
        else:
            return None
        return _modified(rgb, el)

    def text_colour(self) -> Rgb:
        return self.colours[self.map.get("tx1", "dk1")]


def _fill_of(theme: Theme, sp_pr) -> Rgb | None | bool:
    """The solid colour of a shape's own fill; False for an explicit noFill; None when not set."""
    if sp_pr is None:
        return None
    for child in sp_pr:
        if child.tag in (f"{A}solidFill", f"{A}gradFill"):
            return theme.colour(child)
        if child.tag == f"{A}noFill":
            return False
    return None


def _background_of(theme: Theme, part_el) -> Rgb | None:
    bg = part_el.find("p:cSld/p:bg", NS)
    if bg is None:
        return None
    pr = bg.find("p:bgPr", NS)
    if pr is not None:
        fill = _fill_of(theme, pr)
        return fill or None
    ref = bg.find("p:bgRef", NS)
    return theme.colour(ref[0]) if ref is not None and len(ref) else None


def slide_background(theme: Theme, slide) -> Rgb:
    """The slide's own background, else its layout's, else its master's, else the theme's bg1."""
    for part in (slide, slide.slide_layout, slide.slide_layout.slide_master):
        found = _background_of(theme, part._element)
        if found is not None:
            return found
    return theme.colours[theme.map.get("bg1", "lt1")]


# --- fonts -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def font_file(family: str, bold: bool, italic: bool) -> str | None:
    """The font file LibreOffice would use for *family* here (Calibri -> Carlito), via fc-match."""
    if not shutil.which("fc-match"):
        return None
    pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
    result = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True)
    return result.stdout.strip() or None


@functools.lru_cache(maxsize=None)
def _font(family: str, bold: bool, italic: bool):
    from PIL import ImageFont

    path = font_file(family, bold, italic)
    # Measured at 100 px and scaled: widths are linear in size, and one object serves every size.
    return ImageFont.truetype(path, 100) if path else ImageFont.load_default(100)


def text_width(text: str, family: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Advance width of *text* in points at *size* points."""
    return _font(family, bold, italic).getlength(text) * size / 100


# --- text properties, inherited --------------------------------------------------------------

@dataclass
class RunStyle:
    size: float
    bold: bool
    italic: bool
    family: str
    colour: Rgb
    lang: str | None


def _level_props(list_style, level: int):
    """``lvlNpPr`` of a list style (lstStyle or a master text style) for paragraph *level*."""
    if list_style is None:
        return None
    return list_style.find(f"a:lvl{level + 1}pPr", NS)


class TextContext:
    """The chain of list styles a shape's paragraphs inherit from, nearest first."""

    def __init__(self, theme: Theme, styles: list, scale: float = 1.0, default_colour: Rgb | None = None,
                 style_colours: bool = True):
        self.theme, self.styles, self.scale, self.style_colours = theme, styles, scale, style_colours
        self.default_colour = default_colour or theme.text_colour()

    def _find(self, level: int, getter):
        for style in self.styles:
            props = _level_props(style, level)
            if props is None:
                continue
            value = getter(props)
            if value is not None:
                return value
        return None

    def paragraph_value(self, level: int, getter):
        return self._find(level, getter)

    def run_style(self, r_pr, level: int, p_pr=None) -> RunStyle:
        def attr(name):
            return lambda props: (props.find("a:defRPr", NS).get(name)
                                  if props.find("a:defRPr", NS) is not None else None)

        def own(name):
            return r_pr.get(name) if r_pr is not None else None

        size = own("sz") or self._find(level, attr("sz"))
        bold = own("b") or self._find(level, attr("b"))
        italic = own("i") or self._find(level, attr("i"))
        lang = own("lang") or self._find(level, attr("lang"))
        colour = None
        if r_pr is not None:
            colour = self.theme.colour(r_pr.find("a:solidFill", NS))
        if colour is None and self.style_colours:
            colour = self._find(level, lambda props: self.theme.colour(props.find("a:defRPr/a:solidFill", NS)))
        latin = r_pr.find("a:latin", NS) if r_pr is not None else None
        family = latin.get("typeface") if latin is not None else None
        family = family or self._find(level, lambda props: (props.find("a:defRPr/a:latin", NS).get("typeface")
                                                            if props.find("a:defRPr/a:latin", NS) is not None
                                                            else None))
        family = {"+mj-lt": self.theme.major, "+mn-lt": self.theme.minor, None: self.theme.minor}.get(family, family)
        return RunStyle(size=(int(size) / 100 if size else DEFAULT_SIZE) * self.scale,
                        bold=bold in ("1", "true"), italic=italic in ("1", "true"), family=family,
                        colour=colour or self.default_colour, lang=lang)


def _master_style(master, ph_type: str | None):
    styles = master._element.find("p:txStyles", NS)
    if styles is None:
        return None
    if ph_type in ("title", "ctrTitle"):
        return styles.find("p:titleStyle", NS)
    if ph_type in ("body", "subTitle", "obj"):
        return styles.find("p:bodyStyle", NS)
    return styles.find("p:otherStyle", NS)


def _placeholder_chain(shape) -> list:
    """The shape's element, then the layout's and the master's placeholder it inherits from."""
    chain = [shape._element]
    current = shape
    for _ in range(2):
        try:
            base = current._base_placeholder
        except (AttributeError, KeyError, ValueError):
            base = None
        if base is None:
            break
        chain.append(base._element)
        current = base
    return chain


def _ph_type(shape) -> str | None:
    ph = shape._element.find(".//p:nvPr/p:ph", NS)
    if ph is None:
        return None
    return ph.get("type", "body")  # a placeholder without a type is a body (content) placeholder


def shape_text_context(theme: Theme, presentation, slide, shape, body_pr_chain) -> TextContext:
    master = slide.slide_layout.slide_master
    chain = _placeholder_chain(shape) if shape.is_placeholder else [shape._element]
    styles = [el.find(".//p:txBody/a:lstStyle", NS) for el in chain]
    ph_type = _ph_type(shape) if shape.is_placeholder else None
    if shape.is_placeholder:
        styles.append(_master_style(master, ph_type))
    else:
        styles.append(_master_style(master, "other"))
    styles.append(presentation._element.find("p:defaultTextStyle", NS))
    scale = 1.0
    for body_pr in body_pr_chain:
        fit = body_pr.find("a:normAutofit", NS)
        if fit is not None:
            scale = int(fit.get("fontScale", "100000")) / 100000
            break
    return TextContext(theme, [s for s in styles if s is not None], scale)


# --- wrapping --------------------------------------------------------------------------------

@dataclass
class Wrapped:
    height: float  # points
    broken_word: str | None  # a word wider than its line


def _spacing(value_el, size: float) -> float:
    if value_el is None:
        return 0.0
    pts = value_el.find("a:spcPts", NS)
    if pts is not None:
        return int(pts.get("val")) / 100
    pct = value_el.find("a:spcPct", NS)
    if pct is not None:
        return int(pct.get("val")) / 100000 * size * LINE_HEIGHT
    return 0.0


def wrap_paragraphs(paragraphs, context: TextContext, width_pt: float, wrap: bool = True) -> Wrapped:
    """Height the paragraphs need in a line *width_pt* wide, words wrapped greedily at spaces."""
    total, broken = 0.0, None
    for index, p in enumerate(paragraphs):
        p_pr = p.find("a:pPr", NS)
        level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
        chain = ([p_pr] if p_pr is not None else [])
        margin = 0.0
        mar = next((el.get("marL") for el in chain if el.get("marL") is not None), None)
        if mar is None:
            mar = context.paragraph_value(level, lambda props: props.get("marL"))
        if mar is not None:
            margin = int(mar) / EMU_PT
        words: list[tuple[str, float, float]] = []  # (word, width, size)
        sizes = []
        line_breaks = []
        for el in p:
            if el.tag == f"{A}r" or el.tag == f"{A}fld":
                style = context.run_style(el.find("a:rPr", NS), level, p_pr)
                text = el.findtext("a:t", default="", namespaces=NS)
                sizes.append(style.size)
                space = text_width(" ", style.family, style.size, style.bold, style.italic)
                for piece in re.split(r"([ \t]+)", text):  # a no-break space (U+00A0) joins words
                    if not piece:
                        continue
                    if not piece.strip(" \t"):
                        words.append((" ", space * len(piece), style.size))
                    else:
                        words.append((piece, text_width(piece, style.family, style.size, style.bold, style.italic),
                                      style.size))
            elif el.tag == f"{A}br":
                words.append(("\n", 0.0, 0.0))
                line_breaks.append(True)
        if not sizes:
            end = p.find("a:endParaRPr", NS)
            sizes.append(context.run_style(end, level).size)
        size = max(sizes)
        line_width = width_pt - margin
        lines, current = 1, 0.0
        for word, width, _ in words:
            if word == "\n":
                lines, current = lines + 1, 0.0
                continue
            if word == " ":
                current += width
                continue
            if wrap and width > line_width * WORD_SLACK:
                broken = broken or word
            if wrap and current > 0 and current + width > line_width * WORD_SLACK:
                lines += 1
                current = width
                while wrap and current > line_width * WORD_SLACK:  # a long word breaks anywhere
                    lines += 1
                    current -= line_width
            else:
                current += width
        line_pct = context.paragraph_value(level, lambda props: props.find("a:lnSpc/a:spcPct", NS))
        own = p_pr.find("a:lnSpc/a:spcPct", NS) if p_pr is not None else None
        factor = int((own if own is not None else line_pct).get("val")) / 100000 if (
            own is not None or line_pct is not None) else 1.0
        line = size * LINE_HEIGHT * factor
        before = _spacing(p_pr.find("a:spcBef", NS) if p_pr is not None else None, size) if p_pr is not None else 0
        if not before and p_pr is None or (p_pr is not None and p_pr.find("a:spcBef", NS) is None):
            before = context.paragraph_value(level, lambda props: _spacing(props.find("a:spcBef", NS), size) or None) or 0
        after = context.paragraph_value(level, lambda props: _spacing(props.find("a:spcAft", NS), size) or None) or 0
        if p_pr is not None and p_pr.find("a:spcAft", NS) is not None:
            after = _spacing(p_pr.find("a:spcAft", NS), size)
        total += lines * line + (before if index else 0) + after
    return Wrapped(total, broken)


# --- shapes ----------------------------------------------------------------------------------

@dataclass
class Box:
    name: str
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def _overlap(one: Box, two: Box) -> tuple[int, int]:
    return (min(one.right, two.right) - max(one.left, two.left),
            min(one.bottom, two.bottom) - max(one.top, two.top))


def _has_text(shape) -> bool:
    return shape.has_text_frame and shape.text_frame.text.strip() != ""


def _body_pr_chain(shape) -> list:
    chain = _placeholder_chain(shape) if shape.is_placeholder else [shape._element]
    return [b for b in (el.find(".//p:txBody/a:bodyPr", NS) for el in chain) if b is not None]


def _insets(body_pr_chain) -> tuple[int, int, int, int]:
    out = []
    for key, default in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS):
        value = next((b.get(key) for b in body_pr_chain if b.get(key) is not None), None)
        out.append(int(value) if value is not None else default)
    return tuple(out)


def _is_small_print(shape) -> bool:
    return shape.name == "Footnote" or _ph_type(shape) == "sldNum" or shape.name.startswith("Slide Number")


class SlideChecker:
    def __init__(self, presentation, number: int, slide):
        self.presentation, self.number, self.slide = presentation, number, slide
        self.theme = Theme(slide.slide_layout.slide_master)
        self.background = slide_background(self.theme, slide)
        self.findings: list[Finding] = []
        self.boxes: list[Box] = []
        self.fills: list[tuple[Box, Rgb]] = []  # filled shapes, in z-order, that text may sit on
        self.languages: Counter = Counter()  # explicit run languages, shared across the deck by check()
        self._small_labels: set = set()  # (chart, series) already reported, one finding per series
        self._low_labels: set = set()
        layout = slide.slide_layout
        behind = ([layout.slide_master] if layout._element.get("showMasterSp") not in ("0", "false") else []) + [layout]
        for part in behind:  # the master's and layout's own shapes (bands, bars) sit under the slide's
            for shape in part.shapes:
                fill = None if shape.is_placeholder else _fill_of(self.theme, shape._element.find("p:spPr", NS))
                if fill and shape.width is not None:
                    self.fills.append((Box(shape.name, int(shape.left), int(shape.top), int(shape.width),
                                           int(shape.height)), fill))

    def add(self, shape: str, rule: str, detail: str) -> None:
        self.findings.append(Finding(self.number, shape, rule, detail))

    def background_under(self, box: Box) -> Rgb:
        """The fill of the topmost earlier shape under *box*'s centre, else the slide's background."""
        cx, cy = box.left + box.width / 2, box.top + box.height / 2
        for under, colour in reversed(self.fills):
            if under.left <= cx <= under.right and under.top <= cy <= under.bottom:
                return colour
        return self.background

    def check(self) -> list[Finding]:
        for shape in self.slide.shapes:
            self.check_shape(shape)
        self.check_geometry()
        return self.findings

    def check_shape(self, shape) -> None:
        if shape.width is None or shape.height is None:
            return
        box = Box(shape.name, int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        el = shape._element
        if el.tag in (f"{P}pic", f"{P}graphicFrame"):
            descr = (el.find(".//p:cNvPr", NS).get("descr") or "").strip()
            if not descr:
                self.add(shape.name, "alt-text", "a chart, table or picture has no description (alt text)")
        if getattr(shape, "has_chart", False) and shape.has_chart:
            self.boxes.append(box)
            self.check_chart(shape, box)
        elif getattr(shape, "has_table", False) and shape.has_table:
            self.boxes.append(self.check_table(shape, box))
        elif el.tag == f"{P}pic" or el.tag == f"{P}grpSp" or el.tag == f"{P}graphicFrame":
            self.boxes.append(box)
        elif shape.has_text_frame:
            own_fill = _fill_of(self.theme, el.find("p:spPr", NS))
            if own_fill is None and el.find("p:style/a:fillRef", NS) is not None:
                ref = el.find("p:style/a:fillRef", NS)
                own_fill = self.theme.colour(ref[0]) if ref.get("idx") != "0" and len(ref) else None
            behind = own_fill or self.background_under(box)
            if _has_text(shape):
                self.boxes.append(self.check_text(shape, box, behind))
            if own_fill:
                self.fills.append((box, own_fill))

    # text boxes and placeholders
    def check_text(self, shape, box: Box, behind: Rgb) -> Box:
        body_chain = _body_pr_chain(shape)
        context = shape_text_context(self.theme, self.presentation, self.slide, shape, body_chain)
        left, top, right, bottom = _insets(body_chain)
        paragraphs = shape._element.findall("p:txBody/a:p", NS)
        wrap = next((b.get("wrap") for b in body_chain if b.get("wrap")), "square") != "none"
        wrapped = wrap_paragraphs(paragraphs, context, (box.width - left - right) / EMU_PT, wrap)
        inner = (box.height - top - bottom) / EMU_PT
        autofit = next((b for b in body_chain if b.find("a:spAutoFit", NS) is not None
                        or b.find("a:normAutofit", NS) is not None or b.find("a:noAutofit", NS) is not None), None)
        grows = autofit is not None and autofit.find("a:spAutoFit", NS) is not None
        if wrapped.broken_word:
            self.add(shape.name, "text-fit", f"the word {wrapped.broken_word!r} is wider than its line and breaks")
        if grows:  # the box grows to its text: the grown box is what must fit on the slide
            box = Box(box.name, box.left, box.top, box.width,
                      max(box.height, int((wrapped.height) * EMU_PT) + top + bottom))
        elif wrapped.height > inner + max(FIT_ABS_PT, FIT_REL * inner):
            self.add(shape.name, "text-fit",
                     f"text needs {wrapped.height:.0f} pt but the box holds {inner:.0f} pt")
        self.check_runs(shape.name, paragraphs, context, behind, _is_small_print(shape))
        return box

    def check_runs(self, name: str, paragraphs, context: TextContext, behind: Rgb, small_print: bool) -> None:
        self.report_runs(name, self.run_problems(paragraphs, context, behind, small_print))

    def run_problems(self, paragraphs, context: TextContext, behind: Rgb, small_print: bool) -> dict:
        """The smallest text under the minimum, the worst contrast under 4.5:1, and runs without a language."""
        minimum = SMALL_PRINT_SIZE if small_print else MIN_SIZE
        found = {"small": None, "contrast": None, "unlabelled": 0, "minimum": minimum}
        for p in paragraphs:
            p_pr = p.find("a:pPr", NS)
            level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
            for run in p.findall("a:r", NS) + p.findall("a:fld", NS):
                text = run.findtext("a:t", default="", namespaces=NS)
                if not text.strip():
                    continue
                style = context.run_style(run.find("a:rPr", NS), level, p_pr)
                r_pr = run.find("a:rPr", NS)
                raised = r_pr is not None and int(r_pr.get("baseline", "0")) > 0
                least = min(minimum, RAISED_SIZE) if raised else minimum
                if style.size < least - SIZE_SLACK and (found["small"] is None or style.size < found["small"][0]):
                    found["small"] = (style.size, text)
                ratio = contrast(style.colour, behind)
                if ratio < TEXT_CONTRAST - CONTRAST_SLACK and (found["contrast"] is None
                                                               or ratio < found["contrast"][0]):
                    found["contrast"] = (ratio, text, style.colour, behind)
                own_lang = run.find("a:rPr", NS).get("lang") if run.find("a:rPr", NS) is not None else None
                found["unlabelled"] += not own_lang
                self.languages[own_lang] += 1
        return found

    def report_runs(self, name: str, found: dict) -> None:
        if found["small"]:
            size, text = found["small"]
            self.add(name, "font-size", f"{size:.1f} pt is under {found['minimum']:.0f} pt: {text[:40]!r}")
        if found["contrast"]:
            ratio, text, colour, behind = found["contrast"]
            self.add(name, "contrast-text", f"{ratio:.2f}:1 ({_hex(colour)} on {_hex(behind)}) for {text[:40]!r}")
        if found["unlabelled"]:
            self.add(name, "language", f"{found['unlabelled']} text run(s) carry no language (a:rPr/@lang)")

    # tables
    def check_table(self, shape, box: Box) -> Box:
        tbl = shape._element.find(".//a:tbl", NS)
        widths = [int(g.get("w")) for g in tbl.findall("a:tblGrid/a:gridCol", NS)]
        style_id = tbl.findtext("a:tblPr/a:tableStyleId", default="", namespaces=NS)
        tbl_pr = tbl.find("a:tblPr", NS)
        first_row = tbl_pr is not None and tbl_pr.get("firstRow") in ("1", "true")
        band_row = tbl_pr is not None and tbl_pr.get("bandRow") in ("1", "true")
        context = TextContext(self.theme, [self.presentation._element.find("p:defaultTextStyle", NS)])
        real_height, broken = 0, None
        problems = {"small": None, "contrast": None, "unlabelled": 0, "minimum": MIN_SIZE}
        for r, row in enumerate(tbl.findall("a:tr", NS)):
            needed = int(row.get("h"))
            col = 0
            for cell in row.findall("a:tc", NS):
                span = int(cell.get("gridSpan", "1"))
                width = sum(widths[col:col + span])
                col += span
                if cell.get("hMerge") or cell.get("vMerge"):
                    continue
                tc_pr = cell.find("a:tcPr", NS)
                margins = [int(tc_pr.get(k)) if tc_pr is not None and tc_pr.get(k) else d
                           for k, d in zip(("marL", "marT", "marR", "marB"), CELL_MARGINS)]
                header = first_row and r == 0
                fill, text_colour = _table_style(self.theme, style_id, header, band_row, r - (1 if first_row else 0))
                own = _fill_of(self.theme, tc_pr)
                if own is False:
                    fill = None
                elif own:
                    fill = own
                # the table style's text colour wins over the presentation's default text colour
                cell_context = TextContext(self.theme, context.styles, default_colour=text_colour, style_colours=False)
                paragraphs = cell.findall("a:txBody/a:p", NS)
                wrapped = wrap_paragraphs(paragraphs, cell_context, (width - margins[0] - margins[2]) / EMU_PT)
                broken = broken or wrapped.broken_word
                needed = max(needed, int(wrapped.height * EMU_PT) + margins[1] + margins[3])
                cell = self.run_problems(paragraphs, cell_context, fill or self.background, False)
                problems["unlabelled"] += cell["unlabelled"]
                for key, worse in (("small", lambda a, b: a[0] < b[0]), ("contrast", lambda a, b: a[0] < b[0])):
                    if cell[key] and (problems[key] is None or worse(cell[key], problems[key])):
                        problems[key] = cell[key]
            real_height += needed
        self.report_runs(shape.name, problems)
        if broken:
            self.add(shape.name, "text-fit", f"the word {broken!r} is wider than its column and breaks")
        if real_height > box.height + max(GEOMETRY_TOLERANCE, FIT_REL * box.height):
            self.add(shape.name, "table-fit", f"rows with their wrapped text need {real_height / EMU_PT:.0f} pt; "
                     f"the frame is {box.height / EMU_PT:.0f} pt")
        return Box(box.name, box.left, box.top, sum(widths) or box.width, max(real_height, box.height))

    # charts
    def check_chart(self, shape, box: Box) -> None:
        space = shape.chart._chartSpace
        behind = _fill_of(self.theme, space.find("c:spPr", NS)) or self.background_under(box)
        plot = space.find("c:chart/c:plotArea", NS)
        plot_fill = _fill_of(self.theme, plot.find("c:spPr", NS)) or behind
        base_colour = self.theme.colour(space.find("c:txPr//a:defRPr/a:solidFill", NS)) or self.theme.text_colour()
        base_size = space.find("c:txPr//a:defRPr", NS)
        base_size = int(base_size.get("sz")) / 100 if base_size is not None and base_size.get("sz") else 10.0
        # chart text: sizes and contrast of axis, legend and title text against the chart's background
        for tx_pr in space.iter(f"{C}txPr"):
            if tx_pr.getparent().tag == f"{C}dLbls" or tx_pr.getparent().tag == f"{C}dLbl":
                continue
            self._chart_text(shape.name, tx_pr, base_size, base_colour, behind, "chart text")
        worst_fill = None
        for chart in plot:
            kind = etree.QName(chart).localname
            if not kind.endswith("Chart"):
                continue
            grouping = chart.findtext("c:grouping", default="", namespaces=NS) or \
                (chart.find("c:grouping", NS).get("val") if chart.find("c:grouping", NS) is not None else "")
            vary = chart.find("c:varyColors", NS)
            vary = vary is not None and vary.get("val", "1") in ("1", "true")
            chart_labels = chart.find("c:dLbls", NS)
            for s, ser in enumerate(chart.findall("c:ser", NS)):
                idx = int(ser.find("c:idx", NS).get("val"))
                ser_fill = self._series_fill(ser, kind, idx)
                points = {int(d.find("c:idx", NS).get("val")): d for d in ser.findall("c:dPt", NS)}
                count = len(ser.findall("c:val//c:pt", NS)) or len(ser.findall("c:yVal//c:pt", NS))
                for i in range(max(count, 1)):
                    fill, outline = ser_fill
                    if i in points:
                        own = self._series_fill(points[i], kind, idx)
                        fill = own[0] if own[0] is not None else fill
                        outline = own[1] if own[1] is not None else outline
                    elif vary and kind in ("pieChart", "doughnutChart", "pie3DChart"):
                        fill = self.theme.colours[f"accent{i % 6 + 1}"]
                    if fill:
                        ratio = contrast(fill, plot_fill)
                        lined = outline and contrast(outline, plot_fill) >= GRAPHIC_CONTRAST - CONTRAST_SLACK
                        if ratio < GRAPHIC_CONTRAST - CONTRAST_SLACK and not lined:
                            name = ser.findtext("c:tx//c:v", default=f"series {s + 1}", namespaces=NS)
                            if worst_fill is None or ratio < worst_fill[0]:
                                worst_fill = (ratio, name, fill)
                    self._data_label(shape.name, kind, grouping, ser, chart_labels, i, fill, plot_fill,
                                     base_size, base_colour)
        if worst_fill:
            self.add(shape.name, "contrast-fill", f"{worst_fill[0]:.2f}:1 ({_hex(worst_fill[2])} on "
                     f"{_hex(plot_fill)}) for series {worst_fill[1]!r}, with no outline of 3:1")

    def _series_fill(self, el, kind: str, idx: int) -> tuple[Rgb | None, Rgb | None]:
        sp_pr = el.find("c:spPr", NS)
        line_colour = self.theme.colour(sp_pr.find("a:ln/a:solidFill", NS)) if sp_pr is not None else None
        if kind in ("lineChart", "scatterChart", "radarChart"):
            marker = el.find("c:marker/c:spPr", NS)
            marker_fill = _fill_of(self.theme, marker) if marker is not None else None
            symbol = el.findtext("c:marker/c:symbol", default="", namespaces=NS)
            symbol = el.find("c:marker/c:symbol", NS).get("val") if el.find("c:marker/c:symbol", NS) is not None \
                else symbol
            no_line = sp_pr is not None and sp_pr.find("a:ln/a:noFill", NS) is not None
            if no_line and symbol != "none" and marker_fill:  # dots: the marker and its ring are what shows
                ring = self.theme.colour(marker.find("a:ln/a:solidFill", NS))
                return marker_fill, ring
            if el.tag == f"{C}dPt":
                return marker_fill or None, None
            return line_colour or (marker_fill or None) or self.theme.colours.get(f"accent{idx % 6 + 1}"), None
        fill = _fill_of(self.theme, sp_pr)
        if fill is False:
            return None, line_colour
        if fill is None and el.tag == f"{C}ser":
            fill = self.theme.colours.get(f"accent{idx % 6 + 1}")
        return fill, line_colour

    def _chart_text(self, name, tx_pr, base_size, base_colour, behind, what) -> None:
        def_r_pr = tx_pr.find(".//a:defRPr", NS)
        size = int(def_r_pr.get("sz")) / 100 if def_r_pr is not None and def_r_pr.get("sz") else base_size
        colour = (self.theme.colour(def_r_pr.find("a:solidFill", NS)) if def_r_pr is not None else None) \
            or base_colour
        if size < MIN_SIZE - SIZE_SLACK:
            self.add(name, "font-size", f"{what} at {size:.1f} pt is under {MIN_SIZE:.0f} pt")
        ratio = contrast(colour, behind)
        if ratio < TEXT_CONTRAST - CONTRAST_SLACK:
            self.add(name, "contrast-text", f"{what} {ratio:.2f}:1 ({_hex(colour)} on {_hex(behind)})")

    def _data_label(self, name, kind, grouping, ser, chart_labels, i, fill, plot_fill, base_size, base_colour):
        labels = ser.find("c:dLbls", NS)
        labels = labels if labels is not None else chart_labels
        if labels is None:
            return
        own = next((d for d in labels.findall("c:dLbl", NS) if int(d.find("c:idx", NS).get("val")) == i), None)

        def value(tag, default=None):
            for el in (own, labels):
                if el is None:
                    continue
                found = el.find(f"c:{tag}", NS)
                if found is not None:
                    return found
            return default

        if own is not None and own.find("c:delete", NS) is not None and own.find("c:delete", NS).get("val") in (
                "1", "true"):
            return
        shown = [value(t) for t in ("showVal", "showPercent", "showCatName", "showSerName")]
        if not any(s is not None and s.get("val") in ("1", "true") for s in shown):
            if not (own is not None and own.find("c:tx", NS) is not None):
                return
        pos = value("dLblPos")
        pos = pos.get("val") if pos is not None else (
            "ctr" if grouping in ("stacked", "percentStacked") or kind in ("doughnutChart",)
            else "bestFit" if kind.startswith("pie") else "outEnd" if kind.startswith("bar") else "r")
        inside = pos in ("ctr", "inEnd", "inBase") or (pos == "bestFit" and kind.startswith("pie"))
        label_fill = _fill_of(self.theme, value("spPr")) or None
        under = label_fill or (fill if inside and fill else plot_fill)
        tx_pr = value("txPr")
        def_r_pr = tx_pr.find(".//a:defRPr", NS) if tx_pr is not None else None
        colour = (self.theme.colour(def_r_pr.find("a:solidFill", NS)) if def_r_pr is not None else None) or base_colour
        size = int(def_r_pr.get("sz")) / 100 if def_r_pr is not None and def_r_pr.get("sz") else base_size
        series = ser.findtext("c:tx//c:v", default="", namespaces=NS)
        key = (name, series)
        if size < MIN_SIZE - SIZE_SLACK and key not in self._small_labels:
            self._small_labels.add(key)
            self.add(name, "font-size", f"data labels of {series!r} at {size:.1f} pt are under {MIN_SIZE:.0f} pt")
        ratio = contrast(colour, under)
        if ratio < TEXT_CONTRAST - CONTRAST_SLACK and key not in self._low_labels:
            self._low_labels.add(key)
            self.add(name, "contrast-label", f"{ratio:.2f}:1 ({_hex(colour)} on {_hex(under)}) for the data "
                     f"labels of {series!r} (point {i + 1}, {pos})")

    def check_geometry(self) -> None:
        width, height = self.presentation.slide_width, self.presentation.slide_height
        for box in self.boxes:
            if (box.left < -GEOMETRY_TOLERANCE or box.top < -GEOMETRY_TOLERANCE
                    or box.right > width + GEOMETRY_TOLERANCE or box.bottom > height + GEOMETRY_TOLERANCE):
                self.add(box.name, "off-slide", f"spans {_pt(box.left)}..{_pt(box.right)} x "
                         f"{_pt(box.top)}..{_pt(box.bottom)} pt on a {_pt(width)} x {_pt(height)} pt slide")
        for i, one in enumerate(self.boxes):
            for two in self.boxes[i + 1:]:
                dx, dy = _overlap(one, two)
                if dx > GEOMETRY_TOLERANCE and dy > GEOMETRY_TOLERANCE:
                    self.add(two.name, "overlap", f"covers {one.name!r} by {dx / EMU_PT:.0f} x {dy / EMU_PT:.0f} pt")


# Built-in table styles deckgen may use: (header fill, header text, band fill, other rows' fill, body text),
# as theme slots with tints. Anything else is judged by the cells' own fills over the slide's background.
_MEDIUM_2 = {"{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}": "accent1", "{21E4AEA4-8DFA-4A89-87EB-49C32662AFE0}": "accent2",
             "{F5AB1C69-6EDB-4FF4-983F-18BD219EF322}": "accent3", "{00A15C55-8517-42AA-B614-E9B94910E393}": "accent4",
             "{7DF18680-E054-41AD-8BC1-D1AEF772440D}": "accent5", "{93296810-A885-4BE3-A3E7-6D5BEEA58F35}": "accent6",
             "{073A0DAA-6AF3-43AB-8588-CEC1D06C72B9}": "dk1"}


def _table_style(theme: Theme, style_id: str, header: bool, band: bool, body_row: int) -> tuple[Rgb | None, Rgb]:
    """(fill, text colour) a built-in "Medium Style 2" table style gives a cell; (None, tx1) otherwise."""
    slot = _MEDIUM_2.get(style_id)
    dark, light = theme.colours[theme.map.get("tx1", "dk1")], theme.colours[theme.map.get("bg1", "lt1")]
    if slot is None:
        return None, dark
    accent = theme.colours[slot]
    if header:
        return accent, light
    tint = 0.4 if band and body_row % 2 == 0 else 0.2
    return tuple(c * tint + (1 - tint) for c in accent), dark


def _hex(rgb: Rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)


def _pt(emu: int) -> str:
    return f"{emu / EMU_PT:.0f}"


def _title(slide) -> tuple[str | None, bool]:
    """The slide's title text (None when it has none) and whether its layout offers a title."""
    layout_has = any(_ph_type(ph) in ("title", "ctrTitle") for ph in slide.slide_layout.placeholders)
    for shape in slide.placeholders:
        if _ph_type(shape) in ("title", "ctrTitle"):
            return (shape.text_frame.text.strip() or None), True
    return None, layout_has


def check(path: str | Path) -> list[Finding]:
    """Every finding on the deck at *path*, slide by slide, then the deck-wide ones."""
    presentation = Presentation(str(path))
    findings: list[Finding] = []
    titles: dict[str, int] = {}
    languages: Counter = Counter()
    for number, slide in enumerate(presentation.slides, 1):
        checker = SlideChecker(presentation, number, slide)
        checker.languages = languages
        findings += checker.check()
        title, offered = _title(slide)
        if title is None:
            if offered:
                findings.append(Finding(number, "(slide)", "no-title", "the title placeholder is missing or empty"))
            else:
                findings.append(Finding(number, "(slide)", "title-less-layout",
                                        f"layout {slide.slide_layout.name!r} has no title placeholder"))
        else:
            key = " ".join(title.split()).casefold()
            if key in titles:
                findings.append(Finding(number, "(slide)", "duplicate-title",
                                        f"{title[:60]!r} is also slide {titles[key]}'s title"))
            else:
                titles[key] = number
    named = {lang.split("-")[0].lower() for lang in languages if lang}
    if len(named) > 1:
        findings.append(Finding(0, "(deck)", "language", "text runs in more than one language: "
                                + ", ".join(f"{k} x{v}" for k, v in sorted(languages.items(), key=str) if k)))
    return findings
