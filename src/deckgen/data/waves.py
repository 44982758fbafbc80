"""A tracker's waves: the same survey asked again, each wave a :class:`~.survey.Survey` of its own.

Every wave is coded through the deck's one codebook (``data.questions``, or the current wave's .sav
dictionary): an answer is the same answer in every wave when it has the same code, and is named by
the current wave's label. A wave's own codebook (``waves[].questions``, or its own .sav dictionary)
is read only to compare with: a code whose label changed between waves may no longer mean the same
thing, so the change is a warning naming both waves. A code some waves gave and one wave never did
is a warning too: it may not have been offered, and then that wave's 0 % is not a finding.

Waves run oldest to newest; the last is the current wave, which every slide reports unless it asks
for the waves (a trend, or ``waves: previous``). Weights apply per respondent as in one file; rim
weighting rakes each wave to the targets on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..spec.codebook import GridQuestion, SingleQuestion


@dataclass(frozen=True)
class WaveSet:
    """The waves in order, oldest first, each its respondents as a survey; the last is the current wave."""

    names: tuple[str, ...]
    surveys: tuple  # Survey per wave, in the order of *names*

    @property
    def current(self) -> str:
        return self.names[-1]

    def survey(self, name: str):
        return self.surveys[self.names.index(name)]

    def previous(self, name: str) -> str | None:
        """The wave before *name*, or None for the first."""
        k = self.names.index(name)
        return self.names[k - 1] if k > 0 else None


def wave_names(values: np.ndarray, labels: dict | None) -> tuple[list[str], np.ndarray]:
    """The waves of a wave column and each respondent's wave (its position; -1: none).

    With *labels* (the column is a question of the codebook: code -> label) the waves are its labels
    in codebook order, those the file holds; else the column's values in order of first appearance.
    """
    def key(v) -> str | None:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        return str(v)

    keys = [key(v) for v in values]
    if labels:
        order = [str(code) if not isinstance(code, float) else key(code) for code in labels]
        names_of = {str(code): str(label) for code, label in zip(order, labels.values())}
        present = set(keys)
        codes = [c for c in order if c in present]
        unknown = sorted({k for k in keys if k is not None and k not in names_of})
        if unknown:
            raise ValueError(f"value {unknown[0]} has no label")
        names = [names_of[c] for c in codes]
        position = {c: i for i, c in enumerate(codes)}
    else:
        codes = list(dict.fromkeys(k for k in keys if k is not None))
        names = codes
        position = {c: i for i, c in enumerate(codes)}
    return names, np.array([position[k] if k is not None else -1 for k in keys], dtype=int)


def label_drift(books: list[tuple[str, dict]]) -> list[str]:
    """Warnings for each answer, option or statement whose label changed from one wave's codebook to the next.

    *books* is (wave, its codebook's ``questions`` as plain data) per wave that has one, in wave order.
    """
    warnings = []
    for (old, before), (new, after) in zip(books, books[1:]):
        for key in before:
            if key not in after or not isinstance(before[key], dict) or not isinstance(after[key], dict):
                continue
            for part, what in (("labels", "code"), ("options", "option"), ("items", "statement")):
                was, now = before[key].get(part) or {}, after[key].get(part) or {}
                if not isinstance(was, dict) or not isinstance(now, dict):
                    continue
                now_by = {str(c): label for c, label in now.items()}
                for code, label in was.items():
                    later = now_by.get(str(code))
                    if later is not None and _text(later) != _text(label):
                        warnings.append(f"{key}: {what} {code} is '{_text(label)}' in wave {old} and "
                                        f"'{_text(later)}' in wave {new}; every wave is shown with the current "
                                        f"codebook's label, so check that {what} {code} asks the same in both "
                                        "waves (or give the changed answer a code of its own)")
    return warnings


def _text(label) -> str:
    """A codebook label as written: a plain label, or the ``text`` of one given with a short form."""
    return str(label.get("text", label)) if isinstance(label, dict) else str(label)


def missing_codes(waves: WaveSet, keys: list[str]) -> list[str]:
    """Warnings for each code of the questions *keys* that some waves gave and one wave never did."""
    warnings = []
    for key in keys:
        q = waves.surveys[-1].codebook.questions[key]
        if not isinstance(q, (SingleQuestion, GridQuestion)) or getattr(q, "derived", None):
            continue
        labels = list(q.labels.values())
        given = []
        for survey in waves.surveys:
            coded = survey.question(key)
            index = [coded.index] if isinstance(q, SingleQuestion) else coded.index
            counts = np.zeros(len(labels), dtype=int)
            for positions in index:
                counts += np.bincount(positions[positions >= 0], minlength=len(labels))[: len(labels)]
            given.append(counts > 0)
        given = np.array(given)
        for j, code in enumerate(q.labels):
            if given[:, j].any() and not given[:, j].all():
                said = [w for w, g in zip(waves.names, given[:, j]) if g]
                never = [w for w, g in zip(waves.names, given[:, j]) if not g]
                warnings.append(f"{key}: code {code} ('{labels[j]}') was given in {_waves(said)} but by no one in "
                                f"{_waves(never)}; check that it was offered there, else its 0 % there is no "
                                "finding")
    return warnings


def _waves(names: list[str]) -> str:
    """'wave 2024', 'waves 2023 and 2025', 'waves 2022, 2023 and 2025'."""
    if len(names) == 1:
        return f"wave {names[0]}"
    return f"waves {', '.join(names[:-1])} and {names[-1]}"
