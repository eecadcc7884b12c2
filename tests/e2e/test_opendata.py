"""Open data in a real browser: the /data zip downloads and round-trips into a fresh DuckDB;
the prison-work page shows every Through the Gate and Resettlement rating the database holds;
the Atom feed is served by the app and parses, and Overview links to it."""
from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import duckdb
import pytest

from explorer import db, feed, imports, opendata
from tests.page_reader import rating_of

ROOT = Path(__file__).resolve().parents[2]
A = "{http://www.w3.org/2005/Atom}"


def test_data_zip_round_trips_into_a_fresh_duckdb(open_page, con, tmp_path):
    version = db.run(con, "build_info")["data_version"].iloc[0]
    page = open_page("/data")
    assert version in page.inner_text("body")
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="All tables as CSV (zip)").click()
    download = info.value
    assert download.suggested_filename == f"probation-ratings-{version}-csv.zip"
    target = tmp_path / "unzipped"
    with zipfile.ZipFile(download.path()) as zf:
        zf.extractall(target)
    folder = target / f"probation-ratings-{version}"
    fresh = duckdb.connect()
    tables = db.run(con, "database_tables")["table_name"].tolist()
    for name in tables:
        fresh.read_csv(str(folder / f"{name}.csv")).create(name)
        expected = len(db.run(con, opendata.EXPORT_QUERY.get(name, "export_table"),
                              **({} if name in opendata.EXPORT_QUERY else {"table": name})))
        assert fresh.table(name).shape[0] == expected, name
    assert (folder / "data-dictionary.csv").exists() and (folder / "CITATION.cff").exists()


@pytest.mark.parametrize("standard,org_type,table", [("through_the_gate", "crc", "#prison-through-the-gate"),
                                                      ("resettlement", "region", "#prison-resettlement")])
def test_prison_work_shows_every_rating_we_hold(open_page, con, standard, org_type, table):
    frame = db.run(con, "prison_work_ratings", standard=standard, org_type=org_type)
    page = open_page("/prison-work")
    page.wait_for_selector(table)
    rows = page.locator(f"{table} tbody tr")
    shown = [(rows.nth(i).locator("th").inner_text(), rating_of(rows.nth(i).locator("td").nth(0).inner_text()))
             for i in range(rows.count())]
    assert len(shown) == len(frame)
    held = [(n, r) for n, r in zip(frame["name"], frame["rating"], strict=True) if isinstance(r, str)]
    for pair in held:
        assert pair in shown
    assert all(word.strip() for _, word in shown)  # every cell carries a word, never colour alone
    body = page.inner_text("body")
    assert "of 21 CRCs" in body and "of 12 regions" in body


def test_feed_is_served_and_parses(server, built_db, open_page):
    feed.write_feed(built_db, data_dir=ROOT / "data")  # what the build writes for this data
    with urllib.request.urlopen(f"{server}/app/static/feed.xml", timeout=10) as response:
        assert response.status == 200
        document = ET.fromstring(response.read())
    assert document.tag == f"{A}feed" and document.findtext(f"{A}title")
    entries = document.findall(f"{A}entry")
    assert entries and all(e.findtext(f"{A}id") and e.findtext(f"{A}updated") for e in entries)
    con = db.connect(built_db)
    rated = db.run(con, "rating_changes")
    con.close()
    # news first: a rated inspection an import added most lately, else the newest publication
    added = feed.imported_inspections(imports.read_log(ROOT / "data"))
    lately = rated[rated["inspection_id"].isin(added)]
    if not lately.empty:
        newest_at = max(added[i] for i in lately["inspection_id"])
        expected = {f"{r.org_name}: {r.overall_rating}" for r in lately.itertuples()
                    if added[r.inspection_id] == newest_at}
    else:
        expected = {f"{rated.iloc[0]['org_name']}: {rated.iloc[0]['overall_rating']}"}
    assert entries[0].findtext(f"{A}title") in expected
    page = open_page("/?since=2025-01-01")
    link = page.get_by_role("link", name="Atom feed of the newest ratings")
    assert link.get_attribute("href").endswith("app/static/feed.xml")
    page.locator("#changes-since tbody tr").first.wait_for()  # auto-waits: the section renders last
    assert page.locator("#changes-since tbody tr").count() >= 1
