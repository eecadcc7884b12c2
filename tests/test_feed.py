"""What changed and the Atom feed: since-a-date rules (date precision, imports), and a feed
that is valid Atom (RFC 4287 required elements) listing the newest ratings."""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from explorer import db, feed

A = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).resolve().parents[1]


def _ratings(*rows):
    """Made-up rated inspections for the rules (ids test-…; sources example.org)."""
    cols = ["inspection_id", "org_id", "org_name", "provider_label", "programme_name", "published_on",
            "published_date", "published_precision", "overall_rating", "previous_rating", "change", "source_url"]
    frame = pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])
    return frame


def _row(ident, published_on, precision, rating="Good", previous=None, change="first in our data"):
    start = feed.period_start(published_on)
    return (ident, f"test-org-{ident}", f"Test {ident}", "Probation Delivery Unit (PDU)", "Test programme",
            published_on, pd.Timestamp(start) if start else None, precision, rating, previous, change,
            f"https://example.org/{ident}")


def test_period_bounds():
    assert feed.period_end("2024") == dt.date(2024, 12, 31)
    assert feed.period_end("2024-02") == dt.date(2024, 2, 29)
    assert feed.period_end("2024-12") == dt.date(2024, 12, 31)
    assert feed.period_end("2024-05-09") == dt.date(2024, 5, 9)
    assert feed.period_start("2024-05") == dt.date(2024, 5, 1)
    assert feed.period_end(None) is None and feed.period_start("") is None


def test_since_counts_only_certain_dates_and_lists_the_uncertain_apart():
    ratings = _ratings(_row("a", "2025-03-10", "day"), _row("b", "2025-02-20", "day"),
                       _row("c", "2025", "year"), _row("d", "2025-03", "month"),
                       _row("e", None, "not published in our data"),
                       _row("f", "2026", "year"))
    certain, maybe = feed.changes_since(ratings, [], dt.date(2025, 3, 1))
    assert certain["inspection_id"].tolist() == ["f", "a", "d"]  # newest first; March 2025 wholly after 1 March
    assert maybe["inspection_id"].tolist() == ["c"]  # 2025 may or may not be after 1 March
    assert "e" not in certain["inspection_id"].tolist() + maybe["inspection_id"].tolist()


def test_since_includes_ratings_added_by_an_import_and_not_undone():
    ratings = _ratings(_row("old", "2019-05-03", "day"), _row("undone", "2019-06-01", "day"),
                       _row("std", "2019-07-01", "day"))
    log = [
        {"import_id": "imp-1", "action": "import", "at": "2025-06-01T10:00:00+00:00", "table_name": "inspections",
         "row_keys": json.dumps([["old"]]), "undone_by": ""},
        {"import_id": "imp-2", "action": "import", "at": "2025-06-02T10:00:00+00:00", "table_name": "inspections",
         "row_keys": json.dumps([["undone"]]), "undone_by": "undo-1"},
        {"import_id": "imp-3", "action": "import", "at": "2025-06-03T10:00:00+00:00", "table_name": "standard_ratings",
         "row_keys": json.dumps([["std", "leadership"]]), "undone_by": ""},
    ]
    certain, _ = feed.changes_since(ratings, log, dt.date(2025, 5, 1))
    assert sorted(certain["inspection_id"]) == ["old", "std"]
    assert "added to our data 01 June 2025" in certain.set_index("inspection_id").loc["old", "event"]


def test_event_words_say_the_direction():
    row = pd.Series(dict(zip(["overall_rating", "previous_rating", "change", "added_at"],
                             ["Inadequate", "Good", "declined", None], strict=True)))
    assert feed.event_words(row) == "Rated Inadequate, declined from Good"


def test_read_since():
    default = dt.date(2025, 1, 1)
    assert feed.read_since("2025-03-04", default) == (dt.date(2025, 3, 4), None)
    value, message = feed.read_since("last tuesday", default)
    assert value == default and "not a date" in message
    assert feed.read_since(None, default) == (default, None)


@pytest.fixture(scope="module")
def document(built_db):
    return ET.fromstring(feed.build_feed(built_db, ROOT / "data", base=""))


def test_feed_is_atom_with_required_elements(document):
    assert document.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author"):
        assert document.find(f"{A}{tag}") is not None, tag
    entries = document.findall(f"{A}entry")
    assert entries
    ids = set()
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(f"{A}{tag}") or "").strip(), tag
        dt.datetime.strptime(entry.findtext(f"{A}updated"), "%Y-%m-%dT%H:%M:%SZ")  # RFC 3339
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{A}link")}
        assert links["alternate"].startswith("../../area?org=")
        ids.add(entry.findtext(f"{A}id"))
    assert len(ids) == len(entries)  # entry ids are unique
    dt.datetime.strptime(document.findtext(f"{A}updated"), "%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def document_without_imports(built_db, tmp_path_factory):
    """The feed of the same data with no import log (so only publication dates order it)."""
    folder = tmp_path_factory.mktemp("nolog")
    for f in (ROOT / "data").glob("*.csv"):
        if f.name != "import_log.csv":
            shutil.copy(f, folder / f.name)
    return ET.fromstring(feed.build_feed(built_db, folder, base=""))


def test_rows_added_by_the_newest_import_lead_the_feed(document):
    """An inspection (or its standard ratings) imported lately is news, whatever its publication date."""
    with (ROOT / "data" / "import_log.csv").open(newline="", encoding="utf-8-sig") as f:
        log = [r for r in csv.DictReader(f) if r["action"] == "import"
               and r["table_name"] in ("inspections", "standard_ratings")]
    assert log, "data/ holds the December 2026 imports"
    with (ROOT / "data" / "inspections.csv").open(newline="", encoding="utf-8-sig") as f:
        rated = {r["inspection_id"]: r["org_id"] for r in csv.DictReader(f) if r["overall_rating"]}
    with_ratings = [r for r in log if any(k[0] in rated for k in json.loads(r["row_keys"]))]
    newest = max(with_ratings, key=lambda r: r["at"])  # the feed lists rated inspections only
    orgs = {rated[k[0]] for k in json.loads(newest["row_keys"]) if k[0] in rated}
    first = document.findall(f"{A}entry")[0]
    href = next(link.get("href") for link in first.findall(f"{A}link") if link.get("rel") == "alternate")
    assert href.split("org=")[1] in orgs
    assert "added to our data" in ET.tostring(first, encoding="unicode")


def test_feed_lists_the_newest_ratings(document_without_imports):
    """Without imports, the newest day-dated ratings in the CSV (read with the csv module) lead the feed."""
    document = document_without_imports
    with (ROOT / "data" / "inspections.csv").open(newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["overall_rating"] and len(r["published_on"]) == 10]
    newest = max(r["published_on"] for r in rows)
    expected = {r["org_id"] for r in rows if r["published_on"] == newest}
    first = document.findall(f"{A}entry")[0]
    href = next(link.get("href") for link in first.findall(f"{A}link") if link.get("rel") == "alternate")
    assert href.split("org=")[1] in expected
    assert first.findtext(f"{A}updated").startswith(newest)
    sources = [link.get("href") for link in first.findall(f"{A}link") if link.get("rel") == "related"]
    assert sources and sources[0].startswith("http")


def test_feed_links_absolute_with_a_public_address(built_db):
    document = ET.fromstring(feed.build_feed(built_db, ROOT / "data", base="https://example.org/probation/"))
    entry = document.find(f"{A}entry")
    alt = next(link.get("href") for link in entry.findall(f"{A}link") if link.get("rel") == "alternate")
    assert alt.startswith("https://example.org/probation/area?org=")


def test_build_writes_the_feed_only_for_the_apps_database(built_db, tmp_path, monkeypatch):
    monkeypatch.setattr(feed, "feed_path", lambda: tmp_path / "static" / "feed.xml")
    assert feed.after_build(tmp_path / "other.duckdb") is None  # a test or bench build elsewhere
    assert not (tmp_path / "static" / "feed.xml").exists()
    monkeypatch.setenv("PROBATION_DB", str(built_db))
    written = feed.after_build(built_db, ROOT / "data")
    assert written == tmp_path / "static" / "feed.xml"
    con = db.connect(built_db)
    version = db.run(con, "build_info")["data_version"].iloc[0]
    con.close()
    assert feed.feed_state(written, version) == "current"
    assert feed.feed_state(written, "000000000000") == "stale"
    assert feed.feed_state(tmp_path / "none.xml", version) == "missing"
