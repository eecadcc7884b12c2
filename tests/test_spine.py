"""Spine chart of the area profile (explorer.spine): every row's distribution and coverage
agree with the comparison chart on the same page and with the CSVs, and the figure marks the
organisation's own rating in words as well as with a marker."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer import db, league, measures, ratings, spine
from tests.test_pages import html_of, open_page

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(con, org_id: str, programme: str):
    orgs = db.run(con, "organisations").set_index("org_id")
    o = orgs.loc[org_id]
    return spine.rating_rows({"org_id": org_id, "org_type": o["org_type"], "parent_org_id": o["parent_org_id"],
                              "region_name": o["parent_name"]},
                             db.run(con, "ratings_in_period", programme=programme),
                             league.framework(db.run(con, "programme_standards"), programme),
                             db.run(con, "standard_ratings_in_programme", programme=programme))


@pytest.mark.parametrize(("org_id", "programme"), [("pdu-n53ewl", "pdu-2023"), ("crc-c03", "crc-nps-2019")])
def test_overall_rows_agree_with_the_comparison_chart(con, org_id, programme):
    rows = _rows(con, org_id, programme)
    comparison = db.run(con, "org_comparison", org=org_id)
    for level, scope in (("England and Wales", "national"), ("region", "region")):
        got = rows[(rows["standard"] == "overall") & rows["level"].str.contains(level)]
        want = comparison[(comparison["programme"] == programme) & (comparison["scope"] == scope)]
        if want.empty:
            assert got.empty or scope == "national"
            continue
        assert got["held"].iloc[0] == int(want["n"].iloc[0])
        for r in ratings.RATINGS:
            assert got[r].iloc[0] == int(want.loc[want["rating"] == r, "count"].sum())


def test_standard_rows_count_what_the_csv_holds(con):
    rows = _rows(con, "pdu-n53ewl", "pdu-2023")
    with (DATA / "inspections.csv").open(encoding="utf-8-sig") as f:
        pdu_2023 = {r["inspection_id"]: r["org_id"] for r in csv.DictReader(f) if r["programme"] == "pdu-2023"}
    with (DATA / "standard_ratings.csv").open(encoding="utf-8-sig") as f:
        held = [r for r in csv.DictReader(f) if r["inspection_id"] in pdu_2023 and r["rating"]]
    national = rows[(rows["level"] == "England and Wales") & (rows["standard"] != "overall")]
    for row in national.itertuples():
        orgs = {pdu_2023[r["inspection_id"]] for r in held if r["standard"] == row.standard}
        assert row.held == len(orgs), row.standard
    assert (rows["held"] <= rows["scope"]).all()
    # its own Inadequate overall rating is the one marked
    assert rows.loc[rows["standard"] == "overall", "this"].eq("Inadequate").all()


def test_finding_rows_place_the_organisation_within_the_range(con):
    findings = measures.findings_table(db.run(con, "followup_findings"))
    org = findings.loc[~findings["is_national"] & findings["percent"].notna(), "org_id"].value_counts().index[0]
    rows = spine.finding_rows(org, findings)
    assert not rows.empty
    assert ((rows["low"] <= rows["this"]) & (rows["this"] <= rows["high"])).all()
    assert (rows["areas"] >= 1).all()
    assert (spine.comparable(rows)["areas"] >= 2).all()
    own = findings[(findings["org_id"] == org) & findings["percent"].notna() & ~findings["is_national"]]
    assert set(rows["group_key"]) == set(own["group_key"])


def test_figure_marks_its_rating_in_words(con):
    rows = _rows(con, "pdu-n53ewl", "pdu-2023")
    fig = spine.rating_figure(rows, "East and West Lincolnshire")
    marker = next(t for t in fig.data if t.type == "scatter")
    assert len(marker.x) == int(rows["this"].isin(ratings.RATINGS).mul(rows["held"] > 0).sum())
    assert all(0 <= x <= 100 for x in marker.x)
    names = [a.text for a in fig.layout.annotations]
    assert len(names) == len(rows)
    assert all("rated in our data" in t and "this one:" in t for t in names)


def test_area_page_draws_the_spine_with_a_table():
    at = open_page("area.py", org="pdu-n53ewl")
    assert not at.exception
    assert "Every standard and finding against the rest" in [s.value for s in at.subheader]
    assert "Ratings of East and West Lincolnshire and of comparable organisations" in html_of(at)
