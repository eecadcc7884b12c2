"""Every page opens by its public URL in a real browser, shows the right content under
the one st.navigation sidebar, and shows no error."""
import re
from pathlib import Path

import pytest

ROUTES = {
    "/": "Probation inspection ratings, England and Wales",
    "/league-table": "League",
    "/map": "Map",
    "/area": "Area",
    "/compare": "Compare",
    "/trends": "Trends",
    "/follow-up": "Follow",
    "/methods": "Methods and sources",
    "/add-data": "Add data",
    "/prison-work": "Prison",
    "/data": "data",
}
# one sidebar link per st.Page registered in app.py
NAV_LINKS = len(re.findall(r"st\.Page\(", (Path(__file__).resolve().parents[2] / "app.py").read_text()))


@pytest.mark.parametrize("path", list(ROUTES))
def test_deep_link_renders_its_page(open_page, path):
    page = open_page(path)
    heading = page.locator("h1").first.inner_text()
    assert ROUTES[path].lower() in heading.lower()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"] a').count() == NAV_LINKS
    # the current page is marked in the navigation
    assert page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]').count() <= 1


def test_overview_period_link_reproduces_view(open_page):
    page = open_page("/?period=crc-nps-2019")
    assert "HMIP published 1 more rating(s)" in page.inner_text("body")
    body = page.inner_text("body")
    assert "Durham Tees Valley CRC" in body and "Thames Valley CRC" in body


def test_unknown_period_shows_message_not_traceback(open_page):
    page = open_page("/?period=nonsense")
    body = page.inner_text("body")
    assert 'Unknown period "nonsense"' in body
    assert "Traceback" not in body


SIDEWAYS = """() => {
    // the document and Streamlit's scrolling main column: neither may scroll sideways (a wide
    // table scrolls inside its own box instead)
    const main = document.querySelector('[data-testid="stMain"]');
    return Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    main ? main.scrollWidth - main.clientWidth : 0);
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", [*ROUTES, "/area?org=pdu-n54cle", "/league-table?period=crc-nps-2019",
                                  "/compare?view=orgs&orgs=crc-c03,nps-n02"])
def test_no_page_level_sideways_scroll(open_page, path, width):
    page = open_page(path, width=width)
    assert page.evaluate(SIDEWAYS) <= 1
