"""Every named query runs on the real built database, and its results agree with the
CSV sources computed independently (plain csv module, no SQL) and with HMIP's totals."""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from explorer import db

ROOT = Path(__file__).resolve().parents[1]



def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_every_parameterised_query_has_examples():
    """A query with parameters declares ``-- Example: {json}`` lines in its header."""
    for name in db.list_queries():
        if db.query_params(name):
            assert "-- Example:" in db.load_sql(name), name


@pytest.mark.parametrize("name", db.list_queries())
def test_query_runs_and_has_header(con, name):
    text = db.load_sql(name)
    header = text.split("\n\n")[0]
    assert header.startswith(f"-- {name}.sql:"), "first line names the file and says what it returns"
    assert "Returns:" in text and "Parameters:" in text
    for params in db.example_params(name):
        db.run(con, name, **params)


def test_wrong_parameters_are_refused(con):
    with pytest.raises(db.QueryError, match="missing parameters: programme"):
        db.run(con, "ratings_in_period")
    with pytest.raises(db.QueryError, match="unexpected: region"):
        db.run(con, "programmes", region="x")
    with pytest.raises(db.QueryError, match="bad query name"):
        db.load_sql("../secrets")


def test_no_sql_text_in_python():
    """Every SQL statement lives in queries/: no SELECT/INSERT text in Python files."""
    pattern = re.compile(r"SELECT\s.+\sFROM\s|INSERT\s+INTO\s|CREATE\s+(TABLE|VIEW)\s"
                         r"|DELETE\s+FROM\s|UPDATE\s+\w+\s+SET\s")
    offenders = []
    for path in [*ROOT.glob("*.py"), *ROOT.glob("explorer/*.py"), *ROOT.glob("pages/*.py"),
                 *ROOT.glob("tests/**/*.py")]:
        if path.name == "test_queries.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.name}:{n}")
    assert offenders == []


def test_ratings_in_period_matches_csv_counts(con):
    for programme in ("crc-nps-2018", "crc-nps-2019", "pdu-2021", "pdu-2023", "regional-2023"):
        expected = Counter(r["overall_rating"] for r in _csv("inspections.csv")
                           if r["programme"] == programme and r["overall_rating"])
        got = db.run(con, "ratings_in_period", programme=programme)
        assert Counter(got["overall_rating"].dropna()) == expected, programme


def test_round_one_every_crc_and_division_rated(con):
    frame = db.run(con, "ratings_in_period", programme="crc-nps-2018")
    by_type = frame.groupby("org_type")["overall_rating"].count().to_dict()
    assert by_type == {"crc": 21, "nps_division": 7}  # all 28 providers were inspected in round 1


def test_round_two_agrees_with_hmip_except_the_known_gap(con):
    """HMIP's annual report 2020 counted 4 Good (3 CRC, 1 NPS) and 6 RI (all CRC); the data
    README says one Good CRC is not identified. Exactly that gap must show, nothing else."""
    check = db.run(con, "published_totals_check", programme="crc-nps-2019")
    gaps = check[check["difference"] != 0]
    assert len(gaps) == 1
    gap = gaps.iloc[0]
    assert (gap["org_type"], gap["rating"], gap["difference"]) == ("crc", "Good", -1)


def test_latest_period_uses_each_organisations_most_recent_inspection(con):
    frame = db.run(con, "ratings_in_period", programme=None).set_index("org_id")
    # Derby City PDU: Requires improvement in 2023 (pdu-2021) and again under pdu-2023.
    assert frame.loc["pdu-n53drby", "programme"] == "pdu-2023"
    # West Kent: Inadequate in 2022, Requires improvement in the 2023 programme.
    assert frame.loc["pdu-n57kecl", "overall_rating"] == "Requires improvement"
    # Organisations never inspected are listed with no rating, not dropped.
    never = {r["org_id"] for r in _csv("organisations.csv") if r["org_type"] == "pdu"} - {
        r["org_id"] for r in _csv("inspections.csv")}
    superseded = {r["predecessor_org_id"] for r in _csv("organisation_successions.csv")}
    assert never - superseded and (never - superseded) <= set(frame.index)
    # Superseded PDUs are not current: they show in their own programmes, not in "latest".
    assert superseded and not superseded & set(frame.index)
    assert frame.loc[sorted(never - superseded), "overall_rating"].isna().all()


def test_recent_changes_direction(con):
    frame = db.run(con, "recent_changes", limit=200).set_index("inspection_id")
    assert frame.loc["p2-kss-westkent", "change"] == "improved"  # Inadequate → RI
    assert frame.loc["p2-yh-nnel", "change"] == "declined"  # RI → Inadequate
    assert frame.loc["crc-dtv-r2", "change"] == "improved"  # RI → Good
    assert frame.loc["p2-wal-ctm", "change"] == "first in our data"


def test_completeness_counts_match_csv(con):
    frame = db.run(con, "completeness").set_index("programme_id")
    std = _csv("standard_ratings.csv")
    assert frame["standard_ratings"].sum() == len(std)
    ins = _csv("inspections.csv")
    assert frame["inspections"].sum() == len(ins)
    assert frame.loc["pdu-2021",
                     "with_score"] == sum(1 for r in ins if r["programme"] == "pdu-2021" and r["total_score"])
