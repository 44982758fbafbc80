"""Composing a summary slide: the deck's insights ranked, at most N, each pointing back to its slide.

A summary slide is what a reader takes away, so it is written from the numbers of the deck's own chart
slides and nothing else: each chart slide's insight (``ChartContent.insight``, written by
``text.insights``) competes on its weight (effect size, significance, base), and the strongest are said
first. Hand-written bullets stand where the spec puts them, around an ``auto`` entry. The speaker notes
say which slide each bullet comes from, so a presenter asked "where does that come from?" can go there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..spec.models import AUTO, SummarySlide
from ..text.words import word
from .content import ChartContent, TextContent


@dataclass(frozen=True)
class Source:
    """A chart slide a summary may draw on: its content and where it sits in the deck."""

    content: ChartContent
    id: str | None  # the spec slide's id
    number: int  # its (first) slide number in the deck


def ranked(sources: list[Source], slide: SummarySlide) -> list[Source]:
    """The sources whose insight the summary says, most important first: the slides the summary names
    (default every chart slide) that have an insight, by weight (the earlier slide first on a tie), one
    bullet per sentence, at most ``slide.max``."""
    chosen = [s for s in sources if s.content.insight is not None
              and (slide.slides is None or s.id in slide.slides)]
    chosen.sort(key=lambda s: (-s.content.insight.weight, s.number))
    said: set[str] = set()
    best = []
    for source in chosen:
        if source.content.insight.text not in said:
            said.add(source.content.insight.text)
            best.append(source)
    return best[: slide.max]


def sentence(content: ChartContent) -> str:
    """A chart slide's insight as a summary says it. Away from its slide, a sentence must say what it is
    about and of whom, which the slide's footnote says there: one that names no subject (its question has
    no short name) is preceded by the question as asked, and one about a chosen group names the group
    ("… (kommuner som använder sociala medier)")."""
    insight, scope = content.insight, content.text.scope
    asked = content.text.asked.rstrip(": ")
    said = insight.text if insight.subject else f"{asked}{' ' if asked.endswith('?') else ': '}{insight.text}"
    return f"{said} ({scope})" if scope else said


def compose_summary(slide: SummarySlide, sources: list[Source], locale: str, text: Callable[[str, str], str],
                    notes: str | None) -> tuple[TextContent, list[str]]:
    """The summary *slide* worded from *sources* (every chart slide of the deck), and its warnings.
    *text(source, key)* renders a hand-written template of the slide."""
    best = ranked(sources, slide)
    insights = [sentence(s.content) for s in best]
    hand = list(slide.bullets)
    at = hand.index(AUTO) if AUTO in hand else len(hand)
    written = [text(b, "bullets") for b in hand[:at]], [text(b, "bullets") for b in hand[at + 1:]]
    body = tuple(written[0] + insights + written[1])
    title = text(slide.title, "title") if slide.title else word(locale, "summary")
    warnings = []
    if not insights:
        warnings.append(f"{slide.id or 'summary'}: no chart slide it draws on has an insight to summarise "
                        "(a chart slide's insight needs a rule that applies to its numbers); write its bullets "
                        "by hand, or draw on other slides")
    pointers = [f"{n}. {sentence(s.content)} ({word(locale, 'slide')} {s.number}: {s.content.text.headline})"
                for n, s in enumerate(best, start=len(written[0]) + 1)]
    said = "\n".join([word(locale, "summary_notes")] + pointers) if pointers else ""
    return TextContent("bullets", title, body, "\n\n".join(part for part in (notes, said) if part) or None), warnings
