"""Lint is part of the suite: ruff for the Python (rules in ruff.toml) and sqlfluff for every
query in queries/ (DuckDB dialect, rules in .sqlfluff). A finding fails the run with the
linter's own report, file and line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_python_is_ruff_clean():
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_queries_are_sqlfluff_clean():
    result = _run(str(BIN / "sqlfluff"), "lint", "queries", "--disable-progress-bar", "--nocolor")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_see_real_problems(tmp_path):
    """The two gates can fail: each reports a planted problem (in a copy, never in the tree)."""
    bad_py = tmp_path / "bad.py"
    bad_py.write_text("import os\n")
    ruff = _run(str(BIN / "ruff"), "check", "--no-cache", "--config", str(ROOT / "ruff.toml"), str(bad_py))
    assert ruff.returncode == 1 and "F401" in ruff.stdout
    bad_sql = tmp_path / "bad.sql"
    bad_sql.write_text("select a,b from t where x = $programme\n")
    fluff = _run(str(BIN / "sqlfluff"), "lint", "--config", str(ROOT / ".sqlfluff"), "--nocolor", str(bad_sql))
    assert fluff.returncode == 1 and "LT01" in fluff.stdout + fluff.stderr
