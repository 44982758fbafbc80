"""Locale formats, hedged phrasing and the template sandbox."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.errors import InputError, Location
from deckgen.stats import Axis, Table
from deckgen.text import Lookup, TextRenderer, approx, join, number, percent

NBSP = "\u00a0"


@pytest.mark.parametrize("points, locale, expected", [
    (61.9, "sv", f"62{NBSP}%"), (61.9, "en", "62%"), (12.5, "sv", f"13{NBSP}%"), (0.5, "en", "1%"),
])
def test_percent(points, locale, expected):
    assert percent(points, locale) == expected


def test_decimals_and_thousands():
    assert percent(12.54, "sv", 1) == f"12,5{NBSP}%"
    assert percent(12.54, "en", 1) == "12.5%"
    assert number(1510, "sv") == f"1{NBSP}510"
    assert number(1510, "en") == "1,510"


@pytest.mark.parametrize("points, sv, en", [
    (61.9, f"drygt 60{NBSP}%", "just over 60%"),
    (58.2, f"knappt 60{NBSP}%", "just under 60%"),
    (70.4, f"cirka 70{NBSP}%", "about 70%"),
    (48.1, "knappt hälften", "just under half"),
    (49.6, "knappt hälften", "just under half"),  # never "hälften" below 50
    (52.0, "drygt hälften", "just over half"),
    (33.1, "var tredje", "one in three"),
    (25.3, "var fjärde", "one in four"),
    (66.5, "två av tre", "two in three"),
    (75.4, "tre av fyra", "three in four"),
    (64.4, f"cirka 65{NBSP}%", "about 65%"),
])
def test_approx_never_contradicts_the_number(points, sv, en):
    assert approx(points, "sv") == sv
    assert approx(points, "en") == en


def test_lists_join_without_serial_comma():
    assert join(["Kultur", "Grundskola/Gymnasium", "Fritid"], "sv") == "Kultur, Grundskola/Gymnasium och Fritid"
    assert join(["A", "B", "C"], "en") == "A, B and C"
    assert join(["A"], "en") == "A"


def FakeTable() -> Table:
    """'q': 62 % Ja (138) and 38 % Nej (85) of 223."""
    props, counts = np.array([[0.619], [0.381]]), np.array([[138.0], [85.0]])
    return Table("q", Axis("answer", ("Ja", "Nej"), key="q", exclusive=True), Axis("total", ("Total",), bases=[223]),
                 "share", counts, props, np.full((2, 1), 223.0), 223)


def render(source, locale="sv", values=None):
    lookup = Lookup(lambda q, f, by: FakeTable(), 223)
    return TextRenderer(locale, values).render(source, lookup, Location("slides.yaml", 10), "slides.0.headline")


def test_template_functions_and_filters():
    assert render("{{ pct('q', 'Ja') | approx }} använder") == f"Drygt 60{NBSP}% använder"
    assert render("{{ pct('q', 'Ja') }} of {{ n }}", "en") == "62% of 223"
    assert render("{{ share(invited - 83, invited) }}", values={"invited": 310}) == f"73{NBSP}%"
    assert render("{% if pct('q', 'Ja') > 50 %}En majoritet{% endif %}") == "En majoritet"


@pytest.mark.parametrize("source, message", [
    ("{{ pctt('q', 'Ja') }}", "did you mean 'pct'"),
    ("{{ pct('q', 'Jaa') }}", "did you mean 'Ja'"),
    ("{{ pct.__globals__ }}", "not allowed"),
    ("{{ ''.__class__.__mro__ }}", "not allowed"),
    ("{{ pct('q' }}", "syntax error"),
])
def test_template_errors_are_input_errors(source, message):
    with pytest.raises(InputError) as info:
        render(source)
    assert message in str(info.value)
    assert str(info.value).startswith("slides.yaml:10")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=300, deadline=None)
def test_plain_text_is_given_back_exactly_as_jinja_renders_it(source):
    """Text with nothing to render skips Jinja; whenever it does, Jinja's own output must be the same."""
    from deckgen.text.templates import _Verbatim

    renderer = TextRenderer("sv")
    compiled = renderer.compile(source, Location("slides.yaml", 1), "k")
    if not isinstance(compiled, _Verbatim):
        return
    assert "".join(compiled.generate({})) == renderer.env.from_string(source).render()
