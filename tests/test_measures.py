"""Measure grouping, shortfall flipping, intervals and benchmarks on the real findings
(expected groups and values checked by hand against data/findings.csv), plus a pooled-
benchmark fixture (made up, marked below)."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer import db, measures, stats


@pytest.fixture(scope="module")
def table(con):
    return measures.findings_table(db.run(con, "followup_findings")).set_index("finding_id")


# Hand-read from findings.csv: which wordings say the same thing.
EXPECTED_GROUPS = {
    "keep_safe": {"F0039", "F0042", "F0058", "F0064", "F0078", "F0089", "F0099", "F0171"},
    "da_requested": {"F0045", "F0051", "F0076", "F0082", "F0093", "F0108"},
    "cs_requested": {"F0075", "F0094", "F0107"},
    "da_info_used": {"F0081", "F0095"},
    # F0223 counts the shortfall ("ineffective or absent", 49 of 80), the inverse of "sufficient"
    "oversight": {"F0062", "F0096", "F0106", "F0152", "F0223"},
}


@pytest.mark.parametrize("key", list(EXPECTED_GROUPS))
def test_groups_on_real_wordings(table, key):
    assert set(table.index[table["group_key"] == key]) == EXPECTED_GROUPS[key]


def test_lookalike_wordings_stay_out(table):
    # desistance, not safety; assignments, not cases; safeguarding info *used*; a staff survey
    assert table.loc["F0098", "group_key"] == "finding:F0098"
    assert table.loc["F0100", "group_key"] == "finding:F0100"
    assert table.loc["F0079", "group_key"] == "finding:F0079"
    assert table.loc["F0151", "group_key"] == "finding:F0151"
    assert table.loc["F0063", "group_key"] == "rosh_assessment"  # assessment, not delivery


def test_shortfall_measures_are_flipped_and_say_so(table):
    nt = table.loc["F0093"]  # 6 of 50 relevant cases where DA information was NOT requested
    assert nt["flipped"] and nt["successes"] == 44 and nt["percent"] == 88
    assert "flipped" in nt["flip_note"] and "6 of 50" in nt["flip_note"]
    assert table.loc["F0076", "percent"] == 85  # "should have been requested but was not" 15%
    assert not table.loc["F0108", "flipped"] and table.loc["F0108", "percent"] == 49
    # an ungrouped NOT-less wording is never flipped
    assert not table.loc["F0003", "flipped"]


def test_intervals_only_where_n_is_published(table):
    essex = table.loc["F0039"]  # 25% of 65 cases -> 16 cases
    assert essex["successes"] == 16 and essex["evidence"] == "moderate"
    assert (essex["lower_95"], essex["upper_95"]) == pytest.approx(stats.wilson_from_percent(25, 65))
    assert essex["lower_998"] < essex["lower_95"] and essex["upper_998"] > essex["upper_95"]
    warks = table.loc["F0042"]
    assert warks["evidence"] == "n not published" and pd.isna(warks["lower_95"])
    assert warks["funnel_class"] == stats.NOT_TESTED
    assert table.loc["F0189", "small_sample"]  # 4 of 8 round-2 reports


def test_counts_with_a_denominator_are_proportions(table):
    herts = table.loc["F0060"]  # 11 of 54 with an inaccurate classification -> 43 of 54 accurate
    assert herts["successes"] == 43 and herts["n"] == 54
    assert "F0004" not in table.index  # a count of people supervised is not a proportion


def test_benchmarks_are_the_matching_national_figures(table):
    assert table.loc["F0039", "benchmark_finding_id"] == "F0171"  # 2022-23 bulletin, nearer than 2025
    assert table.loc["F0093", "benchmark_pct"] == 49 and table.loc["F0094", "benchmark_pct"] == 55
    # no national figure and only one area with n: no benchmark, said so
    assert table.loc["F0050", "vs_benchmark"] == "no benchmark in our data"
    # 39 of 70 (55.7%) against 49%: similar; 44 of 50 (88%) against 49%: better
    assert table.loc["F0082", "vs_benchmark"] == "similar"
    assert table.loc["F0093", "vs_benchmark"] == "better"


def test_funnel_measures_need_a_benchmark_and_an_area_with_n(table):
    options = measures.funnel_measures(table.reset_index())
    # oversight: a national figure (F0106) and one area with its n (F0223, West Midlands 49 of 80)
    assert list(options) == ["keep_safe", "da_requested", "cs_requested", "oversight"]
    points = measures.funnel_points(table.reset_index(), "da_requested")
    assert list(points["finding_id"]) == ["F0093", "F0082"]  # national rows and rows without n left out


def test_pooled_benchmark_when_no_national_figure():
    # MADE-UP fixture: two areas, no national figure
    rows = [{"finding_id": f"X{i}", "inspection_id": f"x{i}", "organisation": f"Area {i}", "level": "PDU",
             "period": "2024", "topic": "other", "measure": "cases where risk assessment was sufficient",
             "value": v, "unit": "count", "denominator_n": n, "source_url": "https://example.test",
             "confidence": "verified", "org_id": f"x{i}", "org_name": f"Area {i}", "org_type": "pdu",
             "programme": None, "sort_date": None} for i, (v, n) in enumerate([(10, 40), (30, 60)])]
    bench = measures.benchmarks(measures.proportions(pd.DataFrame(rows)))
    assert bench.loc[0, "benchmark_pct"] == pytest.approx(40.0)  # (10 + 30) / (40 + 60)
    assert "pooled value of the 2 area findings" in bench.loc[0, "benchmark_basis"]


def test_display_text(table):
    shown = measures.for_display(table.reset_index()).set_index("finding_id")
    assert shown.loc["F0042", "ci_95"] == "n not published" and shown.loc["F0042", "n_text"] == "n not published"
    assert shown.loc["F0039", "ci_95"] == "16–36%"
    assert shown.loc["F0171", "who"].startswith("Probation Service (England and Wales)")
