"""A data file's own dictionary as the codebook, with the user's entries as partial overrides of it.

An SPSS file says what was asked: variable labels (the question texts), value labels (the answers),
user-missing codes and multiple-response sets. The data stage reads that dictionary
(:mod:`deckgen.data.spss`) and hands it here as a :class:`FileDictionary`; the spec stage never reads
a data file.

A user's entry for a question the file defines gives only what it changes, and the rest comes from
the file: an analyst who relabels one answer should not retype the question and every other label,
and each retyped text is one more place where the deck can disagree with the questionnaire. The
rules, for an entry whose key the file defines (a labelled variable, a multiple-response set, or any
variable, whose label is then the question text):

- ``text`` and ``short``: the entry's when given, else the file's.
- ``type``: the entry's when given, else the file's. A key of the file's entry that the new type does
  not have is dropped (a single's labels, when the entry makes it ``numeric``); a labelled variable made
  ``numeric`` whose labels name a non-answer ("No answer", "Don't know") needs ``missing``, or that code
  would count in its mean.
- ``labels``: code by code over the file's. A code the entry labels gets its label, the file's other
  labels stay, and a code the file does not label is added after them; when the entry labels every code
  the file does, the entry's order is the display order. A code is dropped with ``missing:``.
- ``items``, ``options``, ``columns``: which variables make the question. The entry's replace the file's;
  an item or option without a label (a list of columns, or ``column:`` with nothing after it) takes its
  variable's label, and each must be a variable of the file.
- ``labels`` of a grid or mentions question whose entry does not give them all (a new key grouping
  att1..att3): the value labels its variables share, the first variable's first. Two variables labelling
  one code differently is an error unless the entry labels that code: they may not share a scale.
- every other key (``missing``, answer roles, NETs, ``top2``, ``column``, ``selected``, ``unit``): the entry's.
- an entry that derives its answers (``from``, ``conditions``) replaces the file's entry and takes only
  its text.

A code the file declares user-missing is out of every base before any codebook is read, so an entry
may not make it an answer (a label, a ``dont_know`` or ``residual`` code) or share a grid's scale with a
variable where it is an answer: it would show as 0 % however many gave it. An entry whose key the file
does not define is a plain codebook entry, except that its items, options and columns are the file's
variables as above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ..errors import InputError, did_you_mean, quote
from .codebook import DERIVED_KEYS, keys_of
from .roles import AnswerRoles
from .yamlsource import YamlDoc


def code_order(code):
    """Sort key of answer codes: numbers by value, then text codes."""
    return (1, code, 0) if isinstance(code, str) else (0, "", float(code))


@dataclass(frozen=True)
class UserMissing:
    """A variable's user-missing values: discrete codes and (numeric) ranges, both ends included."""

    discrete: tuple = ()
    ranges: tuple[tuple[float, float], ...] = ()

    def covers(self, code) -> bool:
        """Whether the answer *code* (a number, or text for a string variable) is user-missing."""
        if isinstance(code, str):
            return code.strip() in self.discrete
        if not isinstance(code, (int, float)) or isinstance(code, bool):
            return False
        return code in self.discrete or any(lo <= code <= hi for lo, hi in self.ranges)


@dataclass(frozen=True)
class FileVariable:
    """One variable as the file's dictionary describes it."""

    text: str  #: its variable label, or its name
    labels: dict = field(default_factory=dict)  #: value labels in code order, user-missing codes left out
    missing: UserMissing = UserMissing()


@dataclass(frozen=True)
class FileDictionary:
    """What a data file says about itself: the codebook it implies and every variable."""

    file: str  #: the file's name, for messages
    questions: dict[str, dict]  #: the codebook's ``questions`` the dictionary implies
    variables: dict[str, FileVariable]


def shared_labels(variables: dict[str, FileVariable]) -> tuple[dict, dict]:
    """The value labels *variables* (by name) share, in code order: the first variable's label of each code
    wins, later ones may add codes. Also each code they label differently: code -> {name: label}."""
    merged: dict = {}
    differ: dict = {}
    for name, variable in variables.items():
        for code, label in variable.labels.items():
            if code in merged and merged[code][1] != label:
                differ.setdefault(code, dict([merged[code]]))[name] = label
            merged.setdefault(code, (name, label))
    return {code: merged[code][1] for code in sorted(merged, key=code_order)}, differ


def merge_codebook(dictionary: FileDictionary, user: YamlDoc) -> YamlDoc:
    """The codebook: the file's questions with the user's entries merged over them (see the module); errors
    point into the user's codebook, where the entries were written."""
    if not isinstance(user.data, dict) or not isinstance(user.data.get("questions", {}), dict):
        return user  # let validation report the malformed codebook
    questions = dict(dictionary.questions)
    for key, entry in (user.data.get("questions") or {}).items():
        questions[key] = _Merge(dictionary, user, key).entry(entry) if isinstance(entry, dict) else entry
    return YamlDoc(user.file, {**user.data, "questions": questions}, user.positions)


class _Merge:
    """One user entry merged over what the file says of its key."""

    def __init__(self, dictionary: FileDictionary, user: YamlDoc, key: str):
        self.dictionary, self.user, self.key = dictionary, user, key
        self.variables = dictionary.variables
        base = dictionary.questions.get(key)
        if base is None and key in self.variables:
            base = {"text": self.variables[key].text}
        self.base = base or {}

    def fail(self, message: str, *path) -> None:
        """A located error at the entry's *path* (under ``questions.<key>``; None: the key) in the user's codebook."""
        path = tuple(part for part in path if part is not None)
        raise InputError(message, self.user.where(("questions", self.key) + path),
                         ".".join(["questions", str(self.key), *map(str, path)]))

    def entry(self, entry: dict) -> dict:
        base = self.base
        if any(k in entry for k in DERIVED_KEYS):
            return {"text": base["text"], **entry} if "text" in base else entry
        kind = entry.get("type", base.get("type"))
        keys = keys_of(kind)
        if keys is None:  # no type, or an unknown one: validation names it
            return {**{k: v for k, v in base.items() if k in ("text", "short")}, **entry}
        if kind == "numeric":
            self._no_answers_counted(entry)
        out = {k: v for k, v in base.items() if k in keys}
        out.update({k: v for k, v in entry.items() if k != "labels"})
        out["type"] = kind
        for name in ("items", "options"):
            if name in entry:
                out[name] = self._named(entry[name], name)
        if isinstance(entry.get("columns"), list):
            for i, column in enumerate(entry["columns"]):
                self._variable(column, "columns", i)
        if "labels" in keys:
            labels = self._labels(out, entry)
            if labels is not None:
                out["labels"] = labels
        self._no_user_missing_answers(out, entry)
        return out

    def _no_answers_counted(self, entry: dict) -> None:
        """A labelled variable read as a number: a code labelled as no answer ("Don't know", "Refused",
        "No answer") would count in its mean as if it were a value, so the entry must say, under ``missing``,
        which codes are no answer (``missing: []`` when they all count)."""
        labels = self.base.get("labels") if self.base.get("type") == "single" else None
        if not labels or "missing" in entry:
            return
        said = [code for code, label in labels.items() if label in AnswerRoles.of(list(labels.values())).residual]
        if said:
            shown = ", ".join(f"{quote(code)} {quote(labels[code])}" for code in said[:3])
            self.fail(f"{self.dictionary.file} labels {shown}, which as a number would count in the mean; list the "
                      f"codes that are no answer under 'missing' (missing: [] to count them)",
                      "type" if "type" in entry else None)

    # -- the variables an entry reads ------------------------------------------------------------------

    def _variable(self, column, *path) -> FileVariable:
        """The file's variable *column*, or a located error naming the closest one."""
        if not isinstance(column, str) or column not in self.variables:
            self.fail(f"column {quote(str(column))} is not in {self.dictionary.file}"
                      f"{did_you_mean(str(column), self.variables)}", *path)
        return self.variables[column]

    def _named(self, named, name: str):
        """Items or options (column -> label) with each missing label its variable's label."""
        if isinstance(named, list):
            positions: dict = {}
            for i, column in enumerate(map(str, named)):
                if column in positions:
                    self.fail(f"column {quote(column)} is listed twice; list each {name[:-1]} once", name, i)
                positions[column] = i
            named = dict.fromkeys(positions)
        elif isinstance(named, dict):
            positions = {column: column for column in named}
        else:
            return named  # validation says what it should be
        return {column: self._variable(column, name, positions[column]).text if label is None else label
                for column, label in named.items()}

    def _read(self, out: dict) -> list[str]:
        """The file variables whose codes the question's labels name (none for multi and numeric)."""
        kind = out["type"]
        columns = [out.get("column") or self.key] if kind == "single" else \
            out.get("items") if kind == "grid" else out.get("columns") if kind == "mentions" else None
        if not isinstance(columns, (list, dict)):
            return []  # none, or not yet of the right shape: validation says so
        return [c for c in columns if isinstance(c, str) and c in self.variables]

    # -- labels ----------------------------------------------------------------------------------------

    def _labels(self, out: dict, entry: dict) -> dict | None:
        """The file's labels of the question with the entry's merged over them, code by code."""
        given = entry.get("labels")
        if given is not None and not isinstance(given, dict):
            return given  # validation says what it should be
        given = given or {}
        file_labels = self._shared(out, entry, given) if out["type"] in ("grid", "mentions") else None
        if file_labels is None and self.base.get("type") in ("single", "mentions"):
            file_labels = self.base.get("labels")
        if not file_labels:
            return given or None
        given = {self._file_code(code, file_labels): label for code, label in given.items()}
        if all(code in given for code in file_labels):
            return given  # every code relabelled: the entry's order
        merged = {code: given.get(code, label) for code, label in file_labels.items()}
        merged.update((code, label) for code, label in given.items() if code not in file_labels)
        return merged

    @staticmethod
    def _file_code(code, file_labels: dict):
        """A code as the file writes it: '3' in the entry is code 3 when the file's codes are numbers."""
        if isinstance(code, str):
            return next((c for c in file_labels if not isinstance(c, str) and str(c) == code.strip()), code)
        return code

    def _shared(self, out: dict, entry: dict, given: dict) -> dict | None:
        """The value labels a grid's items or a mentions question's columns share (None if they have none).
        A code they label differently must be labelled by the entry (or be missing)."""
        labels, differ = shared_labels({c: self.variables[c] for c in self._read(out)})
        written = {self._file_code(code, labels) for code in given}
        for code, names in differ.items():
            if code not in written and not _listed(code, entry.get("missing")):
                said = " and ".join(f"'{name}' {quote(label)}" for name, label in names.items())
                self.fail(f"code {quote(code)} is labelled {said}, so these may not share one scale; label the "
                          "code under 'labels' if it means the same in all of them",
                          "items" if out["type"] == "grid" else "columns")
        return labels or None

    def _no_user_missing_answers(self, out: dict, entry: dict) -> None:
        """No code the file declares user-missing is an answer: its answers were dropped when the file was read,
        so it would show 0 % however many gave it."""
        read = self._read(out)
        labels = out.get("labels")
        if not read or not isinstance(labels, dict):
            return
        missing = entry.get("missing")

        def missing_in(code) -> str | None:
            return None if _listed(code, missing) else \
                next((c for c in read if self.variables[c].missing.covers(code)), None)

        given = entry.get("labels") if isinstance(entry.get("labels"), dict) else {}
        for code in given:
            column = missing_in(self._file_code(code, labels))
            if column is not None:
                self.fail(f"code {quote(code)} is user-missing in '{column}' of {self.dictionary.file} (out of "
                          "every base), so it cannot be an answer; remove its label, or make it a valid value in "
                          "the file to count it", "labels", code)
        written = {self._file_code(code, labels) for code in given}
        for code, label in labels.items():
            column = None if code in written else missing_in(code)
            if column is not None:
                answer_in = next((c for c in read if code in self.variables[c].labels), self.key)
                self.fail(f"code {quote(code)} ({quote(label)}) is an answer in '{answer_in}' but user-missing in "
                          f"'{column}' of {self.dictionary.file}; list it under 'missing' to leave it out of every "
                          "base", "items" if out["type"] == "grid" else "columns")
        for role in ("dont_know", "residual"):
            codes = entry.get(role)
            for i, code in enumerate(codes if isinstance(codes, list) else []):
                column = missing_in(code) if _is_code(code) and code not in labels else None
                if column is not None:
                    self.fail(f"code {quote(code)} is user-missing in '{column}' of {self.dictionary.file}: "
                              f"already out of every base; remove it from '{role}'", role, i)


def _is_code(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _listed(code, codes) -> bool:
    """Whether *code* is among *codes* (a codebook's list; numbers and their text alike)."""
    return isinstance(codes, list) and any(c == code or str(c) == str(code) for c in codes)
