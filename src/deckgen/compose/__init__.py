"""The compose stage: a slide's spec, its tables and the text renderer turned into what a slide shows.

It words and arranges; it draws no shapes (that is render's work) and computes no statistics
(stats'). See :mod:`.chart`.
"""

from .chart import compose_chart
from .content import MAX_LABEL, ChartContent, ChartText, TextContent, ValueFormat
from .text import compose_text

__all__ = ["MAX_LABEL", "ChartContent", "ChartText", "TextContent", "ValueFormat", "compose_chart", "compose_text"]
