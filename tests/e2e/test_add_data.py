"""Add data in a real browser: a server of its own on a tmp copy of data/ with an import token;
enter the token, upload a file, see the preview, import, see the row on the Overview, undo."""
from __future__ import annotations

import pytest

from explorer import build, imports
from tests.conftest import copy_data, hold_back

from .conftest import start_server, stop_server, wait_idle

TOKEN = "e2e-token-made-up"


@pytest.fixture(scope="module")
def import_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("imports")
    data = copy_data(base)
    header, row = hold_back(data, "p2-wal-dyfedpowys")
    (base / "dyfed.csv").write_text(header + row)
    db_path = base / "probation.duckdb"
    build.build(data, db_path)
    url, proc, log = start_server(db_path, base / "streamlit.log",
                                  {"PROBATION_DATA_DIR": str(data), imports.TOKEN_ENV: TOKEN})
    yield url, base, data
    stop_server(proc, log)


def test_import_and_undo_in_the_browser(import_server, browser):
    url, base, data = import_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/add-data")
    wait_idle(page)
    assert page.get_by_role("dialog").count() == 0  # one router from the first request (serve.py)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.get_by_label("Import token", exact=True).fill(TOKEN)
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_label("Your name (recorded in the import log)", exact=True).fill("Browser tester")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(base / "dyfed.csv"))
    # wait for the preview itself (a bare "Preview" also matches the page's introduction)
    page.get_by_text("Dyfed Powys: first rated inspection in our data").wait_for(timeout=30000)
    wait_idle(page)
    page.get_by_role("button", name="Import 1 row(s)").click()
    page.get_by_text("Imported 1 row(s) into inspections").wait_for()
    assert "p2-wal-dyfedpowys" in (data / "inspections.csv").read_text()

    overview = browser.new_page(viewport={"width": 1280, "height": 900})
    overview.goto(url + "/")
    wait_idle(overview)
    assert "2025-10-28" in overview.inner_text("body")
    overview.close()

    page.get_by_text("Remove the rows").click()
    wait_idle(page)
    page.get_by_role("button", name="Undo import").click()
    page.get_by_text("removed 1 row(s)").wait_for()
    assert "p2-wal-dyfedpowys" not in (data / "inspections.csv").read_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_read_only_page_at_phone_width(open_page):
    page = open_page("/add-data", width=375)
    body = page.inner_text("body")
    assert "Read-only" in body and imports.TOKEN_ENV not in body  # how to enable is in the README
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
