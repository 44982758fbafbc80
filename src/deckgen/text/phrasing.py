"""Hedged amounts as report writers say them: "drygt 60 %", "knappt hälften", "one in three".

A hedge rounds to a friendly anchor and says which side of it the value lies,
and it never contradicts the number: 61.9 is "drygt 60 %" (never "knappt
65 %"), and 49.6 is "knappt hälften" (never "hälften").
"""

from __future__ import annotations

from .formats import finite, percent

_WORDS = {
    "sv": {"over": "drygt", "under": "knappt", "about": "cirka", "half": "hälften", "all": "samtliga",
           "below": "under", "none": "ingen"},
    "en": {"over": "just over", "under": "just under", "about": "about", "half": "half", "all": "all",
           "below": "less than", "none": "none"},
}

#: Simple fractions, said when a value lies within 1 point of them.
_FRACTIONS = {
    "sv": [(100 / 4, "var fjärde"), (100 / 3, "var tredje"), (200 / 3, "två av tre"), (75.0, "tre av fyra")],
    "en": [(100 / 4, "one in four"), (100 / 3, "one in three"), (200 / 3, "two in three"),
           (75.0, "three in four")],
}


def approx(points: float, locale: str) -> str:
    """A hedged wording of a percentage given in points (0-100), lower case."""
    words = _WORDS[locale]
    v = finite(points)
    if v >= 99.5:
        return words["all"]
    if v <= 0:
        return words["none"]
    if v < 1:
        return f"{words['below']} {percent(1, locale)}"
    if 45 <= v < 55:
        if v < 48:
            return f"{words['under']} {percent(50, locale)}" if v >= 46 else f"{words['about']} {percent(45, locale)}"
        if v < 50:
            return f"{words['under']} {words['half']}"
        if v < 51:
            return words["half"]
        return f"{words['over']} {words['half']}" if v < 54.5 else f"{words['about']} {percent(55, locale)}"
    for anchor, phrase in _FRACTIONS[locale]:
        if abs(v - anchor) <= 1:
            return phrase
    if v < 10:
        return percent(v, locale)
    tens = round(v / 10) * 10
    d = v - tens
    if abs(d) <= 1:
        return f"{words['about']} {percent(tens, locale)}"
    if 1 < d <= 4:
        return f"{words['over']} {percent(tens, locale)}"
    if -4 <= d < -1:
        return f"{words['under']} {percent(tens, locale)}"
    return f"{words['about']} {percent(round(v / 5) * 5, locale)}"


def capitalise(text: str) -> str:
    """Upper-case the first letter of a sentence, leaving the rest alone."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if not ch.isspace() and ch not in "\"'«»“”(":
            return text
    return text
