"""Fresh data in a running server: a rebuild by another process (the import CLI, its undo) is
served by the already-running server on the next page load, never the old build it had open.

A server of its own on a tmp copy of data/, from which one real row (Dyfed Powys, 2025) is held
back and then imported through the CLI while the server runs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from explorer import build, imports
from tests.conftest import copy_data, hold_back

from .conftest import ROOT, start_server, stop_server, wait_idle

ROW_ID = "p2-wal-dyfedpowys"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    base = tmp_path_factory.mktemp("fresh")
    data = copy_data(base)
    header, row = hold_back(data, ROW_ID)
    (base / "dyfed.csv").write_text(header + row)
    db_path = base / "probation.duckdb"
    build.build(data, db_path)
    url, proc, log = start_server(db_path, base / "streamlit.log", {"PROBATION_DATA_DIR": str(data)})
    yield url, base, data, db_path
    stop_server(proc, log)


def _cli(data, db_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer.imports", "--data", str(data), "--db", str(db_path),
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _version(page) -> str:
    text = page.inner_text("body")
    return text.split("Data version ", 1)[1].split(",", 1)[0]


def test_a_cli_import_and_undo_reach_the_running_server(live, browser):
    url, base, data, db_path = live
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/area?org=pdu-wptwes")
    wait_idle(page)
    before = _version(page)
    assert "2025-10-28" not in page.inner_text("body")

    done = _cli(data, db_path, "add", str(base / "dyfed.csv"), "--table", "inspections", "--by", "e2e", "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    page.reload()
    wait_idle(page)
    assert "2025-10-28" in page.inner_text("body")  # the new row, from the new build
    after = _version(page)
    assert after != before  # and the page says which build it serves

    import_id = imports.read_log(data)[-1]["import_id"]
    undone = _cli(data, db_path, "undo", import_id, "--by", "e2e", "--yes")
    assert undone.returncode == 0, undone.stdout + undone.stderr
    page.goto(url + "/area?org=pdu-wptwes")
    wait_idle(page)
    assert "2025-10-28" not in page.inner_text("body")
    assert _version(page) == before  # the same data again: the same version
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
