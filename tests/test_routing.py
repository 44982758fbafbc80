"""Bases that follow the routing: an option asked of a subgroup is a share of that subgroup.

The survey: a seven-option battery where options 6 and 7 were asked only in the North (blank
elsewhere), and a tenth of respondents were not asked the battery at all. Expected shares and bases
are computed here with pandas from the respondent file.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck, workbook_values

OPTIONS = {f"o{i}": f"Option {i}" for i in range(1, 8)}
REGIONS = {1: "North", 2: "South", 3: "East"}
ROUTED = ["o6", "o7"]  # asked in the North only


def make_data(n: int = 900, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"id": np.arange(1, n + 1), "region": rng.choice(list(REGIONS), n, p=[0.4, 0.35, 0.25]),
                       "w": rng.uniform(0.5, 2.0, n).round(3)})
    for i, col in enumerate(OPTIONS):
        df[col] = (rng.random(n) < 0.2 + 0.08 * i).astype(float)
    df["agree"] = rng.choice([1, 2, 3], n)
    for col in ("s1", "s2"):  # exported with 0 for "not asked": only the routing tells who was asked
        df[col] = np.where(df.region == 1, (rng.random(n) < 0.4).astype(int), 0)
    df.loc[df.region != 1, ROUTED] = np.nan  # not asked outside the North
    df.loc[rng.random(n) < 0.1, list(OPTIONS)] = np.nan  # not asked the battery at all
    return df


def write(tmp, root, weight: str | None, slides: list[dict], deck: dict | None = None):
    df = make_data()
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {
        "region": {"type": "single", "text": "Region", "labels": REGIONS},
        "agree": {"type": "single", "text": "Do you agree?", "labels": {1: "Yes", 2: "No", 3: "Unsure"}},
        "seen": {"type": "multi", "text": "Seen where?", "options": {"s1": "Shop", "s2": "Street"},
                 "asked": "region == 'North'"},
        "battery": {"type": "multi", "text": "Which have you used?", "options": OPTIONS,
                    "nets": {"Option 6 or 7": ["Option 6", "Option 7"], "Option 1 or 2": ["Option 1", "Option 2"]}},
    }}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec = {"deck": {"title": "Routing", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx", **(deck or {})},
            "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": weight},
            "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp / "slides.yaml", df


SLIDES = [
    {"kind": "chart", "id": "total", "question": "battery", "chart": "bar", "sort": "codes"},
    {"kind": "chart", "id": "by", "question": "battery", "chart": "table", "by": "region", "sort": "codes",
     "test": False},
    {"kind": "chart", "id": "not6", "question": "region", "chart": "bar", "filter": "battery != 'Option 6'"},
]


@pytest.fixture(scope="module")
def weighted(tmp_path_factory, root):
    spec, df = write(tmp_path_factory.mktemp("routing"), root, "w", SLIDES)
    result = build(spec, excel=True)
    return read_deck(result.output), df, result.output.with_suffix(".xlsx")


def share(df: pd.DataFrame, columns: list[str], weights: pd.Series | None = None) -> float:
    """Weighted share of those asked any of *columns* who mentioned any of them."""
    asked = df[columns].notna().any(axis=1)
    hit = (df.loc[asked, columns] == 1).any(axis=1)
    w = pd.Series(1.0, index=df.index) if weights is None else weights
    return float((w[asked] * hit).sum() / w[asked].sum())


def test_a_routed_option_is_a_share_of_those_asked_it(weighted):
    deck, df, _ = weighted
    chart = deck[0].charts[0]
    expected = {"Option 6 or 7": share(df, ROUTED, df.w), "Option 1 or 2": share(df, ["o1", "o2"], df.w)}
    expected.update({label: share(df, [col], df.w) for col, label in OPTIONS.items()})
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(expected, abs=1e-12)
    # the trap this guards against: the whole sample asked as option 6's base gives a smaller share
    everyone = df[list(OPTIONS)].notna().any(axis=1)
    diluted = (df.w[everyone] * (df.o6[everyone] == 1)).sum() / df.w[everyone].sum()
    assert expected["Option 6"] > diluted * 1.5


def test_the_footnote_gives_the_range_of_bases_and_names_each(weighted):
    deck, df, _ = weighted
    base = next(t for t in deck[0].texts if t.startswith("Question")).splitlines()[-1]
    asked = {label: int(df[col].notna().sum()) for col, label in OPTIONS.items()}
    low, high = min(asked.values()), max(asked.values())
    assert f"n={low:,}–{high:,}" in base
    assert f"Option 6 n={asked['Option 6']:,}" in base and f"Option 1 n={asked['Option 1']:,}" in base
    assert base.rstrip().endswith("weighted") or ", weighted" in base  # a weighted deck says so


def test_segments_without_routing_to_an_option_show_a_gap_not_a_zero(weighted):
    deck, df, _ = weighted
    table = deck[1].tables[0]
    header, rows = table[0], {row[0]: row[1:] for row in table[1:]}
    assert [h.split(" (")[0] for h in header[1:]] == list(REGIONS.values()) + ["Base"]  # and each option's base
    assert rows["Option 6"][3] == f"{int(df.o6.notna().sum()):,}"
    asked = df[list(OPTIONS)].notna().any(axis=1)
    assert rows["Base (n)"][:3] == [f"{int((asked & (df.region == r)).sum()):,}" for r in REGIONS]  # each region's
    assert rows["Option 6"][1] == "–" and rows["Option 6"][2] == "–"  # never asked in South and East
    north = df[df.region == 1]
    assert rows["Option 6"][0] == f"{round(100 * share(north, ['o6'], north.w))}%"


def test_notes_give_each_options_own_base(weighted):
    deck, df, _ = weighted
    notes = deck[0].notes
    for col, label in OPTIONS.items():
        assert re.search(rf"{label} n={int(df[col].notna().sum()):,}\b", notes)


def test_not_mentioned_means_asked_and_not_mentioned(weighted):
    """``battery != 'Option 6'`` selects those asked option 6 who did not mention it, not everyone else."""
    deck, df, _ = weighted
    chart = deck[2].charts[0]
    chosen = df[(df.o6 == 0)]
    total = chosen.w.sum()
    expected = {REGIONS[r]: chosen.w[chosen.region == r].sum() / total for r in REGIONS if (chosen.region == r).any()}
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(expected, abs=1e-12)


def test_the_workbook_gives_each_options_base_and_calls_weighted_counts_weighted(weighted):
    _, df, workbook = weighted
    sheet = workbook_values(workbook.read_bytes())
    header = next(row for row in sheet if row and row[0] in ("", None) and any(str(c).endswith("%") for c in row if c))
    assert any("weighted" in str(c) for c in header)
    rows = {row[0]: row for row in sheet if row and row[0] in OPTIONS.values()}
    base_col = next(j for j, c in enumerate(header) if c and "base" in str(c).lower())
    for col, label in OPTIONS.items():
        assert rows[label][base_col] == int(df[col].notna().sum())


def test_suppressed_segments_are_not_counted_twice(tmp_path, root):
    slides = [{"kind": "chart", "id": "s", "question": "battery", "chart": "bar", "by": "region"},
              {"kind": "chart", "id": "a", "question": "agree", "chart": "bar", "by": "region"}]
    spec, df = write(tmp_path, root, None, slides, {"suppress_low_base": True, "low_base": 250})
    deck = read_deck(build(spec).output)
    base = next(t for t in deck[0].texts if t.startswith("Question")).splitlines()[-1]
    asked = df[list(OPTIONS)].notna().any(axis=1)
    per_region = {REGIONS[r]: int((asked & (df.region == r)).sum()) for r in REGIONS}
    assert min(per_region.values()) < 250  # one region is hidden ...
    assert "not shown" in base
    # ... and the base range and segment list still add up to the respondents asked, not more
    listed = [int(k.replace(",", "")) for k in re.findall(r"(?:North|South|East) n=([\d,]+)", base)]
    assert sum(listed) == int(asked.sum())
    option_bases = [int(df[c].notna().sum()) for c in OPTIONS]  # the range runs over the options' bases
    assert f"n={min(option_bases):,}–{max(option_bases):,}" in base and max(option_bases) <= asked.sum()
    single = next(t for t in deck[1].texts if t.startswith("Question")).splitlines()[-1]
    assert "not shown" in single and f"n={len(df):,} (" in single  # everyone answered 'agree': n is all of them


def test_a_filtered_slide_names_its_filter_in_the_base(weighted):
    deck, df, _ = weighted
    base = next(t for t in deck[2].texts if t.startswith("Question")).splitlines()[-1]
    assert base.startswith(f"Base: Which have you used? ≠ Option 6, n={int((df.o6 == 0).sum()):,}")


def test_routing_declared_on_the_question_sets_the_base(tmp_path, root):
    """Zeros for 'not asked' (a common export) plus ``asked:`` give the routed base, not everyone."""
    spec, df = write(tmp_path, root, None, [{"kind": "chart", "id": "seen", "question": "seen", "chart": "bar"}])
    chart = read_deck(build(spec).output)[0].charts[0]
    north = df[df.region == 1]
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(
        {"Shop": float(north.s1.mean()), "Street": float(north.s2.mean())}, abs=1e-12)


def test_a_mention_outside_the_routing_is_a_located_error(tmp_path, root):
    spec, df = write(tmp_path, root, None, [{"kind": "chart", "id": "seen", "question": "seen", "chart": "bar"}])
    df.loc[df.region == 2, "s1"] = 1  # mentions where the question was never asked
    df.to_csv(tmp_path / "data.csv", index=False)
    with pytest.raises(InputError) as caught:
        build(spec)
    assert caught.value.key == "questions.seen.asked" and "outside the routing" in caught.value.message
    assert caught.value.location.line is not None


def test_an_options_own_base_is_not_counted_twice_beside_a_total(tmp_path, root):
    slides = [{"kind": "chart", "id": "t", "question": "battery", "chart": "table", "by": "region", "total": True,
               "sort": "codes"}]
    spec, df = write(tmp_path, root, None, slides)
    table = read_deck(build(spec).output)[0].tables[0]
    rows = {row[0]: row for row in table[1:]}
    assert table[0][-1] == "Base (n)"
    for col, label in OPTIONS.items():
        assert rows[label][-1] == f"{int(df[col].notna().sum()):,}"  # everyone asked it, once
