"""A survey: respondent data read through its codebook.

:class:`Survey` hands the stats stage coded answers (see :mod:`.coded`),
respondent weights and the boolean masks of filters. Each question is coded
once and kept; raw columns are not.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from ..errors import InputError, Location, did_you_mean
from ..spec.codebook import (Codebook, GridQuestion, MentionsQuestion, MultiQuestion, NumericQuestion,
                             SingleQuestion, TextQuestion, free_text)
from ..spec.filters import BoolOp, In, Missing, Node, Not
from .coded import (GridCoded, MultiCoded, NumericCoded, SingleCoded, TextCoded, code_index, mentions, multi_coded,
                    text_answers)
from .derived import band_index, first_true, regroup
from .loaders import Responses
from .weighting import rim_weights

Coded = SingleCoded | MultiCoded | GridCoded | NumericCoded | TextCoded

#: The columns taken for the respondent id when ``data.id`` does not name one (exactly one must exist).
ID_COLUMNS = ("id", "resp_id", "respondent_id")


def zero_weights(dropped: int, column: str) -> str:
    """The warning that *dropped* respondents weigh 0 in *column* (said by every engine in these words)."""
    return (f"{dropped} respondent(s) have weight 0 in '{column}' and are left out of every base and percentage, "
            "as SPSS does")


class Survey:
    """Coded access to respondent data.

    *where_question(key, *path)* locates a codebook entry, so that a data
    problem (a missing column, an unlabelled code) points at the line to fix.
    """

    def __init__(self, responses: Responses, codebook: Codebook,
                 where_question: Callable[..., Location], weight: str | None = None,
                 where_weight: Location | str | None = None, weight_key: str | None = "data.weight"):
        self.codebook = codebook
        self._where_question = where_question
        self._coded: dict[str, Coded] = {}
        self.coding_seconds = 0.0  # time spent coding questions so far (build reports it as a stage)
        self._coding = False  # a question is being coded (a derived one codes its sources inside it)
        self.warnings: list[str] = []
        self.weights = None
        self.weightless: Survey | None = None  # the respondents who weigh 0, left out of everything
        self.responses = responses
        if weight:
            weights = self._load_weights(weight, where_weight, weight_key)
            self.responses, self.weights = self._without_zero_weights(responses, weights, weight)
        self.n = self.responses.n
        self.weighting = None  # the RimResult when the respondents were raked
        self.waves = None  # a tracker's WaveSet (see .waves): every wave, this survey its current one

    def rake(self, weighting, where) -> None:
        """Rim-weight the respondents to *weighting*'s targets (through :mod:`.weighting`)."""
        variables, targets, labels = {}, {}, {}
        for key, shares in weighting.targets.items():
            coded = self.question(key)
            variables[key] = coded.index.astype(np.int64)
            labels[key] = coded.labels
            positions = {str(label): i for i, label in enumerate(coded.labels)}
            positions.update({str(code): i for i, code in enumerate(coded.codes)})
            targets[key] = {positions[str(label)]: share for label, share in shares.items()}
        try:
            self.weighting = rim_weights(variables, targets, weighting.max_iterations, cap=weighting.cap,
                                         labels=labels)
        except InputError as exc:
            raise InputError(exc.message, where("data", "weighting"), "data.weighting") from None
        self.weights = self.weighting.weights

    # -- columns ---------------------------------------------------------------
    def _check(self, name: str, where: Location, key: str) -> None:
        if name not in self.responses.columns:
            raise InputError(f"column '{name}' is not in {self.responses.path.name}"
                             f"{did_you_mean(name, self.responses.columns)}", where, key)

    def _column(self, name: str, where: Location, key: str) -> np.ndarray:
        self._check(name, where, key)
        return self.responses.column(name)

    def _raw(self, name: str, where: Location, key: str) -> tuple:
        self._check(name, where, key)
        return self.responses.raw(name)

    def _load_weights(self, column: str, where: Location | str | None, key: str | None) -> np.ndarray:
        """The weight column, every value a finite number >= 0 and their sum finite and above 0.

        *key* is ``data.weight`` when the spec names the column, None when an
        SPSS file is weighted by it (*where* is then the file).
        """
        what = f"weight column '{column}'" if key else f"the file's weight variable '{column}' (WEIGHT BY)"
        w = self._column(column, where, key)
        if w.dtype == object:
            raise InputError(f"{what} holds text; weights must be numbers", where, key)
        bad = ~np.isfinite(w) | (w < 0)
        if bad.any():
            raise InputError(f"{what} has {int(bad.sum())} missing, negative or infinite values (first "
                             f"{self._row(self.responses, int(np.argmax(bad)))}); every weight must be a number >= 0",
                             where, key)
        total = float(np.sum(w / w.max())) * float(w.max()) if w.size and w.max() > 0 else 0.0
        if total == 0:
            raise InputError(f"{what} is 0 for every respondent, so no percentage can be computed; "
                             f"check that it is the right column", where, key)
        if not np.isfinite(total):
            raise InputError(f"{what} sums to more than a number can hold (largest weight {w.max():g}); "
                             f"rescale the weights, e.g. to average 1", where, key)
        return w

    @staticmethod
    def _row(responses: Responses, i: int) -> str:
        """Respondent *i* as the user finds it: a CSV's line, else the row number."""
        return f"at row {i + 2}" if responses.path.suffix.lower() == ".csv" else f"at respondent {i + 1}"

    def _without_zero_weights(self, responses: Responses, weights: np.ndarray,
                              column: str) -> tuple[Responses, np.ndarray]:
        """Respondents who weigh 0 left out of everything, bases included, as SPSS does (with a warning).

        Kept, they would count in the unweighted bases but in no percentage, so
        a base could say n=40 over shares of nobody.
        """
        keep = weights > 0
        dropped = int(np.count_nonzero(~keep))
        if not dropped:
            return responses, weights
        self.warnings.append(zero_weights(dropped, column))
        self.weightless = Survey(responses.subset(~keep), self.codebook, self._where_question)
        return responses.subset(keep), weights[keep]

    def weightless_in(self, key: str) -> np.ndarray:
        """How many respondents left out for weighing 0 gave each answer of single-choice question *key*."""
        if self.weightless is None:
            return np.zeros(len(self.codebook.questions[key].labels), dtype=int)
        coded = self.weightless.question(key)
        return np.bincount(coded.index + 1, minlength=len(coded.labels) + 1)[1:]

    def ids(self, column: str | None, where: Location, key: str, need: str) -> list[str]:
        """Each respondent's id as text (a whole number without '.0'), from *column* (``data.id``), else from
        the one column named as in :data:`ID_COLUMNS`. *need* says what needs the ids, for the error when
        there is no such column (or several): a guessed id column could name the wrong respondent."""
        if column is None:
            found = [name for name in ID_COLUMNS if name in self.responses.columns]
            if len(found) != 1:
                what = "no column named " + ", ".join(ID_COLUMNS) if not found else \
                    "several id columns (" + ", ".join(found) + ")"
                raise InputError(f"{need} needs each respondent's id, and the data has {what}; name the id "
                                 "column with data.id", where, key)
            column = found[0]
        self._check(column, where, key)
        return [answer if answer is not None else "" for answer in text_answers(self.responses.column(column))]

    # -- questions ---------------------------------------------------------------
    def question(self, key: str) -> Coded:
        """The coded answers to question *key* (coded once, then cached)."""
        if key not in self._coded:
            if self._coding:  # a source of a derived question: timed with it
                self._coded[key] = self._code(key)
                return self._coded[key]
            started, self._coding = time.perf_counter(), True
            try:
                self._coded[key] = self._code(key)
            finally:
                self._coding = False
                self.coding_seconds += time.perf_counter() - started
        return self._coded[key]

    @property
    def coded(self) -> int:
        """How many questions have been coded so far."""
        return len(self._coded)

    def _code(self, key: str) -> Coded:
        q = self.codebook.questions[key]
        where = self._where_question(key)
        if isinstance(q, SingleQuestion) and q.derived:
            return self._derived(key, q)
        if isinstance(q, TextQuestion):  # read as written, never coded
            column = q.column or key
            return TextCoded(text_answers(self._column(column, self._where_question(key, "column") if q.column
                                                       else where, f"questions.{key}.column")))
        roles = None if isinstance(q, NumericQuestion) else q.answer_roles()
        if isinstance(q, SingleQuestion):
            column = q.column or key
            where_column = self._where_question(key, "column") if q.column else where
            return SingleCoded(list(q.labels.values()), list(q.labels),
                               self._index(key, column, where_column, f"questions.{key}.column", q),
                               roles.residual, roles.dont_know)
        if isinstance(q, MultiQuestion):
            flags = [mentions(*self._raw(c, self._where_question(key, "options", c), f"questions.{key}.options.{c}"),
                              q.selected)
                     for c in q.options]
            mentioned, answered = [m for m, _ in flags], [a for _, a in flags]
            if q.asked is not None:
                mentioned, answered = self._routed(key, q, mentioned)
            return multi_coded(list(q.options.values()), mentioned, answered, roles.residual, roles.dont_know)
        if isinstance(q, NumericQuestion):
            column = q.column or key
            values = self._column(column, self._where_question(key, "column") if q.column else where,
                                  f"questions.{key}.column")
            if values.dtype == object:
                raise InputError(f"column '{column}' holds text; a numeric question needs numbers",
                                 where, f"questions.{key}")
            return NumericCoded(np.where(np.isin(values, q.missing), np.nan, values))
        if isinstance(q, MentionsQuestion):  # mention columns -> one flag per answer
            index = [self._index(key, c, self._where_question(key, "columns"), f"questions.{key}.columns", q)
                     for c in q.columns(key)]
            mentioned = [np.logical_or.reduce([i == j for i in index]) for j in range(len(q.labels))]
            return MultiCoded(list(q.labels.values()), mentioned, np.logical_or.reduce([i >= 0 for i in index]),
                              None, roles.residual, roles.dont_know)
        assert isinstance(q, GridQuestion)
        index = [self._index(key, c, self._where_question(key, "items", c), f"questions.{key}.items.{c}", q)
                 for c in q.items]
        return GridCoded(list(q.items.values()), list(q.labels.values()), index, roles.residual, roles.dont_know,
                         list(q.labels))

    def _derived(self, key: str, q: SingleQuestion) -> SingleCoded:
        """A derived question coded from its sources: bands of a number, groups of answers, or the first
        condition that holds (see :mod:`.derived`). A condition's data problems point at its line."""
        labels, codes, roles = list(q.labels.values()), list(q.labels), q.answer_roles()
        if q.derived == "conditions":
            index = first_true([
                self.mask(node, self._where_question(key, "conditions", label), f"questions.{key}.conditions.{label}")
                for label, node in q.condition_filters().items()])
        elif q.derived == "recode":
            source = self.codebook.questions[q.from_]
            groups = [[source.position(answer) for answer in answers] for answers in q.recode.values()]
            index = regroup(self.question(q.from_).index, groups, len(source.labels))
        else:
            index = band_index(self._band_source(key, q.from_), q.bins, q.below)
        return SingleCoded(labels, codes, index, roles.residual, roles.dont_know)

    def _routed(self, key: str, q: MultiQuestion, mentioned: list[np.ndarray]) -> tuple[list, list]:
        """(mentioned, asked) of each option under the question's routing (``asked``): those it selects
        were asked every option, a blank counting as not mentioned. A mention outside the routing is an
        error: the routing or the data is wrong, and leaving the mention out would change the numbers."""
        where, at = self._where_question(key, "asked"), f"questions.{key}.asked"
        asked = self.mask(q.asked_filter(), where, at)
        outside = np.logical_or.reduce(mentioned) & ~asked
        if outside.any():
            raise InputError(f"{int(outside.sum())} respondent(s) outside the routing {q.asked!r} mention an "
                             f"option of '{key}' (e.g. {self._row(self.responses, int(np.flatnonzero(outside)[0]))}); "
                             "check the routing or the data", where, at)
        return [m & asked for m in mentioned], [asked] * len(mentioned)

    def _band_source(self, key: str, name: str) -> np.ndarray:
        """The numbers derived question *key* bands: a numeric question's (its missing codes NaN) or a column's."""
        where, at = self._where_question(key, "from"), f"questions.{key}.from"
        if name in self.codebook.questions:
            values = self.question(name).values
        elif name in self.responses.columns:
            values = self.responses.column(name)
            if values.dtype == object:
                raise InputError(f"column '{name}' holds text; 'bins' make bands of numbers", where, at)
        else:
            names = list(self.codebook.questions) + list(self.responses.columns)
            raise InputError(f"'{name}' is neither a question nor a column of {self.responses.path.name}"
                             f"{did_you_mean(name, names)}", where, at)
        infinite = np.isinf(values)
        if infinite.any():
            raise InputError(f"'{name}' is infinite for {int(infinite.sum())} respondent(s), which is in no band; "
                             "fix the data or leave the value empty (missing)", where, at)
        return values

    def _index(self, key: str, column: str, where: Location, column_key: str, q) -> np.ndarray:
        """One column coded as positions in *q*'s labels (its missing codes: -1); errors point at the
        column or the labels."""
        values, present = self._raw(column, where, column_key)
        return code_index(values, q.labels, column, self._where_question(key, "labels"),
                          f"questions.{key}.labels", present, q.missing)

    # -- filters -------------------------------------------------------------------
    def mask(self, node: Node, where: Location, key: str) -> np.ndarray:
        """Boolean mask of the respondents a parsed filter selects.

        A missing answer never satisfies a comparison (not even ``!=``); test
        for it with ``is missing``.
        """
        return _Evaluator(self, where, key).eval(node)


class _Evaluator:
    def __init__(self, survey: Survey, where: Location, key: str):
        self.survey, self.where, self.key = survey, where, key

    def fail(self, message: str):
        raise InputError(message, self.where, self.key)

    def eval(self, node: Node) -> np.ndarray:
        if isinstance(node, BoolOp):
            parts = [self.eval(p) for p in node.operands]
            return np.logical_and.reduce(parts) if node.op == "and" else np.logical_or.reduce(parts)
        if isinstance(node, Not):
            return ~self.eval(node.operand)
        if isinstance(node, Missing):
            present = self.present(node.name)
            return present if node.negate else ~present
        if isinstance(node, In):
            hit = np.logical_or.reduce([self.compare(node.name, "==", v) for v in node.values])
            return (self.present(node.name) & ~hit) if node.negate else hit
        return self.compare(node.name, node.op, node.value)

    def target(self, name: str):
        survey = self.survey
        if name in survey.codebook.questions:
            coded = survey.question(name)
            if isinstance(coded, GridCoded):
                self.fail(f"'{name}' is a grid; filter on one of its item columns instead")
            if isinstance(coded, NumericCoded):
                return coded.values
            return coded
        if name in survey.responses.columns:
            return survey.responses.column(name)
        names = list(survey.codebook.questions) + list(survey.responses.columns)
        self.fail(f"filter names '{name}', which is neither a question nor a column{did_you_mean(name, names)}")

    def present(self, name: str) -> np.ndarray:
        t = self.target(name)
        if isinstance(t, TextCoded):  # 'is missing' works on free text: who answered
            return np.array([a is not None for a in t.answers], dtype=bool)
        if isinstance(t, SingleCoded):
            return t.index >= 0
        if isinstance(t, MultiCoded):
            return t.asked
        return np.array([v is not None for v in t]) if t.dtype == object else ~np.isnan(t)

    def compare(self, name: str, op: str, value) -> np.ndarray:
        t = self.target(name)
        if isinstance(t, TextCoded):
            self.fail(free_text(name, f"a filter cannot compare it with {op}")
                      + f" (a filter can test who answered it: {name} is not missing)")
        if isinstance(t, (SingleCoded, MultiCoded)):
            return self.compare_coded(name, t, op, value)
        if t.dtype == object:
            if op not in ("==", "!="):
                self.fail(f"'{name}' holds text; compare it with == or !=, not {op}")
            present = np.array([v is not None for v in t])
            equal = np.array([v is not None and str(v) == str(value) for v in t])
            return equal if op == "==" else present & ~equal
        if isinstance(value, str):
            self.fail(f"'{name}' holds numbers; compare it with a number, not '{value}'")
        return _OPS[op](t, value) & ~np.isnan(t)

    def compare_coded(self, name: str, t, op: str, value) -> np.ndarray:
        pos = self.position(name, t, value)
        if isinstance(t, MultiCoded):
            if op not in ("==", "!="):
                self.fail(f"'{name}' is multiple response; use == or != with an option label")
            hit = t.mentioned[pos]
            return hit if op == "==" else (t.answered[pos] if t.routed() else t.asked) & ~hit
        if op in ("==", "!="):
            return (t.index == pos) if op == "==" else (t.index >= 0) & (t.index != pos)
        codes = np.array([c if isinstance(c, (int, float)) else np.nan for c in t.codes], dtype=float)
        if np.isnan(codes).any():
            self.fail(f"'{name}' has text codes; order comparisons need numeric codes")
        answer = np.where(t.index >= 0, codes[np.maximum(t.index, 0)], np.nan)
        target = codes[pos]
        return _OPS[op](answer, target) & (t.index >= 0)

    def position(self, name: str, t, value) -> int:
        labels = t.labels
        if isinstance(value, str):
            if value in labels:
                return labels.index(value)
            self.fail(f"'{value}' is not a label of '{name}'{did_you_mean(value, labels)}; "
                      f"labels are {', '.join(repr(x) for x in labels)}")
        if isinstance(t, SingleCoded):
            for i, code in enumerate(t.codes):
                if code == value:
                    return i
            self.fail(f"{value} is not a code of '{name}'; codes are {', '.join(map(str, t.codes))}")
        self.fail(f"options of '{name}' are chosen by label, e.g. {name} == '{labels[0]}'")


_OPS = {
    "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
    ">": np.greater, ">=": np.greater_equal,
}
