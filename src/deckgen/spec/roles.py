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
