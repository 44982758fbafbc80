"""The chart registry: the kinds the spec declares are exactly the kinds render can draw."""

from __future__ import annotations

import json
import typing

from deckgen.render.kinds import DRAW
from deckgen.spec.charts import KINDS, kinds_for
from deckgen.spec.models import ChartSlide
from deckgen.spec.schema import spec_schema


def test_the_declaration_and_the_render_registry_name_the_same_kinds():
    assert list(DRAW) == list(KINDS)
    assert all(callable(draw) for draw in DRAW.values())


def test_the_chart_key_and_its_schema_read_the_declaration():
    assert typing.get_args(ChartSlide.model_fields["chart"].annotation) == tuple(KINDS)
    chart = json.loads(spec_schema())["$defs"]["ChartSlide"]["properties"]["chart"]
    assert chart["enum"] == list(KINDS)
    for name, kind in KINDS.items():
        assert f"'{name}': {kind.description}" in chart["description"]


def test_every_question_type_has_a_chart_and_every_kind_a_question_type():
    types = ("single", "multi", "mentions", "grid", "numeric")
    assert all(kinds_for(t) for t in types)
    assert all(set(kind.questions) <= set(types) and kind.questions for kind in KINDS.values())
    assert all(kind.why for kind in KINDS.values() if kind.by != "allowed")  # the error message says why
