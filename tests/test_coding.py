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


def reference(values, present, labels) -> list[int]:
    """Each respondent's position, found one by one in a plain dict (value equal to a code, exactly)."""
    positions = {code: i for i, code in enumerate(labels)}
    out = []
    for value, here in zip(values.tolist(), present.tolist()):
        out.append(positions[value] if here else -1)
    return out


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "float64"])
def test_every_storage_codes_like_a_dictionary_lookup(dtype):
    """The narrow types take a table over every value the type holds (a negative code by its bits), floats of
    whole numbers the integer path: each must agree with a dictionary, with codes spread over the type."""
    info = np.iinfo(dtype) if dtype != "float64" else np.iinfo("int32")
    codes = sorted({int(info.min), int(info.max), 0, 1, 2, 7, int(info.max) // 2, int(info.min) // 3})
    labels = {code: f"label {code}" for code in codes}
    rng = np.random.default_rng(7)
    values = rng.choice(np.array(codes), 5000).astype(dtype)
    present = rng.random(5000) < 0.9
    got = code_index(values, labels, "q", WHERE, "k", present)
    assert got.tolist() == reference(values, present, labels)


def test_floats_that_are_not_whole_numbers_still_match_exactly():
    labels = {1: "One", 2.5: "Two and a half", 3: "Three"}
    values = np.array([1.0, 2.5, 3.0, np.nan, 2.5])
    assert code_index(values, labels, "q", WHERE, "k").tolist() == [0, 1, 2, -1, 1]
    big = np.array([1.0, 3e9, np.nan])  # beyond int32: the float path, where 3e9 has no label
    with pytest.raises(InputError, match="3000000000"):
        code_index(big, labels, "q", WHERE, "k")


def test_a_negative_narrow_code_is_not_its_unsigned_twin():
    """int8 -1 and uint8 255 share their bits; each matches only its own code."""
    labels = {-1: "Refused", 1: "Yes"}
    assert code_index(np.array([-1, 1], dtype="int8"), labels, "q", WHERE, "k", np.ones(2, bool)).tolist() == [0, 1]
    with pytest.raises(InputError, match="255"):
        code_index(np.array([255, 1], dtype="uint8"), labels, "q", WHERE, "k", np.ones(2, bool))


@pytest.mark.parametrize("offset", [0, 3, 8, 13])
def test_validity_bits_are_unpacked_at_the_arrays_offset(offset):
    pa = pytest.importorskip("pyarrow")
    from deckgen.data.loaders import _validity

    rng = np.random.default_rng(offset)
    missing = rng.random(1000) < 0.3
    whole = pa.array(rng.integers(0, 5, 1000).astype("int8"), mask=missing)
    sliced = whole.slice(offset, 1000 - 2 * offset)
    assert sliced.offset == offset
    assert _validity(sliced).tolist() == (~missing[offset:1000 - offset]).tolist()
