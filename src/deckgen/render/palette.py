"""Colours of the chart kinds: which fill each series, slice and point gets.

Colours refer to the template theme's accents, so a customer's own template recolours every chart.
Every colour rule of a chart lives here; the kinds ask for colours and never pick them.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_THEME_COLOR

from .plotted import ChartData

ACCENTS = [MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.ACCENT_3,
           MSO_THEME_COLOR.ACCENT_4, MSO_THEME_COLOR.ACCENT_5, MSO_THEME_COLOR.ACCENT_6]

#: Residual answers ("Don't know", "Other"): always this grey.
RESIDUAL = (MSO_THEME_COLOR.BACKGROUND_2, -0.25)

#: Significance marks beside a number on the slide's background: the theme's second text colour
#: ("Dark 2"), made for text on the light background (7:1 or more on white in the brand, Office 2007
#: and Office 2013 themes), and not the first, which the numbers use, so a mark never reads as a digit.
MARK = MSO_THEME_COLOR.TEXT_2


def series_colours(data: ChartData) -> list[tuple]:
    """(theme colour, brightness) for each series; dark fills get white labels."""
    real = [s for s in data.series if not s.residual]
    colours, k = [], 0
    for s in data.series:
        if s.residual:
            colours.append(RESIDUAL)
        elif data.ordinal:
            step = 0.75 / max(len(real) - 1, 1)
            colours.append((MSO_THEME_COLOR.ACCENT_1, round(k * step, 2)))
            k += 1
        else:
            colours.append((ACCENTS[k % len(ACCENTS)], 0.0))
            k += 1
    return colours


def fill(fmt, colour: tuple) -> None:
    fmt.fill.solid()
    fmt.fill.fore_color.theme_color = colour[0]
    if colour[1]:
        fmt.fill.fore_color.brightness = colour[1]
