"""A weighted SPSS file with a Likert battery, a multiple-response set and a two-segment banner,
built into a deck whose numbers match an independent pandas computation."""

from __future__ import annotations

import math
import os
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckread import read_deck

PSPP = shutil.which("pspp")
pytestmark = pytest.mark.skipif(PSPP is None, reason="PSPP is needed to write a .sav with MR sets and a weight")
SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"}


def make_data(n=600, seed=11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice([1, 2], n, p=[0.4, 0.6])
    df = pd.DataFrame({"id": np.arange(1, n + 1), "sex": sex, "w": rng.uniform(0.4, 2.5, n).round(2)})
    for col, (p_men, p_women) in {"seen_tv": (0.75, 0.5), "seen_web": (0.5, 0.55), "seen_print": (0.2, 0.3)}.items():
        df[col] = (rng.random(n) < np.where(sex == 1, p_men, p_women)).astype(int)
    for item in ("att1", "att2", "att3"):
        answers = rng.choice([1, 2, 3, 4, 5, 9], n, p=[0.1, 0.15, 0.2, 0.3, 0.2, 0.05])
        df[item] = answers
    return df


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("spss")
    df = make_data()
    rows = "\n".join(" ".join(str(v) for v in row) for row in df.itertuples(index=False))
    labels = " ".join(f"{code} '{label}'" for code, label in SCALE.items())
    syntax = f"""\
DATA LIST LIST /id sex (F8.0) w (F8.2) seen_tv seen_web seen_print att1 att2 att3 (F8.0).
BEGIN DATA
{rows}
END DATA.
VARIABLE LABELS sex 'Gender' seen_tv 'TV' seen_web 'Web' seen_print 'Print'
  att1 'The brand is good value' att2 'The brand is innovative' att3 'The brand is trustworthy'.
VALUE LABELS sex 1 'Men' 2 'Women' /att1 att2 att3 {labels} 9 'Don''t know'.
MISSING VALUES att1 att2 att3 (9).
MRSETS /MDGROUP NAME=$seen LABEL='Where have you seen the brand?' VARIABLES=seen_tv seen_web seen_print VALUE=1.
WEIGHT BY w.
SAVE OUTFILE='{tmp / "survey.sav"}'.
"""
    (tmp / "make.sps").write_text(syntax, encoding="utf-8")
    done = subprocess.run([PSPP, str(tmp / "make.sps")], cwd=tmp, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp / "questions.yaml").write_text(yaml.safe_dump({"questions": {"attitudes": {
        "type": "grid", "text": "How much do you agree?",
        "items": {"att1": "Good value", "att2": "Innovative", "att3": "Trustworthy"}, "labels": SCALE}}}),
        encoding="utf-8")
    spec = {
        "deck": {"title": "Brand health", "locale": "en", "template": str(root / "templates" / "brand.pptx")},
        "data": {"responses": "survey.sav", "questions": "questions.yaml"},
        "slides": [
            {"kind": "chart", "id": "seen", "question": "seen", "by": "sex", "chart": "bar",
             "headline": "{{ pct(q, 'TV') }} have seen the brand on TV"},
            {"kind": "chart", "id": "attitudes", "question": "attitudes", "chart": "stacked"},
            {"kind": "chart", "id": "value", "question": "att1", "by": "sex", "chart": "table"},
        ],
    }
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp / "slides.yaml", df


@pytest.fixture(scope="module")
def project(spec_path):
    path, df = spec_path
    return read_deck(build(path).output), df


def test_a_build_reads_the_files_dictionary_once(spec_path, monkeypatch, tmp_path):
    """The codebook (for the project) and the answers and weight (for the survey) share one read of the
    .sav file's dictionary and header; an edited file is read afresh."""
    import pyreadstat

    from deckgen.data import spss

    path, _ = spec_path
    calls = {"dictionary": 0, "header": 0}
    read_sav, weight_variable = pyreadstat.read_sav, spss.weight_variable

    def counting_read(*args, **kwargs):
        calls["dictionary"] += bool(kwargs.get("metadataonly"))
        return read_sav(*args, **kwargs)

    def counting_weight(*args, **kwargs):
        calls["header"] += 1
        return weight_variable(*args, **kwargs)

    monkeypatch.setattr(pyreadstat, "read_sav", counting_read)
    monkeypatch.setattr(spss, "weight_variable", counting_weight)
    monkeypatch.setattr(spss, "_DICTIONARIES", {})
    build(path, tmp_path / "a.pptx")
    assert calls == {"dictionary": 1, "header": 1}
    sav = path.parent / "survey.sav"
    stat = sav.stat()
    os.utime(sav, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # "edited"
    build(path, tmp_path / "b.pptx")
    assert calls == {"dictionary": 2, "header": 2}


def kish(w: pd.Series) -> float:
    return w.sum() ** 2 / (w ** 2).sum()


def letters_for(stats: dict) -> dict:
    """Column-proportion letters from (p, effective n) per segment, by the textbook formula."""
    out = {}
    for a, (p1, n1) in stats.items():
        out[a] = ""
        for b, (p2, n2) in stats.items():
            if a == b:
                continue
            pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
            z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            out[a] += {1: "A", 2: "B"}[b] if z > 1.959964 else ""
    return out


def test_mr_set_from_the_file_weighted_by_segment_with_letters(project):
    deck, df = project
    chart = deck[0].charts[0]
    assert [s.name for s in chart.series] == ["Men (A)", "Women (B)"]
    marks = 0
    for ci, category in enumerate(chart.categories):
        column = {"TV": "seen_tv", "Web": "seen_web", "Print": "seen_print"}[category]
        stats = {}
        for sex in (1, 2):
            part = df[df.sex == sex]
            stats[sex] = ((part.w * part[column]).sum() / part.w.sum(), kish(part.w))
        expected = letters_for(stats)
        for sex, series in zip((1, 2), chart.series):
            assert series.values[ci] == pytest.approx(stats[sex][0], abs=1e-9)
            assert series.point_marks.get(ci, "") == expected[sex], category
            marks += bool(expected[sex])
    assert marks > 0
    footnote = next(t for t in deck[0].texts if t.startswith("Question:"))
    assert f"n={len(df)} (Men n={(df.sex == 1).sum()}; Women n={(df.sex == 2).sum()})" in footnote  # unweighted
    assert deck[0].title.endswith("have seen the brand on TV")


def test_likert_battery_leaves_user_missing_out_of_each_items_base(project):
    deck, df = project
    chart = deck[1].charts[0]
    assert chart.categories == ["Good value", "Innovative", "Trustworthy"]
    for i, item in enumerate(("att1", "att2", "att3")):
        answered = df[df[item] != 9]
        shares = answered.groupby(item).w.sum() / answered.w.sum()
        for series in chart.series:
            code = next(c for c, label in SCALE.items() if label == series.name)
            assert series.values[i] == pytest.approx(shares.get(code, 0.0), abs=1e-9)
    notes = deck[1].notes
    assert "Good value n=" + f"{(df.att1 != 9).sum():,}" in notes


def test_table_shows_effective_bases_in_the_notes(project):
    deck, df = project
    notes = deck[2].notes
    answered = df[df.att1 != 9]
    for sex, name in ((1, "Men"), (2, "Women")):
        eff = kish(answered.w[answered.sex == sex])
        assert f"{name} n={(answered.sex == sex).sum():,} (effective {eff:,.0f})" in notes
