"""Build data/probation.duckdb from the CSV sources of truth.

Validate every CSV first; if anything is wrong, stop with file, line and reason and leave
any existing database untouched. Otherwise write a new database beside the target and
swap it in with one atomic rename, so a reader never sees a half-built file.

Run: ``python -m explorer.build [--data DIR] [--db FILE] [--check]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from explorer import config, feed, journal
from explorer.db import load_sql
from explorer.validate import SPECS, TABLE_ORDER, Problem, Table, read_data_dir, validate_tables


class BuildError(Exception):
    """Raised with every validation problem found; the message lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{len(problems)} problem(s) in the data; nothing was built:\n{lines}{more}")


def derived_steps() -> list[str]:
    """Derived views and tables, run after the base tables are loaded: every
    ``queries/build/NN_name.sql`` in numeric order (add a file to add a step)."""
    return sorted(p.stem for p in (config.QUERIES_DIR / "build").glob("[0-9][0-9]_*.sql"))


def _frame(table: Table) -> pd.DataFrame:
    """Typed DataFrame of a validated table: blanks become NULL, numbers become numbers."""
    frame = pd.DataFrame(table.rows, columns=table.spec.column_names, dtype=object)
    frame = frame.replace({"": None})
    for col in table.spec.columns:
        if col.kind == "int":
            frame[col.name] = pd.array([None if v is None else int(v) for v in frame[col.name]], dtype="Int64")
        elif col.kind == "float":
            frame[col.name] = pd.array([None if v is None else float(v) for v in frame[col.name]], dtype="Float64")
        elif col.kind == "date":
            frame[col.name] = [None if v is None else dt.date.fromisoformat(v) for v in frame[col.name]]
    return frame


def load_tables(data_dir: Path, today: dt.date | None = None) -> dict[str, Table]:
    """Read and validate every CSV; raise BuildError listing all problems."""
    texts, problems = read_data_dir(data_dir)
    tables, more = validate_tables(texts, today=today)
    problems = sorted(set(problems + more))
    if problems:
        raise BuildError(problems)
    return tables


def data_version(data_dir: Path, replacing: dict[str, bytes] | None = None) -> str:
    """A content hash of the source CSVs: the same data always has the same version, so a
    citation or a download names exactly the data it came from. ``replacing`` (file name →
    bytes) hashes the files an import is about to write instead of those on disk, so a build
    made inside an import carries the version of the data it was built from."""
    replacing = replacing or {}
    digest = hashlib.sha256()
    for name in TABLE_ORDER:
        file = SPECS[name].file
        path = Path(data_dir) / file
        digest.update(file.encode() + b"\0")
        if file in replacing:
            digest.update(replacing[file])
        elif path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def remove_stray_builds(db_path: Path) -> list[Path]:
    """Delete half-written databases a killed build left beside ``db_path`` (``.NAME.*.building``
    and its ``.wal``). Call with the data lock held: every build holds it, so none is running."""
    db_path = Path(db_path)
    if not db_path.parent.exists():
        return []
    strays = [p for p in db_path.parent.iterdir()
              if p.name.startswith(f".{db_path.name}.") and (p.name.endswith(".building")
                                                          or p.name.endswith(".building.wal"))]
    for p in strays:
        p.unlink(missing_ok=True)
    return strays


def write_database(tables: dict[str, Table], target: Path, data_dir: Path,
                   version: str | None = None) -> dict[str, int]:
    """Write all tables into a fresh DuckDB file beside ``target``, then swap it in.
    ``version``: the data version of ``tables`` (default: that of the CSVs in ``data_dir``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".building", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(load_sql("build/schema"))
            for name in TABLE_ORDER:
                frame = _frame(tables[name])
                con.from_df(frame).insert_into(name)
                counts[name] = len(frame)
            for step in derived_steps():
                con.execute(load_sql(f"build/{step}"))
            con.execute(load_sql("build/record_build"),
                        {"built_at": dt.datetime.now(), "data_dir": str(data_dir), "row_counts": json.dumps(counts),
                         "data_version": version or data_version(data_dir)})
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return counts


def build(data_dir: Path | None = None, db_path: Path | None = None, today: dt.date | None = None) -> dict[str, int]:
    """Validate the CSVs in ``data_dir`` and (re)build the database at ``db_path``."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.db_path())
    # The one lock every writer takes (imports, undo, build): a build never reads CSVs an import
    # is half-way through committing, and first rolls back an import that was killed.
    with journal.locked(data_dir):
        journal.recover(data_dir, [db_path.parent])
        remove_stray_builds(db_path)
        tables = load_tables(data_dir, today=today)
        missing = [t for t in TABLE_ORDER if t not in tables]
        if missing:  # pragma: no cover - read_data_dir already reports these as problems
            raise BuildError([Problem(SPECS[t].file, 0, "", "not loaded") for t in missing])
        counts = write_database(tables, db_path, data_dir, version=data_version(data_dir))
        feed.after_build(db_path, data_dir)  # static/feed.xml, the Atom feed of new ratings (explorer/feed.py)
    return counts


def check(data_dir: Path | None = None, today: dt.date | None = None) -> dict[str, Table]:
    """Validate the CSVs (``make check``) under the same lock, after the same recovery."""
    data_dir = Path(data_dir or config.data_dir())
    with journal.locked(data_dir):
        journal.recover(data_dir)
        return load_tables(data_dir, today=today)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder of CSV files (default data/)")
    parser.add_argument("--db", type=Path, default=None, help="database file to write")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    try:
        if args.check:
            check(args.data)
            print("data OK")
            return 0
        counts = build(args.data, args.db)
    except BuildError as err:
        print(err, file=sys.stderr)
        return 1
    target = args.db or config.db_path()
    print(f"built {target}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
