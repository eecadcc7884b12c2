"""Database access: named SQL files from queries/, parameters only.

Every statement lives in ``queries/<name>.sql`` with a header comment. Python never
assembles SQL text: it loads a file by name and passes a dict of named parameters
(``$name`` in the SQL). A parameter mismatch is an error, not a silent NULL.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import duckdb
import pandas as pd

from explorer import config

_PARAM = re.compile(r"(?<![\w$:])\$([A-Za-z_]\w*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryError(Exception):
    """A query was called with the wrong parameters, or does not exist."""


@functools.cache
def load_sql(name: str) -> str:
    """Text of ``queries/<name>.sql`` (``name`` may include a sub-folder, e.g. ``build/schema``)."""
    if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)?", name):
        raise QueryError(f"bad query name: {name!r}")
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def example_params(name: str) -> list[dict]:
    """Example parameter sets from the query's header (``-- Example: {json}`` lines).

    Tests run every query with each example, so a new query is exercised just by being
    written with its examples."""
    examples = []
    for line in load_sql(name).splitlines():
        if line.startswith("-- Example:"):
            examples.append(json.loads(line.split(":", 1)[1]))
    return examples or [{}]


@functools.cache
def query_params(name: str) -> frozenset[str]:
    """Named parameters a query expects (``$name`` outside comments)."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", load_sql(name))))


def list_queries() -> list[str]:
    """Names of the app's queries (the build/ folder is excluded)."""
    return sorted(p.stem for p in Path(config.QUERIES_DIR).glob("*.sql"))


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the built database (read-only by default: the app never writes)."""
    path = Path(path or config.db_path())
    if not path.exists():
        raise FileNotFoundError(f"database {path} not found: run `make db` (python -m explorer.build) first")
    return duckdb.connect(str(path), read_only=read_only)


def _check_params(name: str, params: dict) -> None:
    expected = query_params(name)
    given = frozenset(params)
    if given != expected:
        missing = ", ".join(sorted(expected - given)) or "none"
        extra = ", ".join(sorted(given - expected)) or "none"
        raise QueryError(f"query {name!r}: missing parameters: {missing}; unexpected: {extra}")


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query with exactly its parameters, on its own cursor.

    DuckDB connections are not thread-safe; a cursor per query lets Streamlit's
    script threads share one cached connection.
    """
    _check_params(name, params)
    cur = con.cursor()
    try:
        return cur.execute(load_sql(name), params or None).df()
    finally:
        cur.close()


def run_arrow(con: duckdb.DuckDBPyConnection, name: str, **params):
    """Like ``run``, but the result as a pyarrow Table with the database's exact column types
    (dates stay dates, whole numbers with blanks stay whole numbers): for the data downloads."""
    _check_params(name, params)
    cur = con.cursor()
    try:
        return cur.sql(load_sql(name), params=params or None).to_arrow_table()
    finally:
        cur.close()
