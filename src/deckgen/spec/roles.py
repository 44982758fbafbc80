"""Answer roles: which labels are residual answers and which are "Don't know", known by their words.

A reader expects residual answers ("Other", "Don't know", "None of these" and
their Swedish forms) last, whatever their size, and outside a scale's top and
bottom boxes. "Don't know" and "Refused" (not "Other" or "None") may be taken
out of the base (``dont_know: exclude``). Both are told from the label text,
once per question, in one pass over its labels.

Labels are matched as a reader sees them: typographic apostrophes and quotes
(``Don’t know``), case, runs of white space and leading interviewer
instructions (``(DO NOT READ) Don't know/Refused``, ``[READ OUT] Other``) do
not hide a role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Apostrophe-like characters questionnaires and exports use for "'".
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4\u0060\u2032\uff07"})

#: A leading instruction to the interviewer, in brackets or parentheses: "(DO NOT READ)", "[READ OUT]".
_INSTRUCTION = re.compile(r"^\s*(?:[(\[][^)\]]*[)\]]\s*)+")


def without_instruction(label: str) -> str:
    """*label* without its leading interviewer instructions ("(DO NOT READ) Don't know" -> "Don't know"):
    what a reader of the deck should see, and the text a role is read from. A label that is nothing but
    an instruction is kept whole."""
    text = _INSTRUCTION.sub("", label).strip()
    return text or label.strip()


def plain(label: str) -> str:
    """*label* as its role is read: no leading interviewer instruction, plain apostrophes, single spaces."""
    return " ".join(without_instruction(unicodedata.normalize("NFKC", label).translate(_APOSTROPHES)).split())

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


_OTHER = re.compile(r"^(other|others|something else|annat|annan|annat svar|övrigt|övriga)\b", re.IGNORECASE)


def other_label(labels) -> str | None:
    """The first answer that is "Other" (not "Don't know" or "None"): where a folded tail belongs."""
    return next((label for label in labels if _OTHER.match(plain(label))), None)


def residual_labels(labels) -> frozenset[str]:
    """The labels that are residual answers."""
    return frozenset(label for label in labels if _RESIDUAL.match(plain(label)))


def dont_know_labels(labels) -> list[str]:
    """The labels that are "Don't know" or "Refused" answers (not "Other" or "None"), in order."""
    return [label for label in labels if _DONT_KNOW.match(plain(label))]


@dataclass(frozen=True)
class AnswerRoles:
    """What a question's answers are besides categories: residual answers (shown last, grey, never
    in a top-2 box) and "Don't know" answers (which ``dont_know: exclude`` takes out of the base).

    Declared in the codebook, or inferred from the labels when a role is not declared; *inferred*
    says which, so ``deckgen validate`` can show the guess for the user to confirm or correct.
    """

    residual: frozenset[str] = frozenset()
    dont_know: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()  # the roles ("residual", "dont_know") read from label text

    @classmethod
    def of(cls, labels, residual=None, dont_know=None) -> "AnswerRoles":
        """Roles of *labels*: the declared ones (lists of labels; None: not declared), the rest inferred.

        "Don't know" answers are residual answers too, whichever way either role was found.
        """
        inferred = tuple(role for role, declared in (("residual", residual), ("dont_know", dont_know))
                         if declared is None)
        if dont_know is None:
            dont_know = dont_know_labels(labels)
        if residual is None:
            residual = residual_labels(labels)
        return cls(frozenset(residual) | frozenset(dont_know), tuple(dont_know), inferred)


# -- scales ----------------------------------------------------------------------------------------
#
# A scale's polarity decides its colours: a bipolar scale (dissatisfied ... satisfied) runs from a
# negative end through a neutral middle to a positive end, so it diverges (warm, neutral, brand); a
# unipolar scale (not at all ... extremely, 0-10) grows in one direction, so it is shades of one hue.

#: A neutral middle point: "Neither satisfied nor dissatisfied", "Neutral", "Varken bra eller dåligt".
_NEUTRAL = re.compile(
    r"(neither\b.*\bnor\b.*|varken\b.*\beller\b.*|neutral|neither|no opinion|undecided|indifferent|"
    r"in between|about the same|the same|unchanged|ingen åsikt|ingen uppfattning|både och|mittemellan|"
    r"oförändrad|ungefär samma|samma)\W*",
    re.IGNORECASE,
)

#: A scale point's leading number: "3 - Neither agree nor disagree".
_POINT_NUMBER = re.compile(r"^\d{1,2}\s*[-–=:.)]?\s*")

#: Words whose opposites make a scale's two ends: (positive, negative), both as word stems.
_OPPOSITES = (
    ("good", "bad"), ("good", "poor"), ("better", "worse"), ("positive", "negative"), ("like", "dislike"),
    ("bra", "dålig"), ("bättre", "sämre"), ("positiv", "negativ"), ("god", "dålig"),
    ("increase", "decrease"), ("öka", "minska"), ("more", "less"), ("mer", "mindre"),
)
#: Prefixes that turn a word into its opposite: agree/disagree, satisfied/dissatisfied, nöjd/missnöjd.
_NEGATING = ("dis", "un", "in", "im", "miss", "o")

_WORD = re.compile(r"[^\W\d_]+")


def _words(label: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(plain(label))]


def _negative_of(negative: list[str], positive: list[str]) -> bool:
    """*negative* holds a word that negates a word of *positive* (dissatisfied / satisfied), or its opposite."""
    for word in negative:
        for other in positive:
            if word != other and any(word == prefix + other for prefix in _NEGATING):
                return True
            if any(word.startswith(neg) and other.startswith(pos) for pos, neg in _OPPOSITES):
                return True
    return False


def _neutral(label: str) -> bool:
    """*label* is a neutral middle point, all of it (a brand called "Neutral X" is not)."""
    return bool(_NEUTRAL.fullmatch(_POINT_NUMBER.sub("", plain(label))))


def _scale_number(label: str) -> int | None:
    """The whole number a point of a numbered scale starts with ("7", "10 - Extremely likely"), else None."""
    match = re.match(r"^(\d{1,2})(?:\s*(?:[-–=:.)]\s*\S.*)?)?$", plain(label))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Scale:
    """An ordered scale's colours as data: *kind* ``bipolar`` (diverging: negative, neutral, positive) or
    ``unipolar`` (shades of one hue); *points* the answers on the scale in code order (residual answers are
    no point of it); *positive* the end that is positive. *inferred* names what was read from the labels
    (``scale``: that it is a scale at all, ``kind``: its polarity, ``positive``: its positive end), so
    ``deckgen validate`` can show it; *nets* each NET with its member points, coloured at their end."""

    kind: str
    points: tuple[str, ...]
    positive: str = "last"
    inferred: tuple[str, ...] = ()
    nets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def position(self, label: str) -> float | None:
        """Where *label* sits from 0 (the negative end) to 1 (the positive end); a NET at its most extreme
        member; None when it is no point of the scale."""
        if label in self.points:
            i = self.points.index(label)
            n = max(len(self.points) - 1, 1)
            return (n - i) / n if self.positive == "first" else i / n
        members = dict(self.nets).get(label)
        if members:
            places = [p for p in map(self.position, members) if p is not None]
            if places:
                return max(places) if sum(places) / len(places) >= 0.5 else min(places)
        return None


def polarity(points) -> tuple[str, str | None]:
    """(``bipolar`` or ``unipolar``, the positive end read from the words or None): bipolar when the middle
    point is neutral or the two ends are opposites (satisfied / dissatisfied, bra / dålig)."""
    points = list(points)
    if len(points) >= 3 and len(points) % 2 == 1 and _neutral(points[len(points) // 2]):
        kind = "bipolar"
    elif any(_neutral(p) for p in points[1:-1]):
        kind = "bipolar"
    else:
        kind = None
    first, last = (_words(points[0]), _words(points[-1])) if len(points) >= 2 else ([], [])
    positive = "last" if _negative_of(first, last) else "first" if _negative_of(last, first) else None
    if positive is not None:
        kind = "bipolar"
    return kind or "unipolar", positive


def infer_scale(labels, residual) -> tuple[str, str | None] | None:
    """The (kind, positive end) of *labels* when they clearly are an ordered scale, else None.

    Clear means: the answers (residual ones aside) have a neutral middle or opposite ends, with at least
    three points; or they are at least five consecutive whole numbers ("0".."10", "1 - Poor".."5 - Good").
    Anything less (yes / no, a list of brands, age bands) is left as categories: guessing wrong would put
    a list of answers out of its order of size.
    """
    points = [label for label in labels if label not in residual]
    if len(points) < 3:
        return None
    numbers = [_scale_number(p) for p in points]
    if None not in numbers and len(points) >= 5 and numbers == list(range(numbers[0], numbers[0] + len(points))) \
            and numbers[0] in (0, 1):
        return polarity(points)
    kind, positive = polarity(points)
    if kind == "bipolar":
        middle_ok = positive is not None or _neutral(points[len(points) // 2])
        return (kind, positive) if middle_ok else None
    return None
