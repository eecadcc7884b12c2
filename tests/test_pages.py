"""Every page runs under AppTest without exception, shows its key elements and honours
its URL parameters; an unknown value gives a message, never a traceback."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview.py":
        at.switch_page(f"pages/{page}")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    return at


def plain(text: str) -> str:
    """Markdown source as a reader sees it: backslash escapes (explorer.ui.escape_md) removed."""
    return re.sub(r"\\(.)", r"\1", text)


def html_of(at: AppTest) -> str:
    return "\n".join(str(getattr(el, "proto", "")) for el in at.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert len(at.title) == 1
    # every page ends with its share and cite controls (tests/e2e/test_share.py clicks them)
    page_html = html_of(at)
    assert page_html.count("data-copy=") == 2 and "Copy link" in page_html and "Cite this" in page_html


def test_every_page_is_routed():
    app = (ROOT / "app.py").read_text()
    for page in PAGES:
        assert f'"pages/{page}"' in app, page


def test_overview_default_shows_all_provider_types():
    at = open_page("overview.py")
    subheaders = [s.value for s in at.subheader]
    assert "Ratings by provider type" in subheaders and "What changed most recently" in subheaders
    labels = [plain(e.label) for e in at.expander]
    assert any(label.startswith("CRC (private): 21 of 21 rated") for label in labels)
    assert any(label.startswith("Probation Delivery Unit (PDU)") for label in labels)


def test_overview_lists_a_long_provider_type_a_page_at_a_time(monkeypatch):
    """Above ui.ORGS_PER_PAGE organisations a provider type's list comes a page at a time (its
    page in the URL, as on the league table); the pages together are the whole list, in order,
    and the expander still counts every organisation."""
    from explorer import ui
    from tests.page_reader import tables_of

    def pdu_names(at):
        table = next(t for t in tables_of(at) if t.caption.startswith("Probation Delivery Unit (PDU):"))
        return [r["_org"] for r in table.rows]
    whole = pdu_names(open_page("overview.py"))
    assert len(whole) > 30
    monkeypatch.setattr(ui, "ORGS_PER_PAGE", 30)
    first = open_page("overview.py")
    assert pdu_names(first) == whole[:30]
    assert any(plain(e.label).startswith("Probation Delivery Unit (PDU):") and f"of {len(whole)} rated" in
               plain(e.label) for e in first.expander)
    pages = [pdu_names(open_page("overview.py", ratings_pdu_page=str(n)))
             for n in range(1, -(-len(whole) // 30) + 1)]
    assert [org for page in pages for org in page] == whole


def test_overview_period_from_url():
    at = open_page("overview.py", period="crc-nps-2019")
    assert at.selectbox[0].value == "crc-nps-2019"
    assert "Checked against HMIP’s own totals" in [s.value for s in at.subheader]
    assert any("more rating(s)" in w.value for w in at.warning)  # the one unidentified Good CRC


def test_overview_unknown_period_is_explained():
    at = open_page("overview.py", period="crc-nps-1999")
    assert not at.exception
    assert any('Unknown period "crc-nps-1999"' in w.value for w in at.warning)
    assert at.selectbox[0].value == "latest"


def test_overview_changing_period_updates_url():
    at = open_page("overview.py")
    at.selectbox[0].set_value("pdu-2021").run()
    assert at.query_params["period"] == ["pdu-2021"] or at.query_params["period"] == "pdu-2021"


def test_methods_shows_sources_completeness_and_caveats():
    at = open_page("methods.py")
    headers = [h.value for h in at.header]
    for wanted in ("Sources and licences", "How complete the data is", "Caveats", "Accessibility statement"):
        assert wanted in headers
    text = "\n".join(m.value for m in at.markdown)
    assert "Open Government Licence" in text and "high risk" in text


ID_LIKE = re.compile(r"^(crc|nps|pdu|region|regional|national|hmpps)-[a-z0-9-]+$|^F\d{4}$")
ID_VIEWS = [("overview.py", {}), ("league_table.py", {"period": "crc-nps-2019"}), ("map.py", {}),
            ("area.py", {"org": "pdu-n54cle"}), ("area.py", {"place": "Lancashire"}),
            ("compare.py", {"view": "orgs", "orgs": "crc-c03,nps-n02"}), ("trends.py", {}),
            ("follow_up.py", {}), ("methods.py", {}), ("prison_work.py", {}), ("data.py", {})]


@pytest.mark.parametrize(("page", "params"), ID_VIEWS)
def test_tables_show_names_not_internal_ids(page, params):
    """Ids (pdu-2021, crc-c03, F0001) belong in links and downloads, not in what people read."""
    from tests.page_reader import tables_of

    at = open_page(page, **params)
    assert not at.exception
    shown = [(t.caption, h, cell) for t in tables_of(at) for row in t.rows for h, cell in row.items()
             if h != "_org" and isinstance(cell, str) and ID_LIKE.match(cell.strip())]
    assert shown == []
