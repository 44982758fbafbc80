"""Where the SQL tabulator's rows come from: DuckDB over the respondent file, or a database's table.

Both run the tabulator's SQL - written once, in DuckDB's dialect, over a relation called ``src`` - and
say what kind each column is (text, floating point, other numbers), which is all the tabulator needs to
know of a schema. A database gets the SQL rewritten by :mod:`sqlglot` into its own dialect, ``src``
replaced by its table, and NaN tests only where its floats can hold NaN.

Credentials never pass through the spec: ``data.connection`` names an environment variable, and the URL
(with any user, password or token) is read from it here, used to connect, and never repeated in a
message.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from ...errors import InputError, did_you_mean
from .predicates import literal

TEXT, FLOAT, NUMBER, OTHER = "text", "float", "number", "other"


class Source(Protocol):
    """Rows for the SQL tabulator."""

    label: str  # where the columns are, for messages: "responses.csv", "table 'survey.responses'"
    kinds: dict[str, str]  # column -> TEXT | FLOAT | NUMBER | OTHER
    grouping_sets: bool  # whether it runs GROUP BY GROUPING SETS: several groupings in one scan

    def rows(self, sql: str) -> list[tuple]:
        """The rows of *sql* (DuckDB's dialect, the respondents as ``src``)."""


def _duckdb_kind(name: str) -> str:
    return TEXT if name == "VARCHAR" else FLOAT if name in ("DOUBLE", "FLOAT") else NUMBER


class DuckDBFile:
    """The respondent ``.csv`` or ``.parquet`` file, read by DuckDB itself, out of core.

    Parquet is queried where it lies: each query reads only its columns. A CSV has to be parsed whole for
    any column, and every table would parse it again (a 1M-row file: 57 s for 21 slides, against 1.2 s from
    Parquet), so it is loaded once into a DuckDB database in a temporary folder (``TMPDIR``), on disk rather
    than in memory, which is removed when the build ends."""

    def __init__(self, project):
        try:
            import duckdb
        except ImportError:
            raise InputError("data.engine: duckdb needs the duckdb package; install it with pip install -e "
                             "'.[duckdb]'", None, "data.engine") from None
        path = Path(project.responses_path)
        self.label = path.name
        self.grouping_sets = True
        if path.suffix.lower() == ".parquet":
            self.con = duckdb.connect()
            self.con.execute(f"CREATE VIEW src AS SELECT * FROM read_parquet({literal(str(path))})")
        else:
            self.folder = tempfile.TemporaryDirectory(prefix="deckgen-")
            try:
                self.con = duckdb.connect(str(Path(self.folder.name) / "responses.duckdb"))
                self.con.execute(f"CREATE TABLE src AS SELECT * FROM read_csv_auto({literal(str(path))}, "
                                 "header = true, sample_size = -1)")
            except duckdb.Error as exc:  # a full disk, or a file DuckDB cannot parse
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise InputError(f"DuckDB could not load {path.name} into its temporary database in "
                                 f"{self.folder.name} ({first}); free space there (or set TMPDIR to a folder with "
                                 "room), or check the file", project.where("data", "responses"),
                                 "data.responses") from None
        self.kinds = {name: _duckdb_kind(str(kind)) for name, kind, *_ in self.con.execute("DESCRIBE src").fetchall()}

    def rows(self, sql: str) -> list[tuple]:
        try:
            return self.con.execute(sql).fetchall()
        except RuntimeError as exc:
            # Ctrl+C or SIGTERM while DuckDB ran: it stops the query and loses the signal's own exception
            if str(exc) == "Query interrupted":
                raise KeyboardInterrupt from None
            raise


#: The dialects a connection may name (sqlglot's names), with the SQLAlchemy dialect names of their URLs.
#: Tested here: duckdb's SQL on sqlite. The others are sqlglot's rewriting of the same portable SQL.
DIALECTS = {"sqlite": ("sqlite",), "duckdb": ("duckdb",), "postgres": ("postgresql",), "trino": ("trino",),
            "snowflake": ("snowflake",), "bigquery": ("bigquery",), "databricks": ("databricks",),
            "spark": ("hive", "spark", "databricks")}

#: Dialects whose floats cannot hold NaN (SQLite stores NaN as NULL), and those testing it by equality.
NO_NAN = ("sqlite",)
NAN_BY_EQUALITY = ("postgres", "snowflake")

#: Dialects without GROUP BY GROUPING SETS: their groupings are a UNION ALL, one scan each.
NO_GROUPING_SETS = ("sqlite",)

#: What each dialect's URL looks like, for the message when the variable is not set.
EXAMPLES = {"sqlite": "sqlite:////data/survey.db", "postgres": "postgresql://user:password@host/database",
            "trino": "trino://user@host:443/catalog/schema", "snowflake": "snowflake://user:password@account/db/schema",
            "bigquery": "bigquery://project/dataset", "databricks": "databricks://token:TOKEN@host?http_path=PATH",
            "duckdb": "duckdb:////data/survey.duckdb", "spark": "hive://host:10000/database"}


def _kind(sql_type) -> str:
    from sqlalchemy import types

    if isinstance(sql_type, types.String):
        return TEXT
    if isinstance(sql_type, (types.Float, types.Numeric)):  # REAL, DOUBLE; DECIMAL's values compared as floats
        return FLOAT
    if isinstance(sql_type, (types.Integer, types.Boolean)):
        return NUMBER
    return OTHER


class Database:
    """The respondents' table (``data.table``) in the database ``data.connection`` names.

    Connects through SQLAlchemy (any database with a SQLAlchemy dialect and DB-API driver) and runs
    each query on the driver's own cursor, after :mod:`sqlglot` has written it in the connection's
    dialect."""

    def __init__(self, project):
        data = project.spec.data
        connection, key = data.connection, "data.connection.env"
        where_env = project.where("data", "connection", "env")
        url = os.environ.get(connection.env, "").strip()
        if not url:
            raise InputError(f"environment variable {connection.env} is not set; set it to the {connection.dialect} "
                             f"database's URL, with any credentials (e.g. {EXAMPLES[connection.dialect]})",
                             where_env, key)
        try:
            import sqlalchemy
            import sqlglot
        except ImportError:
            raise InputError("data.connection needs sqlglot and SQLAlchemy; install them with pip install -e "
                             "'.[warehouse]' (and the database's SQLAlchemy driver)", where_env, key) from None
        self.dialect = connection.dialect
        scheme = url.split(":", 1)[0]
        try:
            engine = sqlalchemy.create_engine(url)
        except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError, ImportError) as exc:
            raise InputError(f"the URL in {connection.env} ({scheme}:...) cannot be opened: {_first_line(exc)}; "
                             f"install the database's SQLAlchemy driver, or check the URL", where_env, key) from None
        if engine.dialect.name not in DIALECTS[self.dialect]:
            raise InputError(f"the URL in {connection.env} is a {engine.dialect.name} database, but "
                             f"data.connection.dialect is {self.dialect}", project.where("data", "connection",
                                                                                          "dialect"),
                             "data.connection.dialect")
        table = data.table
        *schema, name = table.split(".")
        try:
            inspector = sqlalchemy.inspect(engine)
            if not inspector.has_table(name, schema=".".join(schema) or None):
                names = inspector.get_table_names(schema=".".join(schema) or None)
                raise InputError(f"table '{table}' is not in the database{did_you_mean(name, names)}",
                                 project.where("data", "table"), "data.table")
            columns = inspector.get_columns(name, schema=".".join(schema) or None)
            self.raw = engine.raw_connection()
        except sqlalchemy.exc.DBAPIError as exc:
            raise InputError(f"cannot read the database in {connection.env}: {_first_line(exc.orig)}", where_env,
                             key) from None
        self.kinds = {c["name"]: _kind(c["type"]) for c in columns}
        self.label = f"table '{table}'"
        self.grouping_sets = self.dialect not in NO_GROUPING_SETS
        self.relation = sqlglot.exp.to_table(table, dialect=self.dialect)

    def rows(self, sql: str) -> list[tuple]:
        cursor = self.raw.cursor()
        try:
            cursor.execute(translate(sql, self.dialect, self.relation))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()


def translate(sql: str, dialect: str, relation) -> str:
    """*sql* (DuckDB's dialect, over ``src``) in *dialect*, over *relation* (a sqlglot table). What the
    dialect cannot say is an error (sqlglot's UnsupportedError), never SQL that means something else."""
    from sqlglot import exp, parse_one
    from sqlglot.errors import ErrorLevel

    def portable(node):
        if isinstance(node, exp.Table) and node.name == "src" and not node.db:
            return relation.copy()
        if isinstance(node, exp.IsNan) and dialect in NO_NAN:
            return exp.false()
        if isinstance(node, exp.IsNan) and dialect in NAN_BY_EQUALITY:
            return exp.Paren(this=exp.EQ(this=node.this, expression=exp.cast(exp.Literal.string("NaN"), "double")))
        return node

    return parse_one(sql, read="duckdb").transform(portable).sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE)


def _first_line(exc) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
