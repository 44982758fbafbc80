"""Answer roles: which labels are residual answers and which are "Don't know", known by their words.

A reader expects residual answers ("Other", "Don't know", "None of these" and
their Swedish forms) last, whatever their size, and outside a scale's top and
bottom boxes. "Don't know" and "Refused" (not "Other" or "None") may be taken
out of the base (``dont_know: exclude``). Both are told from the label text,
once per question, in one pass over its labels.
"""

from __future__ import annotations

import re

_RESIDUAL = re.compile(
    r"^(other|others|something else|don'?t know|do not know|not sure|refused|no answer|none|none of these|"
    r"nothing|annat|annan|övrigt|övriga|vet ej|vet inte|ingen|inget|inga|inga andra|ingen av dessa|"
    r"ej svar|inget svar|vill ej svara)\b",
    re.IGNORECASE,
)

_DONT_KNOW = re.compile(
    r"^(don'?t know|do not know|not sure|refused|prefer not to say|no answer|vet ej|vet inte|"
    r"vill ej svara|vill inte svara|ej svar|inget svar|kan ej svara)\b",
    re.IGNORECASE,
)


def residual_labels(labels) -> frozenset[str]:
    """The labels that are residual answers."""
    return frozenset(label for label in labels if _RESIDUAL.match(label.strip()))


def dont_know_labels(labels) -> list[str]:
    """The labels that are "Don't know" or "Refused" answers (not "Other" or "None"), in order."""
    return [label for label in labels if _DONT_KNOW.match(label.strip())]
