"""Map frames and figures (explorer.maps) on the real built database: every unit appears
once, states are honest (no rating is invented), legends follow the conventional order."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from explorer import db, maps, ratings
from explorer.charts import NO_RATING

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _prepared(con, level, period, provider="crc", colour="overall", colour_name="Overall rating"):
    name, params = maps.query_for(level, period, provider, colour)
    return maps.prepare(db.run(con, name, **params), level, colour, colour_name)


def test_hex_tables_loaded_with_every_row(con):
    assert len(db.run(con, "map_pfa", programme="crc-nps-2018", provider="crc",
                      standard=None)) == len(_csv("hex_pfa.csv")) == 43
    assert len(db.run(con, "map_pdu", programme=None, rated_by="pdu", standard=None)) == len(_csv("hex_pdu.csv")) == 112


def test_pfa_crc_round_one_every_area_takes_its_crcs_rating(con):
    frame = _prepared(con, "pfa", "crc-nps-2018")
    assert frame["unit_id"].is_unique and len(frame) == 43
    rating = {r["org_id"]: r["overall_rating"] for r in _csv("inspections.csv") if r["programme"] == "crc-nps-2018"}
    covered = {(r["area_code"], r["org_id"]) for r in _csv("organisation_areas.csv") if r["org_id"].startswith("crc-")}
    for row in frame.itertuples():
        assert (row.unit_id, row.org_id) in covered
        assert row.state == rating[row.org_id]


def test_nps_round_two_only_one_division_rated(con):
    frame = _prepared(con, "pfa", "crc-nps-2019", provider="nps_division")
    rated_orgs = set(frame.loc[frame["state"].isin(ratings.RATINGS), "org_id"])
    expected = {r["org_id"] for r in _csv("inspections.csv")
                if r["programme"] == "crc-nps-2019" and r["org_id"].startswith("nps-")}
    assert rated_orgs == expected and len(expected) == 1
    # round 2 was paused in March 2020: whether the other divisions were inspected is not known
    assert set(frame.loc[~frame["org_id"].isin(expected), "state"]) == {ratings.COVERAGE["not_known"]}


def test_pdu_latest_counts_agree_with_csv(con):
    frame = _prepared(con, "pdu", maps.LATEST)
    assert frame["unit_id"].is_unique and len(frame) == 112
    inspected = {r["org_id"] for r in _csv("inspections.csv") if r["programme"] in ("pdu-2021", "pdu-2023")}
    superseded = {r["predecessor_org_id"] for r in _csv("organisation_successions.csv")}
    assert set(frame.loc[frame["state"].isin(ratings.RATINGS), "unit_id"]) == inspected - superseded
    # a superseded PDU's old rating is not shown as current: it did not exist then
    assert set(frame.loc[frame["unit_id"].isin(superseded), "state"]) == {ratings.COVERAGE["did_not_exist"]}


def test_standard_colour_is_sparse_and_honest(con):
    frame = _prepared(con, "pdu", "pdu-2021", colour="planning", colour_name="Planning")
    held = {r["inspection_id"]: r["rating"] for r in _csv("standard_ratings.csv") if r["standard"] == "planning"}
    pdu_2021 = {r["org_id"]: r["inspection_id"] for r in _csv("inspections.csv") if r["programme"] == "pdu-2021"}
    expected = Counter(held[i] for o, i in pdu_2021.items() if i in held)
    assert Counter(frame.loc[frame["state"].isin(ratings.RATINGS), "state"]) == expected
    # inspected but planning rating not in our data → Not published, never a made-up value
    assert (frame["state"] == ratings.NOT_PUBLISHED).sum() == len(pdu_2021) - sum(expected.values())
    caption = maps.coverage(frame, "pdu", "Planning")
    assert caption.startswith(f"{sum(expected.values())} of 112 PDUs have a rating for Planning in our data")


def test_standard_outside_framework_is_not_rated(con):
    frame = _prepared(con, "pfa", "crc-nps-2018", provider="crc", colour="court_work", colour_name="Court work")
    assert set(frame["state"]) == {ratings.NOT_RATED}  # court work was an NPS standard only


def test_region_level_colours_pdus_by_their_regions_rating(con):
    frame = _prepared(con, "region", "regional-2023")
    regional = {r["org_id"]: r["overall_rating"] for r in _csv("inspections.csv") if r["programme"] == "regional-2023"}
    parent = {r["org_id"]: r["parent_org_id"] for r in _csv("organisations.csv")}
    # the 2023-25 round inspected a region after all its PDUs: regions whose PDUs are in that
    # round were inspected; the others were not reached before the pause
    in_round = {parent[r["org_id"]] for r in _csv("inspections.csv") if r["programme"] == "pdu-2023"}
    for row in frame.itertuples():
        assert row.org_id == row.group_id
        expected = (regional.get(row.group_id) or (ratings.COVERAGE["inspected_not_in_data"]
                    if row.group_id in in_round else ratings.COVERAGE["not_inspected"]))
        assert row.state == expected
    assert len(maps.organisations_of(frame)) == 12


def test_state_of_each_case():
    base = {"inspection_id": "x", "overall_rating": "Good", "standard_rating": None, "in_framework": True}
    assert maps.state_of(base, "overall") == "Good"
    assert maps.state_of({**base, "inspection_id": None}, "overall") == NO_RATING
    assert maps.state_of({**base, "overall_rating": None}, "overall") == ratings.NOT_PUBLISHED
    assert maps.state_of(base, "planning") == ratings.NOT_PUBLISHED
    assert maps.state_of({**base, "standard_rating": "Inadequate"}, "planning") == "Inadequate"
    assert maps.state_of({**base, "in_framework": False}, "planning") == ratings.NOT_RATED


def test_controls_options(con):
    programmes = db.run(con, "programmes")
    standards = db.run(con, "programme_standards")
    assert list(maps.period_options("pfa", programmes)) == ["crc-nps-2018", "crc-nps-2019"]
    assert next(iter(maps.period_options("pdu", programmes))) == maps.LATEST
    pfa = maps.colour_options("pfa", "crc-nps-2018", standards)
    assert next(iter(pfa)) == "overall" and "court_work" in pfa and "NPS divisions only" in pfa["court_work"]
    latest = maps.colour_options("pdu", maps.LATEST, standards)
    assert {"court_work", "planning"} <= set(latest)  # pdu-2021 and pdu-2023 frameworks together
    assert set(maps.colour_options("region", "regional-2023", standards)) >= {"overall", "statutory_victim_work"}


def test_tooltip_names_organisation_rating_date_and_score(con):
    frame = _prepared(con, "pdu", "pdu-2021")
    scored = frame[frame["score"] != ""]
    assert not scored.empty
    row = scored.iloc[0]
    assert row["unit_name"] in row["tooltip"] and row["state"] in row["tooltip"]
    assert f"Score: {row['score']}" in row["tooltip"] and "Published:" in row["tooltip"]
    unrated = frame[~frame["state"].isin(ratings.RATINGS)].iloc[0]
    assert "Published" not in unrated["tooltip"] and unrated["state"] in unrated["tooltip"]


def test_hex_figure_one_polygon_per_unit_legend_in_conventional_order(con):
    frame = _prepared(con, "pdu", maps.LATEST)
    fig = maps.hex_figure(frame, outline_groups=True)
    polygons = [t for t in fig.data if t.fill == "toself"]
    counts = frame["state"].value_counts()
    for trace in polygons:  # each hexagon is 7 points then a gap; an absent rating draws nothing
        xs = [x for x in trace.x if x is not None]
        assert len(xs) == 7 * int(counts.get(trace.legendgroup, 0)), trace.legendgroup
    assert sum(len([x for x in t.x if x is not None]) for t in polygons) == 7 * 112
    legend = [t.name.rsplit(" (", 1)[0] for t in fig.data if t.showlegend is not False]
    assert legend[:4] == list(ratings.RATINGS)
    others = ratings.ordered(set(frame["state"]) - set(ratings.RATINGS))
    assert others and legend[4:] == [*others, "Region boundary"]
    centres = fig.data[-1]
    assert len(centres.customdata) == 112 and list(centres.text) == list(frame["label"])
    assert fig.layout.yaxis.scaleanchor == "x"
    # text on each fill is the contrast-checked colour for that rating
    for state, colour in zip(frame["state"], centres.textfont.color, strict=True):
        assert colour == maps.map_style(state).text


def test_state_fills_are_patterned_and_dashed(con):
    frame = _prepared(con, "pdu", "pdu-2021", colour="planning", colour_name="Planning")
    fig = maps.hex_figure(frame)
    by_state = {t.legendgroup: t for t in fig.data if t.fill == "toself"}
    assert by_state[ratings.NOT_PUBLISHED].fillpattern.shape == "/"
    assert by_state[ratings.NOT_PUBLISHED].line.dash == "dash"
    assert by_state["Requires improvement"].line.dash == "solid"


def test_region_outlines_separate_regions(con):
    frame = _prepared(con, "pdu", maps.LATEST)
    fig = maps.hex_figure(frame, outline_groups=True)
    outline = next(t for t in fig.data if t.name == "Region boundary")
    assert list(outline.x).count(None) > 50


def test_choropleth_figure_from_geojson():
    """A made-up two-square geography (for this test only) drawn with its states."""
    square = [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]]
    two_triangles = [[[[20, 0], [20, 5], [25, 5], [20, 0]]], [[[30, 0], [30, 5], [35, 5], [30, 0]]]]
    features = [{"type": "Feature", "id": "a", "geometry": {"type": "Polygon", "coordinates": square}},
                {"type": "Feature", "id": "b", "geometry": {"type": "MultiPolygon", "coordinates": two_triangles}}]
    orgs = pd.DataFrame({"org_id": ["a", "b", "c"], "org_name": ["A", "B", "C"], "unit_id": ["a", "b", "c"],
                         "state": ["Good", NO_RATING, "Inadequate"], "tooltip": ["tip a", "tip b", "tip c"]})
    fig = maps.choropleth_figure(orgs, {"type": "FeatureCollection", "features": features})
    areas = [t for t in fig.data if t.fill == "toself"]
    assert [t.name for t in areas] == ["A: Good", f"B: {NO_RATING}"]
    assert list(areas[1].x).count(None) == 2  # both parts of the multipolygon
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["Outstanding (0)", "Good (1)", "Requires improvement (0)", "Inadequate (0)", f"{NO_RATING} (1)"]
    points = fig.data[-1]
    assert [list(c) for c in points.customdata] == [["a", "tip a", "a"], ["b", "tip b", "b"]]


def test_selected_org_from_event(con):
    frame = _prepared(con, "pdu", maps.LATEST)
    org = frame.iloc[5]
    event = {"selection": {"points": [{"customdata": [org["org_id"], "tip", org["unit_id"]]}]}}
    assert maps.selected_org(event, frame) == (org["org_id"], org["org_name"])
    assert maps.selected_org({"selection": {"points": []}}, frame) is None
    assert maps.selected_org(None, frame) is None


@pytest.mark.parametrize("level,period", [("pfa", "crc-nps-2018"), ("pdu", "pdu-2023"), ("region", "regional-2023")])
def test_table_alternative_lists_every_unit_best_first(con, level, period):
    frame = _prepared(con, level, period)
    table = maps.table_frame(frame)
    assert sorted(table["unit_id"]) == sorted(frame["unit_id"])
    order = [maps.STATE_ORDER.index(s) for s in table["state"]]
    assert order == sorted(order)
