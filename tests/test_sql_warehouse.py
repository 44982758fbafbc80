"""data.connection: the SQL tabulator on a database's table gives the NumPy tabulator's tables.

The second engine here is SQLite (the standard library's driver, through SQLAlchemy): the property tests'
generated projects and the worked example are loaded into an SQLite file, and every table is compared
with the NumPy tabulator's over the CSV and DuckDB's over the same file. The SQL is DuckDB's, rewritten
by sqlglot; every query the example asks is also rewritten for each dialect a connection may name
without sqlglot finding anything it cannot say. The errors: a missing variable, a credential in the
spec, an unknown or mismatched dialect, a missing table or column, a missing driver.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")
pytest.importorskip("sqlalchemy")

from deckgen.data import open_project, open_survey  # noqa: E402
from deckgen.errors import InputError  # noqa: E402
from deckgen.stats.duckdb_tabulator import DatabaseTabulator, DuckDBTabulator  # noqa: E402
from deckgen.stats.query import TableQuery  # noqa: E402
from deckgen.stats.sql.sources import DIALECTS, translate  # noqa: E402
from test_duckdb_tabulator import EXAMPLE_FILTERS, compare_all, example_project, write_case_spec  # noqa: E402
from test_properties import cases, write_case  # noqa: E402

ENV = "DECKGEN_TEST_DATABASE"


def to_sqlite(csv: Path, db: Path, table: str = "responses") -> None:
    """The respondent file as a table: integers stay integers (blanks NULL), decimals REAL, text TEXT."""
    frame = pd.read_csv(csv, dtype_backend="numpy_nullable")
    with sqlite3.connect(db) as con:
        frame.to_sql(table, con, index=False)
    con.close()


def database_spec(spec: Path, **data) -> Path:
    """A copy of *spec* whose respondents are the table 'responses' of the database in $DECKGEN_TEST_DATABASE."""
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["data"].pop("responses")
    doc["data"].pop("engine", None)
    doc["data"].update(table="responses", connection={"dialect": "sqlite", "env": ENV}, **data)
    path = spec.with_name("warehouse.yaml")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def in_sqlite(spec: Path, monkeypatch, csv: str = "data.csv") -> Path:
    db = spec.parent / "survey.db"
    to_sqlite(spec.parent / csv, db)
    monkeypatch.setenv(ENV, f"sqlite:///{db}")
    return database_spec(spec)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_generated_projects_give_identical_tables_on_three_engines(tmp_path_factory, monkeypatch, case):
    folder = tmp_path_factory.mktemp("warehouse")
    spec = write_case(case, folder)
    filters = [None] + [s["filter"] for s in case.slides if "filter" in s]
    try:
        project = open_project(spec)
        open_survey(project)
    except InputError:
        return  # a project the default engine refuses too
    warehouse = in_sqlite(spec, monkeypatch)
    try:
        sqlite_tab = DatabaseTabulator(open_project(warehouse))
    except InputError as exc:  # the same refusal as over the file (no respondent weighs anything: never)
        with pytest.raises(InputError) as raised:
            DuckDBTabulator(project)
        assert raised.value.message == exc.message
        return
    compare_all(spec, filters, others=[DuckDBTabulator(project), sqlite_tab])


@pytest.mark.parametrize("weight", [False, True])
def test_example_tables_identical_on_sqlite(tmp_path, monkeypatch, weight):
    """Singles, multis (routed too), the grid, numeric, by, Total, weights, NETs and filters."""
    spec = example_project(tmp_path, weight, False)
    warehouse = in_sqlite(spec, monkeypatch, "data/responses.csv")
    sqlite_tab = DatabaseTabulator(open_project(warehouse))
    project = open_project(spec)
    nets = (("Båda", tuple(list(project.codebook.questions["org_type"].labels.values())[:2])),)
    filters = [None, "org_type == 'Kommun'", "not (uses_social == 'Ja') or size is missing", "media_facebook == 1"]
    assert compare_all(spec, filters, nets, "org_type", others=[sqlite_tab]) > 200


def test_every_query_of_the_example_says_the_same_in_every_dialect(tmp_path):
    """What the tabulator asks (recorded from DuckDB) is rewritten for each dialect with nothing sqlglot
    cannot say (it raises rather than write SQL that means something else); NaN tests follow the dialect."""
    import sqlglot
    spec = example_project(tmp_path, True, False)
    project = open_project(spec)
    tab = DuckDBTabulator(project)
    asked: list[str] = []
    run = tab.source.rows
    tab.source.rows = lambda sql: asked.append(sql) or run(sql)
    compare_all(spec, EXAMPLE_FILTERS[1:3], others=[tab])
    asked = list(dict.fromkeys(asked))  # each query once (a table's two sorts ask the same)
    assert len(asked) > 20 and any("isnan(" in sql for sql in asked)
    for dialect in DIALECTS:
        relation = sqlglot.exp.to_table("survey.responses", dialect=dialect)
        for sql in asked:
            written = translate(sql, dialect, relation)
            assert "responses" in written and " src " not in written
            if dialect == "sqlite":
                assert "ISNAN" not in written.upper()  # SQLite has no NaN: stored as NULL


def located(raised, key: str) -> None:
    assert raised.value.key == key, raised.value
    assert raised.value.location is not None and raised.value.location.line
    assert "\n" not in raised.value.message


@pytest.fixture
def small(tmp_path, monkeypatch) -> Path:
    spec = write_case_spec(tmp_path, {"kind": "chart", "question": "org", "chart": "bar"})
    return in_sqlite(spec, monkeypatch)


def test_small_project_on_sqlite(small):
    """The small project's three respondents: org 1, 2, 1 (counted by hand from its data.csv)."""
    table = DatabaseTabulator(open_project(small)).table(TableQuery("org"))
    assert list(table.counts[:, 0]) == [2.0, 1.0] and table.total_base == 3


def test_missing_variable_is_located(small, monkeypatch):
    monkeypatch.delenv(ENV)
    with pytest.raises(InputError) as raised:
        DatabaseTabulator(open_project(small))
    located(raised, "data.connection.env")
    assert ENV in raised.value.message and "not set" in raised.value.message


@pytest.mark.parametrize("connection,words", [
    ({"dialect": "sqlite", "env": ENV, "password": "hunter2"}, "'password' would put a credential in the spec"),
    ({"dialect": "sqlite", "env": ENV, "url": "sqlite:///x.db"}, "'url' would put a credential in the spec"),
    ({"dialect": "sqlite", "env": "postgresql://me:hunter2@db/survey"}, "not the URL"),
    ({"dialect": "oracle", "env": ENV}, "'oracle' is not allowed; expected one of 'sqlite'"),
])
def test_credentials_and_unknown_dialects_in_the_spec_are_located(small, connection, words):
    doc = yaml.safe_load(small.read_text(encoding="utf-8"))
    doc["data"]["connection"] = connection
    small.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        open_project(small)
    assert words in raised.value.message and "hunter2" not in raised.value.message
    assert raised.value.location is not None and raised.value.location.line


@pytest.mark.parametrize("data,key,words", [
    ({"table": "respondents"}, "data.table", "table 'respondents' is not in the database (did you mean 'responses'"),
    ({"connection": {"dialect": "postgres", "env": ENV}}, "data.connection.dialect", "is a sqlite database"),
    ({"weighting": {"targets": {"org": {"A": 0.5, "B": 0.5}}}}, "data.connection",
     "the sqlite connection does not yet tabulate rim weighting"),
])
def test_database_errors_are_located(small, data, key, words):
    doc = yaml.safe_load(small.read_text(encoding="utf-8"))
    doc["data"].update(data)
    small.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        DatabaseTabulator(open_project(small))
    located(raised, key)
    assert words in raised.value.message


def test_missing_column_points_at_the_question(small):
    book = small.parent / "questions.yaml"
    doc = yaml.safe_load(book.read_text(encoding="utf-8"))
    doc["questions"]["org"]["column"] = "organisation"
    book.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        DatabaseTabulator(open_project(small)).table(TableQuery("org"))
    located(raised, "questions.org.column")
    assert "column 'organisation' is not in table 'responses'" in raised.value.message


def test_a_url_without_its_driver_is_located_and_not_repeated(small, monkeypatch):
    from importlib.util import find_spec
    if find_spec("trino") is not None:
        pytest.skip("the trino driver is installed here")
    doc = yaml.safe_load(small.read_text(encoding="utf-8"))
    doc["data"]["connection"]["dialect"] = "trino"
    small.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv(ENV, "trino://me:hunter2@example.invalid:443/hive/survey")
    with pytest.raises(InputError) as raised:
        DatabaseTabulator(open_project(small))
    located(raised, "data.connection.env")
    assert "hunter2" not in raised.value.message and "driver" in raised.value.message


def test_respondent_count_and_quotes_refused(small):
    """The deck's respondent count comes from the table; quotes need a respondent file, refused at the slide."""
    from deckgen.stats.duckdb_tabulator import first_gap
    assert DatabaseTabulator(open_project(small)).respondents() == 3
    doc = yaml.safe_load(small.read_text(encoding="utf-8"))
    doc["slides"].append({"kind": "quotes", "question": "org"})
    small.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    book = small.parent / "questions.yaml"
    codebook = yaml.safe_load(book.read_text(encoding="utf-8"))
    codebook["questions"]["org"] = {"type": "text", "text": "Org"}
    codebook["questions"]["org_code"] = {"type": "single", "text": "Org", "column": "org", "labels": {1: "A", 2: "B"}}
    book.write_text(yaml.safe_dump(codebook, sort_keys=False), encoding="utf-8")
    doc["slides"][0]["question"] = "org_code"
    small.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    what, where = first_gap(open_project(small))
    assert what.startswith("quotes slides") and where.line


def test_a_column_neither_numbers_nor_text_is_located(tmp_path, monkeypatch):
    spec = write_case_spec(tmp_path, {"kind": "chart", "question": "org", "chart": "bar"})
    db = tmp_path / "survey.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE responses (org DATE, ch_a INTEGER, ch_b INTEGER, n_staff REAL)")
        con.execute("INSERT INTO responses VALUES ('2024-01-01', 1, 2, 3.0)")
    con.close()
    monkeypatch.setenv(ENV, f"sqlite:///{db}")
    with pytest.raises(InputError) as raised:
        DatabaseTabulator(open_project(database_spec(spec))).table(TableQuery("org"))
    located(raised, "questions.org.column")
    assert "neither numbers nor text" in raised.value.message


def test_a_deck_built_from_the_database_is_the_deck_built_from_the_file(tmp_path, monkeypatch):
    """The whole build on a database's table: the same deck, byte for byte, as from the file in memory
    (the example's slides an SQL engine can compute; its quotes slide reads rows, which stay in the database)."""
    import zipfile

    from deckgen.build import build
    from test_engine_choice import only_supported_slides

    spec = example_project(tmp_path, True, False)
    only_supported_slides(spec)
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["slides"] = [s for s in doc["slides"] if s.get("kind") != "quotes"]
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    in_memory = build(spec, tmp_path / "memory.pptx")
    warehouse = in_sqlite(spec, monkeypatch, "data/responses.csv")
    stages = []
    from_database = build(warehouse, tmp_path / "database.pptx", on_stage=stages.append)
    assert "scanning" in [s.name for s in stages]
    assert from_database.warnings == in_memory.warnings
    a, b = zipfile.ZipFile(tmp_path / "memory.pptx"), zipfile.ZipFile(tmp_path / "database.pptx")
    differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
    # weighted shares are summed in another order by SQL: their last bits may differ, nothing else
    assert differ and all(n.startswith(("ppt/charts/chart", "ppt/embeddings/")) for n in differ)
    for name in (n for n in differ if n.endswith(".xml")):
        x, y = (re.split(r"<c:v>([^<]*)</c:v>", z.read(name).decode("utf-8")) for z in (a, b))
        assert x[0::2] == y[0::2], name  # the XML around the values
        for p, q in zip(x[1::2], y[1::2]):
            assert p == q or float(p) == pytest.approx(float(q), rel=1e-12), (name, p, q)
