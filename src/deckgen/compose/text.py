"""Composing the slides of words: the cover, section dividers and bullet lists.

Their titles, subtitles and bullets are templates, rendered by *text* (a function of the build that
knows the slide and its numbers). The cover's own title and subtitle come from ``deck`` and are plain
text, never templates: a title like "Survey {# 2024" must print as written.
"""

from __future__ import annotations

from typing import Callable

from ..spec.models import BulletsSlide, Deck, SectionSlide, TitleSlide
from .content import TextContent


def compose_text(slide: TitleSlide | SectionSlide | BulletsSlide, deck: Deck, text: Callable[[str, str], str],
                 notes: str | None) -> TextContent:
    """*slide* worded: *text(source, key)* renders one of its templates."""
    if isinstance(slide, TitleSlide):
        title = text(slide.title, "title") if slide.title else deck.title
        subtitle = text(slide.subtitle, "subtitle") if slide.subtitle else deck.subtitle
        return TextContent("title", title, (subtitle,) if subtitle else (), notes)
    if isinstance(slide, SectionSlide):
        subtitle = text(slide.subtitle, "subtitle") if slide.subtitle else None
        return TextContent("section", text(slide.title, "title"), (subtitle,) if subtitle else (), notes)
    return TextContent("bullets", text(slide.title, "title"), tuple(text(b, "bullets") for b in slide.bullets),
                       notes)
