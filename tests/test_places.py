"""Search by place: ONS district, county and police force area names lead to the organisations
covering them (place_index, explorer.places), on the Area profile and the League tables alike.
Expected places come from the issue (real geography), not from the implementation."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer import db, league, places
from tests.test_pages import html_of, open_page


@pytest.fixture(scope="module")
def index(con):
    return db.run(con, "place_index")


def names(found):
    return found.orgs["org_name"].tolist()


def test_tiers_exact_then_prefix_then_word_prefix():
    assert places.tier("Brighton and Hove", places.normalise("brighton and hove")) == 1
    assert places.tier("Brighton and Hove", places.normalise("Brighton")) == 2
    assert places.tier("Brighton and Hove", places.normalise("hove")) == 3
    assert places.tier("Brighton & Hove", places.normalise("brighton and")) == 2
    assert places.tier("Hove", places.normalise("brighton")) is None
    # a word must start with the search: "ton" is inside a word, not at its start
    assert places.tier("Brighton and Hove", "ton") is None


def test_a_town_inside_a_district_name_finds_its_pdu_and_the_providers_before_2021(index):
    found = places.search(index, "Brighton")
    assert found.places["place"].tolist() == ["Brighton and Hove"]
    assert found.single_current_pdu() == "pdu-n57sus"  # our data names it East Sussex PDU
    assert {"Kent, Surrey and Sussex CRC", "NPS South East and Eastern division"} <= set(names(found))
    # the current service first, the CRC and NPS division after
    assert found.orgs["era_order"].is_monotonic_increasing


def test_a_district_finds_its_pdu_crc_and_nps_division(index):
    found = places.search(index, "middlesbrough")
    assert found.single_current_pdu() == "pdu-n54cle"
    assert {"Redcar, Cleveland and Middlesbrough", "Durham Tees Valley CRC",
            "NPS North East division"} <= set(names(found))
    assert all("Cleveland" in how for how in found.orgs.loc[found.orgs["org_type"] == "crc", "how"])


def test_exact_matches_hide_weaker_ones(index):
    # "Kent" is a police force area: the exact match wins over names that merely contain it
    found = places.search(index, "Kent")
    assert set(found.places["place"]) == {"Kent"}  # the county and the police force area
    assert "Kent, Surrey and Sussex CRC" in names(found)  # it covered Kent: listed by place


def test_no_fuzzy_results_only_spelling_offers(index):
    found = places.search(index, "Teesside")
    assert found.empty and found.single_current_pdu() is None
    assert places.search(index, "zzzz").empty
    assert "Middlesbrough" in places.spelling(index, "Middlesborough")


def test_pdus_placed_by_name_say_so(index):
    found = places.search(index, "Preston")
    pdus = found.orgs[found.orgs["org_type"] == "pdu"]
    assert len(pdus) > 1 and found.single_current_pdu() is None
    assert all("not in our data" in how for how in pdus["how"])


def test_area_link_with_a_place_opens_the_right_profile():
    at = open_page("area.py", place="Brighton")
    assert not at.exception
    assert [h.value for h in at.header] == ["East Sussex"]
    assert at.query_params.get("org") in ("pdu-n57sus", ["pdu-n57sus"])
    assert "Kent, Surrey and Sussex CRC" in html_of(at)


def test_area_unknown_place_is_a_clear_message_not_a_guess():
    at = open_page("area.py", place="Teesside")
    assert not at.exception
    assert any("No place or organisation called" in w.value for w in at.warning)
    assert not at.header  # no profile was guessed


def test_area_place_covering_several_pdus_lists_them_and_picks_none():
    at = open_page("area.py", place="Lancashire")
    assert not at.exception and not at.header
    page = html_of(at)
    assert "Central Lancashire" in page and "Cumbria and Lancashire CRC" in page


def test_league_search_by_place_uses_the_same_matches(index):
    at = open_page("league_table.py", period="pdu-2021", q="Middlesbrough")
    assert not at.exception
    page = html_of(at)
    assert "Redcar, Cleveland and Middlesbrough" in page
    found = places.search(index, "Middlesbrough")
    table_rows = league.apply_filters(
        pd.DataFrame({"name": ["X", "Y"], "org_id": ["pdu-n54cle", "crc-c01"], "org_type": ["pdu", "crc"]}),
        league.Filters(q="Middlesbrough", found=tuple(found.org_ids())))
    assert table_rows["org_id"].tolist() == ["pdu-n54cle"]


def test_compare_picker_has_no_select_all_and_matches_by_contains():
    at = open_page("compare.py", view="orgs")
    assert not at.exception
    proto = at.multiselect[0].proto
    assert proto.select_all == 0
    from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode
    assert proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_CONTAINS
