"""Where things live. Paths can be overridden by environment variables so tests,
benchmarks and imports can point the app at another data folder or database."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"


def data_dir() -> Path:
    """Folder holding the CSV sources of truth (``PROBATION_DATA_DIR`` overrides)."""
    return Path(os.environ.get("PROBATION_DATA_DIR", ROOT / "data"))


def db_path() -> Path:
    """The built DuckDB file (``PROBATION_DB`` overrides)."""
    return Path(os.environ.get("PROBATION_DB", data_dir() / "probation.duckdb"))


def boundaries_dir() -> Path:
    """Where ONS boundary files are looked for (``PROBATION_BOUNDARIES`` overrides).

    ``make boundaries`` downloads into ``boundaries/``; the folder is git-ignored.
    """
    return Path(os.environ.get("PROBATION_BOUNDARIES", ROOT / "boundaries"))
