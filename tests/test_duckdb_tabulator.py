"""The DuckDB tabulator gives the NumPy tabulator's tables, value for value, and refuses what it cannot yet do.

Both tabulators answer the same queries over the same projects: the property tests' generated
projects (their hypothesis strategy, reused) and the worked example. Unweighted counts and bases
are compared exactly; weighted sums and means are added in another order by SQL, so they are
compared to within 1e-12 relatively (the last bits of a float64 sum).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

pytest.importorskip("duckdb")

from deckgen.data import open_project, open_survey  # noqa: E402
from deckgen.errors import InputError  # noqa: E402
from deckgen.spec.codebook import GridQuestion, MultiQuestion, NumericQuestion, SingleQuestion  # noqa: E402
from deckgen.spec.filters import parse_filter  # noqa: E402
from deckgen.stats.duckdb_tabulator import DuckDBTabulator  # noqa: E402
from deckgen.stats.query import TableQuery  # noqa: E402
from deckgen.stats.tabulator import NumpyTabulator  # noqa: E402
from test_properties import cases, write_case  # noqa: E402  (the generated projects, not a copy)

ROOT = Path(__file__).resolve().parents[1]


def assert_same(numpy_table, duck_table) -> None:
    a, b = numpy_table, duck_table
    assert a.rows == b.rows
    assert a.columns == b.columns  # labels, bases, key, Total
    assert (a.question, a.measure, a.total_base, a.weighted) == (b.question, b.measure, b.total_base, b.weighted)
    np.testing.assert_array_equal(a.bases, b.bases)
    for name in ("counts", "props", "effective", "spread", "weight_sums"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            if a.weighted or a.measure == "mean":  # means: summed over distinct values, not respondents
                # a spread of equal values is rounding noise on the NumPy side (1e-14 of the mean), 0 here
                scale = np.nanmax(np.abs(a.props), initial=0.0) if name == "spread" else 0.0
                np.testing.assert_allclose(x, y, rtol=1e-12, atol=max(1e-12 * scale, 1e-300), equal_nan=True,
                                           err_msg=name)
            else:
                np.testing.assert_array_equal(x, y, err_msg=name)


def supported(q) -> bool:
    return isinstance(q, (MultiQuestion, NumericQuestion, GridQuestion)) or \
        (isinstance(q, SingleQuestion) and not q.derived)


def shapes(key: str, q, singles: list[str], nets: tuple) -> list[tuple[str | None, str | None, str | None]]:
    """(by, item, answer) of every table of question *key*: by each single-choice question (or none); a grid
    whole (never by segment), each statement alone, and each answer and NET of every statement."""
    bys = [None] + [s for s in singles if s != key]
    if not isinstance(q, GridQuestion):
        return [(by, None, None) for by in bys]
    answers = list(q.labels.values()) + list(q.net_members()) + [label for label, _ in nets]
    return [(None, None, None)] + [(by, item, None) for by in bys for item in q.items.values()] + \
        [(by, None, answer) for by in bys for answer in answers]


def compare_all(spec: Path, filters: list[str | None], nets: tuple = (), nets_of: str | None = None,
                dont_know: str = "include", others: list | None = None) -> int:
    """Every supported table (each question, by each single-choice question, in each filter, with and without
    a Total column, both sorts; grids whole, by statement and by answer; *nets* added to question *nets_of*)
    from the NumPy tabulator and each of *others* (default: DuckDB's over the same file); a NumPy error must
    be their error too. The number of tables compared."""
    project = open_project(spec)
    numpy_tab = NumpyTabulator(open_survey(project))
    others = [DuckDBTabulator(project)] if others is None else others
    questions = project.codebook.questions
    singles = [k for k, q in questions.items() if isinstance(q, SingleQuestion) and not q.derived]
    compared = 0
    for key, q in questions.items():
        if not supported(q):
            continue
        extra = nets if key == nets_of else ()
        for by, item, answer in shapes(key, q, singles, extra):
            for text in filters:
                for total in ((False, True) if by else (False,)):
                    for sort in ("value", "codes"):
                        query = TableQuery(key, parse_filter(text) if text else None, text, by, sort,
                                           total=total, nets=extra, item=item, answer=answer, dont_know=dont_know)
                        try:
                            expected = numpy_tab.table(query, None, "slides.1")
                        except InputError as exc:
                            for other in others:
                                with pytest.raises(InputError) as raised:
                                    other.table(query, None, "slides.1")
                                assert raised.value.message == exc.message
                            continue
                        for other in others:
                            assert_same(expected, other.table(query, None, "slides.1"))
                        compared += 1
    return compared


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_generated_projects_give_identical_tables(tmp_path_factory, case):
    folder = tmp_path_factory.mktemp("duck")
    spec = write_case(case, folder)
    filters = [None] + [s["filter"] for s in case.slides if "filter" in s]
    try:
        open_survey(open_project(spec))
    except InputError:
        return  # a project the default engine refuses too (e.g. no respondents weigh anything)
    compare_all(spec, filters)


def example_project(tmp_path: Path, weight: bool, parquet: bool) -> Path:
    """The worked example, optionally with a weight column and/or as Parquet."""
    import pandas as pd
    shutil.copytree(ROOT / "data", tmp_path / "data")
    spec = yaml.safe_load((ROOT / "slides.yaml").read_text(encoding="utf-8"))
    spec["deck"]["template"] = str(ROOT / spec["deck"]["template"])
    frame = pd.read_csv(tmp_path / "data" / "responses.csv")
    if weight:
        rng = np.random.default_rng(13)
        frame["w"] = np.round(rng.uniform(0.2, 3.0, len(frame)), 3)
        frame.loc[[3, 50], "w"] = 0.0  # weighing 0: left out of every base
        spec["data"]["weight"] = "w"
    if parquet:
        frame.to_parquet(tmp_path / "data" / "responses.parquet")
        spec["data"]["responses"] = "data/responses.parquet"
    else:
        frame.to_csv(tmp_path / "data" / "responses.csv", index=False)
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


EXAMPLE_FILTERS = [None, "org_type == 'Kommun'", "not (uses_social == 'Ja') or size is missing", "size in [1, 2]",
                   "org_type != 1 and size >= 2", "media_facebook == 1", "media_facebook is missing"]


@pytest.mark.parametrize("weight,parquet", [(False, False), (True, False), (True, True)])
def test_example_single_and_multi_tables_identical(tmp_path, weight, parquet):
    spec = example_project(tmp_path, weight, parquet)
    assert compare_all(spec, EXAMPLE_FILTERS) > 300


def test_example_multi_filters_and_extra_nets(tmp_path):
    spec = example_project(tmp_path, True, False)
    project = open_project(spec)
    multis = [k for k, q in project.codebook.questions.items() if isinstance(q, MultiQuestion)]
    option = project.codebook.questions[multis[0]].options
    label = next(iter(option.values()))
    filters = [f"{multis[0]} == '{label}'", f"{multis[0]} != '{label}'", f"{multis[0]} is missing"]
    assert compare_all(spec, filters) > 50
    single = project.codebook.questions["org_type"]
    nets = (("Both", tuple(list(single.labels.values())[:2])),)
    assert compare_all(spec, [None], nets, "org_type") > 10


@pytest.mark.parametrize("first", ["org_type == 'Kommun'", None])
def test_options_asked_of_different_respondents_whichever_table_comes_first(tmp_path, first):
    """A multi whose options were asked of different respondents is a share of those asked each option. The
    routing test is folded into the first unfiltered table's scan, or run alone when a filtered table (or a
    filter naming the question) comes first: both orders give the NumPy tables."""
    import pandas as pd
    spec = example_project(tmp_path, True, False)
    csv = tmp_path / "data" / "responses.csv"
    frame = pd.read_csv(csv)
    asked = frame["media_facebook"].notna()
    frame.loc[asked[asked].index[::4], "media_youtube"] = np.nan  # a quarter of those asked never saw YouTube
    frame.to_csv(csv, index=False)
    table = NumpyTabulator(open_survey(open_project(spec))).table(TableQuery("media", None, None, None, "codes"))
    rows = table.rows
    # routed, as meant: YouTube's base is those who saw it (and weigh something), smaller than Facebook's
    assert rows.bases[rows.labels.index("YouTube")] == (frame["media_youtube"].notna() & (frame["w"] > 0)).sum()
    assert rows.bases[rows.labels.index("YouTube")] < rows.bases[rows.labels.index("Facebook")]
    project = open_project(spec)
    numpy_tab, duck_tab = NumpyTabulator(open_survey(project)), DuckDBTabulator(project)
    for text in [first, "size in [1, 2]" if first else None, "media != 'YouTube'"]:
        for by in (None, "org_type"):
            query = TableQuery("media", parse_filter(text) if text else None, text, by, "codes", total=True)
            assert_same(numpy_tab.table(query), duck_tab.table(query))


@pytest.mark.parametrize("weight", [False, True])
def test_a_table_of_everyone_after_the_same_table_by_segment_is_added_up_without_a_scan(tmp_path, weight):
    """A slide by segment and its headline's table of everyone ask the same counts: the second is the first's
    rows added up over the segments (those with no segment too), and equals the NumPy table."""
    spec = example_project(tmp_path, weight, True)
    project = open_project(spec)
    numpy_tab, duck_tab = NumpyTabulator(open_survey(project)), DuckDBTabulator(project)
    asked: list[str] = []
    run = duck_tab.source.rows
    duck_tab.source.rows = lambda sql: asked.append(sql) or run(sql)
    for key, answer in (("purpose", None), ("size", None), ("comm", "Öppen dialog")):
        for text in (None, "org_type == 'Kommun'"):
            for by in ("mode", None):
                query = TableQuery(key, parse_filter(text) if text else None, text, by, "codes", answer=answer)
                before = len(asked)
                assert_same(numpy_tab.table(query), duck_tab.table(query))
                if by is None:
                    assert len(asked) == before, asked[before:]  # no query: added up


def with_engine(spec: Path, **data) -> Path:
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["data"].update(engine="duckdb", **data)
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec


def test_build_with_duckdb_engine_gives_the_default_engines_chart_numbers(tmp_path):
    """The example's chart slides through the whole build: the same numbers in the charts. (The duckdb
    engine refuses derived questions, so the deck built here keeps only the title and the chart slides of
    single, multi, numeric and grid questions.)"""
    from deckgen.build import build
    from deckread import read_deck
    spec = example_project(tmp_path, True, True)
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    project = open_project(spec)
    keep = [s for s in doc["slides"] if s.get("kind") == "title" or s.get("kind") == "chart"
            and supported(project.codebook.questions[s["question"]])]
    assert sum(s.get("kind") == "chart" for s in keep) >= 3
    assert any(isinstance(project.codebook.questions[s["question"]], GridQuestion) for s in keep[1:])
    doc["slides"] = keep
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(spec, tmp_path / "numpy.pptx")
    with_engine(spec)
    build(spec, tmp_path / "duck.pptx")
    numpy_deck, duck_deck = read_deck(tmp_path / "numpy.pptx"), read_deck(tmp_path / "duck.pptx")
    assert len(numpy_deck) == len(duck_deck) and any(s.charts for s in duck_deck)
    for numpy_slide, duck_slide in zip(numpy_deck, duck_deck):
        assert numpy_slide.texts == duck_slide.texts  # headlines, base notes: the same words and numbers
        assert len(numpy_slide.charts) == len(duck_slide.charts)
        for a, b in zip(numpy_slide.charts, duck_slide.charts):
            assert (a.kind, a.categories) == (b.kind, b.categories)
            assert [x.name for x in a.series] == [x.name for x in b.series]
            for x, y in zip(a.series, b.series):  # weighted: summed in another order, so equal to the last bits
                np.testing.assert_allclose(np.array(x.values, dtype=float), np.array(y.values, dtype=float),
                                           rtol=1e-12, equal_nan=True)


def test_a_csv_is_parsed_once_into_a_temporary_database_removed_after_the_build(tmp_path, monkeypatch):
    """Every table would parse a CSV whole again; it is loaded once (the file can go after the first query)
    into a database in the temporary folder, and nothing is left there once the build has ended."""
    from deckgen.build import build
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    spec = example_project(tmp_path / "a", False, False)
    project = open_project(spec)
    numpy_tab, duck_tab = NumpyTabulator(open_survey(project)), DuckDBTabulator(project)
    assert [p.name for p in temporary.iterdir()][0].startswith("deckgen-")
    (tmp_path / "a" / "data" / "responses.csv").rename(tmp_path / "a" / "gone.csv")
    for key in ("org_type", "media", "comm"):
        query = TableQuery(key, None, None, None, "codes")
        assert_same(numpy_tab.table(query), duck_tab.table(query))
    del duck_tab
    spec = with_engine(example_project(tmp_path / "b", False, False))
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["slides"] = [{"kind": "chart", "question": "media", "chart": "bar"}]
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(spec, tmp_path / "duck.pptx")
    assert (tmp_path / "duck.pptx").exists()
    assert not [p for p in temporary.iterdir() if p.name.startswith("deckgen-")]


@pytest.mark.parametrize("slide,what", [
    ({"kind": "chart", "question": "staff_band", "chart": "bar"}, "derived questions"),
    ({"kind": "chart", "question": "org", "chart": "bar", "filter": "staff_band == 1"}, "filters on 'staff_band'"),
])
def test_refused_questions_are_located_errors(tmp_path, slide, what):
    spec = with_engine(write_case_spec(tmp_path, slide))
    from deckgen.build import build
    with pytest.raises(InputError) as raised:
        build(spec, tmp_path / "deck.pptx")
    assert raised.value.key == "data.engine"
    assert what in raised.value.message and "use the default engine" in raised.value.message
    assert raised.value.location is not None and raised.value.location.line  # points at the slide that asked


def test_refused_data_settings_are_located_errors(tmp_path):
    spec = with_engine(write_case_spec(tmp_path, {"kind": "chart", "question": "org", "chart": "bar"}),
                       weighting={"targets": {"org": {"A": 0.5, "B": 0.5}}})
    with pytest.raises(InputError) as raised:
        DuckDBTabulator(open_project(spec))
    assert raised.value.key == "data.engine" and "rim weighting" in raised.value.message
    assert raised.value.location is not None and raised.value.location.line


def test_missing_duckdb_package_is_one_line_naming_the_extra(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_duckdb(name, *args, **kwargs):
        if name == "duckdb":
            raise ImportError("No module named 'duckdb'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    spec = with_engine(write_case_spec(tmp_path, {"kind": "chart", "question": "org", "chart": "bar"}))
    with pytest.raises(InputError) as raised:
        DuckDBTabulator(open_project(spec))
    assert "pip install -e '.[duckdb]'" in raised.value.message and "\n" not in raised.value.message


def write_case_spec(tmp_path: Path, slide: dict) -> Path:
    """A small project: a single-choice 'org', a grid 'channels', a numeric 'n_staff' and its bands."""
    (tmp_path / "data.csv").write_text("org,ch_a,ch_b,n_staff\n1,1,2,3\n2,2,2,5\n1,1,1,\n", encoding="utf-8")
    questions = {"org": {"type": "single", "text": "Org", "labels": {1: "A", 2: "B"}},
                 "channels": {"type": "grid", "text": "Channels", "items": {"ch_a": "A", "ch_b": "B"},
                              "labels": {1: "Yes", 2: "No"}},
                 "n_staff": {"type": "numeric", "text": "Staff"},
                 "staff_band": {"type": "single", "text": "Staff", "from": "n_staff", "bins": [0, 4]}}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump({"questions": questions}), encoding="utf-8")
    spec = {"deck": {"title": "T", "template": str(ROOT / "templates" / "brand.pptx"), "output": "deck.pptx"},
            "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": [slide]}
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("weight", [False, True])
def test_example_dont_know_excluded_and_shares_of_responses_identical(tmp_path, weight):
    spec = example_project(tmp_path, weight, False)
    project = open_project(spec)
    numpy_tab, duck_tab = NumpyTabulator(open_survey(project)), DuckDBTabulator(project)
    questions = project.codebook.questions
    compared = 0
    for key, q in questions.items():
        for by in (None, "org_type"):
            if key == by:
                continue
            if isinstance(q, SingleQuestion) and not q.derived:
                query = TableQuery(key, by=by, dont_know="exclude", total=by is not None)
            elif isinstance(q, MultiQuestion):
                query = TableQuery(key, by=by, percent_of="responses", total=by is not None)
            else:
                continue
            assert_same(numpy_tab.table(query), duck_tab.table(query))
            compared += 1
    assert compared >= 10


@pytest.mark.parametrize("dont_know", ["include", "exclude"])
def test_example_grid_with_nets_and_dont_know_identical(tmp_path, dont_know):
    """The example's grid with a codebook NET, a top-2, a 'don't know' scale point and a NET given by a slide:
    whole, by statement and by answer (by segment), weighted, in filters."""
    spec = example_project(tmp_path, True, False)
    book = tmp_path / "data" / "questions.yaml"
    doc = yaml.safe_load(book.read_text(encoding="utf-8"))
    comm = doc["questions"]["comm"]
    comm.update(nets={"Dialog": ["Öppen dialog", "Viss dialog"]}, top2="Två sista", dont_know=[3])
    book.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = open_project(spec)
    assert project.codebook.questions["comm"].answer_roles().dont_know  # the exclusion has something to drop
    nets = (("Ytterlighet", ("Öppen dialog", "Envägskommunikation")),)
    compared = compare_all(spec, [None, "org_type == 'Kommun'", "comm_twitter is missing"], nets, "comm", dont_know)
    assert compared > 300


SLOW_QUERY = """
import sys
from pathlib import Path
from deckgen.cli.main import main
from deckgen.stats.sql import sources

run = sources.DuckDBFile.rows

def slow(self, sql):  # the first query runs until a signal stops it
    Path(sys.argv[1]).write_text("scanning")
    run(self, "SELECT count(*) FROM range(100000000000) a")
    return run(self, sql)

sources.DuckDBFile.rows = slow
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("signum,code,word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_signal_during_a_duckdb_query_is_a_clean_interruption(tmp_path, signum, code, word):
    """DuckDB stops a running query on a signal and raises its own error: the build says it was terminated or
    interrupted, with the usual exit code, not an internal error."""
    spec = with_engine(example_project(tmp_path, False, True))
    marker = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", SLOW_QUERY, str(marker), "build", str(spec)], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    assert marker.exists(), child.communicate(timeout=10)
    time.sleep(0.3)  # inside the query
    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    assert child.returncode == code, err
    assert [line for line in err.splitlines() if not line.startswith("warning")] == [f"{word}; no deck written"]


def test_a_csv_duckdb_cannot_load_is_one_located_line(tmp_path, monkeypatch):
    """Loading the CSV into the temporary database can fail (here a full disk, as DuckDB reports it): one line
    at data.responses saying where and what to do, not an internal error."""
    spec = example_project(tmp_path, False, False)
    import duckdb

    real = duckdb.connect

    class Full:
        def __init__(self, path):
            self.con = real(path)

        def execute(self, sql):
            if sql.startswith("CREATE TABLE"):
                raise duckdb.IOException("IO Error: Could not write file: No space left on device")
            return self.con.execute(sql)

    monkeypatch.setattr(duckdb, "connect", Full)
    with pytest.raises(InputError) as raised:
        DuckDBTabulator(open_project(spec))
    assert raised.value.key == "data.responses" and raised.value.location.line
    assert "No space left on device" in raised.value.message and "TMPDIR" in raised.value.message
    assert "\n" not in raised.value.message
