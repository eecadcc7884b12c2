"""The map page under AppTest: controls read from and written to the URL, honest captions,
the table alternative, the geographic map with and without boundary files."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from explorer import ratings
from tests.page_reader import rating_of, tables_of
from tests.test_pages import html_of, open_page, plain

ROOT = Path(__file__).resolve().parents[1]
GEO_DIR = Path(os.environ.get("PROBATION_GEO_DIR", ROOT.parent / "shared" / "geo"))


def _param(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_default_is_pdu_hex_map_with_table(monkeypatch, tmp_path):
    monkeypatch.setenv("PROBATION_BOUNDARIES", str(tmp_path))
    at = open_page("map.py")
    assert not at.exception
    assert [s.value for s in at.selectbox] == ["pdu", "latest", "overall", "hex"]
    assert "of 112 PDUs have an overall rating in our data" in _captions(at)
    assert len(at.get("plotly_chart")) == 1
    table = html_of(at)
    assert "every PDU on the map" in table and "area?org=pdu-" in table


def test_link_from_issue_reproduces_view():
    at = open_page("map.py", period="crc-nps-2018", level="pfa", colour="overall")
    assert not at.exception and not at.warning
    assert [s.value for s in at.selectbox] == ["pfa", "crc-nps-2018", "overall", "crc", "hex"]
    wanted = "43 of 43 police force areas have an overall rating in our data (from 21 of 21 organisations)"
    assert wanted in _captions(at)
    assert "Durham Tees Valley CRC" in html_of(at)


def test_provider_control_switches_to_nps_divisions():
    at = open_page("map.py", level="pfa")
    at.selectbox(key="url_provider").set_value("nps_division").run()
    assert _param(at, "provider") == "nps_division"
    assert "from 7 of 7 organisations" in _captions(at)
    assert "NPS North West division" in html_of(at)


def test_sparse_standard_map_warns_before_the_map_with_the_count_its_table_shows():
    """A map coloured by a standard few areas have says so first, and its count is the number of
    rows in the map's own table that show a rating."""
    at = open_page("map.py", level="pdu", period="pdu-2021", colour="planning")
    assert not at.exception and len(at.warning) == 1
    warning = at.warning[0].value
    found = re.search(r"(\d+) of 112 PDUs have a rating for Planning in our data", warning)
    assert found and "not a national pattern" in warning and "not published" in warning
    table = next(t for t in tables_of(at) if "every PDU on the map" in t.caption)
    rated = [r for r in table.rows if any(rating_of(r.get(h)) in ratings.RATINGS for h in table.headers)]
    assert int(found.group(1)) == len(rated) < 56


def test_changing_level_drops_a_period_of_the_other_era_quietly():
    at = open_page("map.py", level="pfa", period="crc-nps-2019")
    at.selectbox(key="url_level").set_value("region").run()
    assert not at.exception
    assert [w.value for w in at.warning if "Read with care" not in w.value] == []  # only the coverage note
    assert _param(at, "level") == "region"
    assert at.selectbox(key="url_period").value == "regional-2023"
    assert "(from 5 of 12 regions)" in plain(_captions(at) + "".join(w.value for w in at.warning))


@pytest.mark.parametrize("key,value", [("level", "county"), ("period", "crc-nps-1999"), ("colour", "vibes"),
                                       ("provider", "charity"), ("kind", "globe")])
def test_unknown_values_are_explained(key, value):
    params = {"level": "pfa", key: value} if key != "level" else {key: value}
    at = open_page("map.py", **params)
    assert not at.exception
    assert any(f'Unknown {key} "{value}"' in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1


def test_geo_without_boundaries_says_so_in_public_words(monkeypatch, tmp_path):
    monkeypatch.setenv("PROBATION_BOUNDARIES", str(tmp_path))
    at = open_page("map.py", kind="geo")
    assert not at.exception
    info = "\n".join(i.value for i in at.info)
    assert "not available on this site" in info and "hex map is shown instead" in info
    for private in ("make boundaries", str(tmp_path), "PROBATION_BOUNDARIES"):  # for maintainers: log and README
        assert private not in info
    assert len(at.get("plotly_chart")) == 1
    assert "Office for National Statistics" in _captions(at)


def test_geo_with_boundaries_draws_choropleth(monkeypatch):
    if not GEO_DIR.exists():
        pytest.fail(f"ONS reference boundaries not found at {GEO_DIR}: set PROBATION_GEO_DIR")
    monkeypatch.setenv("PROBATION_BOUNDARIES", str(GEO_DIR))
    at = open_page("map.py", kind="geo", level="pfa")
    assert not at.exception and not at.info
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Durham Tees Valley CRC: " in spec  # one filled area per CRC, named with its rating
    at = open_page("map.py", kind="geo", level="pdu")
    assert "Not drawn (no districts in our data)" in _captions(at)
