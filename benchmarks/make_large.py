"""Generate the large benchmark project: 1,000,000 respondents and a 100-question deck.

Deterministic (numpy seed 2024). Writes into the work dir (default benchmarks/work/):

- ``responses.parquet``: one int8 column per variable, null where the question was not asked;
- ``questions.yaml``: the codebook - a 4-region segment variable, 40 single-choice
  questions (3-12 categories), 35 multiple-response questions (5-10 options,
  one 0/1 column each, blank = not asked) and 25 grids (4-6 items, 5-point scale);
- ``slides.yaml``: a title slide and one chart slide per question (every 4th
  single-choice question broken down by region), headlines that use pct/top.

Usage: python benchmarks/make_large.py [--respondents N] [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = 2024
SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"}
REGIONS = {1: "North", 2: "South", 3: "East", 4: "West"}
BRANDS = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ivy", "Juniper",
          "Kapok", "Larch"]


def int8_column(values: np.ndarray, missing: np.ndarray | None) -> pa.Array:
    """An int8 Arrow array, null where *missing*."""
    return pa.array(values.astype(np.int8), type=pa.int8(), mask=missing)


def choose(rng: np.random.Generator, n: int, p: np.ndarray) -> np.ndarray:
    """Codes 1..len(p) drawn with probabilities *p*."""
    k = len(p)
    return np.searchsorted(np.cumsum(p), rng.random(n), side="right").clip(0, k - 1) + 1


def not_asked(rng: np.random.Generator, n: int, share: float) -> np.ndarray | None:
    return rng.random(n) < share if share > 0 else None


def generate(n: int):
    """Return (columns, questions, slides) for *n* respondents."""
    shape = np.random.default_rng(SEED)  # the questions: sizes and answer probabilities
    rng = np.random.default_rng(SEED + 1)  # the answers (so the deck is the same whatever n)

    def uneven(k: int) -> np.ndarray:
        return shape.dirichlet(np.full(k, 1.5))
    columns: dict[str, pa.Array] = {}
    questions: dict[str, dict] = {}
    slides: list[dict] = [{"kind": "title"}]

    columns["region"] = int8_column(choose(rng, n, uneven(4)), None)
    questions["region"] = {"type": "single", "text": "Region", "labels": dict(REGIONS)}

    for i in range(1, 41):  # single choice, 3-12 categories
        key, k = f"s{i:02d}", int(shape.integers(3, 13))
        labels = {c: BRANDS[c - 1] for c in range(1, k + 1)}
        if i % 5 == 0:
            labels[k] = "Don't know"
        columns[key] = int8_column(choose(rng, n, uneven(k)), not_asked(rng, n, [0, 0.05, 0.2][i % 3]))
        questions[key] = {"type": "single", "text": f"Which brand do you prefer for purpose {i}?",
                          "labels": labels}
        slide = {"kind": "chart", "id": key, "question": key, "chart": "bar",
                 "headline": "{{ top(q) }} leads with {{ pct(q, top(q)) }}"}
        if i % 4 == 0:
            slide.update(by="region", chart="stacked" if i % 8 == 0 else "bar",
                         headline="{{ top(q) }} leads with {{ pct(q, top(q)) }} overall")
        elif i % 3 == 0:
            slide["chart"] = "column"
        slides.append(slide)

    for i in range(1, 36):  # multiple response, 5-10 options, one 0/1 column each
        key, k = f"m{i:02d}", int(shape.integers(5, 11))
        missing = not_asked(rng, n, [0, 0.1, 0.3, 0.5][i % 4])
        options = {}
        for j in range(1, k + 1):
            column = f"{key}_{j}"
            options[column] = BRANDS[j - 1]
            columns[column] = int8_column(rng.random(n) < shape.uniform(0.05, 0.7), missing)
        questions[key] = {"type": "multi", "text": f"Which of these brands have you used for purpose {i}?",
                          "options": options}
        slides.append({"kind": "chart", "id": key, "question": key, "chart": "bar",
                       "headline": "{{ top(q) }} is used by {{ pct(q, top(q)) }}, ahead of "
                                   "{{ top(q, 3)[1:] | join }}"})

    for i in range(1, 26):  # grids, 4-6 items on a 5-point scale
        key, k = f"g{i:02d}", int(shape.integers(4, 7))
        items = {}
        for j in range(1, k + 1):
            column = f"{key}_{j}"
            items[column] = f"Statement {j}"
            columns[column] = int8_column(choose(rng, n, uneven(5)), not_asked(rng, n, 0.02 * (i % 4)))
        questions[key] = {"type": "grid", "text": f"How much do you agree with these statements, topic {i}?",
                          "items": items, "labels": dict(SCALE)}
        slides.append({"kind": "chart", "id": key, "question": key, "chart": "stacked", "sort": "codes",
                       "headline": "{{ top_item(q, 'Strongly agree') }} gets the most agreement; "
                                   "{{ top_item(q, 'Strongly disagree') }}: "
                                   "{{ pct(q, top_item(q, 'Strongly disagree'), 'Strongly disagree') }} strongly disagree"})
    return columns, questions, slides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "work")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    columns, questions, slides = generate(args.respondents)
    pq.write_table(pa.table(columns), out / "responses.parquet")
    (out / "questions.yaml").write_text(yaml.safe_dump({"questions": questions}, sort_keys=False,
                                                       allow_unicode=True))
    spec = {
        "deck": {"title": "Benchmark: 100 questions, 1,000,000 respondents", "locale": "en",
                 "template": str(REPO / "templates" / "brand.pptx"),
                 "output": str(out / "large.pptx"), "source": "Synthetic benchmark data"},
        "data": {"responses": "responses.parquet", "questions": "questions.yaml"},
        "slides": slides,
    }
    (out / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=120))
    print(f"wrote {out}: {args.respondents:,} respondents, {len(columns)} columns, "
          f"{len(slides) - 1} chart slides")


if __name__ == "__main__":
    main()
