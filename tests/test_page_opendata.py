"""The Data and Prison work pages and Overview's "what changed since" section under AppTest."""
from __future__ import annotations

from tests.test_pages import html_of, open_page


def test_data_page_states_version_licence_and_offers_the_downloads(con):
    from explorer import db
    version = db.run(con, "build_info")["data_version"].iloc[0]
    at = open_page("data.py")
    assert not at.exception
    assert version in [m.value for m in at.metric]
    text = " ".join(m.value for m in at.markdown)
    assert "Open Government Licence v3.0" in text and "HM Inspectorate of Probation" in text
    assert "Office for National Statistics" in text
    assert 'data-tables' in html_of(at)


def test_prison_work_page_states_coverage():
    at = open_page("prison_work.py")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "of 21 CRCs" in text and "of 12 regions" in text
    html = html_of(at)
    assert 'prison-through-the-gate' in html and 'prison-resettlement' in html


def test_overview_since_from_url_and_bad_value_explained():
    at = open_page("overview.py", since="2025-01-01")
    assert not at.exception
    assert str(at.date_input(key="since_date").value) == "2025-01-01"
    assert 'changes-since' in html_of(at)
    bad = open_page("overview.py", since="yesterday")
    assert not bad.exception
    assert any("not a date" in w.value for w in bad.warning)
