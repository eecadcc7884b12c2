"""Comparisons on the real database, checked against the CSV files read independently:
NPS-CRC pairs from the geography table, standard distributions, organisations aligned by
standard, and the figures (words on every cell and bar)."""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from explorer import compare, db, league
from explorer.charts import NO_RATING

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _pfas() -> dict[str, set[str]]:
    out = defaultdict(set)
    for r in _csv("organisation_areas.csv"):
        if r["area_type"] == "pfa":
            out[r["org_id"]].add(r["area_code"])
    return out


def test_pairs_are_exactly_the_divisions_and_crcs_sharing_police_force_areas(con):
    pairs = db.run(con, "nps_crc_pairs")
    types = {r["org_id"]: r["org_type"] for r in _csv("organisations.csv")}
    pfas = _pfas()
    expected = {(n, c): len(pfas[n] & pfas[c]) for n in pfas for c in pfas
                if types[n] == "nps_division" and types[c] == "crc" and pfas[n] & pfas[c]}
    got = {(r.nps_org_id, r.crc_org_id): r.shared_pfas for r in pairs.itertuples()}
    assert got == expected
    assert set(pairs["crc_org_id"]) == {o for o, t in types.items() if t == "crc"}  # every CRC has a division


def test_area_pairs_puts_the_division_first_with_each_programmes_rating(con):
    pairs = db.run(con, "nps_crc_pairs")
    frames = {p: db.run(con, "ratings_in_period", programme=p) for p in ("crc-nps-2018", "crc-nps-2019")}
    table = compare.area_pairs(pairs, "nps-n02", frames)
    assert table["org_id"].iloc[0] == "nps-n02"
    assert "crc-c03" in set(table["org_id"])
    ratings = {(r["org_id"], r["programme"]): r["overall_rating"] for r in _csv("inspections.csv")}
    row = table.set_index("org_id")
    for org in row.index:
        for p in frames:
            assert row.loc[org, f"rating:{p}"] == (ratings.get((org, p)) or NO_RATING)


def test_standard_distribution_counts_each_inspected_org_once_per_applicable_standard(con):
    frame = db.run(con, "ratings_in_period", programme="crc-nps-2018")
    standards = league.framework(db.run(con, "programme_standards"), "crc-nps-2018")
    held = db.run(con, "standard_ratings_in_programme", programme="crc-nps-2018")
    dist = compare.standard_distribution(frame, standards, held)
    totals = dist.groupby(["standard", "org_type"])["count"].sum().to_dict()
    assert totals[("leadership", "crc")] == 21 and totals[("leadership", "nps_division")] == 7
    assert ("court_work", "crc") not in totals and ("unpaid_work", "nps_division") not in totals
    prog_ins = {r["inspection_id"]: r["org_id"] for r in _csv("inspections.csv") if r["programme"] == "crc-nps-2018"}
    tgt_inadequate = sum(1 for r in _csv("standard_ratings.csv")
                         if r["inspection_id"] in prog_ins and r["standard"] == "through_the_gate"
                         and r["rating"] == "Inadequate")
    got = dist[(dist["standard"] == "through_the_gate") & (dist["rating"] == "Inadequate")]["count"].sum()
    assert got == tgt_inadequate
    fig = compare.standard_figure(dist)
    assert {t.name for t in fig.data} <= set(compare.GRID_LABELS)
    assert "Not published" in {t.name for t in fig.data}
    assert all(t.text is not None for t in fig.data)  # counts written on the bars


def test_side_by_side_aligns_standards_across_frameworks(con):
    orgs = ["crc-c03", "nps-n02"]
    inspections = db.run(con, "org_inspections", orgs=orgs)
    expected_ids = {r["inspection_id"] for r in _csv("inspections.csv") if r["org_id"] in orgs}
    assert set(inspections["inspection_id"]) == expected_ids
    grid, headers = compare.side_by_side(inspections, db.run(con, "org_standard_ratings", orgs=orgs))
    g = grid.set_index("standard")
    held = {(r["inspection_id"], r["standard"]): r["rating"] for r in _csv("standard_ratings.csv")}
    overall = {r["inspection_id"]: r["overall_rating"] for r in _csv("inspections.csv")}
    for ins in expected_ids:
        assert g.loc["overall", ins] == overall[ins]
        assert g.loc["leadership", ins] == held.get((ins, "leadership"), "Not published")
    assert g.loc["court_work", "crc-dtv-r1"] == "Not rated"  # NPS-only standard
    assert g.loc["unpaid_work", "nps-ne-r1"] == "Not rated"  # CRC-only standard
    assert headers["crc-dtv-r1"] == "Durham Tees Valley CRC (2018/19)"


def test_side_by_side_across_eras_marks_standards_outside_a_framework_not_rated(con):
    orgs = ["pdu-n57kecl", "region-n57"]
    inspections = db.run(con, "org_inspections", orgs=orgs)
    grid, _ = compare.side_by_side(inspections, db.run(con, "org_standard_ratings", orgs=orgs))
    g = grid.set_index("standard")
    region_ins = inspections.loc[inspections["org_id"] == "region-n57", "inspection_id"].iloc[0]
    assert g.loc["assessment", region_ins] == "Not rated"  # PDU standard, not in the regional framework
    pdu_ins = inspections.loc[inspections["programme"] == "pdu-2023", "inspection_id"].iloc[0]
    assert g.loc["desistance", pdu_ins] == "Not rated"


def test_rating_grid_figure_writes_every_word():
    # made-up grid (test data): labels only, no real organisations
    import pandas as pd
    frame = pd.DataFrame({"name": ["A", "B"], "x": ["Good", "Not published"], "y": ["Inadequate", NO_RATING]})
    fig = compare.rating_grid_figure(frame, "name", {"x": "First", "y": "Second"})
    heat = fig.data[0]
    assert [list(r) for r in heat.text] == [["Good", "Inadequate"], ["Not published", NO_RATING]]
    assert list(heat.x) == ["First", "Second"] and heat.texttemplate == "%{text}"
