"""Public-sector hygiene in a real browser: no request from a visitor's browser leaves this site,
every response carries the security headers, and a deep link with an extra segment opens a page
instead of a blank screen."""
from __future__ import annotations

import urllib.request

from .conftest import ROOT, wait_idle

PAGES = ["/", "/league-table", "/map", "/area?org=crc-c03", "/trends", "/follow-up", "/methods"]


def test_no_request_leaves_the_site(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    elsewhere = []
    page.on("request", lambda r: elsewhere.append(r.url)
            if not r.url.startswith((server, "data:", "blob:")) else None)
    for path in PAGES:
        page.goto(server + path)
        wait_idle(page)
    assert elsewhere == []
    page.close()


def test_charts_draw_under_the_content_security_policy(open_page):
    page = open_page("/trends")
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_security_headers(server):
    with urllib.request.urlopen(server + "/", timeout=10) as response:
        headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_deep_link_with_an_extra_segment_opens_its_page(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/area/crc-c03")
    wait_idle(page)
    assert page.url.endswith("/area")
    page.get_by_role("heading", name="Area profile").wait_for()
    page.close()


def test_every_page_has_its_own_browser_title(server, browser):
    import re

    app = (ROOT / "app.py").read_text()
    paths = ["/"] + ["/" + p for p in re.findall(r'url_path="([a-z-]+)"', app)]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    titles = {}
    for path in paths:
        page.goto(server + path)
        wait_idle(page)
        titles[path] = page.title()
    page.close()
    assert len(set(titles.values())) == len(paths), titles
    assert all(t.endswith("· Probation Ratings Explorer") for t in titles.values())
