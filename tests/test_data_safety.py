"""Hostile and unlucky respondent data: coded exactly or refused, never lost, never hanging.

Each test breaks one thing a data file, a weight or a codebook can do wrong and
checks the result against plain pandas, or checks the one-line error contract
(exit 2, one line naming the file and key) in a subprocess with a time bound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck
from test_bad_input import CSV, SPEC, Project, good_project, project  # noqa: F401 (fixtures)
from test_chart_kinds import write_project

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


# -- helpers ------------------------------------------------------------------------------------


def retarget(spec_path: Path, questions: dict, slides: list, data_name: str | None = None,
             weight: str | None = None) -> Path:
    """The write_project project with its own codebook, slides and (optionally) data file and weight."""
    (spec_path.parent / "questions.yaml").write_text(yaml.safe_dump({"questions": questions}, allow_unicode=True),
                                                     encoding="utf-8")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["slides"] = slides
    if data_name is not None:
        spec["data"]["responses"] = data_name
    spec["data"]["weight"] = weight
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec_path


def cli(args: list[str], cwd: Path, timeout: float = 30, memory: int | None = None,
        env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m deckgen ARGS`` in a subprocess, bounded in time (and address space when *memory*)."""
    def limit():
        if memory:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, preexec_fn=limit, env=environment)


def assert_one_line_error(result: subprocess.CompletedProcess, *hints: str) -> str:
    """Exit 2, one ``error:`` line on stderr, no traceback; the line contains every hint."""
    shown = f"exit {result.returncode}\nstderr:\n{result.stderr}\nstdout:\n{result.stdout}"
    assert "Traceback" not in result.stderr, shown
    assert result.returncode == 2, shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), shown
    for hint in hints:
        assert hint.lower() in lines[0].lower(), f"expected {hint!r}\n{shown}"
    return lines[0]


def chart_shares(deck_path: Path, slide: int = 0) -> dict[str, float]:
    chart = read_deck(deck_path)[slide].charts[0]
    return dict(zip(chart.categories, chart.series[0].values))


# -- 1. exact coding of wide integers -----------------------------------------------------------

HUGE = {4294967298: "Four billion and two", 2: "Two", 2**63 - 1: "Int64 max", 2**63 - 2: "Int64 max - 1",
        -7: "Minus seven"}


def _parquet(path: Path, values: list, arrow_type) -> None:
    pq.write_table(pa.table({"q": pa.array(values, type=arrow_type)}), path)


@pytest.mark.parametrize("arrow_type", [pa.int64(), pa.uint64()], ids=["int64", "uint64"])
def test_wide_integer_codes_are_counted_exactly(tmp_path, root, arrow_type):
    """4294967298 is not code 2, and 2**63-1 is not 2**63-2 (both were one float64)."""
    spec, _ = write_project(tmp_path, root, fmt="parquet", weight=False)
    codes = [4294967298] * 3 + [2] * 5 + [2**63 - 1] * 2 + [2**63 - 2] * 6 + ([-7] * 4 if arrow_type == pa.int64() else []) + [None]
    _parquet(tmp_path / "data.parquet", codes, arrow_type)
    labels = {c: v for c, v in HUGE.items() if c >= 0 or arrow_type == pa.int64()}
    retarget(spec, {"q": {"type": "single", "text": "Q", "labels": labels}},
             [{"kind": "chart", "question": "q", "chart": "bar", "sort": "codes"}])
    expected = pd.Series(codes, dtype="object").dropna().map(labels).value_counts(normalize=True)
    shares = chart_shares(build(spec).output)
    assert shares == pytest.approx(expected.to_dict(), abs=1e-12)


@pytest.mark.parametrize("arrow_type, bad", [(pa.int64(), -(2**63)), (pa.int64(), 4294967298),
                                             (pa.uint64(), 2**64 - 1)], ids=["int64-min", "int32-wrap", "uint64-max"])
def test_unlabelled_wide_code_is_named(tmp_path, root, arrow_type, bad):
    """An unlabelled huge code is an error that names it in full, not a code it wraps onto."""
    spec, _ = write_project(tmp_path, root, fmt="parquet", weight=False)
    _parquet(tmp_path / "data.parquet", [2, 2, bad, None], arrow_type)
    retarget(spec, {"q": {"type": "single", "text": "Q", "labels": {2: "Two", 3: "Three"}}},
             [{"kind": "chart", "question": "q", "chart": "bar"}])
    with pytest.raises(InputError, match=rf"questions\.yaml:\d+:\d+: questions\.q\.labels: .*code\(s\) {bad} "):
        build(spec)


def test_float_codes_beyond_2_to_53_are_refused(tmp_path, root):
    """In float64, 2**53 and 2**53 + 1 are one number: such codes cannot be told apart, so they are refused."""
    spec, _ = write_project(tmp_path, root, fmt="parquet", weight=False)
    pq.write_table(pa.table({"q": pa.array([1.0, 2.0**53 + 2, None], type=pa.float64())}),
                   tmp_path / "data.parquet")
    retarget(spec, {"q": {"type": "single", "text": "Q", "labels": {1: "One", 2**53 + 2: "Huge"}}},
             [{"kind": "chart", "question": "q", "chart": "bar"}])
    with pytest.raises(InputError, match=r"questions\.q\.labels: .*9007199254740994.*2\^53"):
        build(spec)


# -- 2. top: keeps only the rows empty: hide left ---------------------------------------------


def _top_project(tmp_path, root, n_labels: int, counts: dict[int, int], top: int) -> tuple[Path, pd.Series]:
    """A single-choice question with *n_labels* labels, answered *counts* times per code; slide with top:."""
    spec, _ = write_project(tmp_path, root, fmt="csv", weight=False)
    answers = pd.Series([code for code, k in counts.items() for _ in range(k)], name="q")
    answers.to_frame().to_csv(tmp_path / "data.csv", index=False)
    labels = {i: f"Answer {i}" for i in range(1, n_labels + 1)}
    retarget(spec, {"q": {"type": "single", "text": "Q", "labels": labels}},
             [{"kind": "chart", "question": "q", "chart": "bar", "top": top, "empty": "hide"}])
    return spec, answers.map(labels)


def expected_top(answers: pd.Series, top: int) -> dict[str, float]:
    """The *top* largest answers' shares and one Other row with the rest (plain pandas)."""
    shares = answers.value_counts(normalize=True)
    kept = shares.iloc[:top]
    return {**kept.to_dict(), "Other": float(shares.iloc[top:].sum())}


def test_top_keeps_rows_hidden_as_empty_out(tmp_path, root):
    """Eight labels, four answered, top 2: two rows and Other (not the four empty rows back)."""
    spec, answers = _top_project(tmp_path, root, 8, {1: 40, 2: 30, 3: 20, 4: 10}, top=2)
    assert chart_shares(build(spec).output) == pytest.approx(expected_top(answers, 2), abs=1e-12)


def test_top_of_three_thousand_labels(tmp_path, root):
    """3,000 labels, 200 of them answered, top 10: eleven rows."""
    rng = np.random.default_rng(5)
    counts = {int(code): int(k) for code, k in zip(rng.choice(np.arange(1, 3001), 200, replace=False),
                                                     np.arange(201, 1, -1))}
    spec, answers = _top_project(tmp_path, root, 3000, counts, top=10)
    shares = chart_shares(build(spec).output)
    assert len(shares) == 11
    assert shares == pytest.approx(expected_top(answers, 10), abs=1e-12)


# -- 3. weights: zero, negative, missing, infinite, extreme -------------------------------------


def weighted_sav(tmp_path: Path, root: Path, weights: list[float], q: list[int]) -> Path:
    """A .sav saved WEIGHT BY 'w' (the header's weight index patched in), and a spec over it."""
    pyreadstat = pytest.importorskip("pyreadstat")
    sav = tmp_path / "survey.sav"
    frame = pd.DataFrame({"q": np.array(q, dtype=float), "w": np.array(weights, dtype=float)})
    pyreadstat.write_sav(frame, str(sav), variable_value_labels={"q": {1.0: "Yes", 2.0: "No"}})
    data = bytearray(sav.read_bytes())
    data[76:80] = (2).to_bytes(4, "little")  # the second variable record, 'w', is the file's weight
    sav.write_bytes(bytes(data))
    spec = {"deck": {"title": "T", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": sav.name},
            "slides": [{"kind": "chart", "question": "q", "chart": "bar"}]}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp_path / "slides.yaml"


@pytest.mark.parametrize("weights, hint", [([0.0] * 6, "0 for every respondent"),
                                           ([1, 1, -1, 1, 1, 1], "negative"),
                                           ([1, 1, np.nan, 1, 1, 1], "missing")],
                         ids=["all-zero", "negative", "missing"])
def test_bad_weights_of_a_sav_file_are_located_at_its_weight_variable(tmp_path, root, weights, hint):
    """All-zero .sav weights built a deck of "NaN%" with exit 0; the error names the file and its weight."""
    spec = weighted_sav(tmp_path, root, weights, [1, 2, 1, 2, 1, 1])
    line = assert_one_line_error(cli(["build", spec.name], tmp_path), "'w'", "WEIGHT BY", hint)
    assert line.startswith("error: survey.sav: ")


def _weighted_csv(tmp_path, root, weights) -> tuple[Path, pd.DataFrame]:
    spec, df = write_project(tmp_path, root, fmt="csv", weight=True)
    df["w"] = weights(df)
    df.to_csv(tmp_path / "data.csv", index=False)
    return spec, df


@pytest.mark.parametrize("weights, hint", [(lambda df: 0.0, "0 for every respondent"),
                                           (lambda df: np.where(df.index == 3, np.inf, 1.0), "infinite"),
                                           (lambda df: 1e306, "more than a number can hold")],
                         ids=["all-zero", "infinite", "sum-overflows"])
def test_bad_csv_weights_are_located_at_data_weight(tmp_path, root, weights, hint):
    """All-zero CSV weights were blamed on a text template; now data.weight in slides.yaml is named."""
    spec, _ = _weighted_csv(tmp_path, root, weights)
    with pytest.raises(InputError, match=r"slides\.yaml:\d+:\d+: data\.weight: weight column 'w'") as caught:
        build(spec)
    assert hint in str(caught.value)


def test_respondents_weighing_zero_are_left_out_of_bases_as_in_spss(tmp_path, root):
    """Zero weights: out of every base and percentage, with a warning saying how many."""
    spec, df = _weighted_csv(tmp_path, root, lambda df: np.where(df.index % 5 == 0, 0.0, df.w))
    result = build(spec)
    zero = int((df.w == 0).sum())
    assert any(f"{zero} respondent(s) have weight 0" in w for w in result.warnings)
    counted = df[df.w > 0]
    brand = counted.brand.map(yaml.safe_load((tmp_path / "questions.yaml").read_text())["questions"]["brand"]["labels"])
    expected = counted.w.groupby(brand).sum() / counted.w.sum()
    slides = read_deck(result.output)
    pie = slides[1]  # after the title slide
    assert dict(zip(pie.charts[0].categories, pie.charts[0].series[0].values)) == pytest.approx(expected.to_dict())
    assert f"n={len(counted)}" in pie.notes.replace("\u00a0", "").replace(",", "")


def test_a_segment_whose_respondents_all_weigh_zero_is_named(tmp_path, root):
    """Region 'East' all weighing 0 was a column of NaN (and 'a majority of both' in text); now an error."""
    spec, df = _weighted_csv(tmp_path, root, lambda df: np.where(df.region == 3, 0.0, df.w))
    with pytest.raises(InputError, match=r"slides\.4\.question: every respondent in segment 'East' of 'region' "
                                         r"weighs 0"):
        build(spec)


def test_extreme_weights_give_finite_bases_and_no_numpy_warnings(tmp_path, root):
    """1e300 next to 1e-300: no overflow warnings, and Kish's effective base stays between 1 and n."""
    import warnings

    from deckgen.data.weighting import effective_base

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert effective_base(np.array([1e300, 1e-300, 1e300])) == pytest.approx(2.0)  # (1+0+1)^2 / (1+0+1)
        assert effective_base(np.array([1e-300, 1e-300])) == pytest.approx(2.0)
        # weighted counts of 1e300 are beyond what the notes' number format takes: 1e20 is extreme enough
        spec, df = _weighted_csv(tmp_path, root, lambda df: np.where(df.index % 2 == 0, 1e20, 1e-300))
        result = build(spec)
    big = df[df.index % 2 == 0]
    labels = yaml.safe_load((tmp_path / "questions.yaml").read_text())["questions"]["brand"]["labels"]
    expected = big.brand.map(labels).value_counts(normalize=True)  # the tiny weights count for nothing
    pie = read_deck(result.output)[1].charts[0]
    assert dict(zip(pie.categories, pie.series[0].values)) == pytest.approx(expected.to_dict(), abs=1e-12)


# -- 4. label roles in linear time, and limits on labels ----------------------------------------


def _many_labels(tmp_path, root, n_labels: int, label=lambda i: f"Answer {i}") -> Path:
    """A single-choice question with *n_labels* labels (the last two residual) and a top-2 NET."""
    spec, _ = write_project(tmp_path, root, fmt="csv", weight=False)
    labels = {i: label(i) for i in range(1, n_labels + 1)}
    labels[n_labels - 1], labels[n_labels] = "Don't know", "Other"
    rng = np.random.default_rng(2)
    pd.DataFrame({"q": rng.integers(1, n_labels + 1, 300)}).to_csv(tmp_path / "data.csv", index=False)
    retarget(spec, {"q": {"type": "single", "text": "Q", "labels": labels, "top2": "Top two"}},
             [{"kind": "chart", "question": "q", "chart": "bar", "top": 10, "dont_know": "exclude"}])
    return spec


@pytest.mark.parametrize("command", ["validate", "build"])
def test_ten_thousand_labels_in_seconds(tmp_path, root, command):
    """Label roles (residual answers, NET members, Don't know) were found once per label: 270 s."""
    spec = _many_labels(tmp_path, root, 10_000)
    result = cli([command, spec.name], tmp_path, timeout=10)
    assert result.returncode == 0, result.stderr


def test_more_labels_than_the_limit(tmp_path, root):
    spec = _many_labels(tmp_path, root, 20_001)
    line = assert_one_line_error(cli(["validate", spec.name], tmp_path, timeout=10),
                                 "20,001 labels", "labels=20,000", "--limit labels=")
    assert line.startswith("error: questions.yaml:") and "questions.q" in line


def test_a_label_longer_than_the_limit(tmp_path, root):
    spec = _many_labels(tmp_path, root, 5, label=lambda i: "x" * 2_001 if i == 2 else f"Answer {i}")
    assert_one_line_error(cli(["validate", spec.name], tmp_path, timeout=10), "2,001 characters",
                          "label_chars=2,000")


def test_a_sav_file_with_100_000_value_labels(tmp_path, root):
    """pyreadstat reads the dictionary in C; deckgen's own reading of it was what never finished."""
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.DataFrame({"q": np.arange(1.0, 201.0)})
    pyreadstat.write_sav(frame, str(tmp_path / "big.sav"),
                         variable_value_labels={"q": {float(i): f"Label {i}" for i in range(1, 100_001)}})
    spec = {"deck": {"title": "T", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "big.sav"},
            "slides": [{"kind": "chart", "question": "q", "chart": "bar", "top": 5}]}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    line = assert_one_line_error(cli(["build", "slides.yaml"], tmp_path, timeout=10), "100,000 labels")
    assert line.startswith("error: big.sav: questions.q: ")
    from deckgen import limits

    limits.configure(["labels=100000"])
    try:
        result = build(tmp_path / "slides.yaml", tmp_path / "deck.pptx")
    finally:
        limits.configure()
    assert result.seconds < 10
    assert len(read_deck(result.output)[0].charts[0].categories) == 6  # the top 5 and Other


# -- 7. user mistakes with data files are exit 2, not exit 1 or a hang --------------------------


def test_responses_path_is_a_folder(project: Project):
    (project.path / CSV).unlink()
    (project.path / CSV).mkdir()
    project.assert_rejected(SPEC, project.line_of(SPEC, "responses: data/responses.csv"), "data.responses",
                            ("responses.csv", "folder"))


def test_responses_path_is_a_fifo(project: Project):
    """Reading a named pipe blocks until someone writes to it: refused before it is opened."""
    (project.path / CSV).unlink()
    os.mkfifo(project.path / CSV)
    project.assert_rejected(SPEC, project.line_of(SPEC, "responses: data/responses.csv"), "data.responses",
                            ("not a regular file",))


def test_responses_path_is_a_device(project: Project):
    """/dev/urandom behind a .csv name never ends: refused up front, within a time and memory bound."""
    (project.path / CSV).unlink()
    (project.path / CSV).symlink_to("/dev/urandom")
    result = cli(["build", SPEC], project.path, timeout=20, memory=3 * 1024**3)
    assert_one_line_error(result, "data.responses", "not a regular file")
    project.assert_deck_untouched()


def test_duplicate_csv_header(project: Project):
    text = project.read(CSV)
    header, rest = text.split("\n", 1)
    names = header.split(",")
    project.write(CSV, ",".join(names[:-1] + [names[1]]) + "\n" + rest)
    project.assert_rejected(CSV, 1, None, (f"'{names[1]}'", "twice"))


@pytest.fixture
def large_csv_path(monkeypatch):
    """Every CSV read as a large one, with pyarrow."""
    from deckgen.data import loaders

    monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)


def test_duplicate_csv_header_on_the_large_file_path(tmp_path, root, large_csv_path):
    """A reader that renames a second 'brand' (pandas: 'brand.1') would read the first one silently."""
    spec, df = write_project(tmp_path, root, fmt="csv", weight=False)
    df.insert(len(df.columns), "brand_copy", df.brand)
    df.to_csv(tmp_path / "data.csv", index=False, header=[*df.columns[:-1], "brand"])
    with pytest.raises(InputError, match=r"data\.csv:1: column 'brand' appears twice"):
        build(spec)


def test_duplicate_xlsx_header(tmp_path, root):
    """pandas renames a second 'brand' in a workbook to 'brand.1' too."""
    spec, df = write_project(tmp_path, root, fmt="xlsx", weight=False)
    df.insert(len(df.columns), "brand_copy", df.brand)
    df.to_excel(tmp_path / "data.xlsx", index=False, header=[*df.columns[:-1], "brand"])
    with pytest.raises(InputError, match=r"data\.xlsx:1: column 'brand' appears twice"):
        build(spec)


@pytest.mark.parametrize("path", ["small", "large"])
def test_a_cell_of_131_073_characters_is_read_on_both_paths(tmp_path, root, monkeypatch, path):
    """The csv module's default field limit (131,072) rejected a valid file that other readers read."""
    if path == "large":
        from deckgen.data import loaders

        monkeypatch.setattr(loaders, "SMALL_CSV_BYTES", 0)
    spec, df = write_project(tmp_path, root, fmt="csv", weight=False)
    df["comment"] = ""
    df.loc[3, "comment"] = "x" * 131_073
    df.to_csv(tmp_path / "data.csv", index=False)
    retarget(spec, {"brand": {"type": "single", "text": "Brand", "labels": {1: "A", 2: "B", 3: "C", 4: "D"}}},
             [{"kind": "chart", "question": "brand", "chart": "bar", "sort": "codes",
               "filter": "comment is missing"}])
    expected = df.brand[df.comment.isna() | (df.comment == "")].map({1: "A", 2: "B", 3: "C", 4: "D"})
    assert chart_shares(build(spec).output) == pytest.approx(expected.value_counts(normalize=True).to_dict())


def test_duplicate_parquet_column_is_a_data_error(tmp_path, root):
    """It was reported as an error in a text template."""
    spec, df = write_project(tmp_path, root, fmt="parquet", weight=False)
    table = pa.Table.from_arrays([pa.array(df.brand), pa.array(df.brand)], names=["brand", "brand"])
    pq.write_table(table, tmp_path / "data.parquet")
    retarget(spec, {"brand": {"type": "single", "text": "Brand", "labels": {1: "A", 2: "B", 3: "C", 4: "D"}}},
             [{"kind": "chart", "question": "brand", "chart": "bar", "headline": "{{ top(q) }} leads"}])
    with pytest.raises(InputError, match=r"data\.parquet:1: column 'brand' appears twice"):
        build(spec)


# -- 5. formula cells without a saved value in .xlsx data ---------------------------------------


def test_xlsx_formula_without_cached_value_names_the_cell(tmp_path, root):
    """openpyxl (or any script) writes formulas without results; pandas read them as missing answers."""
    openpyxl = pytest.importorskip("openpyxl")
    spec, df = write_project(tmp_path, root, fmt="xlsx", weight=False)
    book = openpyxl.load_workbook(tmp_path / "data.xlsx")
    sheet = book.active
    column = list(df.columns).index("brand") + 1
    sheet.cell(row=5, column=column).value = f"={sheet.cell(row=4, column=column).coordinate}"
    book.save(tmp_path / "data.xlsx")
    letter = openpyxl.utils.get_column_letter(column)
    with pytest.raises(InputError, match=rf"data\.xlsx: cell {sheet.title}!{letter}5 holds a formula .*save it"):
        build(spec)


# -- 6. zip packages: bombs and thumbnails -------------------------------------------------------


def declare_size(path: Path, part: str, size: int, compressed: int | None = None) -> None:
    """Patch the inflated size *part* declares (and, in the central directory only, its compressed size:
    the package is then broken, which only matters if deckgen reads the part)."""
    import struct
    import zipfile

    with zipfile.ZipFile(path) as package:
        info = package.getinfo(part)
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, info.header_offset + 22, size)
    name = part.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at + 1)
        if data[at + 46:at + 46 + len(name)] == name:
            break
    struct.pack_into("<I", data, at + 24, size)
    if compressed is not None:
        struct.pack_into("<I", data, at + 20, compressed)
    path.write_bytes(bytes(data))


def with_parts(source: Path, dest: Path, extra: dict[str, bytes | int], compression: int | None = None) -> Path:
    """A copy of the zip *source* with *extra* parts (bytes, or a count of zero bytes written in chunks),
    compressed with *compression* (default: deflate, as Office writes)."""
    import zipfile

    method = zipfile.ZIP_DEFLATED if compression is None else compression
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", method) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename))
        for name, content in extra.items():
            if isinstance(content, bytes):
                out.writestr(name, content)
                continue
            with out.open(name, "w", force_zip64=True) as part:
                for _ in range(content // 2**20):
                    part.write(bytes(2**20))
    return dest


@pytest.fixture
def small_spec(tmp_path, root) -> Path:
    spec, _ = write_project(tmp_path, root, fmt="csv", weight=False)
    return retarget(spec, {"brand": {"type": "single", "text": "Brand", "labels": {1: "A", 2: "B", 3: "C", 4: "D"}}},
                    [{"kind": "chart", "question": "brand", "chart": "bar"}])


def _use_template(spec: Path, template: Path) -> None:
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["deck"]["template"] = str(template)
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_template_part_declaring_3_5_gb(tmp_path, root, small_spec):
    template = with_parts(root / "templates" / "brand.pptx", tmp_path / "bomb.pptx", {"ppt/media/big.bin": b"x"})
    declare_size(template, "ppt/media/big.bin", 3_500_000_000)
    _use_template(small_spec, template)
    line = assert_one_line_error(cli(["build", small_spec.name], tmp_path, timeout=20, memory=3 * 1024**3),
                                 "deck.template", "'ppt/media/big.bin'", "3,500,000,000", "zip_part_bytes")
    assert line.startswith("error: slides.yaml:")


def test_template_parts_inflating_past_the_total(tmp_path, root, small_spec):
    parts = {f"ppt/media/part{i}.bin": b"x" for i in range(5)}
    template = with_parts(root / "templates" / "brand.pptx", tmp_path / "bomb.pptx", parts)
    for name in parts:
        declare_size(template, name, 250_000_000, compressed=1_000_000)  # each fine on its own
    _use_template(small_spec, template)
    assert_one_line_error(cli(["build", small_spec.name], tmp_path, timeout=20), "zip_total_bytes")


def test_template_part_compressed_like_a_bomb(tmp_path, root, small_spec):
    """50 MB of zeros in bzip2 (which zip allows and Python reads) shrink tens of thousands of times: over
    the ratio limit though under the size limits."""
    import zipfile

    template = with_parts(root / "templates" / "brand.pptx", tmp_path / "bomb.pptx",
                          {"ppt/media/zeros.bin": 50 * 2**20}, zipfile.ZIP_BZIP2)
    _use_template(small_spec, template)
    assert_one_line_error(cli(["build", small_spec.name], tmp_path, timeout=20, memory=3 * 1024**3),
                          "'ppt/media/zeros.bin'", "zip_ratio")


def test_a_template_with_a_large_plain_image_is_not_a_bomb(tmp_path, root, small_spec):
    """A 6 MB white bitmap deflates about 1,026:1, as far as deflate goes: a real template may hold one."""
    template = with_parts(root / "templates" / "brand.pptx", tmp_path / "white.pptx",
                          {"ppt/media/white.bmp": b"\xff" * 6_000_000})
    _use_template(small_spec, template)
    assert build(small_spec).output.exists()


def test_xlsx_data_part_declaring_3_5_gb(tmp_path, root):
    spec, _ = write_project(tmp_path, root, fmt="xlsx", weight=False)
    declare_size(tmp_path / "data.xlsx", "xl/worksheets/sheet1.xml", 3_500_000_000)
    line = assert_one_line_error(cli(["build", spec.name], tmp_path, timeout=20, memory=3 * 1024**3),
                                 "data.responses", "'xl/worksheets/sheet1.xml'", "zip_part_bytes")
    assert line.startswith("error: slides.yaml:")


def test_the_template_thumbnail_is_not_copied_into_the_deck(tmp_path, root, small_spec):
    """The thumbnail pictures the template (and could be 300 MB); PowerPoint draws the deck's own."""
    import zipfile

    with zipfile.ZipFile(root / "templates" / "brand.pptx") as template:
        assert any(n.startswith("docProps/thumbnail") for n in template.namelist())
    with zipfile.ZipFile(build(small_spec).output) as deck:
        assert not any(n.startswith("docProps/thumbnail") for n in deck.namelist())
        assert b"thumbnail" not in deck.read("_rels/.rels")
