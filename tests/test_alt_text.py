"""Every chart and table carries its data in words as alternative text: what a screen reader says
(public bodies, like the example's municipalities, must publish accessible documents); the file says
what the deck is and its language."""

from __future__ import annotations

import math

import pytest
import yaml
from pptx import Presentation

from deckgen.build import build
from deckread import read_deck

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def example(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("alt") / "deck.pptx"
    build(root / "slides.yaml", out)
    return Presentation(str(out)), read_deck(out)


def alt_texts(slide) -> list[str]:
    return [shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") for shape in slide.shapes
            if shape.has_chart or shape.has_table]


def test_every_chart_says_its_kind_question_and_every_value(example, root):
    prs, deck = example
    charts = 0
    for slide, read in zip(prs.slides, deck):
        for alt, chart in zip(alt_texts(slide), read.charts):
            charts += 1
            assert alt and alt.split(". ")[0] in ("Liggande stapeldiagram", "Staplat stapeldiagram (100 %)")
            question = next(t for t in read.texts if t.startswith("Fråga: ")).splitlines()[0][len("Fråga: "):]
            assert question in alt
            for series in chart.series:
                for category, value in zip(chart.categories, series.values):
                    assert category in alt
                    shown = math.floor(100 * value + 0.5 + 1e-9)  # half up, as the chart's label rounds
                    assert f"{shown}{NBSP}%" in alt, (category, value)
    assert charts == 7  # every chart slide of the example


def test_shapes_without_data_have_no_invented_description(example):
    prs, _ = example
    for slide in prs.slides:
        for shape in slide.shapes:
            if not (shape.has_chart or shape.has_table):
                assert not shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


def test_document_properties_say_what_the_deck_is_in_its_language(example, root):
    prs, _ = example
    deck = yaml.safe_load((root / "slides.yaml").read_text(encoding="utf-8"))["deck"]
    props = prs.core_properties
    assert props.language == "sv-SE"  # the example's locale is sv
    assert "python-pptx" not in props.comments and deck["title"] in props.comments
    assert props.subject == deck["subtitle"]
