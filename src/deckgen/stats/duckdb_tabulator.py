"""The SQL tabulators by where the rows are: DuckDB over the respondent file, or a database connection.

For data too large to hold in memory (``data.engine: duckdb``) or kept in a warehouse
(``data.connection``). Both are :class:`~deckgen.stats.sql.tabulator.SQLTabulator` over another source
of rows; :func:`refusal` tells, from the spec alone, the first thing in a project they cannot yet
tabulate (see :mod:`deckgen.stats.sql`).
"""

from __future__ import annotations

from .sql.sources import Database, DuckDBFile
from .sql.support import first_gap, refusal
from .sql.tabulator import SQLTabulator

__all__ = ["DatabaseTabulator", "DuckDBTabulator", "first_gap", "refusal"]


class DuckDBTabulator(SQLTabulator):
    """Tables as SQL that DuckDB runs over the ``.csv`` or ``.parquet`` file itself, out of core."""

    def __init__(self, project):
        super().__init__(project, lambda: DuckDBFile(project))


class DatabaseTabulator(SQLTabulator):
    """Tables as SQL that the database of ``data.connection`` runs over ``data.table``."""

    def __init__(self, project):
        super().__init__(project, lambda: Database(project))
