"""The render stage: template layouts, native charts and tables, footnotes, notes, and the file.

It places what the other stages computed; it computes no statistics.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import Location
from .deck import DeckWriter
from .geometry import check_layout_on_slide, check_slide_size
from .template import find_layout, open_template
from .xmlfix import fast_partnames, fast_placeholders

__all__ = ["DeckWriter", "open_deck"]


def open_deck(template: Path, layout_names: dict[str, str], roles: set[str], locale: str,
              where_template: Location, where_layout: Callable[[str], Location]) -> DeckWriter:
    """Open *template*, drop its sample slides and find a layout for every role the deck uses.

    The slide size and the chosen layouts are checked here, so a template with no room for a chart
    stops the build before any data is read.
    """
    prs = open_template(template, where_template)
    check_slide_size(prs, where_template)
    fast_partnames(prs.part.package)
    fast_placeholders()
    layouts = {role: find_layout(prs, layout_names[role], where_layout(role), f"deck.layouts.{role}")
               for role in sorted(roles)}
    for role, layout in layouts.items():
        check_layout_on_slide(prs, layout, where_layout(role), f"deck.layouts.{role}")
    return DeckWriter(prs, layouts, locale, where_layout("chart"))
