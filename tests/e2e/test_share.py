"""Copy link and Cite this, on every page, in a real browser: the copied link is the view as
it is now (page and every URL parameter), and the citation names the data version, when the
data was last updated and the same link."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.test_routes import ROUTES

VIEWS = [*ROUTES, "/league-table?period=crc-nps-2019&provider=crc", "/area?place=Brighton"]


@pytest.fixture(scope="module")
def clipboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def same_view(a: str, b: str) -> bool:
    x, y = urlsplit(a), urlsplit(b)
    return (x.netloc, x.path.rstrip("/"), parse_qs(x.query)) == (y.netloc, y.path.rstrip("/"), parse_qs(y.query))


@pytest.mark.parametrize("path", VIEWS)
def test_copy_link_and_cite_this(server, clipboard_page, path):
    page = clipboard_page
    page.goto(server + path)
    wait_idle(page)
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert same_view(copied, page.url), (copied, page.url)

    page.get_by_text("Cite this", exact=True).click()
    cite = page.locator("#pret-cite").inner_text()
    assert copied in cite and "Data version" in cite and "Newest publication in our data" in cite
    page.get_by_role("button", name="Copy citation").click()
    page.get_by_role("status").filter(has_text="Citation copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == cite


def test_link_follows_a_changed_filter(server, clipboard_page):
    page = clipboard_page
    page.goto(server + "/league-table?period=crc-nps-2019")
    wait_idle(page)
    page.get_by_role("link", name="Overall rating").first.wait_for()
    # sort by a standard through its header link: the copied link then carries sort=…
    header = page.locator("#league-table thead th a").nth(1)
    header.click()
    wait_idle(page)
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "sort=" in copied and "period=crc-nps-2019" in copied and same_view(copied, page.url)
