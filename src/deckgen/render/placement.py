"""Where and how a slide's table is drawn: its rectangle and the deck's conventions for showing values."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..stats import TOTAL
from ..compose import ValueFormat
from ..compose.content import Line
from ..spec.roles import Scale
from .labels import excel_format, segment_names
from .theme import Theme


@dataclass(frozen=True)
class Placement:
    """What every chart kind's drawing needs besides the table itself.

    *rect* is (left, top, width, height) in EMU; *total_label* names the all-respondents column in the
    deck's language; *row_labels* renames statistic rows ("Mean" -> "Medelvärde") where a kind shows them.
    *scale* says which answers are points of an ordered scale and how they are coloured (see
    :mod:`.palette`); *segments* lists every answer of the ``by`` question in codebook order, so each
    segment keeps its colour on every slide; *theme* is the template's colours, for contrast;
    *shorts* and *axis_max* are the slide's, as composed (:class:`~deckgen.compose.ChartContent`).
    """

    rect: tuple[int, int, int, int]
    locale: str = "en"
    value_format: ValueFormat = ValueFormat()
    total_label: str = TOTAL
    row_labels: dict = field(default_factory=dict)
    low_base: int = 0  # segments with a smaller base are marked "*" with their n
    scale: Scale | None = None  # the answers as a scale (its kind, points, positive end), if they are one
    segments: tuple[str, ...] = ()  # the by question's answers in codebook order: each one's colour
    theme: Theme = field(default_factory=Theme)
    shorts: dict = field(default_factory=dict)  # label -> the codebook's short label, which a chart shows
    axis_max: float | None = None  # the value axis's maximum (1.0: 100%); None: fitted to the values
    line: Line | None = None  # a combo chart's line, over the same categories as its columns

    def names(self, table) -> list[str]:
        """The table's columns as this slide names them (see :func:`.labels.segment_names`)."""
        return segment_names(table, self.total_label, self.low_base, self.locale, self.shorts)

    @property
    def label_format(self) -> str:
        """The Excel number format of data labels and axes, in the deck's locale."""
        return excel_format(self.value_format, self.locale)
