"""Generate the benchmark projects: synthetic respondents, a codebook and decks to build.

Deterministic (numpy seeds). Three projects, each in its own directory:

- ``large`` (the default; benchmarks/work/): 1,000,000 respondents, 450 int8 Parquet
  columns, null where a question was not asked. ``responses.parquet``; ``questions.yaml``,
  the codebook - a 4-region segment variable, 40 single-choice questions (3-12 categories),
  35 multiple-response questions (5-10 options, one 0/1 column each, blank = not asked) and
  25 grids (4-6 items, 5-point scale); ``slides.yaml``, a title slide and one chart slide
  per question (every 4th single-choice question broken down by region), headlines that
  use pct/top.
- ``seg`` (benchmarks/work/seg/): 1,000,000 respondents, a 5-category segment, 20
  single-choice questions (3-8 categories, some with missing) and one multiple-response
  question (8 options, one 0/1 column each, blank = not asked), written both as
  ``responses.csv`` and ``responses.parquet``; ``slides-csv.yaml`` and
  ``slides-parquet.yaml`` (differing only in ``data.responses``): a title slide and 21
  chart slides, each by segment with significance letters, under plain headlines.
- ``huge`` (benchmarks/work/huge/): the large project's schema at 20,000,000 respondents,
  written in row groups of 1,000,000 rows one chunk at a time (each chunk its own seed), so
  the generator needs about 1 GB whatever the size. ``slides.yaml`` is the large deck
  with ``data.engine: duckdb``; ``slides-nogrids.yaml`` leaves out the 25 grid slides (for
  a DuckDB engine without grids); ``responses-2m.parquet`` (the first two chunks) with
  ``slides-2m-numpy.yaml`` shows what the in-memory engine needs at a tenth of the size.

Usage: python benchmarks/make_large.py [large|seg|huge] [--respondents N] [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = 2024
SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"}
REGIONS = {1: "North", 2: "South", 3: "East", 4: "West"}
SEGMENTS = {1: "Students", 2: "Young families", 3: "Established families", 4: "Empty nesters", 5: "Retired"}
CHUNK = 1_000_000  # rows per row group of the huge project, and per generated chunk
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


def generate(n: int, answers_seed: int = SEED + 1):
    """Return (columns, questions, slides) for *n* respondents of the large project.

    The questions (sizes, answer probabilities) come from their own seed, so the
    codebook and deck are the same whatever *n* and *answers_seed*; the answers
    come from *answers_seed*, which the huge project varies per chunk.
    """
    shape = np.random.default_rng(SEED)  # the questions: sizes and answer probabilities
    rng = np.random.default_rng(answers_seed)

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


def generate_segmented(n: int):
    """Return (columns, questions, slides) of the seg project for *n* respondents.

    Every chart is broken down by a 5-category segment, so every slide runs the
    pairwise significance tests: the deck a user with a segmentation asks for.
    The segments answer differently (each its own mix of the question's answer
    probabilities), so the letters mark real differences, not only chance ones.
    """
    shape = np.random.default_rng(SEED + 2)
    rng = np.random.default_rng(SEED + 3)

    def uneven(k: int) -> np.ndarray:
        return shape.dirichlet(np.full(k, 3.0))
    segment = choose(rng, n, uneven(len(SEGMENTS)))
    members = [segment == s for s in SEGMENTS]

    def by_segment(draw) -> np.ndarray:
        """Answers drawn per segment: *draw(size, segment_index)* for each segment's members."""
        values = np.empty(n, dtype=np.int8)
        for index, member in enumerate(members):
            values[member] = draw(int(member.sum()), index)
        return values
    columns = {"segment": int8_column(segment, None)}
    questions = {"segment": {"type": "single", "text": "Segment", "labels": dict(SEGMENTS)}}
    slides: list[dict] = [{"kind": "title"}]
    for i in range(1, 21):  # single choice, 3-8 categories, some with missing answers
        key, k = f"q{i:02d}", int(shape.integers(3, 9))
        labels = {c: BRANDS[c - 1] for c in range(1, k + 1)}
        if i % 5 == 0:
            labels[k] = "Don't know"
        base = uneven(k)
        mixes = [0.85 * base + 0.15 * uneven(k) for _ in SEGMENTS]
        values = by_segment(lambda size, index: choose(rng, size, mixes[index]))
        columns[key] = int8_column(values, not_asked(rng, n, [0, 0.05, 0.15][i % 3]))
        questions[key] = {"type": "single", "text": f"Which brand do you prefer for purpose {i}?",
                          "labels": labels}
        slides.append({"kind": "chart", "id": key, "question": key, "by": "segment", "chart": "stacked",
                       "headline": f"Preferred brand for purpose {i}, by segment"})
    missing = not_asked(rng, n, 0.25)  # one multiple-response question, a quarter not asked
    options = {}
    for j in range(1, 9):
        column = f"used_{j}"
        options[column] = BRANDS[j - 1]
        shares = shape.uniform(0.05, 0.7) * shape.uniform(0.85, 1.15, len(SEGMENTS))
        columns[column] = int8_column(by_segment(lambda size, index: rng.random(size) < shares[index]), missing)
    questions["used"] = {"type": "multi", "text": "Which of these brands have you used?", "options": options}
    slides.append({"kind": "chart", "id": "used", "question": "used", "by": "segment", "chart": "table",
                   "headline": "Brands used, by segment"})
    return columns, questions, slides


def write_project(out: Path, title: str, questions: dict, specs: dict[str, dict], slides: list[dict],
                  deck: dict | None = None) -> None:
    """Write questions.yaml and one spec per name in *specs*.

    Each entry of *specs* gives the spec's ``data`` settings (the codebook is added),
    and may give its own ``slides`` (default *slides*) and ``output`` file name
    (default the spec's name with .pptx).
    """
    (out / "questions.yaml").write_text(yaml.safe_dump({"questions": questions}, sort_keys=False,
                                                       allow_unicode=True))
    for name, settings in specs.items():
        spec = {
            "deck": {"title": title, "locale": "en", "template": str(REPO / "templates" / "brand.pptx"),
                     "output": str(out / settings.get("output", Path(name).stem + ".pptx")),
                     "source": "Synthetic benchmark data", **(deck or {})},
            "data": {**settings["data"], "questions": "questions.yaml"},
            "slides": settings.get("slides", slides),
        }
        (out / name).write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=120))


def make_large(out: Path, n: int) -> None:
    columns, questions, slides = generate(n)
    pq.write_table(pa.table(columns), out / "responses.parquet")
    write_project(out, f"Benchmark: 100 questions, {n:,} respondents", questions,
                  {"slides.yaml": {"data": {"responses": "responses.parquet"}, "output": "large.pptx"}}, slides)
    print(f"wrote {out}: {n:,} respondents, {len(columns)} columns, {len(slides) - 1} chart slides")


def make_seg(out: Path, n: int) -> None:
    columns, questions, slides = generate_segmented(n)
    table = pa.table(columns)
    pq.write_table(table, out / "responses.parquet")
    pcsv.write_csv(table, out / "responses.csv")  # a null is written as an empty cell: not asked
    significance = {"level": 0.95, "correction": "none", "versus": "columns", "min_base": 30}
    write_project(out, f"Benchmark: 21 questions by segment, {n:,} respondents", questions,
                  {"slides-csv.yaml": {"data": {"responses": "responses.csv"}},
                   "slides-parquet.yaml": {"data": {"responses": "responses.parquet"}}},
                  slides, deck={"significance": significance})
    print(f"wrote {out}: {n:,} respondents, {len(columns)} columns, {len(slides) - 1} chart slides by segment")


def make_huge(out: Path, n: int) -> None:
    """Write the large schema at *n* rows in 1,000,000-row chunks, each from its own seed."""
    start = time.perf_counter()
    writer = slice_writer = None
    for index, first in enumerate(range(0, n, CHUNK)):
        columns, questions, slides = generate(min(CHUNK, n - first), answers_seed=SEED + 1 + index)
        table = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(out / "responses.parquet", table.schema)
            slice_writer = pq.ParquetWriter(out / "responses-2m.parquet", table.schema)
        writer.write_table(table, row_group_size=CHUNK)
        if index < 2:
            slice_writer.write_table(table, row_group_size=CHUNK)
        print(f"  rows {first + len(table):,}: {time.perf_counter() - start:.0f} s", flush=True)
    writer.close()
    slice_writer.close()
    duckdb = {"responses": "responses.parquet", "engine": "duckdb"}
    no_grids = [slide for slide in slides if questions.get(slide.get("question"), {}).get("type") != "grid"]
    write_project(out, f"Benchmark: 100 questions, {n:,} respondents", questions,
                  {"slides.yaml": {"data": duckdb},
                   "slides-nogrids.yaml": {"data": duckdb, "slides": no_grids},
                   "slides-2m-numpy.yaml": {"data": {"responses": "responses-2m.parquet", "engine": "numpy"}}},
                  slides)
    size = (out / "responses.parquet").stat().st_size
    print(f"wrote {out}: {n:,} respondents, {len(columns)} columns, {size / 1e9:.2f} GB of Parquet, "
          f"in {time.perf_counter() - start:.0f} s")


PROJECTS = {"large": (make_large, 1_000_000, ""), "seg": (make_seg, 1_000_000, "seg"),
            "huge": (make_huge, 20_000_000, "huge")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", choices=list(PROJECTS), default="large")
    parser.add_argument("--respondents", type=int, help="default 1,000,000 (huge: 20,000,000)")
    parser.add_argument("--out", type=Path, help="default benchmarks/work/ (seg, huge: a folder in it)")
    args = parser.parse_args()
    make, respondents, folder = PROJECTS[args.project]
    out = (args.out or HERE / "work" / folder).resolve()
    out.mkdir(parents=True, exist_ok=True)
    make(out, args.respondents or respondents)


if __name__ == "__main__":
    main()
