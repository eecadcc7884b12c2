"""The semantic layer (queries/build/10_views.sql) on the real data: each domain fact is
derived once, with the database, and these tests check it against the CSV sources and the
published design of each programme (data/coverage_rules.csv)."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from explorer import config, db


def _csv(name):
    with open(config.ROOT / "data" / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _table(con, name):
    """A derived table of the semantic layer, read whole (no SQL text here: see queries/)."""
    return con.table(name).df()


def _pairs(con, name, key, value, **where):
    frame = _table(con, name)
    for col, wanted in where.items():
        frame = frame[frame[col] == wanted]
    return dict(zip(frame[key], frame[value], strict=True))


# ---- one age rule --------------------------------------------------------------------------

@pytest.mark.parametrize("earlier, later, months", [
    ("2023-11-30", "2025-11-01", 23),   # the day of the month is not reached yet
    ("2023-11-01", "2025-11-01", 24),
    ("2025-12-01", "2025-12-31", 0),
    ("2026-01-01", "2025-12-31", 0),    # never negative
])
def test_months_between_counts_whole_calendar_months(con, earlier, later, months):
    assert db.run(con, "age_of", earlier=earlier, later=later, precision="day")["months"].iloc[0] == months


def _months_ago(n: int) -> str:
    today = dt.date.today()
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(y, m + 1, 1).isoformat()


def test_age_label_says_how_exact_the_date_is(con):
    def label(offset, precision):
        return db.run(con, "age_of", earlier=_months_ago(offset), later=dt.date.today().isoformat(),
                      precision=precision)["age_label"].iloc[0]
    assert label(3, "day") == "3 months" and label(1, "month") == "1 month"
    assert label(17, "year") == "about 17 months (year known only)"
    assert label(17, "year_from_address") == "about 17 months (year known only)"
    assert label(28, "estimated").startswith("about 28 months (estimated")
    none = db.run(con, "age_of", earlier=None, later="2025-01-01", precision="unknown")
    assert none["age_label"].iloc[0] == "Date not in our data"


def test_date_precision_follows_the_published_value(con):
    rows = {r["inspection_id"]: r for r in _csv("inspections.csv")}
    got = _pairs(con, "inspections_dated", "inspection_id", "date_precision")
    for iid, row in rows.items():
        value = row["published_on"]
        if not value:
            assert got[iid] in ("estimated", "after_programme_began", "unknown"), iid
            if got[iid] == "after_programme_began":  # nothing of its own: only its programme's start
                assert not row["fieldwork_start"], iid
        elif len(value) == 4:
            assert got[iid] == ("year_from_address" if row["date_basis"] == "report_address" else "year"), iid
        else:
            assert got[iid] == {7: "month", 10: "day"}[len(value)], iid


# ---- which standards apply -----------------------------------------------------------------

def test_nps_regions_are_rated_on_the_nps_division_standards(con):
    """NPS South West region (2020/21) was rated on the NPS standards: its statutory victim work
    rating applies, CRC-only standards do not."""
    got = _pairs(con, "inspection_standards", "standard", "rating", org_id="nps-n58")
    held = {r["standard"]: r["rating"] for r in _csv("standard_ratings.csv")
            if r["inspection_id"] in {i["inspection_id"] for i in _csv("inspections.csv") if i["org_id"] == "nps-n58"}}
    assert "statutory_victim_work" in got and got["statutory_victim_work"] == held["statutory_victim_work"]
    assert "court_work" in got and "unpaid_work" not in got and "through_the_gate" not in got


def test_every_held_standard_rating_applies_to_its_inspection(con):
    held = {(r["inspection_id"], r["standard"]) for r in _csv("standard_ratings.csv")}
    frame = _table(con, "inspection_standards")
    applied = set(zip(*frame[frame["rating"].notna()][["inspection_id", "standard"]].T.values, strict=True))
    assert held == applied


# ---- organisations: current or superseded ----------------------------------------------------

def test_superseded_pdus_are_not_current_and_name_their_successors(con):
    successions = _csv("organisation_successions.csv")
    names = {r["org_id"]: r["name"] for r in _csv("organisations.csv")}
    status = _table(con, "organisation_status")
    rows = dict(zip(status["org_id"], status["status"] + ": " + status["status_label"], strict=True))
    for pred in {s["predecessor_org_id"] for s in successions}:
        assert rows[pred].startswith("superseded: Replaced by")
        for s in successions:
            if s["predecessor_org_id"] == pred:
                assert names[s["successor_org_id"]] in rows[pred]
    assert rows["pdu-n50sftr"] == "current: Current" and rows["crc-c01"].startswith("ceased")
    assert rows["nps-n01"].startswith("ceased: Ceased 25 June 2021")  # the NPS divisions ended with the CRCs


def test_successors_did_not_exist_in_the_2021_programme_and_predecessors_show_in_their_own(con):
    state = _pairs(con, "programme_coverage", "org_id", "state", programme_id="pdu-2021")
    assert state["pdu-n52stf"] == "did_not_exist" and state["pdu-n50stta"] == "did_not_exist"
    assert state["pdu-n52stst"] == "rated"  # Staffordshire and Stoke, inspected in 2022


# ---- coverage -------------------------------------------------------------------------------

def test_coverage_states_on_real_rows(con):
    cov = _table(con, "programme_coverage")
    state = dict(zip(zip(cov["programme_id"], cov["org_id"], strict=True), cov["state"], strict=True))
    orgs = {r["org_id"]: r for r in _csv("organisations.csv")}
    ins = _csv("inspections.csv")
    # rated: a rating in our data
    first = ins[0]
    assert state[(first["programme"], first["org_id"])] == "rated"
    # not inspected: London's PDUs in the 2023-25 round (the round paused before reaching London)
    london = [o for o, r in orgs.items() if r["parent_org_id"] == "region-n07"]
    assert london and all(state[("pdu-2023", o)] == "not_inspected" for o in london)
    # inspected, rating not in our data: a PDU of a region in the round with no row in our data
    in_round = {orgs[r["org_id"]]["parent_org_id"] for r in ins if r["programme"] == "pdu-2023"}
    rated_2023 = {r["org_id"] for r in ins if r["programme"] == "pdu-2023"}
    missing = [o for o, r in orgs.items() if r["org_type"] == "pdu" and r["parent_org_id"] in in_round
               and o not in rated_2023 and state.get(("pdu-2023", o)) != "did_not_exist"]
    assert missing and all(state[("pdu-2023", o)] == "inspected_not_in_data" for o in missing)
    # not known: the 2021-23 programme inspected a sample, so an unrated PDU may not have been in it
    unrated_2021 = [o for o, r in orgs.items() if r["org_type"] == "pdu"
                    and ("pdu-2021", o) in state and state[("pdu-2021", o)] not in ("rated", "did_not_exist")]
    assert unrated_2021 and all(state[("pdu-2021", o)] == "not_known" for o in unrated_2021)
    # every CRC and NPS division was inspected in round 1
    assert all(state[("crc-nps-2018", o)] == "rated"
               for o, r in orgs.items() if r["org_type"] in ("crc", "nps_division"))


def test_narrative_inspections_are_inspected_never_rated(con):
    rows = _pairs(con, "programme_coverage", "org_id", "state", programme_id="dynamic-2025")
    dynamic = {r["org_id"] for r in _csv("inspections.csv") if r["programme"] == "dynamic-2025"}
    assert len(rows) == 12
    for org, state in rows.items():
        assert state == ("narrative" if org in dynamic else "not_known")
    assert set(_table(con, "latest_rating")["rating_kind"]) == {"four-point"}
