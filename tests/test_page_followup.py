"""The follow-up page under AppTest: rules and thresholds from URL parameters change the
list; bad values are explained; the funnel measure comes from the URL."""
from __future__ import annotations

import csv
import re

from explorer import config
from tests.test_pages import html_of, open_page, plain


def _csv(name):
    with open(config.ROOT / "data" / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def _watch_rows(at) -> int:
    html = html_of(at)
    table = html.split('id=\\"watchlist\\"')[1].split("</table>")[0] if 'id=\\"watchlist\\"' in html else ""
    return len(re.findall(r"<tr>", table)) - 1 if table else 0


def test_default_view_lists_current_organisations_with_reasons():
    at = open_page("follow_up.py")
    assert not at.exception and not at.warning
    # current: every PDU, region and the national body, less the PDUs replaced by regroupings
    orgs = _csv("organisations.csv")
    superseded = {r["predecessor_org_id"] for r in _csv("organisation_successions.csv")}
    current = [o for o in orgs if o["org_type"] in ("pdu", "region", "national") and o["org_id"] not in superseded]
    assert _metric(at, "Organisations in scope") == str(len(current))
    assert [t.value for t in at.toggle] == [True] * 7  # never-inspected areas are in scope by default
    html = html_of(at)
    assert "Overall Inadequate" in html and "worse than predecessor area" in html
    assert int(_metric(at, "Need follow-up")) == _watch_rows(at) > 0
    assert "area?org=pdu-" in html  # rows link to the area profile
    assert any(b.label.startswith("Download the list") for b in at.get("download_button"))


def test_rules_from_url_switch_rules_off():
    at = open_page("follow_up.py", rules="inadequate")
    assert not at.exception
    assert [t.value for t in at.toggle] == [True, False, False, False, False, False, False]
    assert _metric(at, "Rules switched on") == "1 of 7"
    html = html_of(at)
    assert "Overall Inadequate" in html and "worse than predecessor area" not in html
    only_inadequate = int(_metric(at, "Need follow-up"))
    both = open_page("follow_up.py", rules="inadequate,stale")
    assert int(_metric(both, "Need follow-up")) > only_inadequate


def test_months_threshold_from_url_changes_the_stale_list():
    strict = open_page("follow_up.py", rules="stale", months="12")
    lax = open_page("follow_up.py", rules="stale", months="60")
    assert strict.number_input[0].value == 12
    assert int(_metric(strict, "Need follow-up")) > int(_metric(lax, "Need follow-up"))
    assert "threshold 12 months" in html_of(strict)


def test_no_rules_is_explained():
    at = open_page("follow_up.py", rules="none")
    assert not at.exception
    assert any("Every rule is switched off" in i.value for i in at.info)


def test_scope_all_includes_ended_providers():
    at = open_page("follow_up.py", scope="all", rules="inadequate")
    assert _metric(at, "Organisations in scope") == "154"
    assert "CRC" in html_of(at)


def test_bad_url_values_are_explained_not_raised():
    at = open_page("follow_up.py", rules="inadequate,sloppy", months="999", scope="moon", measure="vibes",
                   level="50")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for bad in ("sloppy", '"999"', '"moon"', '"vibes"', '"50"'):
        assert bad in warnings, bad
    assert at.number_input[0].value == 24


def test_funnel_measure_from_url_and_intervals_table():
    at = open_page("follow_up.py", measure="da_requested")
    assert not at.exception
    assert next(s for s in at.selectbox if s.label == "Measure").value == "da_requested"
    html = html_of(at)
    assert "North Tyneside and Northumberland" in html and "Northamptonshire" in html
    assert "national: 49%" in " ".join(c.value for c in at.caption)
    assert "n not published" in html and "16–36%" in html  # Essex North 25% of 65
    assert "shortfall measure flipped" in html


def test_long_findings_table_is_shown_a_page_at_a_time():
    from tests.page_reader import tables_of

    def shown(at):
        table = next(t for t in tables_of(at) if t.caption.startswith("Percentage findings with Wilson intervals"))
        return table, [tuple(r.values()) for r in table.rows]

    first = open_page("follow_up.py")
    table, rows_1 = shown(first)
    total = int(table.caption.rsplit(", ", 1)[1].split()[0])
    assert len(rows_1) == min(25, total) < total  # the real data has more findings than one page
    second = open_page("follow_up.py", findings_page="2")
    _, rows_2 = shown(second)
    assert rows_2 and not set(rows_1) & set(rows_2)
    bad = open_page("follow_up.py", findings_page="999")
    assert not bad.exception and any('findings_page "999"' in plain(w.value) for w in bad.warning)


def test_a_long_watchlist_comes_a_page_at_a_time(monkeypatch):
    """Above ui.ORGS_PER_PAGE organisations the list is paged (the page in the URL); the count
    above it is still of the whole list."""
    from explorer import ui
    whole = open_page("follow_up.py")
    total = int(_metric(whole, "Need follow-up").replace(",", ""))
    assert _watch_rows(whole) == total > 30
    monkeypatch.setattr(ui, "ORGS_PER_PAGE", 30)
    first = open_page("follow_up.py")
    assert _watch_rows(first) == 30 and _metric(first, "Need follow-up") == _metric(whole, "Need follow-up")
    last = open_page("follow_up.py", watch_page=str(-(-total // 30)))
    assert _watch_rows(last) == total - 30 * (-(-total // 30) - 1)
