"""Funnel and error-bar figures: limits drawn around the benchmark, points labelled and
styled by where they fall, intervals as error bars (made-up points, marked below)."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer import funnel_charts

# MADE-UP points for figure tests only.
POINTS = pd.DataFrame({
    "org_name": ["Area A", "Area B", "Area C"], "finding_id": ["Z1", "Z2", "Z3"], "period": ["2024"] * 3,
    "percent": [20.0, 50.0, 90.0], "n": [50.0, 40.0, 30.0],
    "lower_95": [11.2, 35.2, 74.4], "upper_95": [33.3, 64.8, 96.5],
    "funnel_class": ["below 99.8%", "within", "above 99.8%"],
})


def test_funnel_figure_draws_limits_target_and_labelled_points():
    fig = funnel_charts.funnel_figure(POINTS, 50.0, title="Test")
    names = [t.name for t in fig.data]
    assert "99.8% control limits" in names and "95% control limits" in names and "Benchmark: 50%" in names
    target = next(t for t in fig.data if t.name == "Benchmark: 50%")
    assert set(target.y) == {50.0}
    assert max(target.x) >= 100  # the funnel is drawn out to at least 100 cases
    below = next(t for t in fig.data if t.name == "Below the 99.8% limit")
    assert list(below.text) == ["Area A"] and below.marker.symbol == "triangle-down"
    above = next(t for t in fig.data if t.name == "Above the 99.8% limit")
    assert above.marker.symbol == "triangle-up" and above.marker.color != below.marker.color
    # hand-checked: with p0 = 0.5 and n = 10 the 95% limits are 13.2% and 76.8% (stats docstring)
    lo = next(t for t in fig.data if t.name == "95% control limits")
    at10 = list(lo.x).index(10)
    assert lo.y[at10] == pytest.approx(13.2, abs=0.05)


def test_error_bar_figure_has_both_intervals():
    frame = POINTS.assign(organisation=POINTS["org_name"], group_key="g", lower_998=[8.0, 27.0, 66.0],
                          upper_998=[38.0, 73.0, 98.0], vs_benchmark=["worse", "similar", "better"])
    fig = funnel_charts.error_bar_figure(frame)
    outer = next(t for t in fig.data if t.name == "99.8% interval")
    assert list(outer.error_x.arrayminus) == pytest.approx([12.0, 23.0, 24.0])
    worse = next(t for t in fig.data if t.name == "Worse than the benchmark")
    assert list(worse.error_x.array) == pytest.approx([13.3])
    assert {t.name for t in fig.data} >= {"Similar to the benchmark", "Better than the benchmark"}
