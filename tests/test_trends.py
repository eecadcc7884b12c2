"""Trend aggregation and figures, checked against inspections.csv counted here with the csv
module (no SQL, no explorer code)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from explorer import db, trends

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if name == "inspections.csv":  # trends are of four-point ratings: narrative programmes are not in them
        with (ROOT / "data" / "programmes.csv").open(newline="", encoding="utf-8-sig") as f:
            narrative = {p["programme_id"] for p in csv.DictReader(f) if p["rating_kind"] == "narrative"}
        rows = [r for r in rows if r["programme"] not in narrative]
    return rows


@pytest.fixture(scope="module")
def overall(con):
    return db.run(con, "trend_ratings", standard=None)


def test_every_inspection_is_counted_once(overall):
    assert len(overall) == len(_csv("inspections.csv"))
    counts = trends.aggregate(overall, "national")
    assert counts["count"].sum() == len(_csv("inspections.csv"))


def test_national_counts_match_csv_for_published_years(overall):
    """For inspections with a publication date, year = its first four characters."""
    expected = Counter((int(r["published_on"][:4]), r["programme"], r["overall_rating"])
                       for r in _csv("inspections.csv") if r["published_on"])
    dated = overall[overall["year_basis"] == "published"]
    counts = trends.aggregate(dated, "national")
    got = Counter({(int(r.year), r.programme, r.rating): int(r.count) for r in counts.itertuples()})
    assert got == expected


def test_undated_inspections_are_counted_and_flagged(overall):
    undated = sum(1 for r in _csv("inspections.csv") if not r["published_on"])
    assert undated > 0
    assert trends.undated(overall) == undated


def test_percentages_sum_to_100_and_n_is_the_bar_total(overall):
    for by in trends.BY:
        counts = trends.aggregate(overall, by)
        bars = counts.groupby(["group", "year", "programme"])
        assert (bars["count"].sum() == bars["n"].first()).all(), by
        assert ((bars["percent"].sum() - 100).abs() < 0.5).all(), by


def test_by_provider_splits_crc_and_nps_in_round_one(overall):
    counts = trends.aggregate(overall, "provider")
    r1 = counts[counts["programme"] == "crc-nps-2018"].groupby("group")["count"].sum()
    assert r1.to_dict() == {"CRC (private)": 21, "NPS division (public)": 7}


def test_by_region_puts_pre_2021_providers_in_no_region(overall):
    counts = trends.aggregate(overall, "region")
    pre = counts[counts["programme"].str.startswith("crc-nps")]
    assert set(pre["group"]) == {trends.NO_REGION}
    regions = {r["name"] for r in _csv("organisations.csv") if r["org_type"] == "region"}
    assert set(counts["group"]) - {trends.NO_REGION} <= regions


def test_standard_trend_shows_unheld_ratings_as_not_published(con):
    frame = db.run(con, "trend_ratings", standard="reviewing")
    held = [r for r in _csv("standard_ratings.csv") if r["standard"] == "reviewing"]
    counts = trends.aggregate(frame, "national")
    assert counts.loc[counts["rating"] != "Not published", "count"].sum() == len(held)
    assert counts.loc[counts["rating"] == "Not published", "count"].sum() == len(frame) - len(held)


def test_an_organisation_counts_once_per_bar():
    frame = pd.DataFrame({
        "org_id": ["a", "a", "b"], "year": [2022, 2022, 2022], "programme": ["p", "p", "p"],
        "rating": ["Good", "Inadequate", "Good"], "provider_label": ["x"] * 3, "display_order": [1] * 3,
        "region_name": [None] * 3})  # made up for this test
    counts = trends.aggregate(frame, "national")
    assert int(counts["n"].iloc[0]) == 2


def test_markers_sit_before_the_first_bar_of_each_framework():
    bars = [(2018, "crc-nps-2018"), (2019, "crc-nps-2019"), (2022, "pdu-2021"), (2024, "pdu-2023"),
            (2025, "pdu-2023"), (2025, "national-2025")]
    assert trends.marker_positions(bars) == [(-0.5, "2018 framework"), (1.5, "2021 framework"),
                                             (2.5, "2023 framework"), (4.5, "2025 framework")]
    # a chart without the 2018 or 2025 frameworks gets no marker for them
    assert trends.marker_positions([(2023, "pdu-2021"), (2025, "pdu-2023")]) == [
        (-0.5, "2021 framework"), (0.5, "2023 framework")]


def test_figure_names_ratings_marks_frameworks_and_shows_n(overall):
    counts = trends.aggregate(overall, "national")
    fig = trends.figure(counts, title="t")
    names = [t.name for t in fig.data]
    assert names == [r for r in ("Outstanding", "Good", "Requires improvement", "Inadequate") if r in names]
    texts = [a.text for a in fig.layout.annotations]
    assert {f"{y} framework" for y in (2018, 2021, 2023, 2025)} <= set(texts)
    assert sum(1 for t in texts if t.startswith("n=")) == counts["bar"].nunique()
    assert all(t.textangle == 0 for t in fig.data)
    dashed = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert len(dashed) == 4
