"""Coding raw values through the codebook: every storage gives the same category positions."""

from __future__ import annotations

import numpy as np
import pytest

from deckgen.data.coded import code_index
from deckgen.errors import InputError, Location

LABELS = {1: "Yes", 2: "No", 9: "Don't know", -1: "Refused"}
RAW = [1, 2, 9, -1, 2, 1, 0]  # the last one is missing
EXPECTED = [0, 1, 2, 3, 1, 0, -1]
WHERE = Location("questions.yaml", 3)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int64"])
def test_integer_codes_with_a_present_mask(dtype):
    if dtype == "uint8":  # unsigned storage cannot hold -1: code it as 255, which has no label
        values = np.array([1, 2, 9, 1, 2, 1, 0], dtype=dtype)
        expected = [0, 1, 2, 0, 1, 0, -1]
    else:
        values, expected = np.array(RAW, dtype=dtype), EXPECTED
    present = np.array([True] * 6 + [False])
    assert code_index(values, LABELS, "q", WHERE, "k", present).tolist() == expected


def test_float_codes_with_nan_and_text_labels():
    floats = np.array([1, 2, 9, -1, 2, 1, np.nan])
    assert code_index(floats, LABELS, "q", WHERE, "k").tolist() == EXPECTED
    text = np.array(["Yes", "No", "Don't know", "Refused", "2", "1", None], dtype=object)
    assert code_index(text, LABELS, "q", WHERE, "k").tolist() == EXPECTED


@pytest.mark.parametrize("values", [
    np.array([1, 7, 2], dtype="int8"),
    np.array([1, 7, 2], dtype="int16"),
    np.array([1.0, 7.0, 2.0]),
    np.array([1.0, 1.5, 2.0]),
])
def test_a_code_without_label_is_an_error(values):
    present = np.ones(3, bool) if values.dtype.kind == "i" else None
    with pytest.raises(InputError, match="with no label"):
        code_index(values, LABELS, "q", WHERE, "k", present)
