"""Answer roles declared in the codebook: missing codes leave every base, declared "Don't know" and
residual answers behave as their role says whatever their words, and an ordinal scale keeps its order
with top-2 at its positive end. Expected values are computed with pandas from the respondent file.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckread import read_deck

SAT = {1: "Very satisfied", 2: "Satisfied", 3: "Neutral", 4: "Dissatisfied", 5: "Very dissatisfied",
       7: "Can't say", 99: "Refused"}
BRAND = {1: "Alpha", 2: "Beta", 3: "Gamma", 4: "House brand", 5: "Other"}


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("declared")
    rng = np.random.default_rng(21)
    n = 800
    df = pd.DataFrame({
        "sat": rng.choice(list(SAT), n, p=[0.1, 0.35, 0.2, 0.15, 0.05, 0.1, 0.05]),
        "brand": rng.choice(list(BRAND), n, p=[0.2, 0.15, 0.1, 0.4, 0.15]),
    })
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {
        # 99 is a missing code: out of every base; 7 ("Can't say") is declared "Don't know"; 1 is the positive end
        "sat": {"type": "single", "text": "Satisfaction", "labels": SAT, "missing": [99], "dont_know": [7],
                "scale": "ordinal", "positive": "first", "top2": "Satisfied (top 2)"},
        # the house brand is a residual answer by declaration, and 'Other' is not (residual given, so no guess)
        "brand": {"type": "single", "text": "Brand", "labels": BRAND, "residual": ["House brand"]},
    }}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    slides = [{"kind": "chart", "question": "sat", "chart": "bar"},
              {"kind": "chart", "question": "sat", "chart": "bar", "dont_know": "exclude"},
              {"kind": "chart", "question": "brand", "chart": "bar"}]
    spec = {"deck": {"title": "Roles", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return read_deck(build(tmp / "slides.yaml").output), df


def shares(chart) -> dict:
    return dict(zip(chart.categories, chart.series[0].values))


def test_missing_codes_leave_the_base_and_the_scale_keeps_its_order(deck):
    slides, df = deck
    chart = slides[0].charts[0]
    answered = df.sat[df.sat != 99].map(SAT)
    expected = answered.value_counts(normalize=True).to_dict()
    both = df.sat.isin([1, 2]) & (df.sat != 99)
    expected["Satisfied (top 2)"] = float(both.sum() / (df.sat != 99).sum())  # the positive end: codes 1 and 2
    assert shares(chart) == pytest.approx(expected, abs=1e-12)
    assert "Refused" not in chart.categories
    # code order, not size: the NET first, then the scale as the codebook lists it, "Can't say" last
    assert chart.categories == ["Satisfied (top 2)"] + [SAT[c] for c in (1, 2, 3, 4, 5, 7)]
    base = next(t for t in slides[0].texts if t.startswith("Question")).splitlines()[-1]
    assert f"n={int((df.sat != 99).sum())}" in base


def test_a_declared_dont_know_leaves_the_base_when_excluded(deck):
    slides, df = deck
    known = df.sat[~df.sat.isin([7, 99])].map(SAT)
    chart = slides[1].charts[0]
    assert "Can't say" not in chart.categories
    expected = known.value_counts(normalize=True).to_dict()
    assert {k: v for k, v in shares(chart).items() if k in expected} == pytest.approx(expected, abs=1e-12)


def test_declared_residual_answers_replace_the_guess_from_labels(deck):
    slides, df = deck
    chart = slides[2].charts[0]
    assert chart.categories[-1] == "House brand"  # the largest answer, yet shown last as a residual one
    ranked = df.brand[df.brand != 4].map(BRAND).value_counts().index.tolist()
    assert chart.categories[:-1] == ranked  # 'Other' is ranked by its size: the declaration says it is not residual


def test_validate_shows_the_roles_it_read_from_labels_and_not_declared_ones(project):
    """The example declares no roles: validate lists each guess; once declared, the guess is gone."""
    def validate():
        done = subprocess.run([sys.executable, "-m", "deckgen", "validate"], cwd=project.parent, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = validate()
    assert "uses_social: \"Don't know\": 'Vet ej'" in shown and "media: residual: 'Annat'" in shown
    book = project.parent / "data" / "questions.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("      3: Vet ej\n", "      3: Vet ej\n    dont_know: [3]\n"),
                    encoding="utf-8")
    assert "uses_social" not in validate()
