"""Property tests (Hypothesis): random, valid-by-construction projects either build a valid deck whose
chart numbers equal an independent pandas computation, or stop with a one-line InputError.

Each example writes a small project to its own folder: a codebook of 1-4 questions (single, multi,
grid, numeric) whose labels come from any Unicode text (emoji, RTL scripts, combining marks, long
labels, control characters, leading/trailing spaces, the same label in several questions), a CSV of
0-300 respondents holding codes, optional weights, and 1-3 chart slides with optional ``by`` and
``filter``. Then ``build()`` must either

(a) write a deck that passes openxml-audit with zero errors and whose every chart shows, label by
    label, the percentages (or means) pandas computes from the same data: rows nobody in the base
    gave are hidden (``empty: hide``), empty segments are gaps; or
(b) raise :class:`InputError` with a one-line message, and only when the project really has no one
    to show (no respondents at all, or nobody in a slide's base).

Anything else (another exception, an invalid deck, a wrong number) is a bug in deckgen.

Set ``CI=1`` for a derandomized (reproducible) run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

from deckgen.build import build
from deckgen.render import charts as charts_module
from deckgen.render import labels as labels_module
from deckgen.errors import InputError
from deckgen.spec.charts import KINDS, kinds_for
from deckread import read_deck

openxml_audit = pytest.importorskip("openxml_audit")

settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "brand.pptx"

#: Characters deckgen removes from every text it places (XML 1.0 cannot hold them; DEL goes too).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

TOTAL_WORD = {"en": "Total", "sv": "Totalt"}


def shown(text: str) -> str:
    """A label as deckgen places it on a slide or in a chart: without the characters XML cannot hold,
    and with carriage returns as newlines (an XML reader would turn them into newlines anyway)."""
    return XML_ILLEGAL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def yaml_round_trips(value) -> bool:
    try:
        return yaml.safe_load(yaml.safe_dump(value, allow_unicode=True)) == value
    except yaml.YAMLError:
        return False


# -- labels -----------------------------------------------------------------------------------------

#: Labels that mean something to deckgen or to the formats it writes: words it translates or sorts
#: last, YAML specials, XML and Excel specials, Jinja2 syntax, bidi and zero-width characters.
TRICKY = [
    "Total", "Totalt", "Mean", "Median", "n", "Other", "Övrigt", "Don't know", "Vet ej", "None", "Ingen",
    "Refused", "A", "1", "0", "1.5", "true", "no", "null", "~", "- x", "#", "'", '"', "\\", "\\'", "&<>",
    "a\tb", "a\nb", "a\r\nb", " lead", "trail ", "\x01x", "x\x0b", "\x7f", "\u200f", "\u200b", "\ufeffBOM",
    "שלום", "مرحبا بك", "e\u0301\u0301", "👍🏽", "👨\u200d👩\u200d👧", "%", "0%", "{{ n }}", "{% raw %}",
    "=1+1", "@SUM(A1)", "A (B)", "Kommun (A)", "]]>", "\u2028", "ü\u0308" * 40,
    "x" * 300, "x" * 299 + "y", "A " + "y" * 120,  # long: shortened on charts
]

_any_char = st.characters(codec="utf-8")  # every code point but surrogates
_label = st.one_of(
    st.sampled_from(TRICKY),
    st.text(_any_char, min_size=1, max_size=12),
    st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs", "Cc", "Cf"]),
            min_size=1, max_size=40),
    st.text(_any_char, min_size=200, max_size=300),
).filter(lambda s: shown(s).strip() != "" and yaml_round_trips(s))


def labels(n: int):
    """*n* labels, unique within the question (also once control characters are removed).

    A label must not be empty after stripping, nor be only white space and control characters:
    deckgen would show it blank, and python-pptx's parser (remove_blank_text) may then drop or keep
    the white space depending on where it falls in the chart part.
    """
    return st.lists(_label, min_size=n, max_size=n, unique_by=shown)


# -- the project --------------------------------------------------------------------------------------


@dataclass
class Case:
    codebook: dict  # questions: key -> codebook entry (as written to questions.yaml)
    data: pd.DataFrame  # codes (nullable ints), numeric values and the weight
    weight: str | None
    slides: list[dict]  # chart slides as written to slides.yaml
    locale: str = "en"
    deck: dict = field(default_factory=dict)  # extra deck keys: title, subtitle, source


@st.composite
def single_question(draw, key):
    k = draw(st.one_of(st.integers(1, 6), st.integers(1, 60)))
    names = draw(labels(k))
    codes = draw(st.one_of(st.just(list(range(1, k + 1))),
                           st.lists(st.integers(-5, 999), min_size=k, max_size=k, unique=True)))
    return {"type": "single", "text": draw(_label), "labels": dict(zip(codes, names))}


@st.composite
def multi_question(draw, key):
    k = draw(st.integers(1, 12))
    names = draw(labels(k))
    return {"type": "multi", "text": draw(_label),
            "options": {f"{key}_{j + 1}": name for j, name in enumerate(names)}}


@st.composite
def grid_question(draw, key):
    items = draw(labels(draw(st.integers(1, 6))))
    scale = draw(labels(draw(st.integers(2, 7))))
    return {"type": "grid", "text": draw(_label),
            "items": {f"{key}_{j + 1}": name for j, name in enumerate(items)},
            "labels": {i + 1: name for i, name in enumerate(scale)}}


@st.composite
def numeric_question(draw, key):
    q = {"type": "numeric", "text": draw(_label), "decimals": draw(st.integers(0, 3))}
    if draw(st.booleans()):
        q["unit"] = draw(_label)
    return q


QUESTION = {"single": single_question, "multi": multi_question, "grid": grid_question,
            "numeric": numeric_question}

P_MISSING = st.sampled_from([0.0, 0.0, 0.0, 0.1, 0.1, 0.5, 0.5, 0.9, 1.0])  # 1.0: an all-missing column


def column_data(draw, rng, q: dict, n: int) -> dict[str, pd.Series]:
    """Respondent columns for one question: codes with blanks, some categories nobody chose."""
    out = {}

    def codes_column(codes: list):
        used = codes[: draw(st.integers(1, len(codes)))] if draw(st.booleans()) else codes  # some unused
        values = rng.choice(np.array(used, dtype=np.int64), n) if n else np.array([], dtype=np.int64)
        series = pd.Series(values, dtype="Int64")
        series[rng.random(n) < draw(P_MISSING)] = pd.NA
        return series

    if q["type"] == "single":
        out[q.get("column", None) or q["_key"]] = codes_column(list(q["labels"]))
    elif q["type"] == "grid":
        for column in q["items"]:
            out[column] = codes_column(list(q["labels"]))
    elif q["type"] == "multi":
        asked = rng.random(n) >= draw(P_MISSING)
        blank_inside = draw(st.sampled_from([0.0, 0.0, 0.3]))  # a blank option cell of someone asked
        for column in q["options"]:
            p = draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))
            series = pd.Series((rng.random(n) < p).astype(np.int64), dtype="Int64")
            series[~asked | (rng.random(n) < blank_inside)] = pd.NA
            out[column] = series
    else:
        centre = draw(st.sampled_from([-50.0, -1.0, 0.0, 3.0, 100.0]))
        spread = draw(st.sampled_from([0.0, 1.0, 20.0]))
        values = rng.normal(centre, spread, n)
        if draw(st.booleans()):  # skewed: mostly small positive values and a few large negative ones
            values = np.where(rng.random(n) < 0.2, -abs(centre) * 10 - 1, rng.integers(1, 4, n))
        values = np.round(values, draw(st.integers(0, 2)))
        values[rng.random(n) < draw(P_MISSING)] = np.nan
        out[q["_key"]] = pd.Series(values, dtype="float64")
    return out


def quote(label: str) -> str:
    """A label as a quoted string of the filter language."""
    return "'" + label.replace("\\", "\\\\").replace("'", "\\'") + "'"


@st.composite
def filter_atom(draw, codebook: dict):
    """(text, meaning) of one condition; the meaning is what pandas evaluates."""
    key = draw(st.sampled_from(sorted(codebook)))
    q = codebook[key]
    if q["type"] == "single":
        codes = list(q["labels"])
        form = draw(st.sampled_from(["==", "!=", "in", "not in", "missing", "not missing", "code"]))
        if form in ("==", "!="):
            code = draw(st.sampled_from(codes))
            return f"{key} {form} {quote(q['labels'][code])}", ("compare", key, form, code)
        if form in ("in", "not in"):
            chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))
            text = f"{key} {form} [{', '.join(quote(q['labels'][c]) for c in chosen)}]"
            return text, ("in", key, chosen, form == "not in")
        if form == "code":
            op, code = draw(st.sampled_from([">=", "<", "=="])), draw(st.sampled_from(codes))
            return f"{key} {op} {code}", ("compare", key, op, code)
        return f"{key} is {'not ' if form == 'not missing' else ''}missing", ("missing", key, form == "not missing")
    if q["type"] == "multi":
        form = draw(st.sampled_from(["==", "!=", "missing"]))
        if form == "missing":
            return f"{key} is missing", ("missing", key, False)
        column = draw(st.sampled_from(list(q["options"])))
        return f"{key} {form} {quote(q['options'][column])}", ("mention", key, form, column)
    if q["type"] == "grid":  # grids are filtered on an item's raw column
        column = draw(st.sampled_from(list(q["items"])))
        if draw(st.booleans()):
            return f"{column} is missing", ("missing", column, False)
        code = draw(st.sampled_from(list(q["labels"])))
        return f"{column} == {code}", ("compare", column, "==", code)
    op, value = draw(st.sampled_from([">=", "<"])), draw(st.sampled_from(["0", "2.5", "-10"]))
    return f"{key} {op} {value}", ("compare", key, op, float(value))


@st.composite
def filters(draw, codebook: dict):
    atoms = [draw(filter_atom(codebook)) for _ in range(draw(st.integers(1, 2)))]
    joiner = draw(st.sampled_from(["and", "or"]))
    negate = draw(st.integers(0, 4)) == 0
    text = f" {joiner} ".join(t for t, _ in atoms)
    return (f"not ({text})" if negate else text), (negate, joiner, [m for _, m in atoms])


@st.composite
def cases(draw):
    n_questions = draw(st.integers(1, 4))
    codebook = {}
    for i in range(n_questions):
        key = f"q{i + 1}"
        kind = draw(st.sampled_from(["single", "single", "multi", "grid", "numeric"]))  # singles can split others
        codebook[key] = draw(QUESTION[kind](key))
    n = 0 if draw(st.integers(0, 15)) == 7 else draw(st.one_of(st.integers(1, 8), st.integers(1, 300)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    columns = {}
    for key, q in codebook.items():
        columns.update(column_data(draw, rng, {**q, "_key": key}, n))
    weight = None
    if draw(st.booleans()):
        weight = "w"
        low, high = draw(st.sampled_from([(0.5, 2.0), (0.001, 1000.0), (1.0, 1.0)]))
        columns[weight] = pd.Series(np.round(rng.uniform(low, high, n), 4).clip(min=0.0001), dtype="float64")
    data = pd.DataFrame(columns)

    singles = [k for k, q in codebook.items() if q["type"] == "single"]
    slides = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(sorted(codebook)))
        kind = codebook[key]["type"]
        by_options = [s for s in singles if s != key] if kind != "grid" else []
        by = draw(st.sampled_from(by_options)) if by_options and draw(st.integers(0, 2)) > 0 else None
        charts = [c for c in kinds_for(kind)  # a combo needs its 'line' (tests/test_combo.py)
                  if c != "combo" and not (by and KINDS[c].by == "refused") and not (not by and KINDS[c].needs_by(kind))]
        slide = {"kind": "chart", "question": key, "chart": draw(st.sampled_from(charts))}
        if by:
            slide["by"] = by
        if draw(st.integers(0, 3)) == 0:
            slide["filter"], slide["_filter"] = draw(filters(codebook))
        if draw(st.booleans()):
            slide["empty"] = draw(st.sampled_from(["hide", "show"]))
        if draw(st.booleans()):
            slide["sort"] = draw(st.sampled_from(["value", "codes"]))
        if draw(st.booleans()):
            slide["decimals"] = draw(st.integers(0, 3))
        slides.append(slide)
    deck = {}
    for key in ("title", "subtitle", "source"):
        if draw(st.booleans()):
            deck[key] = draw(_label)
    return Case(codebook, data, weight, slides, draw(st.sampled_from(["en", "sv"])), deck)


def write_case(case: Case, folder: Path) -> Path:
    case.data.to_csv(folder / "data.csv", index=False)
    (folder / "questions.yaml").write_text(
        yaml.safe_dump({"questions": case.codebook}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    deck = {"title": "Property test", "locale": case.locale, "template": str(TEMPLATE), "output": "deck.pptx",
            **case.deck}
    data = {"responses": "data.csv", "questions": "questions.yaml"}
    if case.weight:
        data["weight"] = case.weight
    slides = [{k: v for k, v in s.items() if not k.startswith("_")} for s in case.slides]
    spec = {"deck": deck, "data": data, "slides": [{"kind": "title"}] + slides}
    path = folder / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- the independent side: pandas -----------------------------------------------------------------------


class Evaluate:
    """Filters and tables computed with pandas from the generated data (never through deckgen)."""

    def __init__(self, case: Case):
        self.case, self.df = case, case.data
        self.w = case.data[case.weight].astype(float) if case.weight else pd.Series(1.0, index=case.data.index)

    def asked(self, q: dict) -> pd.Series:
        return self.df[list(q["options"])].notna().any(axis=1)

    # filters, as the README defines them: a missing answer never satisfies a comparison
    def mask(self, meaning) -> pd.Series:
        if meaning is None:
            return pd.Series(True, index=self.df.index)
        negate, joiner, atoms = meaning
        masks = [self.atom(a) for a in atoms]
        result = masks[0]
        for m in masks[1:]:
            result = (result & m) if joiner == "and" else (result | m)
        return ~result if negate else result

    def present(self, name: str) -> pd.Series:
        q = self.case.codebook.get(name)
        return self.asked(q) if q is not None and q["type"] == "multi" else self.df[name].notna()

    def atom(self, meaning) -> pd.Series:
        kind, name = meaning[0], meaning[1]
        if kind == "missing":
            return self.present(name) if meaning[2] else ~self.present(name)
        if kind == "mention":
            _, _, op, column = meaning
            hit = (self.df[column] == 1).fillna(False).astype(bool)
            return hit if op == "==" else self.df[column].notna() & ~hit  # asked that option, not mentioned
        values = self.df[name].astype(float)
        present = values.notna()
        if kind == "in":
            _, _, codes, negate = meaning
            hit = values.isin([float(c) for c in codes]) & present
            return present & ~hit if negate else hit
        _, _, op, value = meaning
        result = {"==": values == value, "!=": values != value, ">=": values >= value, "<": values < value}[op]
        return result & present

    def table(self, slide: dict):
        """({row label: [value per column]}, column labels) as the slide's chart should show them;
        None when nobody is in the slide's base."""
        q = self.case.codebook[slide["question"]]
        mask = self.mask(slide.get("_filter"))
        if slide.get("by"):
            by_q = self.case.codebook[slide["by"]]
            seg_col = self.df[slide["by"]]
            columns = list(by_q["labels"].values())
            members = [(seg_col == code).fillna(False).astype(bool) & mask for code in by_q["labels"]]
        else:
            columns = ["Total"]
            members = [mask]
        rows: dict[str, list] = {}
        counts: dict[str, float] = {}
        if q["type"] == "single":
            col = self.df[slide["question"]]
            bases = [m & col.notna() for m in members]
            for code, label in q["labels"].items():
                rows[label] = [self.share((col == code).fillna(False).astype(bool), b) for b in bases]
                counts[label] = sum(self.w[(col == code).fillna(False).astype(bool) & b].sum() for b in bases)
            total_base = sum(int(b.sum()) for b in bases)
        elif q["type"] == "multi":
            bases = [m & self.asked(q) for m in members]
            for column, label in q["options"].items():
                hit = (self.df[column] == 1).fillna(False).astype(bool)
                own = [b & self.df[column].notna() for b in bases]  # README: a blank option is "not asked"
                rows[label] = [self.share(hit, b) for b in own]
                counts[label] = sum(self.w[hit & b].sum() for b in own)
            total_base = sum(int(b.sum()) for b in bases)
        elif q["type"] == "grid":  # rows are items, columns the scale
            columns = list(q["labels"].values())
            answered_any = pd.Series(False, index=self.df.index)
            for column, item in q["items"].items():
                col = self.df[column]
                base = mask & col.notna()
                answered_any |= base
                rows[item] = [self.share((col == code).fillna(False).astype(bool), base) for code in q["labels"]]
                counts[item] = float(self.w[base].sum())
            total_base = int(answered_any.sum())
        else:  # numeric: the mean per column
            col = self.df[slide["question"]].astype(float)
            bases = [m & col.notna() for m in members]
            means = [float(np.average(col[b], weights=self.w[b])) if b.any() else np.nan for b in bases]
            rows["Mean"] = means
            counts["Mean"] = 1.0
            total_base = sum(int(b.sum()) for b in bases)
        if total_base == 0:
            return None
        if slide.get("empty", "hide") == "hide" and q["type"] != "numeric":
            kept = {r: v for r, v in rows.items() if counts[r] > 0}
            rows = kept or rows  # nothing to hide when every row is empty
        return rows, columns

    def share(self, hit: pd.Series, base: pd.Series) -> float:
        denominator = self.w[base].sum()
        if not base.any():
            return np.nan
        return float(self.w[hit & base].sum() / denominator)


def label_limit() -> int | None:
    """The longest label deckgen draws in full on a chart (None: it never shortens)."""
    for module in (labels_module, charts_module):
        if getattr(module, "MAX_LABEL", None):
            return module.MAX_LABEL
    return None


def on_chart(name: str | None, label: str) -> bool:
    """Whether *name*, a chart's category or series name, shows *label*.

    Labels are shown as :func:`shown` makes them, category labels wrapped in lines; those that do not
    fit are cut and end in an ellipsis, numbered ("… (2)…") where two would otherwise read the same
    (tables and notes keep them whole).
    """
    name, text = name or "", shown(label)
    if name == text or (name.split() and name.split() == text.split()):  # as written, or wrapped in lines
        return True
    if label_limit() is None or not name.endswith("\u2026"):  # categories are cut to fit their frame
        return False
    stem = re.sub(r" \(\d+\)$", "", name[:-1])
    return " ".join(text.split()).startswith(" ".join(stem.split()))


def match(names: list, labels: list[str], fits) -> list[str]:
    """The label each chart name shows, one to one; *fits(i, label)*: the i-th name's values are *label*'s.

    Two names must never read the same. Long labels cut to the same start are told apart by their values
    (labels alike in both are interchangeable).
    """
    names = [name or "" for name in names]
    assert len(names) == len(labels), f"chart shows {names!r}, expected {labels!r}"
    assert len(set(names)) == len(names), f"two categories or series on one chart read the same: {names!r}"
    options = []
    for i, name in enumerate(names):
        by_name = [label for label in labels if on_chart(name, label)]
        assert by_name, f"chart label {name!r} shows none of the labels {labels!r}"
        fitting = [label for label in by_name if fits(i, label)]
        assert fitting, f"the values of {name!r} are not those of {by_name!r}"
        options.append(fitting)
    owner: dict[str, int] = {}  # label -> name index: a bipartite matching (augmenting paths)

    def place(i: int, tried: set) -> bool:
        for label in options[i]:
            if label not in tried:
                tried.add(label)
                if label not in owner or place(owner[label], tried):
                    owner[label] = i
                    return True
        return False

    for i in range(len(names)):
        assert place(i, set()), f"chart labels {names!r} cannot be matched one to one to {labels!r}"
    found = {i: label for label, i in owner.items()}
    return [found[i] for i in range(len(names))]


def spreadsheet_letters(j: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the letter of the j-th segment (0-based)."""
    name, j = "", j + 1
    while j:
        j, rem = divmod(j - 1, 26)
        name = chr(65 + rem) + name
    return name


def check_segments(names: list[str], segments: list[str]) -> None:
    """Segment names in order: their labels, all lettered (A), (B), ... when the segments are tested."""
    assert len(names) == len(segments), (names, segments)
    names = [" ".join(name.split()) if "\n" in (name or "") else name for name in names]  # wrapped in lines
    # a segment under the low base carries "* (n=12)" after its name (README): the caution, not the label
    names = [re.sub(r"\* \(n=[\d,.\u00a0 ]+\)$", "", name or "") for name in names]
    letters = [spreadsheet_letters(j) for j in range(len(segments))]
    lettered = [re.fullmatch(r"(.*) \(([A-Z]+)\)", name, flags=re.S) for name in names]
    if any(m and m.group(2) == letter and on_chart(m.group(1), label)
           for m, letter, label in zip(lettered, letters, segments)):  # tested: every segment carries its letter
        for name, letter, label in zip(names, letters, segments):
            assert name.endswith(f" ({letter})"), f"segment {label!r} lost its letter ({letter}) on the chart: {name!r}"
            assert on_chart(name[: -len(f" ({letter})")], label), (name, label)
    else:
        for name, label in zip(names, segments):
            assert on_chart(name, label), (name, label)


def same(actual, expected) -> bool:
    if expected is None or (isinstance(expected, float) and np.isnan(expected)):
        return actual is None
    return actual is not None and actual == pytest.approx(expected, rel=1e-9, abs=1e-12)


def check_chart(chart, slide: dict, q: dict, rows: dict, columns: list, locale: str) -> None:
    """The chart shows exactly the expected rows, by label, with the expected values."""
    segments = columns if slide.get("by") else [TOTAL_WORD[locale]]
    kind = q["type"]
    if kind == "numeric":  # one series (the means); the segments are the categories
        check_segments(chart.categories, segments)
        assert len(chart.series) == 1 and chart.series[0].name in ("Mean", "Medelvärde"), chart.series
        values = chart.series[0].values
        assert len(values) == len(rows["Mean"]) and all(
            same(a, e) for a, e in zip(values, rows["Mean"])), f"means {values} != {rows['Mean']}"
        return
    if kind == "grid":  # items as categories, every scale point a series, in scale order
        assert len(chart.series) == len(columns), ([s.name for s in chart.series], columns)
        for series, point in zip(chart.series, columns):
            assert on_chart(series.name, point), (series.name, point)
    elif slide["chart"] == "stacked":  # one bar per segment, the answers stacked
        check_segments(chart.categories, segments)

        def fits(i, answer):
            return all(same(v, e) for v, e in zip(chart.series[i].values, rows[answer]))

        match([s.name for s in chart.series], list(rows), fits)
        return
    else:  # answers as categories, one series per segment
        check_segments([s.name for s in chart.series], segments)

    def fits(i, row):
        return all(same(series.values[i], rows[row][j]) for j, series in enumerate(chart.series))

    match(chart.categories, list(rows), fits)


# -- the property -------------------------------------------------------------------------------------


def describe(case: Case, folder: Path) -> None:
    note(f"codebook:\n{(folder / 'questions.yaml').read_text(encoding='utf-8')}")
    note(f"slides:\n{(folder / 'slides.yaml').read_text(encoding='utf-8')}")
    note(f"data ({len(case.data)} rows):\n{(folder / 'data.csv').read_text(encoding='utf-8')[:4000]}")


# -- counterexamples this property found (each a bug, since fixed), replayed on every run ------------------


def _known(questions: dict, columns: dict, slides: list, locale: str = "en", deck: dict | None = None) -> Case:
    slides = [{"kind": "chart", "chart": "bar", **s} for s in slides]
    return Case(questions, pd.DataFrame(columns), None, slides, locale, deck or {})


_YES_NO = {"type": "single", "text": "Uses social media?", "labels": {1: "Yes", 2: "No"}}
_LONG_SEGMENT = "Municipalities in the northern part of the country with more than fifty thousand inhabitants"

KNOWN = {
    # a numeric question whose mean is <= 0 (median > 0): drop_empty_rows took the mean for a count
    # of zero and hid it, so the chart and KPI showed the median instead
    "negative mean": _known({"age": {"type": "numeric", "text": "Age"}}, {"age": [-50.0, 1.0, 2.0]},
                            [{"question": "age", "chart": "bar"}]),
    # a control character in a numeric unit went unfiltered into the data labels' number format (ValueError)
    "unit control character": _known({"age": {"type": "numeric", "text": "Age", "unit": "\x01år"}},
                                     {"age": [30.0, 40.0]}, [{"question": "age", "chart": "bar"}]),
    # the deck title went unfiltered into the core properties (ValueError)
    "title control character": _known({"q": _YES_NO}, {"q": [1, 2]}, [{"question": "q"}],
                                      deck={"title": "Survey\x01 2024"}),
    # python-pptx refuses a core-properties title longer than 255 characters (ValueError)
    "title longer than 255": _known({"q": _YES_NO}, {"q": [1, 2]}, [{"question": "q"}], deck={"title": "x" * 256}),
    # a segment labelled 'Total' was renamed to the locale's word for the whole base ('Totalt')
    "segment named Total": _known({"q": _YES_NO, "seg": {"type": "single", "text": "Region",
                                                         "labels": {1: "Total", 2: "Rest"}}},
                                  {"q": [1, 2, 1, 2], "seg": [1, 1, 2, 2]}, [{"question": "q", "by": "seg"}], "sv"),
    # a long segment name was shortened after lettering: its (B) was cut off, and the letters on the other
    # bars pointed at nothing (at a word boundary, and with no space to cut at)
    "segment letter cut off": _known({"q": _YES_NO, "seg": {"type": "single", "text": "Region",
                                                            "labels": {1: "Rest", 2: _LONG_SEGMENT}}},
                                     {"q": [1, 2] * 40, "seg": [1] * 40 + [2] * 40},
                                     [{"question": "q", "by": "seg"}]),
    "segment letter cut off, no spaces": _known({"q": _YES_NO, "seg": {"type": "single", "text": "Region",
                                                                       "labels": {1: "Rest", 2: "0" * 200}}},
                                                {"q": [1, 2] * 40, "seg": [1] * 40 + [2] * 40},
                                                [{"question": "q", "by": "seg"}]),
    # two long labels alike in their first 79 characters read the same on the chart
    "shortened labels collide": _known({"q": {"type": "single", "text": "Q", "labels": {1: "x" * 300,
                                                                                        2: "x" * 299 + "y"}}},
                                       {"q": [1, 2]}, [{"question": "q"}]),
    # a carriage return in a label became a newline in the chart only (now a newline everywhere)
    "carriage return": _known({"q": {"type": "single", "text": "Q", "labels": {1: "Yes\r\nplease", 2: "No"}}},
                              {"q": [1, 2]}, [{"question": "q"}]),
}


@example(case=KNOWN["negative mean"])
@example(case=KNOWN["unit control character"])
@example(case=KNOWN["title control character"])
@example(case=KNOWN["title longer than 255"])
@example(case=KNOWN["segment named Total"])
@example(case=KNOWN["segment letter cut off"])
@example(case=KNOWN["segment letter cut off, no spaces"])
@example(case=KNOWN["shortened labels collide"])
@example(case=KNOWN["carriage return"])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_build_gives_valid_deck_with_pandas_numbers_or_one_line_error(tmp_path_factory, case):
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp(), prefix="prop-"))
    try:
        spec = write_case(case, folder)
        describe(case, folder)
        evaluate = Evaluate(case)
        expected = [evaluate.table(slide) for slide in case.slides]
        empty = len(case.data) == 0 or any(e is None for e in expected)
        try:
            result = build(spec)
        except InputError as exc:
            message = str(exc)
            assert len(message.splitlines()) == 1, f"InputError spans lines: {message!r}"
            assert empty, f"valid project rejected: {message}"
            event("InputError: " + ("no respondents" if len(case.data) == 0 else "empty base"))
            return
        except Exception:  # anything else is a bug; show it whole
            pytest.fail(f"build raised something other than InputError:\n{traceback.format_exc()}")
        assert not empty, "built a deck although a slide has nobody in its base"

        errors = [str(e) for e in openxml_audit.validate_pptx(str(result.output)).errors]
        assert errors == [], f"openxml-audit: {errors[:5]}"

        event("built")
        deck = read_deck(result.output)
        pages = result.pages[1:]  # a long table continues on more slides: each spec slide's first
        assert len(deck) == 1 + sum(pages) and all(p >= 1 for p in pages)
        firsts = [deck[1 + sum(pages[:k])] for k in range(len(pages))]
        for slide, read, (rows, columns) in zip(case.slides, firsts, expected):
            if slide["chart"] in ("table", "kpi"):
                assert not read.charts
                continue
            if not read.charts and slide["chart"] in ("bar", "column"):  # too crowded to label every bar
                assert read.tables and any("drawn as a table" in w for w in result.warnings)
                continue
            assert len(read.charts) == 1
            q = case.codebook[slide["question"]]
            event(f"chart: {q['type']} {slide['chart']}" + (" by" if "by" in slide else ""))
            check_chart(read.charts[0], slide, q, rows, columns, case.locale)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
