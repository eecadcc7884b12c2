"""The follow-up page in a real browser: the funnel plot is drawn with its limits and
labelled points, the measure comes from the link, and the rules link reproduces the list."""


def test_funnel_plot_is_drawn_from_a_deep_link(open_page):
    page = open_page("/follow-up?measure=da_requested")
    assert page.locator('[data-testid="stException"]').count() == 0
    funnel = page.locator(".js-plotly-plot").first
    funnel.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 7")
    text = funnel.inner_text()
    assert "North Tyneside and Northumberland" in text and "Northamptonshire" in text
    assert "Benchmark: 49%" in text and "99.8% control limits" in text
    # the limits are drawn as lines, the two areas as markers
    assert funnel.locator(".scatterlayer path.js-line").count() >= 5
    assert funnel.locator(".scatterlayer .points path").count() == 2


def test_rules_link_reproduces_the_list_and_narrow_screen_fits(open_page):
    page = open_page("/follow-up?rules=inadequate&months=12", width=375)
    body = page.inner_text("body")
    assert "1 of 7" in body and "Traceback" not in body
    rows = page.locator("#watchlist tbody tr").count()
    assert rows > 0 and f"({rows})" in page.locator("#watchlist caption").inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
