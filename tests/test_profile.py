"""Area profile logic: freshness, suggestions for an unknown id, the standards grid and the
comparison with the national and regional picture."""
from __future__ import annotations

import pytest

from explorer import db, profile


def _facts(age=None, status="current", label=None, coverage="Rated"):
    """A made-up organisation_facts row: ages are the database's (passed in, never computed here)."""
    return {"age_months": age, "age_label": label or (f"{age} months" if age is not None else None),
            "status": status, "status_label": "Ceased 25 June 2021" if status == "ceased" else "Current",
            "last_programme_name": "Test programme", "coverage_label": coverage}


def test_freshness_flags_current_organisations_past_the_threshold():
    f = profile.freshness(_facts(30), 24)
    assert (f.months, f.applies, f.overdue) == (30, True, True)
    assert "past the 24-month freshness threshold" in f.text and "30 months since" in f.text
    ok = profile.freshness(_facts(7), 24)
    assert (ok.months, ok.overdue) == (7, False) and "within the 24-month" in ok.text


def test_threshold_is_a_parameter():
    assert profile.freshness(_facts(14), 12).overdue and not profile.freshness(_facts(14), 24).overdue


def test_freshness_does_not_apply_to_organisations_that_ceased():
    f = profile.freshness(_facts(80, status="ceased"), 24)
    assert not f.applies and not f.overdue and "ceased" in f.text


def test_freshness_without_any_inspection_says_why():
    f = profile.freshness(_facts(coverage="Not inspected in this programme"), 24)
    assert f.overdue and "Not inspected in this programme" in f.text
    assert not profile.freshness(_facts(status="ceased"), 24).applies


def test_year_only_dates_keep_the_age_rules_wording():
    f = profile.freshness(_facts(17, label="about 17 months (year known only)"), 24)
    assert "about 17 months (year known only)" in f.text


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


def _programme_name(programme_id: str) -> str:
    import csv
    from pathlib import Path
    with (Path(__file__).resolve().parents[1] / "data" / "programmes.csv").open(encoding="utf-8-sig") as f:
        return next(r["name"] for r in csv.DictReader(f) if r["programme_id"] == programme_id)


def test_comparison_sentences_use_the_same_programme(con):
    ins = db.run(con, "org_inspections", orgs=["pdu-n57kecl"])
    comp = db.run(con, "org_comparison", org="pdu-n57kecl")
    sentences = profile.comparison_sentences(ins, comp, "West Kent")
    assert len(sentences) == 2
    # named by the programme's name (data/programmes.csv), never its id
    assert sentences[0].startswith(f"{_programme_name('pdu-2021')}: West Kent was rated Inadequate; nationally,")
    assert not any(s.startswith("pdu-") for s in sentences)
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
