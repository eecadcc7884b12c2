"""In a real browser: an area profile deep link and the trends page draw their charts and
tables, keep state in the URL, and fit a 375 px screen."""


def _overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_profile_deep_link(open_page):
    page = open_page("/area?org=pdu-n54cle")
    body = page.inner_text("body")
    assert "Redcar, Cleveland and Middlesbrough" in body
    assert "Who covered this area before June 2021" in body and "Durham Tees Valley CRC" in body
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=30000)
    # the predecessor links open that organisation's profile
    link = page.locator('a[href="area?org=crc-c03"]').first
    assert link.count() == 1
    assert page.locator('[data-testid="stDownloadButton"]').count() >= 3


def test_trends_page_draws_bars_with_framework_markers(open_page):
    page = open_page("/trends?by=provider")
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 4  # one per provider type with ratings
    text = charts.first.inner_text()
    assert "2018 framework" in text and "n=16" in text  # CRC round 1: 5 published in 2018, 16 in 2019
    assert "by=provider" in page.url


def test_trends_fits_a_narrow_screen(open_page):
    page = open_page("/trends", width=375)
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=30000)
    assert _overflow(page) <= 1
