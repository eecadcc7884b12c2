"""AppTest of the Area profile and Trends pages with URL parameters: content, state in the URL,
and clear messages (never a traceback) for bad values."""
from __future__ import annotations

from tests.test_pages import html_of, open_page, plain


def _subheaders(at):
    return [plain(s.value) for s in at.subheader]


def test_area_without_org_shows_picker_and_prompt():
    at = open_page("area.py")
    assert not at.exception
    assert at.selectbox[0].value == ""
    assert any("Choose an organisation" in i.value for i in at.info)


def test_area_profile_of_a_pdu():
    at = open_page("area.py", org="pdu-n54cle")
    assert not at.exception
    assert at.selectbox[0].value == "pdu-n54cle"
    assert [h.value for h in at.header] == ["Redcar, Cleveland and Middlesbrough"]
    for wanted in ("Every inspection in our data", "Standards by inspection",
                   "Against the national and regional picture",
                   "Region and PDUs", "Before and after June 2021", "Source reports"):
        assert wanted in _subheaders(at)
    page = html_of(at)
    assert "Durham Tees Valley CRC" in page and "NPS North East division" in page
    assert "Who covered this area before June 2021" in page
    assert "Its region" in page and "North East" in page
    # latest published 2025 (year only, counted from 1 July): within the 24-month threshold today,
    # and the age says the year alone is known
    assert any("year known only" in i.value and "within the 24-month freshness threshold" in i.value
               for i in at.info)


def test_area_profile_of_a_crc_lists_successor_pdus_and_no_freshness_flag():
    at = open_page("area.py", org="crc-c03")
    assert not at.exception
    page = html_of(at)
    assert "Which PDUs cover this area now" in page
    for pdu in ("County Durham and Darlington", "Stockton and Hartlepool", "Redcar, Cleveland and Middlesbrough"):
        assert pdu in page
    assert not any("freshness threshold" in w.value for w in at.warning)
    assert any("ceased" in i.value for i in at.info)


def test_area_region_lists_its_pdus():
    at = open_page("area.py", org="region-n54")
    assert not at.exception
    page = html_of(at)
    assert "PDUs of North East" in page and "Stockton and Hartlepool" in page


def test_area_months_param_changes_the_threshold():
    at = open_page("area.py", org="pdu-n54cle", months="6")
    assert not at.exception
    assert any("past the 6-month freshness threshold" in w.value for w in at.warning)


def test_area_unknown_org_is_explained_with_suggestions():
    at = open_page("area.py", org="Essex")
    assert not at.exception
    message = " ".join(plain(w.value) for w in at.warning)
    assert 'No organisation with id "Essex"' in message and "Essex CRC (crc-c18)" in message
    assert at.selectbox[0].value == ""


def test_area_bad_months_is_explained():
    at = open_page("area.py", org="crc-c03", months="soon")
    assert not at.exception
    assert any('months "soon"' in w.value for w in at.warning)


def test_area_picker_writes_the_url():
    at = open_page("area.py")
    at.selectbox[0].set_value("crc-c18").run()
    assert at.query_params["org"] in ("crc-c18", ["crc-c18"])
    assert "Essex CRC" in [h.value for h in at.header]


def test_trends_default_is_national_overall():
    at = open_page("trends.py")
    assert not at.exception
    assert [s.value for s in at.selectbox] == ["national", "overall"]
    assert _subheaders(at) == ["England and Wales"]
    assert any("not strictly comparable" in i.value for i in at.info)
    assert any("no publication date in our data" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 1


def test_trends_by_provider_and_standard_from_url():
    at = open_page("trends.py", by="provider", standard="reviewing")
    assert not at.exception
    assert [s.value for s in at.selectbox] == ["provider", "reviewing"]
    assert "CRC (private)" in _subheaders(at) and "Probation Delivery Unit (PDU)" in _subheaders(at)
    assert any("Not published" in c.value for c in at.caption)
    assert "Not published" in html_of(at)


def test_trends_by_region():
    at = open_page("trends.py", by="region")
    assert not at.exception
    assert "North East" in _subheaders(at)


def test_trends_unknown_values_are_explained():
    at = open_page("trends.py", by="county", standard="kindness")
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert 'Unknown by "county"' in text and 'Unknown standard "kindness"' in text
    assert [s.value for s in at.selectbox] == ["national", "overall"]
