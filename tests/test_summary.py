"""`kind: summary`: bullets written from the deck's chart slides, ranked, each pointing back to its slide.

The ranking is checked on insights of known weight; on the example, every bullet must be the sentence
its chart slide states as its auto headline, and the speaker notes must point at the slide that carries
it (read back from the built deck, so a wrong slide number, a long table's extra pages or a stale
bullet shows).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import yaml

from deckgen.build import build
from deckgen.compose.summary import Source, ranked
from deckgen.errors import InputError
from deckgen.spec.models import SummarySlide
from conftest import copy_stress
from deckread import read_deck

#: A speaker-notes line of a summary: "3. <bullet> (bild 7: <headline>)".
POINTER = re.compile(r"^(\d+)\. (.*) \((?:bild|slide) (\d+): (.*)\)$")


def _source(text: str | None, weight: float, number: int, id_: str | None = None) -> Source:
    insight = None if text is None else SimpleNamespace(text=text, weight=weight, rule="lead")
    return Source(SimpleNamespace(insight=insight), id_, number)


def test_ranked_by_weight_then_deck_order_at_most_max_and_each_sentence_once():
    sources = [_source("A", 1.0, 3), _source("B", 5.0, 4), _source(None, 9.0, 5), _source("C", 5.0, 2),
               _source("B", 4.0, 6), _source("D", 0.5, 7)]
    best = ranked(sources, SummarySlide(kind="summary", max=3))
    # B and C tie at 5.0: the earlier slide (C, slide 2) first; the second "B" is said once; no-insight left out
    assert [(s.content.insight.text, s.number) for s in best] == [("C", 2), ("B", 4), ("A", 3)]


def test_ranked_draws_only_on_the_slides_named():
    sources = [_source("A", 1.0, 3, "a"), _source("B", 5.0, 4, "b"), _source("C", 2.0, 5, "c")]
    best = ranked(sources, SummarySlide(kind="summary", slides=["a", "c"]))
    assert [s.content.insight.text for s in best] == ["C", "A"]


def _with_summary(spec_path, entry: str, auto_headlines: bool = True):
    """The example's spec with *entry* (YAML lines of one slide) after the cover; with *auto_headlines*
    every chart slide's typed headline is dropped, so its title is its insight."""
    text = spec_path.read_text(encoding="utf-8")
    text = text.replace("  - kind: title\n", "  - kind: title\n\n" + entry, 1)
    if auto_headlines:
        text = re.sub(r"\n    headline: >-\n(      .*\n)+", "\n", text)
        text = re.sub(r"\n    headline: .*\n", "\n", text)
    spec_path.write_text(text, encoding="utf-8")
    return spec_path


def _pointers(notes: str) -> list[tuple[int, str, int, str]]:
    return [(int(m[1]), m[2], int(m[3]), m[4]) for line in notes.splitlines() if (m := POINTER.match(line))]


def test_every_bullet_is_the_insight_its_slide_states(project):
    spec = _with_summary(project, "  - kind: summary\n    id: summary\n    max: 4\n")
    result = build(spec)
    slides = read_deck(result.output)
    summary = slides[1]
    assert summary.title == "Sammanfattning"
    bullets = [p for p in summary.texts[1].split("\n") if p]
    pointers = _pointers(summary.notes)
    chart_titles = {k + 1: s.title for k, s in enumerate(slides) if s.charts or s.tables}
    assert 1 <= len(bullets) <= 4 and len(pointers) == len(bullets)
    assert len(bullets) == min(4, len(set(chart_titles.values())))
    spec_slides = yaml.safe_load(spec.read_text(encoding="utf-8"))["slides"]  # one deck slide each here
    for (place, said, number, headline), bullet in zip(pointers, bullets):
        assert said == bullet
        assert slides[number - 1].title == headline  # the slide it names states it, and so does the bullet,
        base = spec_slides[number - 1].get("base")  # with the group the slide's base is, when one was chosen
        assert bullet == (f"{headline} ({base})" if base else headline)
    assert any("(" in b and b.endswith("sociala medier)") for b in bullets)  # the case is tested
    assert [p[0] for p in pointers] == list(range(1, len(bullets) + 1))


def test_hand_written_bullets_stand_around_the_insights(project):
    spec = _with_summary(project, "  - kind: summary\n    max: 2\n    bullets:\n      - \"{{ n }} svarade.\"\n"
                                  "      - auto\n      - Till sist.\n", auto_headlines=False)
    result = build(spec)
    summary = read_deck(result.output)[1]
    bullets = [p for p in summary.texts[1].split("\n") if p]
    assert bullets[0] == "223 svarade." and bullets[-1] == "Till sist." and len(bullets) == 4
    pointers = _pointers(summary.notes)
    assert [p[0] for p in pointers] == [2, 3]  # numbered as they stand on the slide
    assert [p[1] for p in pointers] == bullets[1:3]


def test_notes_count_the_pages_a_long_table_takes(tmp_path):
    # the stress deck: long tables continue over several slides before later chart slides
    spec = copy_stress(tmp_path / "stress") / "slides.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("- kind: summary\n  max: 6\n", "- kind: summary\n  max: 12\n", 1),
                    encoding="utf-8")
    result = build(spec)
    slides = read_deck(result.output)
    continued = [k for k, s in enumerate(slides) if "(cont." in s.title]
    pointers = _pointers(slides[1].notes)
    assert continued and any(number - 1 > continued[0] for _, _, number, _ in pointers)  # the case is tested
    bullets = [p for p in slides[1].texts[1].split("\n") if p]
    assert [said for _, said, _, _ in pointers] == bullets
    for _, _, number, headline in pointers:  # the stress deck's headlines are typed: the notes name them
        assert slides[number - 1].title == headline


@pytest.mark.parametrize("entry, key, message", [
    ("  - kind: summary\n    slides: [anvander, medel]\n", "slides.1.slides.1", "no chart slide has the id 'medel'"),
    ("  - kind: summary\n    slides: [metod]\n", "slides.1.slides.0", "'metod' is not a chart slide"),
    ("  - kind: summary\n    bullets: [auto, x, auto]\n", "slides.1.bullets", "can be given once"),
])
def test_a_summary_that_cannot_be_said_is_a_located_error(project, entry, key, message):
    spec = _with_summary(project, entry, auto_headlines=False)
    with pytest.raises(InputError) as caught:
        build(spec, write=False)
    error = caught.value
    assert message in error.message and error.key == key
    line = spec.read_text(encoding="utf-8").splitlines()[error.location.line - 1]
    assert line.strip().startswith(("- kind: summary", "slides:", "bullets:", "-")), line


def _captured_charts(monkeypatch) -> list:
    """Every chart slide's content a build places (to read its insight and table)."""
    from deckgen.render.deck import DeckWriter

    placed, place = [], DeckWriter.chart_slide
    monkeypatch.setattr(DeckWriter, "chart_slide", lambda self, content: (placed.append(content), place(self, content))[1])
    return placed


@pytest.mark.parametrize("which", ["example", "stress"])
def test_every_insight_passes_the_headline_lint(which, project, tmp_path, monkeypatch):
    """Two independent readings of a table agree: what the insight rules write, the lint (which reads
    words back against the numbers) finds true, in Swedish (the example) and English (the stress deck)."""
    from deckgen.text.claims import Settings, lint_text

    spec = project if which == "example" else copy_stress(tmp_path / "stress") / "slides.yaml"
    placed = _captured_charts(monkeypatch)
    result = build(spec, write=False)
    locale = yaml.safe_load(spec.read_text(encoding="utf-8"))["deck"]["locale"]
    said = [c for c in placed if c.insight is not None]
    assert len(said) >= 5 and result.slides
    for content in said:
        settings = Settings(decimals=content.value_format.decimals)
        assert lint_text(content.insight.text, [content.table], locale, settings=settings) == [], content.insight.text


@pytest.mark.parametrize("subject, asked, scope, expected", [
    ("Medier", "Vilka medier använder ni?", None, "Medier: Facebook vanligast"),
    (None, "Vilka medier använder ni?", None, "Vilka medier använder ni? Facebook vanligast"),
    (None, "Medier som används", "kommuner", "Medier som används: Facebook vanligast (kommuner)"),
])
def test_a_bullet_says_what_and_whom_it_is_about_away_from_its_slide(subject, asked, scope, expected):
    from deckgen.compose.summary import sentence

    text = "Medier: Facebook vanligast" if subject else "Facebook vanligast"
    content = SimpleNamespace(insight=SimpleNamespace(text=text, subject=subject),
                              text=SimpleNamespace(asked=asked, scope=scope))
    assert sentence(content) == expected
