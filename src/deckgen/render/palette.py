"""Colours of the chart kinds: which fill each series, slice and point gets, and the colour of text on it.

Every colour rule of a chart lives here; the kinds ask for colours and never pick them. A colour means
one thing in a deck:

- the points of a scale (``Placement.scale``, decided in spec and compose, never read from label text
  here): a bipolar scale diverges from a fixed warm ramp (negative) through a light grey-beige middle to
  shades of the theme's accent 1 (positive), darkest at both ends; a unipolar scale is shades of accent 1,
  darkest at its positive end;
- residual answers ("Don't know", "Other"): always the one residual grey, lighter than the scale and
  cooler than its neutral middle;
- each segment of a breakdown keeps the accent of its place in the ``by`` question's full list of
  answers (``Placement.segments``), on every slide, whichever segments a slide shows; a low-base segment
  gets a muted version of its own colour; Total is one dark neutral, never an accent;
- a NET is hatched in its series' colour, never a lighter shade that another series could have.

Accents refer to the template theme, so a customer's own template recolours every chart; the warm ramp
and the greys are fixed, as a theme's accents may hold no warm colour. Every fill reaches a contrast of
3:1 with the slide's background, by itself or by an outline of its own hue darkened until it does; text
on a fill is white or the theme's dark text, whichever reaches 4.5:1 (WCAG 2.1), the fill nudged when
neither does.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.dml import MSO_PATTERN, MSO_THEME_COLOR
from pptx.dml.color import RGBColor
from pptx.util import Pt

from .plotted import ChartData
from .theme import Theme, contrast, with_brightness

ACCENTS = [MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.ACCENT_3,
           MSO_THEME_COLOR.ACCENT_4, MSO_THEME_COLOR.ACCENT_5, MSO_THEME_COLOR.ACCENT_6]

#: The negative side of a bipolar scale, darkest (its end) first.
WARM = ((0xB2, 0x18, 0x2B), (0xF4, 0xA5, 0x82))
#: The neutral middle of a bipolar scale ("Neither ... nor"): a light grey-beige.
NEUTRAL = (0xE3, 0xDC, 0xCC)
#: Residual answers ("Don't know", "Other"): always this grey, cooler and darker than the neutral middle.
RESIDUAL = (0xBF, 0xC1, 0xC4)
#: Secondary text (footnotes, slide numbers, a table's base row): the theme's text lightened 35%, which
#: keeps 4.5:1 on a light background (about 5.4:1 on white for the brand template's near-black).
QUIET_TEXT = (MSO_THEME_COLOR.TEXT_1, 0.35)
#: The Total beside segments: a dark neutral, never an accent.
TOTAL = (0x4D, 0x4D, 0x4D)
#: How much lighter a low-base segment's fill is than its own colour.
MUTED = 0.6
#: Contrast a fill (or its outline) reaches with the slide background, and text with its fill (WCAG 2.1).
FILL_CONTRAST, TEXT_CONTRAST = 3.0, 4.5
#: How much lighter the point of a scale next to its middle is than the end (accent 1 at 0).
_SHADES = 0.7



@dataclass(frozen=True)
class Fill:
    """A fill: *colour* as (theme colour, brightness) or an RGB triple; an *outline* colour where the fill
    alone is too light for the background; *hatched* for a NET."""

    colour: tuple
    outline: tuple | None = None
    hatched: bool = False


def _darker(colour: tuple, step: float) -> tuple:
    if len(colour) == 2:
        theme_colour, brightness = colour
        return (theme_colour, round(max(brightness - step, -0.95), 2) if brightness <= 0
                else round(brightness - step, 2))
    return with_brightness(colour, -step)


def _framed(colour: tuple, theme: Theme, hatched: bool = False, outline_from: tuple | None = None) -> Fill:
    """*colour* as a fill that stands out from the background: an outline of its own hue, darkened until it
    reaches 3:1, where the fill alone does not (or always, from *outline_from*, for a muted or hatched fill)."""
    background = theme.background
    if outline_from is None and not hatched and contrast(theme.rgb(colour), background) >= FILL_CONTRAST:
        return Fill(colour)
    line = outline_from or colour
    for _ in range(20):
        if contrast(theme.rgb(line), background) >= FILL_CONTRAST:
            break
        line = _darker(line, 0.1)
    return Fill(colour, line, hatched)


def _ramp(a, b, n: int) -> list:
    """*n* colours from RGB *a* to *b*."""
    if n == 1:
        return [a]
    return [tuple(round(x + (y - x) * i / (n - 1)) for x, y in zip(a, b)) for i in range(n)]


def scale_colour(rank: int, n: int, kind: str) -> tuple:
    """The colour of the point *rank* places from a scale's negative end (0) among *n* points."""
    if kind == "bipolar":
        half = n // 2
        if n % 2 and rank == half:
            return NEUTRAL
        if rank < half:  # the negative side: warm, darkest at the end
            return _ramp(*WARM, half)[rank]
        away = n - 1 - rank  # steps from the positive end
        return MSO_THEME_COLOR.ACCENT_1, round(away * _SHADES / max(half - 1, 1), 2) if half > 1 else 0.0
    light, dark = (0.8, -0.35) if n > 6 else (0.75, 0.0)
    return MSO_THEME_COLOR.ACCENT_1, round(light + (dark - light) * rank / max(n - 1, 1), 2)


def _scale_fill(label: str, place, residual: bool) -> Fill | None:
    """The fill of *label* as a point (or NET) of the slide's scale; None when it is none."""
    scale = place.scale
    if residual:
        return _framed(RESIDUAL, place.theme)
    if scale is None:
        return None
    where = scale.position(label)
    if where is None:
        return None
    n = len(scale.points)
    colour = scale_colour(round(where * (n - 1)), n, scale.kind)
    return _framed(colour, place.theme)  # a NET standing as a series (a grid's top-2) is no point among others


def segment_fill(label: str, place, table, fallback: int) -> Fill:
    """A breakdown's segment in the accent of its place in the ``by`` question's answers (*fallback*: its
    place on the slide, when the answers are not known); Total the dark neutral; a low base muted."""
    if label == table.columns.total or table.columns.role == "total":
        return _framed(TOTAL, place.theme)
    k = place.segments.index(label) if label in place.segments else fallback
    colour = (ACCENTS[k % len(ACCENTS)], 0.0)
    j = list(table.columns).index(label) if label in table.columns else None
    bases = table.columns.bases
    if j is not None and bases is not None and place.low_base and bases[j] < place.low_base:
        return _framed((colour[0], MUTED), place.theme, outline_from=colour)
    return _framed(colour, place.theme)


def _keys(table, place, names: list[str]) -> list[str]:
    """The table's labels behind *names* as a chart shows them (a low-base segment is "North* (n=23)")."""
    shown = dict(zip(place.names(table), table.columns))
    return [shown.get(name, name) for name in names]


def series_fills(table, data: ChartData, place) -> list[Fill]:
    """The fill of each series: scale points as the scale, segments by their deck-wide colour, others
    by accent in order (the one series of a chart without a breakdown: accent 1)."""
    fills, k = [], 0
    keys = _keys(table, place, [s.name for s in data.series])
    segments = table.segments is not None
    for s, key in zip(data.series, keys):
        scaled = _scale_fill(key, place, s.residual)
        if scaled is not None:
            fills.append(scaled)
        elif segments and key in table.columns:
            fills.append(segment_fill(key, place, table, k))
            k += 1
        else:
            fills.append(_framed((ACCENTS[k % len(ACCENTS)], 0.0), place.theme))
            k += 1
    return fills


def point_fills(table, data: ChartData, place) -> dict[int, Fill]:
    """Fills of single points that differ from their series': the segments of a one-series chart of a
    breakdown (a mean per segment) in their own colours."""
    if len(data.series) != 1 or table.rows.role != "statistic" or table.segments is None:
        return {}
    keys = _keys(table, place, data.categories)
    return {i: segment_fill(key, place, table, i) for i, key in enumerate(keys) if key in table.columns}


def slice_fills(table, data: ChartData, place) -> list[Fill]:
    """The fill of each slice: a scale's points as the scale, residual answers grey, others by accent."""
    fills, k = [], 0
    for i, label in enumerate(data.categories):
        scaled = _scale_fill(label, place, i in data.residual)
        if scaled is None:
            scaled = _framed((ACCENTS[k % len(ACCENTS)], 0.0), place.theme)
            k += 1
        fills.append(scaled)
    return fills


def net_fill(fill: Fill, theme: Theme) -> Fill:
    """A NET among answers: hatched in its series' colour, outlined, so no other series' shade matches it."""
    return _framed(fill.colour, theme, hatched=True)


def legible(fill: Fill, theme: Theme) -> Fill:
    """*fill* for text on it: nudged (lighter or darker) until white or the dark text reaches 4.5:1."""
    colour = fill.colour
    for _ in range(20):
        if label_colour(colour, theme) is not None:
            break
        light = contrast(theme.rgb(colour), theme.text) >= contrast(theme.rgb(colour), theme.background)
        colour = _darker(colour, -0.05 if light else 0.05)
    return Fill(colour, fill.outline, fill.hatched)


def readable(colour: tuple, theme: Theme) -> tuple:
    """*colour* for text on the slide's background (a KPI's number in accent 1): darkened step by step
    until it reaches 4.5:1 there, so a light brand accent still reads."""
    for _ in range(20):
        if contrast(theme.rgb(colour), theme.background) >= TEXT_CONTRAST:
            break
        colour = _darker(colour, 0.05)
    return colour


def label_colour(colour: tuple, theme: Theme):
    """The theme colour for text on *colour*: white (background 1) or the dark text (text 1), whichever
    reaches 4.5:1 (the higher); None when neither does."""
    rgb = theme.rgb(colour)
    on_light, on_dark = contrast(rgb, theme.text), contrast(rgb, theme.background)
    best, ratio = (MSO_THEME_COLOR.TEXT_1, on_light) if on_light >= on_dark else \
        (MSO_THEME_COLOR.BACKGROUND_1, on_dark)
    return best if ratio >= TEXT_CONTRAST else None


def colour_of(color_format, colour: tuple) -> None:
    """Set a colour format (a fill's, a line's, a marker's, a font's) to *colour*: (theme colour,
    brightness) or RGB."""
    if len(colour) == 3:
        color_format.rgb = RGBColor(*colour)
    else:
        color_format.theme_color = colour[0]
        if colour[1]:
            color_format.brightness = colour[1]


def fill(fmt, colour) -> None:
    """Paint a shape's format (a series, point or slice) with a :class:`Fill` (or a bare colour)."""
    spec = colour if isinstance(colour, Fill) else Fill(colour)
    if spec.hatched:
        fmt.fill.patterned()
        fmt.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        colour_of(fmt.fill.fore_color, spec.colour)
        fmt.fill.back_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    else:
        fmt.fill.solid()
        colour_of(fmt.fill.fore_color, spec.colour)
    if spec.outline is not None:
        fmt.line.width = Pt(1.25 if spec.hatched else 0.75)
        colour_of(fmt.line.color, spec.outline)


def line_colour(fill_: Fill) -> tuple:
    """The colour a line or marker outline is drawn in: the fill's outline where it has one (a light fill
    alone would not stand out from the background), else the fill's colour."""
    return fill_.outline or fill_.colour
