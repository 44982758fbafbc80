"""The template's theme colours as RGB, so the contrast of a chart's text and fills can be computed.

Charts name theme colours (``accent1``, ``bg1``) and python-pptx's *brightness*, so a customer's
template recolours them; what a reader sees is that colour resolved through the slide master's theme
(``a:clrScheme``) and its colour map (``bg1`` -> ``lt1``), lightened or darkened in HSL as PowerPoint
does for ``lumMod``/``lumOff``. Contrast is WCAG 2.1's ratio of relative luminances.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field

from lxml import etree
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

RGB = tuple[int, int, int]

#: Office's default theme, for a template whose theme cannot be read.
_OFFICE = {"dk1": (0, 0, 0), "lt1": (255, 255, 255), "dk2": (0x44, 0x54, 0x6A), "lt2": (0xE7, 0xE6, 0xE6),
           "accent1": (0x44, 0x72, 0xC4), "accent2": (0xED, 0x7D, 0x31), "accent3": (0xA5, 0xA5, 0xA5),
           "accent4": (0xFF, 0xC0, 0x00), "accent5": (0x5B, 0x9B, 0xD5), "accent6": (0x70, 0xAD, 0x47)}
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}

#: python-pptx's theme colour names as the theme's scheme names them.
_NAMES = {MSO_THEME_COLOR.ACCENT_1: "accent1", MSO_THEME_COLOR.ACCENT_2: "accent2",
          MSO_THEME_COLOR.ACCENT_3: "accent3", MSO_THEME_COLOR.ACCENT_4: "accent4",
          MSO_THEME_COLOR.ACCENT_5: "accent5", MSO_THEME_COLOR.ACCENT_6: "accent6",
          MSO_THEME_COLOR.BACKGROUND_1: "bg1", MSO_THEME_COLOR.BACKGROUND_2: "bg2",
          MSO_THEME_COLOR.TEXT_1: "tx1", MSO_THEME_COLOR.TEXT_2: "tx2",
          MSO_THEME_COLOR.DARK_1: "dk1", MSO_THEME_COLOR.LIGHT_1: "lt1",
          MSO_THEME_COLOR.DARK_2: "dk2", MSO_THEME_COLOR.LIGHT_2: "lt2"}


@dataclass(frozen=True)
class Theme:
    """The scheme's colours by name (``dk1`` .. ``accent6``) and the master's map of ``bg1``/``tx1``/...."""

    scheme: dict = field(default_factory=lambda: dict(_OFFICE))
    mapping: dict = field(default_factory=lambda: dict(_DEFAULT_MAP))

    def rgb(self, colour) -> RGB:
        """*colour* as RGB: an (r, g, b) tuple as it is, or (theme colour, brightness) resolved."""
        if isinstance(colour, tuple) and len(colour) == 3 and all(isinstance(c, int) for c in colour):
            return colour
        theme_colour, brightness = colour
        name = _NAMES.get(theme_colour, "accent1")
        name = self.mapping.get(name, name)
        return with_brightness(self.scheme.get(name, _OFFICE.get(name, (0, 0, 0))), brightness)

    @property
    def background(self) -> RGB:
        return self.rgb((MSO_THEME_COLOR.BACKGROUND_1, 0.0))

    @property
    def text(self) -> RGB:
        return self.rgb((MSO_THEME_COLOR.TEXT_1, 0.0))


def deck_theme(prs) -> Theme:
    """The theme of the presentation's first slide master, with that master's colour map."""
    master = prs.slide_masters[0]
    mapping = dict(_DEFAULT_MAP)
    clr_map = master._element.find(f"{_P}clrMap")
    if clr_map is not None:
        mapping.update({k: v for k, v in clr_map.attrib.items() if k in _DEFAULT_MAP})
    try:
        theme_part = master.part.part_related_by(RT.THEME)
    except KeyError:
        return Theme(mapping=mapping)
    return Theme(read_scheme(theme_part.blob), mapping)


def read_scheme(theme_xml: bytes) -> dict:
    """The ``a:clrScheme`` colours of a theme part, by name; Office's for any it does not give."""
    scheme = dict(_OFFICE)
    root = etree.fromstring(theme_xml)
    clr = root.find(f"{_A}themeElements/{_A}clrScheme")
    if clr is None:
        return scheme
    for child in clr:
        name = etree.QName(child).localname
        value = child.find(f"{_A}srgbClr")
        system = child.find(f"{_A}sysClr")
        hex_value = value.get("val") if value is not None else system.get("lastClr") if system is not None else None
        if hex_value and len(hex_value) == 6:
            scheme[name] = tuple(int(hex_value[i:i + 2], 16) for i in (0, 2, 4))
    return scheme


def with_brightness(rgb: RGB, brightness: float) -> RGB:
    """*rgb* lightened (brightness > 0: lumMod 1-b, lumOff b) or darkened (lumMod 1+b) in HSL, as
    python-pptx writes it and PowerPoint draws it."""
    if not brightness:
        return rgb
    h, l, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    l = l * (1 - brightness) + brightness if brightness > 0 else l * (1 + brightness)
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, min(max(l, 0.0), 1.0), s))


def luminance(rgb: RGB) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
