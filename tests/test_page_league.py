"""AppTest of the League table and Compare pages: URL parameters set the view, filters write
back to the URL, unknown values are explained, and the tables show the right organisations."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from tests.test_pages import html_of, open_page, plain

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def league_names(at) -> list[str]:
    """Organisation names in the row headers of the league table."""
    html = next(h for h in (str(e.proto) for e in at.get("html")) if 'id=\\"league-table\\"' in h
                or 'id="league-table"' in h)
    return re.findall(r'<th scope=\\?"row\\?"><a [^>]*>([^<]+)</a>', html.replace('\\"', '"'))


def selectbox(at, label):
    return next(s for s in at.selectbox if s.label == label)


def param(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_default_league_table_is_the_latest_round():
    """The league opens on the PDU round of 2023-25 (HMIP's latest round of PDU inspections), not
    on the oldest programme, and lists every PDU of it."""
    at = open_page("league_table.py")
    assert not at.exception
    assert selectbox(at, "Period or inspection programme").value == "pdu-2023"
    assert param(at, "period") in (None, "pdu-2023")  # the default stays out of the URL
    pdus = [o for o in _csv("organisations.csv") if o["org_type"] == "pdu" and not o["valid_to"]]
    assert len(league_names(at)) == len(pdus)


def test_round_one_lists_every_provider():
    at = open_page("league_table.py", period="crc-nps-2018")
    names = league_names(at)
    assert len(names) == 28 and "Durham Tees Valley CRC" in names and "NPS Wales division" in names


def test_provider_from_url_filters_the_table():
    at = open_page("league_table.py", period="crc-nps-2018", provider="crc")
    names = league_names(at)
    crcs = {r["name"] for r in _csv("organisations.csv") if r["org_type"] == "crc"}
    assert set(names) == crcs


def test_search_and_rating_from_url():
    at = open_page("league_table.py", period="pdu-2021", rating="none", q="lanc")
    names = league_names(at)
    assert names and all("lanc" in n.lower() for n in names)
    assert 'filters: overall rating: No rating in our data (any reason); name or place matches "lanc"' in "\n".join(
        plain(m.value) for m in at.markdown)


def test_unknown_values_are_explained_and_the_page_still_renders():
    at = open_page("league_table.py", period="crc-nps-1999", sort="vibes", rating="great")
    assert not at.exception
    warnings = "\n".join(w.value for w in at.warning)
    assert 'Unknown period "crc-nps-1999"' in warnings and 'Unknown sort "vibes"' in warnings
    assert 'Unknown rating "great"' in warnings
    assert selectbox(at, "Period or inspection programme").value == "pdu-2023"  # falls back to the default
    assert len(league_names(at)) == 112


def test_region_filter_on_a_crc_period_is_explained():
    at = open_page("league_table.py", period="crc-nps-2018", region="region-n54")
    assert any("no regions" in w.value for w in at.warning)


def test_changing_a_filter_writes_the_url():
    at = open_page("league_table.py", period="crc-nps-2018")
    selectbox(at, "Provider type").set_value("nps_division").run()
    assert param(at, "provider") == "nps_division"
    assert len(league_names(at)) == 7
    selectbox(at, "Sort by").set_value("leadership").run()
    assert param(at, "sort") == "leadership"


def test_region_view_lists_every_region():
    at = open_page("league_table.py", view="regions", period="pdu-2023")
    html = html_of(at)
    for r in _csv("organisations.csv"):
        if r["org_type"] == "region":
            assert r["name"] in html


def test_compare_default_shows_caveat_beside_each_crc_nps_chart():
    at = open_page("compare.py")
    assert not at.exception
    caveats = [c.value for c in at.caption if "NPS supervised people assessed as high risk" in c.value]
    assert len(caveats) >= 3  # overall, standards, division-vs-CRCs
    assert len(at.get("plotly_chart")) == 3


def test_compare_division_from_url_lists_its_crcs():
    at = open_page("compare.py", org="nps-n02", period="crc-nps-2019")
    html = html_of(at)
    assert "Durham Tees Valley CRC" in html and "West Yorkshire CRC" in html
    assert "London CRC" not in html


def test_compare_orgs_from_url():
    at = open_page("compare.py", view="orgs", orgs="crc-c03,nps-n02")
    assert not at.exception
    assert at.multiselect[0].value == ["crc-c03", "nps-n02"]
    html = html_of(at)
    assert "Durham Tees Valley CRC (2018/19)" in html and "NPS North East division (2018/19)" in html


def test_compare_unknown_org_is_named():
    at = open_page("compare.py", view="orgs", orgs="crc-c03,crc-c99")
    assert any("crc-c99" in w.value for w in at.warning)
    assert at.multiselect[0].value == ["crc-c03"]


def test_compare_regions_view_shows_pdus_of_the_region():
    at = open_page("compare.py", view="regions", region="region-n57")
    html = html_of(at)
    pdus = [r["name"] for r in _csv("organisations.csv") if r["parent_org_id"] == "region-n57"]
    assert pdus and all(p.replace("&", "&amp;") in html or p in html for p in pdus)


def test_headers_sort_the_view_and_the_link_keeps_the_filters():
    at = open_page("league_table.py", period="crc-nps-2019", provider="crc")
    assert not at.exception
    page = html_of(at).replace('\\"', '"')
    links = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)"', page)
    assert links, "rating headers should be sort links"
    assert all("provider=crc" in h and "period=crc-nps-2019" in h for h in links)
    assert any("sort=" in h for h in links)
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]*>Overall rating</a>', page)
    # following a standard's link sorts by it and marks that header instead
    target = next(h for h in links if "sort=" in h).replace("&amp;", "&")
    sort = re.search(r"sort=([^&]+)", target).group(1)
    at = open_page("league_table.py", period="crc-nps-2019", provider="crc", sort=sort)
    page = html_of(at).replace('\\"', '"')
    assert len(re.findall(r'aria-sort="descending"', page)) == 1
    assert not re.search(r'aria-sort="descending"><a [^>]*>Overall rating<', page)


def test_a_long_league_is_shown_a_page_at_a_time_with_ranks_unchanged(monkeypatch):
    """Above ui.ORGS_PER_PAGE rows the table comes a page at a time (the page in the URL), each
    page continuing the ranks of the whole programme; the real data fits on one page."""
    from explorer import ui
    whole = open_page("league_table.py")
    every = league_names(whole)
    assert len(every) > 40 and not [s for s in whole.selectbox if s.label == "Show organisations"]
    monkeypatch.setattr(ui, "ORGS_PER_PAGE", 40)
    first = open_page("league_table.py")
    assert league_names(first) == every[:40]
    assert selectbox(first, "Show organisations").options[0].startswith("Organisations 1–40 of")
    second = open_page("league_table.py", league_page="2")
    assert league_names(second) == every[40:80]
