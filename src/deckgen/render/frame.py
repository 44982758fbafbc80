"""The deck's chart frame: one plot rectangle and label column on every bar and column chart, and what fits.

A reader turning from slide to slide compares bars: they must start at the same place and run on the
same scale. So the plot area is not left to PowerPoint's automatic layout, which moves it with the
length of the labels, but set in the chart (a manual inner layout) from the chart area alone, which
the template gives every chart slide alike:

- horizontal bars (``bar``, ``stacked``): a label column of :data:`LABEL_COLUMN` of the width on the
  left, room on the right for a value label beside a full (100%) bar, and a band for the legend below;
- columns: room above a full column for its label, a band of :data:`LABEL_LINES` lines for the
  category labels below, and the legend's band under them.

The same rectangle is kept whether or not a chart has a legend, so bars line up across slides.

Everything else here is a pure estimate in points from that rectangle (glyph widths as
:mod:`.textfit` estimates them): how category labels wrap in the label column, the data-label size at
which every bar keeps its number, and whether a column chart's labels can sit across. The compose
stage chooses a slide's form from these estimates (``build`` hands it :meth:`ChartFrame.fit`); the
kinds draw with the same ones, so what compose promised is what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from .textfit import EMU_PER_POINT, LINE_HEIGHT, text_width, wrap

#: The category-label column of horizontal bars, as a fraction of the chart's width.
LABEL_COLUMN = 0.30
#: Room right of the plot for an outside-end label beside a full bar: "100%" and a few letters at 12 pt.
VALUE_ROOM = 64.0
#: Room under the plot for the legend (one or two lines), kept on every chart so the plots line up.
LEGEND_ROOM = 34.0
#: Room above a column chart's plot for the label of a full column.
COLUMN_TOP = 20.0
#: Category labels wrap to at most this many lines before anything is shortened.
LABEL_LINES = 3
#: Category-label sizes tried in turn (pt): the smallest is the smallest a reader is given.
CATEGORY_SIZES = (12.0, 11.0, 10.0)
#: Data-label sizes tried in turn (pt); a chart whose bars cannot all carry 10 pt (the smallest text a
#: slide read from across a room may have) takes another form.
VALUE_SIZES = (12.0, 11.0, 10.0)
#: A data label's height, as a multiple of its size, that must fit beside its bar.
LABEL_HEIGHT = 1.25
#: Side padding of a label (pt).
PAD = 4.0


def gap_width(stacked: bool, n_series: int) -> int:
    """The gap between categories, in percent of a bar's thickness (PowerPoint's ``gapWidth``)."""
    return 50 if stacked else 40 if n_series > 1 else 60


def joined(text: str, lines: list[str]) -> str:
    """*lines* as one label with line breaks; a label on one line stays exactly as written."""
    return text if len(lines) == 1 else "\n".join(lines)


def fits(lines: list[str], width: float, size: float, most: int) -> bool:
    return len(lines) <= most and all(text_width(line, size) <= width for line in lines)


def shorten(text: str, width: float, size: float, most: int) -> str:
    """*text* cut at a word boundary, with an ellipsis, to *most* lines of *width* at *size*."""
    words = text.split()
    while len(words) > 1:
        words.pop()
        shown = " ".join(words).rstrip(" ,;:-") + "…"
        lines = wrap(shown, width, size)
        if fits(lines, width, size, most):
            return "\n".join(lines)
    chars = max(1, int(width / text_width("n", size)) - 1)  # a first word longer than a line
    return text.split()[0][:chars] + "…" if text.split() else "…"


@dataclass(frozen=True)
class Fit:
    """What fits in the frame for one chart: the estimate compose chooses a form by, and the kinds draw by.

    *shown* is each category label as drawn (wrapped with line breaks, or shortened); *shortened* the
    full labels that could not be drawn whole. *value_size* is the data-label size at which every bar
    keeps its number, None when they cannot. *across* says a column chart's labels sit across their
    columns (at most :data:`LABEL_LINES` lines, no word broken). *largest* is the largest value drawn,
    with its category.
    """

    categories: int
    series: int
    category_size: float
    shown: tuple[str, ...]
    shortened: tuple[str, ...]
    value_size: float | None
    across: bool = True
    largest: tuple[str, float] | None = None


@dataclass(frozen=True)
class ChartFrame:
    """The fixed frame of a deck's charts, from the chart area *rect* (left, top, width, height; EMU)."""

    rect: tuple[int, int, int, int]

    @property
    def width(self) -> float:
        return self.rect[2] / EMU_PER_POINT

    @property
    def height(self) -> float:
        return self.rect[3] / EMU_PER_POINT

    def plot(self, horizontal: bool) -> tuple[float, float, float, float]:
        """The plot's inner rectangle (x, y, w, h) in points from the chart's top left corner."""
        w, h = self.width, self.height
        if horizontal:
            column = w * LABEL_COLUMN
            return column, PAD, w - column - VALUE_ROOM, h - PAD - LEGEND_ROOM
        band = LABEL_LINES * CATEGORY_SIZES[0] * LINE_HEIGHT + 2 * PAD
        return 2 * PAD, COLUMN_TOP, w - 4 * PAD, h - COLUMN_TOP - band - LEGEND_ROOM

    def layout(self, horizontal: bool) -> tuple[float, float, float, float]:
        """:meth:`plot` as fractions of the chart, as a manual layout states it."""
        x, y, w, h = self.plot(horizontal)
        return x / self.width, y / self.height, w / self.width, h / self.height

    # -- category labels ---------------------------------------------------------------------------
    def label_column(self) -> float:
        """The width (pt) a horizontal bar's category label wraps in."""
        return self.plot(True)[0] - 2 * PAD

    def bar_labels(self, labels: list[str], whole: bool = False) -> tuple[float, list[str], list[str]]:
        """(size, shown, shortened): category labels of horizontal bars wrapped in the label column.

        Each label wraps at word boundaries to at most :data:`LABEL_LINES` lines (fewer when its bar's
        band is too thin for them), at the largest of :data:`CATEGORY_SIZES` where every label fits;
        only a label that does not fit at the smallest is shortened, at a word boundary. Labels kept
        *whole* (segment names, already shortened so that their letter and low-base mark stay whole)
        are only wrapped.
        """
        width, band = self.label_column(), self.plot(True)[3] / max(len(labels), 1)
        for size in CATEGORY_SIZES:
            most = min(LABEL_LINES, int(band // (size * LINE_HEIGHT)))
            wrapped = [wrap(label, width, size) for label in labels]
            if most >= 1 and all(fits(lines, width, size, most) for lines in wrapped):
                return size, [joined(label, lines) for label, lines in zip(labels, wrapped)], []
        size = CATEGORY_SIZES[-1]
        most = max(1, min(LABEL_LINES, int(band // (size * LINE_HEIGHT))))
        shown, shortened = [], []
        for label in labels:
            lines = wrap(label, width, size)
            if whole or fits(lines, width, size, most):
                shown.append(joined(label, lines))
            else:
                shown.append(shorten(label, width, size, most))
                shortened.append(label)
        return size, shown, shortened

    def column_labels(self, labels: list[str]) -> tuple[float, list[str], bool]:
        """(size, shown, across): category labels under columns, wrapped across their column's width;
        *across* is False when some label needs more than :data:`LABEL_LINES` lines or breaks a word
        even at the smallest size (it would be turned or overlap its neighbour)."""
        width = self.plot(False)[2] / max(len(labels), 1) - PAD
        for size in CATEGORY_SIZES:
            wrapped = [wrap(label, width, size) for label in labels]
            if all(fits(lines, width, size, LABEL_LINES) for lines in wrapped):
                return size, [joined(label, lines) for label, lines in zip(labels, wrapped)], True
        size = CATEGORY_SIZES[-1]
        return size, [joined(label, wrap(label, width, size)) for label in labels], False

    # -- data labels -------------------------------------------------------------------------------
    def value_size(self, horizontal: bool, n_categories: int, n_series: int, texts: list[str],
                   stacked: bool = False) -> float | None:
        """The largest of :data:`VALUE_SIZES` at which every bar's label (*texts*, as shown) sits beside
        its bar without touching its neighbour's; None when even the smallest would.

        Neighbouring labels are a bar apart within a category (several series) and a category apart
        with one series; a horizontal bar's label must be a line high, a column's as wide as its text.
        """
        _, _, w, h = self.plot(horizontal)
        gap = gap_width(stacked, n_series) / 100
        along = h if horizontal else w
        pitch = along / max(n_categories, 1)
        if n_series > 1:
            pitch = along / (max(n_categories, 1) * (n_series + gap))
        for size in VALUE_SIZES:
            widest = max((text_width(t, size) for t in texts), default=text_width("100%", size))
            needed = size * LABEL_HEIGHT if horizontal else widest + PAD
            if pitch >= needed:
                return size
        return None

    def stack_size(self, n_categories: int) -> float:
        """The data-label size of a 100% stack: as large as the bar is thick, at most 12 pt."""
        thickness = self.plot(True)[3] / (max(n_categories, 1) * (1 + gap_width(True, 1) / 100))
        return max(VALUE_SIZES[-1], min(VALUE_SIZES[0], float(int(2 * thickness / LABEL_HEIGHT)) / 2))

    def segment_span(self, start: float, value: float, text: str, size: float) -> tuple[float, float]:
        """Where (points from the plot's left) *text* at *size* lies when centred on a stack's segment from
        share *start* to *start* + *value*."""
        middle = self.plot(True)[2] * (start + value / 2)
        half = (text_width(text, size) + PAD) / 2
        return middle - half, middle + half

    def segment_size(self, value: float, text: str, largest: float) -> float | None:
        """The size (≤ *largest*, ≥ 10 pt) at which *text* fits inside a stack's segment of *value*
        (a share of the bar), None when it cannot."""
        length = self.plot(True)[2] * value
        size = largest
        while size >= VALUE_SIZES[-1]:
            if text_width(text, size) + PAD <= length:
                return size
            size -= 1.0
        return None
