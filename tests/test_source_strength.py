"""Source strength on screen and in downloads: a rating read only in a secondary source (news,
commentary) or one where sources disagree carries a mark beside its word wherever ratings show,
read out by screen readers, explained under the table, and named in the download.

Expected marks are derived from the ``confidence`` column of the real rows in data/, never listed
here by hand."""
from __future__ import annotations

import csv
import html
from pathlib import Path

import pytest

from explorer import db, league, ratings, tables
from tests.page_reader import mark_of, rating_of, tables_of
from tests.test_pages import open_page

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"secondary": "secondary source", "conflict": "sources disagree"}


def _rows(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _names() -> dict[str, str]:
    return {r["org_id"]: r["name"] for r in _rows("organisations.csv")}


def test_a_secondary_rating_is_marked_in_words_not_only_a_symbol():
    cell = tables.rating_cell("Good", confidence="secondary")
    assert "Good" in cell and "†" in cell
    assert '<span class="visually-hidden"> (secondary source)</span>' in cell  # what a screen reader hears
    assert "‡" in tables.rating_cell("Inadequate", confidence="conflict")
    assert "†" not in tables.rating_cell("Good", confidence="verified")
    # a cell that holds no rating has no source to mark
    assert "†" not in tables.rating_cell(None, ratings.NOT_PUBLISHED, confidence="secondary")


@pytest.mark.parametrize("programme", ["crc-nps-2018", "pdu-2021", "pdu-2023"])
def test_league_table_marks_exactly_the_ratings_our_data_holds_from_weaker_sources(programme):
    inspections = [r for r in _rows("inspections.csv") if r["programme"] == programme and r["overall_rating"]]
    expected = {_names()[r["org_id"]]: WORDS.get(r["confidence"]) for r in inspections}
    assert any(expected.values()), "this programme should hold at least one secondary or conflicting rating"
    at = open_page("league_table.py", period=programme)
    assert not at.exception
    table = next(t for t in tables_of(at) if t.caption.startswith("League table"))
    shown = {r["Organisation"]: mark_of(r["Overall rating"]) for r in table.rows
             if rating_of(r["Overall rating"]) in ratings.RATINGS}
    assert {name: shown.get(name) for name in expected} == expected
    page_html = " ".join(str(e.proto) for e in at.get("html"))
    for confidence in {r["confidence"] for r in inspections} & set(WORDS):  # the legend says what each mark means
        assert html.escape(ratings.SOURCE_MARKS[confidence][2]) in page_html


def test_standard_ratings_carry_their_own_source_strength():
    """The mark belongs to each cell: a standard read in a secondary source is marked even when the
    overall rating of the same inspection is HMIP's own text."""
    programme = "crc-nps-2018"
    in_programme = {r["inspection_id"]: r for r in _rows("inspections.csv") if r["programme"] == programme}
    secondary = [r for r in _rows("standard_ratings.csv")
                 if r["inspection_id"] in in_programme and r["confidence"] == "secondary"]
    assert secondary
    at = open_page("league_table.py", period=programme)
    table = next(t for t in tables_of(at) if t.caption.startswith("League table"))
    rows = {r["Organisation"]: r for r in table.rows}
    for sr in secondary:
        row = rows[_names()[in_programme[sr["inspection_id"]]["org_id"]]]
        assert rating_of(row[sr["standard_name"]]) == sr["rating"]
        assert mark_of(row[sr["standard_name"]]) == "secondary source", (sr["inspection_id"], sr["standard"])


def test_the_league_download_names_the_secondary_ratings(con):
    programme = "crc-nps-2018"
    frame = db.run(con, "ratings_in_period", programme=programme)
    standards = league.framework(db.run(con, "programme_standards"), programme)
    held = db.run(con, "standard_ratings_in_programme", programme=programme)
    table = league.build_league_table(frame, standards, held)
    shown = tables.shown_frame(table, league.columns(standards, show_region=False, show_score=False))
    strength = dict(zip(shown["Organisation"], shown["Source strength"], strict=True))
    for r in _rows("inspections.csv"):
        if r["programme"] == programme and r["confidence"] == "secondary":
            assert "Overall rating" in strength[_names()[r["org_id"]]].split(": ", 1)[1]
            assert strength[_names()[r["org_id"]]].startswith("secondary source")
    verified = [r for r in _rows("inspections.csv") if r["programme"] == programme and r["confidence"] == "verified"]
    assert any(strength[_names()[r["org_id"]]] == "HMIP's own text" for r in verified)


def test_area_profile_marks_the_same_rating_the_league_table_marks():
    conflict = next(r for r in _rows("inspections.csv") if r["confidence"] == "conflict" and r["overall_rating"])
    at = open_page("area.py", org=conflict["org_id"])
    assert not at.exception
    table = next(t for t in tables_of(at) if t.caption.startswith("Inspections of"))
    cells = [r["Overall rating"] for r in table.rows if rating_of(r["Overall rating"]) == conflict["overall_rating"]]
    assert cells and all(mark_of(c) == "sources disagree" for c in cells)
    headline = next(str(e.proto) for e in at.get("html") if "Latest overall rating" in str(e.proto))
    assert "‡ (sources disagree)" in headline  # the headline says it too
