"""WCAG 2.2 AA in a real browser: axe-core on every route, keyboard paths, chart alternatives.

Routes are read from app.py (every ``url_path``), so a page added there is checked without
editing this file. axe-core comes from the project's node_modules (package-lock.json pins
it; ``make test`` runs ``npm ci``); nothing is downloaded here. Every expander is opened
before axe runs, so the tables inside them are checked too. A serious or critical violation
fails unless tests/e2e/axe_known_streamlit.json lists it as Streamlit's own (see
explorer/a11y.py for how that is decided).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from explorer import a11y

from .conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]
APP = (ROOT / "app.py").read_text(encoding="utf-8")
ROUTES = ["/" + path for path in re.findall(r'url_path="([^"]*)"', APP)]
# Views that add elements a bare route does not show: a programme's totals check, and the
# warning for a bad URL value.
STATES = ["/?period=crc-nps-2019", "/?period=nonsense"]

CHARTS = ('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], '
          '[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"], [data-testid="stPyplot"]')

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const testids = (selector) => {
    const ids = [];
    let el = null;
    try { el = document.querySelector(selector); } catch (e) { el = null; }
    for (; el; el = el.parentElement) { if (el.dataset && el.dataset.testid) ids.push(el.dataset.testid); }
    return ids;
  };
  return {version: axe.version, violations: result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, impact: n.impact,
                              testids: testids(n.target[n.target.length - 1])}))}))};
}"""


def open_all_expanders(page) -> int:
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    count = closed.count()
    for _ in range(count):
        closed.first.click()
    if count:
        wait_idle(page)
    return count


def run_axe(page) -> dict:
    page.add_script_tag(path=str(a11y.AXE_JS))
    return page.evaluate(RUN_AXE, list(a11y.AXE_TAGS))


def assert_routed_by_app(page) -> None:
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert any("Methods and sources" in link for link in links), f"not the app's navigation: {links}"


def test_every_page_is_covered():
    pages = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    assert len(ROUTES) == len(pages) and "/" in ROUTES and "/methods" in ROUTES


@pytest.mark.parametrize("path", ROUTES + STATES)
def test_no_serious_axe_violations_and_charts_have_tables(open_page, path):
    page = open_page(path)
    assert_routed_by_app(page)
    open_all_expanders(page)
    known = a11y.load_known()
    for width in (1280, 375):  # desktop, then a phone (the sidebar collapses)
        if width != 1280:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(f"() => window.innerWidth === {width}")
            wait_idle(page)  # let Streamlit re-lay out the page
        result = run_axe(page)
        assert result["version"] == a11y.axe_version()
        verdict = a11y.classify(result["violations"], known)
        assert not verdict.blocking, f"axe-core {result['version']} on {path} at {width}px:\n" + a11y.describe(
            verdict.blocking)
    # After every chart, before the next one, there is a real table with a caption.
    missing = page.evaluate("""(charts) => {
      const items = [...document.querySelectorAll(charts + ', table')];
      const bad = [];
      items.forEach((el, i) => {
        if (el.tagName === 'TABLE') return;
        let ok = false;
        for (const next of items.slice(i + 1)) {
          if (next.tagName !== 'TABLE') break;  // the next chart came first
          if (next.querySelector('caption')) { ok = true; break; }
        }
        if (!ok) bad.push(el.dataset.testid);
      });
      return bad;
    }""", CHARTS)
    assert not missing, f"chart(s) without a table alternative on {path}: {missing}"
    # A coloured rating cell or badge always carries its word.
    assert page.locator("td.rating:empty, .rating-badge:empty").count() == 0


def tab_to(page, js_predicate: str, limit: int = 80) -> int:
    """Press Tab until the focused element satisfies the predicate; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({js_predicate}); }}"):
            return presses
    raise AssertionError(f"{js_predicate} not reached in {limit} presses of Tab")


def test_keyboard_changes_the_period_and_the_url(open_page):
    page = open_page("/")
    tab_to(page, "el.getAttribute('role') === 'combobox' && el.getAttribute('aria-label') === 'Period'")
    page.keyboard.press("ArrowDown")  # open the list
    page.wait_for_selector('[role="listbox"]')
    options = page.locator('[role="listbox"] [role="option"]').all_inner_texts()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('period=')")
    period = parse_qs(urlparse(page.url).query)["period"][0]
    assert period != "latest"
    shown = page.get_by_role("combobox", name="Period").input_value()
    assert shown in options and shown != options[0]
    assert "Overall ratings: " + shown in page.inner_text('[data-testid="stMain"]')


def test_keyboard_skip_link_and_navigation(open_page):
    page = open_page("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.innerText") == "Skip to main content"
    tab_to(page, "el.matches('[data-testid=\"stSidebarNavLink\"]') && el.innerText.includes('Methods')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/methods$"))
    wait_idle(page)
    assert page.locator("h1").first.inner_text().startswith("Methods and sources")


def test_keyboard_reaches_tables_and_opens_expanders(open_page):
    page = open_page("/methods")
    # A wide table scrolls inside a focusable region, so keyboard users can scroll it.
    tab_to(page, "el.getAttribute('role') === 'region' && el.querySelector('table caption')")
    before = page.evaluate("() => document.activeElement.scrollLeft")
    narrow = open_page("/methods", width=375)
    tab_to(narrow, "el.getAttribute('role') === 'region' && el.scrollWidth > el.clientWidth")
    narrow.keyboard.press("ArrowRight")
    narrow.wait_for_function("() => document.activeElement.scrollLeft > 0")
    assert before == 0
    # An expander opens with Enter and shows its table.
    tab_to(page, "el.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stExpander"] details[open] table caption')
