"""The very first request to a freshly started server is a deep link, and it still gets
the one st.navigation router (no legacy pages/ sidebar, no "Page not found" dialog)."""
import re
from pathlib import Path

import pytest

from .conftest import start_server, stop_server, wait_idle


@pytest.mark.parametrize("path", ["/league-table", "/map"])
def test_deep_link_as_first_request(browser, built_db, tmp_path, path):
    url, proc, log = start_server(built_db, tmp_path / "server.log")
    try:
        page = browser.new_page()
        page.goto(url + path)
        wait_idle(page)
        assert "Page not found" not in page.inner_text("body")
        # one link per st.Page in app.py (the st.navigation sidebar, not the legacy pages/ one)
        pages = len(re.findall(r"st\.Page\(", (Path(__file__).resolve().parents[2] / "app.py").read_text()))
        assert page.locator('[data-testid="stSidebarNav"] a').count() == pages
        assert page.url.endswith(path)
        page.close()
    finally:
        stop_server(proc, log)
