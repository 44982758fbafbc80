"""SQL engines: table queries answered by SQL where the respondents' rows are, only aggregates coming back.

:mod:`.tabulator` writes each table's query once (DuckDB's dialect, portable forms), :mod:`.predicates`
turns filters into SQL, :mod:`.sources` runs it on DuckDB over the respondent file or on a database
(``data.connection``), and :mod:`.support` says beforehand what none of them can yet tabulate.
Importing this package imports neither duckdb nor sqlglot.
"""
