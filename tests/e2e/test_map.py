"""The map page in a real browser: the hex map draws one hexagon per unit with labels and a
legend, hovering shows a tooltip, selecting offers the area profile link; with boundaries
(PROBATION_BOUNDARIES → ../shared/geo) the geographic map draws. Screenshots are saved
under pytest's tmp dir (never committed)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import ROOT, start_server, stop_server, wait_idle

GEO_DIR = Path(os.environ.get("PROBATION_GEO_DIR", ROOT.parent / "shared" / "geo"))


def _shot(page, tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("screenshots")
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
    return path


def test_hex_map_draws_every_pdu_with_legend_and_tooltip(open_page, tmp_path_factory):
    page = open_page("/map")
    # a second visit: on a server's very first run of the map the figure is drawn once more after
    # the page settles, which drops plotly's hover state under a pointer that is already there
    page.reload()
    wait_idle(page)
    chart = page.locator('[data-testid="stPlotlyChart"]')
    chart.locator(".main-svg").first.wait_for()
    text = chart.inner_text()
    for word in ("Outstanding", "Good", "Requires improvement", "Inadequate", "Region boundary"):
        assert word in text
    labels = chart.locator("g.textpoint")
    assert labels.count() == 112
    # hover the first hexagon's centre (scrolled into view first): the tooltip names the PDU and
    # its rating state
    labels.first.scroll_into_view_if_needed()
    box = labels.first.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.locator("g.hoverlayer g.hovertext").first.wait_for(timeout=10000)
    tip = page.locator("g.hoverlayer").text_content()
    assert "Region:" in tip and "Overall rating:" in tip
    # select it as a hand does: rest on the point, press, release (plotly selects the hovered
    # point; an instant click can reach it before its hover state has settled)
    page.wait_for_timeout(500)
    page.mouse.move(*centre)
    page.mouse.down()
    page.wait_for_timeout(80)
    page.mouse.up()
    wait_idle(page)
    link = page.get_by_role("link", name="Open the area profile for")
    link.wait_for(timeout=15000)
    assert "org=pdu-" in link.get_attribute("href")
    assert page.locator('[data-testid="stException"]').count() == 0
    _shot(page, tmp_path_factory, "hex-pdu")


def test_pfa_hex_map_at_phone_width(open_page, tmp_path_factory):
    page = open_page("/map?level=pfa&period=crc-nps-2018&colour=overall", width=375)
    chart = page.locator('[data-testid="stPlotlyChart"]')
    chart.locator(".main-svg").first.wait_for()
    assert chart.locator("g.textpoint").count() == 43
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    _shot(page, tmp_path_factory, "hex-pfa-375")


@pytest.fixture(scope="module")
def geo_server(built_db, tmp_path_factory):
    """A second server whose PROBATION_BOUNDARIES points at the reference ONS copies."""
    if not GEO_DIR.exists():
        pytest.fail(f"ONS reference boundaries not found at {GEO_DIR}: set PROBATION_GEO_DIR")
    url, proc, log = start_server(built_db, tmp_path_factory.mktemp("geo-server") / "streamlit.log",
                                  {"PROBATION_BOUNDARIES": str(GEO_DIR)})
    yield url
    stop_server(proc, log)


def test_geographic_map_renders_from_boundaries(geo_server, browser, tmp_path_factory):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(geo_server + "/map?kind=geo&level=pfa&provider=nps_division")
        wait_idle(page, timeout=60000)
        chart = page.locator('[data-testid="stPlotlyChart"]')
        chart.locator(".main-svg").first.wait_for()
        # seven filled NPS division areas, each its own path, plus the legend
        assert chart.locator("g.scatterlayer path.js-fill").count() >= 7
        assert "Good (" in chart.inner_text()
        assert "Office for National Statistics" in page.inner_text("body")
        assert page.locator('[data-testid="stException"]').count() == 0
        _shot(page, tmp_path_factory, "geo-nps")
    finally:
        page.close()
