"""The stats stage: pure functions from coded answers to :class:`Table` values.

It knows nothing of slides, fonts or templates.
"""

from .table import Axis, Comparison, Significance, Table
from .tabulate import TOTAL, frequencies, grid, multi_response, tabulate

__all__ = ["TOTAL", "Axis", "Comparison", "Significance", "Table", "frequencies", "grid", "multi_response",
           "tabulate"]
