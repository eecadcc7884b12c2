"""Pickers in a real browser: typing a name and pressing Enter picks that one name (never a
"Select N matches" bulk action), and /area?place= opens the right profile."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.e2e.conftest import wait_idle


def test_compare_picker_enter_picks_one_match(open_page):
    page = open_page("/compare?view=orgs")
    box = page.get_by_role("combobox", name="Organisations (type to search)")
    box.click()
    box.fill("Dorset")
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert texts and all("dorset" in t.lower() for t in texts), texts  # "contains", not fuzzy
    assert not any("matches" in t.lower() or t.lower() == "select all" for t in texts)
    box.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)
    chosen = parse_qs(urlsplit(page.url).query).get("orgs", [""])[0].split(",")
    assert len(chosen) == 1 and chosen[0], page.url


def test_area_place_link_opens_the_profile(open_page):
    page = open_page("/area?place=Brighton")
    assert page.locator("h2").filter(has_text="East Sussex").count() == 1
    assert "org=pdu-n57sus" in page.url
    page.get_by_text("Organisations covering “Brighton”").click()
    body = page.inner_text("body")
    assert "Kent, Surrey and Sussex CRC" in body and "Brighton and Hove" in body
