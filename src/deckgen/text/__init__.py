"""The text stage: locale formats, hedged phrasing and sandboxed text templates.

It writes words from numbers; it never places text on a slide.
"""

from .formats import join, number, percent
from .phrasing import approx
from .templates import Lookup, Pct, TextRenderer

__all__ = ["Lookup", "Pct", "TextRenderer", "approx", "join", "number", "percent"]
