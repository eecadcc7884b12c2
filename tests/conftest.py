"""Shared fixtures: a database built fresh from data/ for this test session.

The app and the queries read ``PROBATION_DB``; pointing it at a session-built file means
tests never depend on (or disturb) a database a developer built by hand.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from explorer import build, config, db

ROOT = Path(__file__).resolve().parents[1]
SHARED_GEO = ROOT.parent / "shared" / "geo"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "probation.duckdb"
    build.build(ROOT / "data", path)
    return path


@pytest.fixture(scope="session", autouse=True)
def _use_session_db(built_db):
    old = os.environ.get("PROBATION_DB")
    os.environ["PROBATION_DB"] = str(built_db)
    yield
    if old is None:
        os.environ.pop("PROBATION_DB", None)
    else:
        os.environ["PROBATION_DB"] = old


@pytest.fixture(scope="session")
def con(built_db):
    connection = db.connect(built_db)
    yield connection
    connection.close()


def copy_data(base: Path) -> Path:
    """A private copy of data/ (CSV files only) in ``base/data``, for a test to change."""
    target = base / "data"
    target.mkdir()
    for csv_file in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


def hold_back(data: Path, inspection_id: str) -> tuple[str, str]:
    """Remove one real inspection row from a copy of data/; returns (header, row) to import it back."""
    lines = (data / "inspections.csv").read_text().splitlines(keepends=True)
    row = next(line for line in lines if line.startswith(inspection_id + ","))
    (data / "inspections.csv").write_text("".join(line for line in lines if line != row))
    return lines[0], row


def half_committed_import(folder: Path) -> bytes:
    """Leave ``folder`` as a killed import would: journal written, inspections.csv already
    replaced by its new version (a MADE-UP extra row), the old one kept as the backup.
    Returns the file's bytes from before."""
    import json
    import os

    from explorer import journal
    before = (folder / "inspections.csv").read_bytes()
    txn = journal.Transaction(folder, "imp-killed")
    txn.stage_bytes(folder / "inspections.csv", before + b"half,done\n")
    txn.entries[0]["existed"] = True
    os.link(folder / "inspections.csv", folder / Path(txn.entries[0]["backup"]).name)
    (folder / journal.JOURNAL).write_text(json.dumps({"tag": "imp-killed", "entries": txn.entries}))
    os.replace(txn.entries[0]["staged"], folder / "inspections.csv")
    return before


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (CSV files only) that a test may damage."""
    return copy_data(tmp_path)


def pytest_report_header():
    return f"data: {config.data_dir()}  shared geo: {'present' if SHARED_GEO.exists() else 'absent'}"
