"""The words the headline lint reads, per locale: a table, so that a locale is added as data, not code.

Each phrase is a regular expression over lower-case text (word boundaries are added by the reader,
:mod:`deckgen.text.claims`). What is not listed here is not a claim, and the lint leaves it alone:
"många" (many), "flest" (the most, a ranking), "nästan" (almost) say nothing the lint can check.

- ``hedges``: words before an amount and the side of it they put the value on, as
  :func:`deckgen.text.phrasing.approx` means them (``over``, ``under``, ``about``).
- ``bounds``: words that make an amount a threshold ("more than 60 %": ``above``; ``below``).
- ``unchecked``: words after which a percentage is not a share on the slide ("increased by 5 %").
- ``fractions``: a fraction said in words and its value in points.
- ``tens`` / ``in_ten``: "six in ten", a share rounded to tens.
- ``majority`` / ``minority``: quantifiers that need a share above / below 50 % as shown.
- ``comparisons``: (phrase, direction, the word that introduces the other side): the segment named
  before that word is compared with the one named after it. ``twice`` needs a ratio of about 2.
- ``inflections``: endings a segment's label may take in running text ("Kommun" -> "kommuner").
"""

from __future__ import annotations

WORDS: dict[str, dict] = {
    "sv": {
        "hedges": {"drygt": "over", "knappt": "under", "cirka": "about", "ca\\.?": "about", "omkring": "about",
                   "ungefär": "about", "runt": "about"},
        "bounds": {"mer än": "above", "fler än": "above", "över": "above", "mindre än": "below",
                   "färre än": "below", "under": "below"},
        "unchecked": ["med", "nästan", "upp till", "minst", "högst"],
        "fractions": {"hälften": 50.0, "var fjärde": 25.0, "en fjärdedel": 25.0, "var tredje": 100 / 3,
                      "en tredjedel": 100 / 3, "två av tre": 200 / 3, "två tredjedelar": 200 / 3,
                      "tre av fyra": 75.0, "tre fjärdedelar": 75.0},
        "tens": {"en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9},
        "in_ten": ["av tio"],
        "majority": ["en majoritet", "majoriteten", "majoritet", "de flesta", "flertalet", "fler än hälften",
                     "mer än hälften", "över hälften"],
        "minority": ["en minoritet", "minoriteten", "minoritet", "färre än hälften", "mindre än hälften",
                     "under hälften"],
        "comparisons": [("i högre grad", "higher", "än"), ("högre andel", "higher", "än"),
                        ("större andel", "higher", "än"), ("högre", "higher", "än"), ("fler", "higher", "än"),
                        ("oftare", "higher", "än"), ("mer", "higher", "än"),
                        ("i lägre grad", "lower", "än"), ("lägre andel", "lower", "än"),
                        ("mindre andel", "lower", "än"), ("lägre", "lower", "än"), ("färre", "lower", "än"),
                        ("mer sällan", "lower", "än"), ("mindre", "lower", "än"),
                        ("dubbelt så (?:många|stor andel|hög andel|ofta)", "twice", "som")],
        "inflections": ["er", "erna", "ernas", "ers", "en", "ens", "et", "ets", "na", "s"],
    },
    "en": {
        "hedges": {"just over": "over", "just under": "under", "about": "about", "around": "about",
                   "roughly": "about", "approximately": "about", "some": "about"},
        "bounds": {"more than": "above", "over": "above", "fewer than": "below", "less than": "below",
                   "under": "below", "below": "below"},
        "unchecked": ["by", "almost", "nearly", "up to", "at least", "at most"],
        "fractions": {"half": 50.0, "one in four": 25.0, "a quarter": 25.0, "one in three": 100 / 3,
                      "a third": 100 / 3, "two in three": 200 / 3, "two thirds": 200 / 3,
                      "three in four": 75.0, "three quarters": 75.0},
        "tens": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9},
        "in_ten": ["in ten", "out of ten"],
        "majority": ["a majority", "the majority", "more than half", "over half", "most of",
                     "(?:^|(?<=[.!?:;–] ))most"],
        "minority": ["a minority", "the minority", "fewer than half", "less than half", "under half"],
        "comparisons": [("more likely", "higher", "than"), ("higher share", "higher", "than"),
                        ("larger share", "higher", "than"), ("higher", "higher", "than"),
                        ("more", "higher", "than"), ("less likely", "lower", "than"),
                        ("lower share", "lower", "than"), ("smaller share", "lower", "than"),
                        ("lower", "lower", "than"), ("fewer", "lower", "than"), ("less", "lower", "than"),
                        ("twice as (?:many|likely|often|large a share)", "twice", "as")],
        "inflections": ["s", "es", "'s", "s'"],
    },
}

#: "Twice as many" holds for a ratio of the two shares (as shown) from 1.75 up to 2.25: 2 at the nearest half.
TWICE = (1.75, 2.25)
