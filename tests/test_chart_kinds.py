"""Every chart kind, in English, weighted, from CSV, Excel and Parquet: numbers equal plain pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckread import read_deck

CODEBOOK = {
    "questions": {
        "region": {"type": "single", "text": "Region", "labels": {1: "North", 2: "South", 3: "East"}},
        "brand": {"type": "single", "text": "Which brand do you prefer?",
                  "labels": {1: "Alpha", 2: "Beta", 3: "Gamma", 4: "Don't know"}},
        "seen": {"type": "multi", "text": "Which ads have you seen?",
                 "options": {"seen_tv": "TV", "seen_web": "Web", "seen_print": "Print"}},
        "sat": {"type": "grid", "text": "How satisfied are you with...",
                "items": {"sat_price": "Price", "sat_service": "Service"},
                "labels": {1: "Satisfied", 2: "Neutral", 3: "Dissatisfied"}},
    }
}


def make_data(n=500, seed=7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "region": rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2]),
        "brand": rng.choice([1, 2, 3, 4], n, p=[0.4, 0.3, 0.2, 0.1]),
        "w": rng.uniform(0.5, 2.0, n).round(3),
    })
    asked = rng.random(n) < 0.8
    tv_by_region = np.array([0.0, 0.75, 0.5, 0.45])[df.region]  # a real regional difference to test
    for col, p in (("seen_tv", tv_by_region), ("seen_web", 0.45), ("seen_print", 0.2)):
        df[col] = np.where(asked, (rng.random(n) < p).astype(float), np.nan)
    for col in ("sat_price", "sat_service"):
        df[col] = np.where(rng.random(n) < 0.9, rng.choice([1, 2, 3], n), np.nan)
    return df


SLIDES = [
    {"kind": "chart", "id": "pie", "question": "brand", "chart": "pie", "headline": "{{ top(q) }} leads"},
    {"kind": "chart", "id": "doughnut", "question": "brand", "chart": "doughnut"},
    {"kind": "chart", "id": "column", "question": "seen", "chart": "column",
     "headline": "{{ pct(q, 'TV') | approx | cap }} have seen the TV ad"},
    {"kind": "chart", "id": "table", "question": "brand", "chart": "table", "by": "region"},
    {"kind": "chart", "id": "stacked", "question": "brand", "chart": "stacked", "by": "region"},
    {"kind": "chart", "id": "bar-by", "question": "seen", "chart": "bar", "by": "region",
     "filter": "brand in ['Alpha', 'Beta']"},
    {"kind": "chart", "id": "grid", "question": "sat", "chart": "stacked"},
]


def write_project(tmp_path, root, fmt="csv", weight=True) -> tuple:
    df = make_data()
    data = tmp_path / f"data.{fmt}"
    if fmt == "csv":
        df.to_csv(data, index=False)
    elif fmt == "xlsx":
        df.to_excel(data, index=False)
    else:
        pytest.importorskip("pyarrow")
        if fmt == "parquet-int8":  # nullable one-byte integer codes, as fieldwork exports store them
            codes = [c for c in df.columns if c != "w"]
            df = df.astype({c: "Int8" for c in codes})
            data = tmp_path / "data.parquet"
        df.to_parquet(data, index=False)
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")
    spec = {
        "deck": {"title": "Brand tracker", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                 "output": "out/deck.pptx"},
        "data": {"responses": data.name, "questions": "questions.yaml", "weight": "w" if weight else None},
        "slides": [{"kind": "title"}] + SLIDES,
    }
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, df


def weighted_shares(values: pd.Series, weights: pd.Series, labels: dict) -> pd.Series:
    keep = values.notna()
    sums = weights[keep].groupby(values[keep].astype(int)).sum()
    return (sums / sums.sum()).rename(index=labels)


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("kinds")
    spec, df = write_project(tmp, root)
    result = build(spec)
    return result, read_deck(result.output), df


def test_weighted_pie_and_doughnut(built):
    _, deck, df = built
    expected = weighted_shares(df.brand, df.w, CODEBOOK["questions"]["brand"]["labels"])
    for slide, kind in ((deck[1], "pieChart"), (deck[2], "doughnutChart")):
        chart = slide.charts[0]
        assert chart.kind == kind
        assert chart.categories[-1] == "Don't know"  # residual last
        assert chart.series[0].values == pytest.approx([expected[c] for c in chart.categories], abs=1e-9)
    top = expected.drop("Don't know").idxmax()
    assert deck[1].title == f"{top} leads"


def test_weighted_multi_response_column(built):
    _, deck, df = built
    asked = df[["seen_tv", "seen_web", "seen_print"]].notna().any(axis=1)
    w = df.w[asked]
    expected = {label: (w * (df.loc[asked, col] == 1)).sum() / w.sum()
                for col, label in CODEBOOK["questions"]["seen"]["options"].items()}
    chart = deck[3].charts[0]
    assert chart.bar_dir == "col"
    assert chart.categories == sorted(expected, key=expected.get, reverse=True)
    assert chart.series[0].values == pytest.approx([expected[c] for c in chart.categories], abs=1e-9)
    assert "have seen the TV ad" in deck[3].title
    unweighted_base = int(asked.sum())
    assert any(f"n={unweighted_base:,}" in t for t in deck[3].texts)  # the footnote's base is unweighted


def test_native_table_in_english_format(built):
    _, deck, df = built
    table = deck[4].tables[0]
    assert table[0] == ["", "North (A)", "South (B)", "East (C)"]  # segments lettered for the tests
    labels = CODEBOOK["questions"]["brand"]["labels"]
    for row in table[1:-1]:
        for j, region in enumerate((1, 2, 3), start=1):
            part = df[df.region == region]
            share = weighted_shares(part.brand, part.w, labels)[row[0]]
            assert row[j].split(" ")[0] == f"{int(np.floor(share * 100 + 0.5))}%"
    assert table[-1] == ["Base (n)"] + [f"{(df.region == r).sum():,}" for r in (1, 2, 3)]


def test_stacked_by_segment_and_filtered_breakdown(built):
    _, deck, df = built
    stacked = deck[5].charts[0]
    assert stacked.grouping == "percentStacked"
    assert stacked.categories == ["North (A)", "South (B)", "East (C)"]
    for series in stacked.series:
        for i, region in enumerate((1, 2, 3)):
            part = df[df.region == region]
            expected = weighted_shares(part.brand, part.w, CODEBOOK["questions"]["brand"]["labels"])
            assert series.values[i] == pytest.approx(expected.get(series.name, 0.0), abs=1e-9)
    bar = deck[6].charts[0]
    base = df[df.brand.isin([1, 2]) & df[["seen_tv", "seen_web", "seen_print"]].notna().any(axis=1)]
    for series in bar.series:
        region = {"North (A)": 1, "South (B)": 2, "East (C)": 3}[series.name]
        part = base[base.region == region]
        for category, value in zip(bar.categories, series.values):
            col = {"TV": "seen_tv", "Web": "seen_web", "Print": "seen_print"}[category]
            assert value == pytest.approx((part.w * (part[col] == 1)).sum() / part.w.sum(), abs=1e-9)


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "parquet-int8", "large-csv"])
def test_every_reader_gives_the_same_numbers(tmp_path, root, fmt, built, monkeypatch):
    """Excel, Parquet and the pyarrow reader for large CSVs agree with the small-CSV reader."""
    from deckgen.data import loaders

    _, csv_deck, _ = built
    if fmt == "large-csv":  # force the large-file reader
        monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    spec, _ = write_project(tmp_path, root, "csv" if fmt == "large-csv" else fmt)
    assert fmt != "parquet-int8" or pq_integer_columns(tmp_path / "data.parquet") >= 7
    deck = read_deck(build(spec).output)
    for a, b in zip(deck, csv_deck):
        for ca, cb in zip(a.charts, b.charts):
            assert ca.categories == cb.categories
            for sa, sb in zip(ca.series, cb.series):
                assert sa.values == pytest.approx(sb.values, abs=1e-12)


def pq_integer_columns(path) -> int:
    import pyarrow.parquet as pq

    return sum(str(field.type) == "int8" for field in pq.read_schema(path))


def test_unlabelled_integer_code_in_parquet_is_an_error(tmp_path, root):
    pytest.importorskip("pyarrow")
    from deckgen.errors import InputError

    spec, df = write_project(tmp_path, root, "csv")
    df = df.astype({"brand": "Int8"})
    df.loc[3, "brand"] = 9
    df.loc[5, "brand"] = pd.NA
    df.to_parquet(tmp_path / "data.parquet", index=False)
    spec.write_text(spec.read_text(encoding="utf-8").replace("data.csv", "data.parquet"), encoding="utf-8")
    with pytest.raises(InputError, match=r"holds code\(s\) 9 \(1 respondents\) with no label"):
        build(spec)


def test_every_kind_passes_openxml_audit(built):
    audit = pytest.importorskip("openxml_audit")
    result, _, _ = built
    assert [str(e) for e in audit.validate_pptx(str(result.output)).errors] == []
