"""Area profile logic: freshness, suggestions for an unknown id, the standards grid and the
comparison with the national and regional picture."""
from __future__ import annotations

import datetime as dt

import pytest

from explorer import db, profile

TODAY = dt.date(2026, 1, 15)


def test_freshness_flags_current_organisations_past_the_annual_aim():
    f = profile.freshness(dt.date(2024, 11, 1), None, 12, today=TODAY)
    assert (f.months, f.applies, f.overdue) == (14, True, True)
    assert profile.PAST_AIM in f.text
    ok = profile.freshness(dt.date(2025, 6, 1), None, 12, today=TODAY)
    assert (ok.months, ok.overdue) == (7, False)
    assert profile.PAST_AIM not in ok.text


def test_threshold_is_a_parameter():
    f = profile.freshness(dt.date(2024, 11, 1), None, 24, today=TODAY)
    assert not f.overdue and "within 24 months" in f.text


def test_freshness_does_not_apply_to_organisations_that_ceased():
    f = profile.freshness(dt.date(2019, 3, 1), dt.date(2021, 6, 25), 12, today=TODAY)
    assert not f.applies and not f.overdue and "ceased" in f.text


def test_freshness_without_any_inspection():
    assert profile.freshness(None, None, 12, today=TODAY).overdue
    assert not profile.freshness(None, dt.date(2021, 6, 25), 12, today=TODAY).applies


def test_year_only_dates_are_called_approximate():
    f = profile.freshness(dt.date(2025, 7, 1), None, 12, today=TODAY, precision="year")
    assert "approximately" in f.text


def test_months_between_respects_day_of_month():
    assert profile.months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 0
    assert profile.months_between(dt.date(2025, 1, 1), dt.date(2026, 1, 1)) == 12


def test_unknown_org_suggests_by_name_and_id(con):
    orgs = db.run(con, "organisations")
    message = profile.unknown_org_message("Essex", orgs)
    assert 'No organisation with id "Essex"' in message and "Essex CRC (crc-c18)" in message
    assert "crc-c03" in profile.suggestions("crc-c3", orgs)
    assert profile.suggestions("zzzz", orgs) == []
    assert "<" not in profile.unknown_org_message("<script>", orgs)


def test_standard_grid_marks_not_rated_and_not_published(con):
    grid, columns = profile.standard_grid(db.run(con, "org_standard_grid", org="crc-c03"))
    assert columns == ["2019-03 (crc-nps-2018)", "2020-04 (crc-nps-2019)"]
    rows = grid.set_index("standard")
    # Durham Tees Valley CRC: leadership Outstanding in both rounds (standard_ratings.csv)
    assert list(rows.loc["leadership", columns]) == ["Outstanding", "Outstanding"]
    # a CRC's framework has no court work standard: not part of the grid at all
    assert "court_work" not in rows.index
    assert rows.loc["staff", columns[0]] == "Not published"


def test_grid_across_frameworks_shows_not_rated(con):
    # West Kent: pdu-2021 (9 standards incl. court work) and pdu-2023 (7 standards)
    grid, columns = profile.standard_grid(db.run(con, "org_standard_grid", org="pdu-n57kecl"))
    rows = grid.set_index("standard")
    assert len(columns) == 2
    assert rows.loc["court_work", columns[1]] == "Not rated"
    assert rows.loc["court_work", columns[0]] != "Not rated"


def test_comparison_sentences_use_the_same_programme(con):
    ins = db.run(con, "org_inspections", orgs=["pdu-n57kecl"])
    comp = db.run(con, "org_comparison", org="pdu-n57kecl")
    sentences = profile.comparison_sentences(ins, comp, "West Kent")
    assert len(sentences) == 2
    assert sentences[0].startswith("pdu-2021: West Kent was rated Inadequate; nationally,")
    assert "in Kent, Surrey and Sussex" in sentences[1]
    national = comp[(comp["programme"] == "pdu-2023") & (comp["scope"] == "national")]
    import csv
    from pathlib import Path
    with (Path(__file__).resolve().parents[1] / "data" / "inspections.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["programme"] == "pdu-2023" and r["overall_rating"]]
    assert int(national["n"].iloc[0]) == len({r["org_id"] for r in rows})


@pytest.mark.parametrize("org,expected", [("crc-c03", {"pdu-n54dur", "pdu-n54cle", "pdu-n54stha"}),
                                          ("pdu-n54cle", {"crc-c03", "nps-n02"})])
def test_org_lineage_both_directions(con, org, expected):
    frame = db.run(con, "org_lineage", org=org)
    assert set(frame["org_id"]) == expected
