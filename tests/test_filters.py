"""The filter language: parsed by deckgen's grammar, evaluated to the rows pandas selects."""

from __future__ import annotations

import numpy as np
import pytest

from deckgen.data import open_survey
from deckgen.errors import InputError
from deckgen.spec import load_project
from deckgen.spec.filters import FilterSyntaxError, parse_filter


@pytest.fixture(scope="module")
def survey(root):
    return open_survey(load_project(root / "slides.yaml"))


@pytest.mark.parametrize("expression, pandas", [
    ("org_type == 'Kommun'", lambda d: d.org_type == 1),
    ("org_type != 'Kommun'", lambda d: d.org_type == 2),
    ("org_type == 2", lambda d: d.org_type == 2),
    ("uses_social in ['Nej', 'Vet ej']", lambda d: d.uses_social.isin([2, 3])),
    ("uses_social not in ['Ja']", lambda d: d.uses_social.isin([2, 3])),
    ("uses_social == 'Ja' and org_type == 'Landsting'", lambda d: (d.uses_social == 1) & (d.org_type == 2)),
    ("org_type == 'Landsting' or not (uses_social == 'Ja')", lambda d: (d.org_type == 2) | (d.uses_social != 1)),
    ("media == 'Facebook'", lambda d: d.media_facebook == 1),
    ("media != 'Facebook'", lambda d: d.media_facebook == 0),
    ("media is missing", lambda d: d.media_facebook.isna()),
    ("purpose >= 3", lambda d: d.purpose >= 3),
    ("resp_id < 10", lambda d: d.resp_id < 10),
    ("comm_facebook is not missing", lambda d: d.comm_facebook.notna()),
])
def test_filters_select_what_pandas_selects(survey, responses, expression, pandas):
    mask = survey.mask(parse_filter(expression), None, "filter")
    assert np.array_equal(mask, pandas(responses).to_numpy())


@pytest.mark.parametrize("expression, fragment, column", [
    ("org_type = 'Kommun'", "use '=='", 10),
    ("org_type == ", "expected a quoted label or a number", 13),
    ("(org_type == 1", "expected ')'", 15),
    ("org_type == 1 uses_social == 1", "join conditions with 'and' or 'or'", 15),
    ("__import__('os')", "expected a comparison", 11),
])
def test_syntax_errors_point_at_the_character(expression, fragment, column):
    with pytest.raises(FilterSyntaxError) as info:
        parse_filter(expression)
    assert fragment in info.value.message
    assert info.value.column == column


@pytest.mark.parametrize("expression, fragment", [
    ("org_type == 'Kommunn'", "did you mean 'Kommun'"),
    ("org_typ == 'Kommun'", "did you mean 'org_type'"),
    ("comm == 'Facebook'", "is a grid"),
    ("media > 'Facebook'", "use == or !="),
])
def test_meaning_errors_name_the_fix(survey, expression, fragment):
    with pytest.raises(InputError) as info:
        survey.mask(parse_filter(expression), None, "slides.3.filter")
    assert fragment in str(info.value)
