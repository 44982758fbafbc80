"""What a chart plots: its categories and series, laid out from a table (see :func:`.charts.chart_data`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # proportions 0-1, None for a gap
    residual: bool = False  # "Don't know"-like series: drawn in grey
    marks: list[str] | None = None  # significance marks shown after each value ("B", "▲")


@dataclass(frozen=True)
class ChartData:
    """What a chart plots: category labels and one or more series of proportions."""

    categories: list[str]
    series: list[Series]
    ordinal: bool = False  # series are points of an ordered scale (shades of one colour)
    nets: tuple[int, ...] = ()  # categories that are NETs: drawn in a lighter shade
    residual: tuple[int, ...] = ()  # categories that are residual answers ("Vet ej"): grey slices
