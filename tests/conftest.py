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


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (CSV files only) that a test may damage."""
    target = tmp_path / "data"
    target.mkdir()
    for csv_file in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


def pytest_report_header():
    return f"data: {config.data_dir()}  shared geo: {'present' if SHARED_GEO.exists() else 'absent'}"
