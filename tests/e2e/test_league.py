"""A shared league-table or compare link opens the same view in a real browser: the
expected organisations, the filters' note, a working CSV download, and no page-level
sideways scroll at 375 px."""
import csv
import io
from pathlib import Path


def table_rows(page, selector="#league-table"):
    page.wait_for_selector(selector)  # st.html content can attach just after the run ends
    return page.locator(f'{selector} tbody th[scope="row"]').all_inner_texts()


def test_shared_league_link_shows_the_crcs_only(open_page):
    page = open_page("/league-table?period=crc-nps-2018&provider=crc")
    names = table_rows(page)
    assert len(names) == 21
    assert "Durham Tees Valley CRC" in names and not any(n.startswith("NPS") for n in names)
    assert "filters: provider: CRC (private)" in page.inner_text("body")
    # screen readers get a real table: caption and column headers
    assert page.locator("#league-table caption").inner_text().startswith("League table:")
    assert page.locator('#league-table thead th[scope="col"]').count() >= 10


def test_csv_download_is_the_table_as_shown(open_page):
    page = open_page("/league-table?period=pdu-2021&q=lambeth")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Organisation"] for r in rows] == table_rows(page) == ["Lambeth"]
    assert rows[0]["Overall rating"] == "Inadequate" and rows[0]["Source URL"].startswith("http")
    assert rows[0]["Filters"] == 'name or place matches "lambeth"'


def test_shared_compare_link_shows_both_organisations(open_page):
    page = open_page("/compare?view=orgs&orgs=crc-c03,nps-n02")
    page.wait_for_selector("#side-by-side")
    body = page.inner_text("body")
    assert "Durham Tees Valley CRC (2018/19)" in body and "NPS North East division (2018/19)" in body
    assert page.locator('[data-testid="stException"]').count() == 0


def test_league_table_readable_at_375px(open_page):
    page = open_page("/league-table?period=pdu-2023", width=375)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    # the wide table scrolls inside its own keyboard-focusable region instead
    region = page.locator('.pre-table-wrap[role="region"][tabindex="0"]').first
    assert region.count() == 1


STICKY = """() => {
    const wrap = document.querySelector('#league-table').closest('.pre-table-wrap');
    wrap.scrollTop = wrap.scrollHeight; wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const head = document.querySelector('#league-table thead th:nth-child(3)').getBoundingClientRect();
    const rows = [...document.querySelectorAll('#league-table tbody th[scope="row"]')];
    const last = rows[rows.length - 1].getBoundingClientRect();
    return {scrolledDown: wrap.scrollTop > 0, scrolledRight: wrap.scrollLeft > 0,
            headerAtTop: Math.abs(head.top - box.top) < 2, nameAtLeft: Math.abs(last.left - box.left) < 2,
            boxFitsScreen: box.bottom <= window.innerHeight + box.top};
}"""


def test_header_and_names_stay_in_view_while_the_table_scrolls(open_page):
    for width in (1280, 375):
        page = open_page("/league-table", width=width)
        page.wait_for_selector("#league-table")
        state = page.evaluate(STICKY)
        assert state["scrolledDown"] and state["scrolledRight"], state
        assert state["headerAtTop"] and state["nameAtLeft"], str(state)


def test_league_opens_on_the_latest_round_with_key_columns_in_view(open_page):
    page = open_page("/league-table")
    page.wait_for_selector("#league-table")
    box = page.locator("#league-table").evaluate("t => t.closest('.pre-table-wrap').getBoundingClientRect().right")
    heads = page.locator('#league-table thead th[scope="col"]')
    for i, want in enumerate(["Rank", "Organisation", "Overall rating"]):
        assert heads.nth(i).inner_text().strip() == want
        assert heads.nth(i).evaluate("h => h.getBoundingClientRect().right") <= box
