"""Tests for explorer.stats: cross-checked against scipy, brute force and hand arithmetic."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, binomtest, norm

from explorer import stats
from explorer.stats import (
    LEVEL_95,
    LEVEL_998,
    NOT_TESTED,
    SMALL_N_THRESHOLD,
    classify_against_funnel,
    compare_to_benchmark,
    count_from_percent,
    evidence_strength,
    funnel_frame,
    funnel_limits,
    is_small_sample,
    wilson_from_percent,
    wilson_interval,
    wilson_intervals,
)

LEVELS = [LEVEL_95, LEVEL_998, 0.90]
SMALL_NS = [1, 2, 3, 5, 7, 10]
BIG_NS = [29, 30, 65, 100, 349, 1534, 10_000]


def _cases():
    for n in SMALL_NS:
        for k in range(n + 1):
            yield k, n
    for n in BIG_NS:
        for k in sorted({0, 1, 2, n // 7, n // 3, n // 2, n - 1, n}):
            yield k, n


def test_levels_are_the_fingertips_ones():
    assert (LEVEL_95, LEVEL_998) == (0.95, 0.998)


# --- Wilson interval -------------------------------------------------------------------

@pytest.mark.parametrize("confidence", LEVELS)
def test_wilson_matches_scipy(confidence):
    for k, n in _cases():
        ref = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
        lower, upper = wilson_interval(k, n, confidence)
        assert lower == pytest.approx(ref.low, abs=1e-12), (k, n)
        assert upper == pytest.approx(ref.high, abs=1e-12), (k, n)


def test_wilson_edges_are_exact():
    for n in SMALL_NS + BIG_NS:
        for conf in (LEVEL_95, LEVEL_998):
            assert wilson_interval(0, n, conf)[0] == 0.0
            assert wilson_interval(n, n, conf)[1] == 1.0


def test_wilson_hand_checked_zero_of_ten():
    # k = 0: the upper bound reduces to z^2 / (n + z^2).
    # z = 1.959964, z^2 = 3.841459; 3.841459 / 13.841459 = 0.277533.
    lower, upper = wilson_interval(0, 10)
    assert lower == 0.0
    assert upper == pytest.approx(0.277533, abs=1e-6)


def test_wilson_bounds_solve_the_score_equation():
    # Independent of the closed form: each bound b satisfies (p - b)^2 = z^2 b (1 - b) / n.
    for conf in (LEVEL_95, LEVEL_998):
        z = norm.ppf(1 - (1 - conf) / 2)
        for k, n in [(1, 2), (3, 7), (16, 65), (506, 1534)]:
            for b in wilson_interval(k, n, conf):
                assert (k / n - b) ** 2 == pytest.approx(z * z * b * (1 - b) / n, rel=1e-9)


def test_wilson_fractional_successes_lie_between_neighbours():
    lo2, hi2 = wilson_interval(2, 10)
    lo25, hi25 = wilson_interval(2.5, 10)
    lo3, hi3 = wilson_interval(3, 10)
    assert lo2 < lo25 < lo3 and hi2 < hi25 < hi3


@pytest.mark.parametrize("k, n", [(0, 0), (1, 0), (0, -3), (-1, 10), (11, 10), (1, float("nan")),
                                  (float("nan"), 10), (1, float("inf")), (1, None)])
def test_wilson_rejects_invalid(k, n):
    with pytest.raises(ValueError):
        wilson_interval(k, n)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_wilson_rejects_bad_confidence(confidence):
    with pytest.raises(ValueError):
        wilson_interval(3, 10, confidence)


def test_wilson_intervals_vectorised():
    k = pd.Series([0, 3, 16, None, 4.0])
    n = pd.Series([10, 7, 65, 20, np.nan])
    lower, upper = wilson_intervals(k, n, LEVEL_998)
    for i in range(3):
        ref = binomtest(int(k[i]), int(n[i])).proportion_ci(confidence_level=LEVEL_998, method="wilson")
        assert lower[i] == pytest.approx(ref.low, abs=1e-12)
        assert upper[i] == pytest.approx(ref.high, abs=1e-12)
    assert np.isnan(lower[3:]).all() and np.isnan(upper[3:]).all()
    with pytest.raises(ValueError):
        wilson_intervals([5, 11], [10, 10])
    with pytest.raises(ValueError):
        wilson_intervals([0], [0])


# --- percentages -----------------------------------------------------------------------

def test_count_from_percent_recovers_true_count_below_100():
    # The docstring's claim: for n < 100 the rounded count is the true count behind a
    # whole-number percentage.
    for n in range(1, 100):
        for k in range(n + 1):
            published = math.floor(100 * k / n + 0.5)
            assert count_from_percent(published, n) == k, (k, n)


def test_count_from_percent_examples_and_errors():
    assert count_from_percent(25, 65) == 16      # 16.25 -> 16
    assert count_from_percent(33, 1534) == 506   # 506.22 -> 506
    assert count_from_percent(25, 50) == 13      # 12.5, halves round up
    for bad in [(-1, 10), (101, 10), (50, 0), (50, 10.5), (float("nan"), 10)]:
        with pytest.raises(ValueError):
            count_from_percent(*bad)


def test_wilson_from_percent():
    for pct, n in [(25, 65), (53, 62), (11, 54), (0, 8), (100, 8), (12, 1534)]:
        k = round(pct * n / 100)
        ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        lower, upper = wilson_from_percent(pct, n)
        assert lower == pytest.approx(100 * ref.low, abs=1e-10)
        assert upper == pytest.approx(100 * ref.high, abs=1e-10)
    assert wilson_from_percent(0, 8)[0] == 0.0 and wilson_from_percent(100, 8)[1] == 100.0
    for missing in (None, float("nan"), np.nan, pd.NA):
        assert wilson_from_percent(25, missing) is None
    with pytest.raises(ValueError):
        wilson_from_percent(120, 10)


# --- funnel limits ---------------------------------------------------------------------

def _reference_limit(p0, n, q):
    """Spiegelhalter's limit by brute force over every count 0..n (no binom.ppf)."""
    cdf = binom.cdf(np.arange(n + 1), n, p0)
    r = int(np.argmax(cdf >= q))
    below = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - q) / (cdf[r] - below)
    return min(max((r - alpha) / n, 0.0), 1.0)


def test_funnel_hand_checked_case():
    # n = 10, p0 = 0.5, 95%. Binomial(10, 0.5) CDF in 1024ths:
    #   F(1) = 11, F(2) = 56, F(7) = 968, F(8) = 1013.
    # Upper, q = 0.975 = 998.4/1024: r = 8 (F(7) < 998.4 <= F(8)),
    #   alpha = (1013 - 998.4) / (1013 - 968) = 14.6 / 45 = 0.324444,
    #   limit = (8 - 0.324444) / 10 = 0.767556.
    # Lower, q = 0.025 = 25.6/1024: r = 2 (F(1) < 25.6 <= F(2)),
    #   alpha = (56 - 25.6) / (56 - 11) = 30.4 / 45 = 0.675556,
    #   limit = (2 - 0.675556) / 10 = 0.132444.
    lower, upper = funnel_limits(0.5, [10], LEVEL_95)
    assert lower[0] == pytest.approx(0.132444, abs=1e-6)
    assert upper[0] == pytest.approx(0.767556, abs=1e-6)
    # 99.8%: upper q = 0.999 = 1022.976/1024, F(8) = 1013, F(9) = 1023 -> r = 9,
    #   alpha = (1023 - 1022.976) / 10 = 0.0024, limit = 8.9976 / 10 = 0.89976.
    # Lower q = 0.001 = 1.024/1024, F(0) = 1, F(1) = 11 -> r = 1,
    #   alpha = (11 - 1.024) / 10 = 0.9976, limit = 0.0024 / 10 = 0.00024.
    lower, upper = funnel_limits(0.5, [10], LEVEL_998)
    assert lower[0] == pytest.approx(0.00024, abs=1e-9)
    assert upper[0] == pytest.approx(0.89976, abs=1e-9)


@pytest.mark.parametrize("confidence", [LEVEL_95, LEVEL_998])
@pytest.mark.parametrize("p0", [0.03, 0.25, 0.4064, 0.5, 0.81])
def test_funnel_matches_brute_force(p0, confidence):
    ns = [*list(range(1, 121)), 200, 349, 1534, 2500]
    lower, upper = funnel_limits(p0, ns, confidence)
    tail = (1 - confidence) / 2
    for i, n in enumerate(ns):
        assert lower[i] == pytest.approx(_reference_limit(p0, n, tail), abs=1e-9), n
        assert upper[i] == pytest.approx(_reference_limit(p0, n, 1 - tail), abs=1e-9), n
    assert np.all(lower <= p0) and np.all(upper >= p0)


def test_funnel_nesting_and_large_n_normal_limit():
    ns = np.arange(1, 400)
    lo95, hi95 = funnel_limits(0.3, ns, LEVEL_95)
    lo998, hi998 = funnel_limits(0.3, ns, LEVEL_998)
    assert np.all(lo998 <= lo95) and np.all(hi95 <= hi998)
    # At n = 100,000 the binomial is effectively normal: p0 +/- z * sqrt(p0 (1 - p0) / n).
    n = 100_000
    for conf in (LEVEL_95, LEVEL_998):
        half = norm.ppf(1 - (1 - conf) / 2) * math.sqrt(0.3 * 0.7 / n)
        (lo,), (hi,) = funnel_limits(0.3, [n], conf)
        assert lo == pytest.approx(0.3 - half, abs=2e-5)
        assert hi == pytest.approx(0.3 + half, abs=2e-5)


def test_funnel_degenerate_targets():
    for p0 in (0.0, 1.0):
        lo, hi = funnel_limits(p0, [1, 50], LEVEL_95)
        assert np.all(lo == p0) and np.all(hi == p0)


@pytest.mark.parametrize("p0, ns, conf", [(1.5, [10], 0.95), (-0.1, [10], 0.95), (float("nan"), [10], 0.95),
                                          (0.5, [0], 0.95), (0.5, [2.5], 0.95), (0.5, [np.nan], 0.95),
                                          (0.5, [10], 1.0), (0.5, [10], 95)])
def test_funnel_rejects_invalid(p0, ns, conf):
    with pytest.raises(ValueError):
        funnel_limits(p0, ns, conf)


def test_classify_clear_cases():
    # n = 100 around 50%: one SD is 5 points, so 80% and 20% are 6 SD out, 62% and 38%
    # are 2.4 SD out (beyond 1.96, inside 3.09), 50% is on target.
    assert classify_against_funnel(80, 100, 0.5) == "above 99.8%"
    assert classify_against_funnel(62, 100, 0.5) == "above 95%"
    assert classify_against_funnel(50, 100, 0.5) == "within"
    assert classify_against_funnel(38, 100, 0.5) == "below 95%"
    assert classify_against_funnel(20, 100, 0.5) == "below 99.8%"
    assert classify_against_funnel(25, None, 0.5) == NOT_TESTED
    assert classify_against_funnel(25, float("nan"), 0.5) == NOT_TESTED
    with pytest.raises(ValueError):
        classify_against_funnel(25, 10, 25)          # target given as a percent


def test_classify_small_n_by_exact_tail_probability():
    # n = 10, p0 = 0.5, Binomial tail sums in 1024ths:
    #   P(Y >= 8) = 56 (0.055): within, although 80% plots above the 76.8% line.
    #   P(Y <= 1) = 11 (0.0107 < 0.025): below 95%.
    #   P(Y >= 10) = 1 (0.00098 < 0.001): above 99.8%.
    assert classify_against_funnel(80, 10, 0.5) == "within"
    assert classify_against_funnel(20, 10, 0.5) == "within"
    assert classify_against_funnel(10, 10, 0.5) == "below 95%"
    assert classify_against_funnel(100, 10, 0.5) == "above 99.8%"
    assert classify_against_funnel(0, 10, 0.5) == "below 99.8%"
    # 5 of 5 at p0 = 0.5 happens 1 time in 32: not an outlier (the drawn 99.8% line,
    # 99.4%, would wrongly flag it). 100% against a 100% target is on target.
    assert classify_against_funnel(100, 5, 0.5) == "within"
    assert classify_against_funnel(100, 8, 1.0) == "within"
    assert classify_against_funnel(0, 8, 0.0) == "within"
    assert classify_against_funnel(12.5, 8, 0.0) == "above 99.8%"


@pytest.mark.parametrize("p0", [0.07, 0.3, 0.5, 0.77])
def test_classify_agrees_with_drawn_limits_except_one_upper_count(p0):
    # Lower side: "below" exactly when k/n is under the lower line. Upper side: "above"
    # implies k/n is over the upper line; the only count over the line but "within" is
    # the smallest k with F(k) >= 1 - tail (see classify_against_funnel's docstring).
    for conf, word in ((LEVEL_95, "95%"), (LEVEL_998, "99.8%")):
        tail = (1 - conf) / 2
        for n in [*list(range(1, 60)), 100, 349]:
            (lo,), (hi,) = funnel_limits(p0, [n], conf)
            r_upper = int(np.argmax(binom.cdf(np.arange(n + 1), n, p0) >= 1 - tail))
            for k in range(n + 1):
                label = classify_against_funnel(100 * k / n, n, p0)
                below = label.startswith("below") and (word == "95%" or label.endswith("99.8%"))
                above = label.startswith("above") and (word == "95%" or label.endswith("99.8%"))
                assert below == (k / n < lo), (n, k, conf)
                assert above == (k / n > hi and k != r_upper), (n, k, conf)


def test_funnel_frame():
    frame = pd.DataFrame({"value": [50.0, 20.0, 70.0, None], "n": [10, 40, None, 30]})
    out = funnel_frame(frame, "value", "n")
    assert list(out.columns) == ["n", "target_pct", "lower_95_pct", "upper_95_pct",
                                 "lower_998_pct", "upper_998_pct"]
    # Pooled target from usable rows only: (5 + 8) / (10 + 40) = 26%.
    assert out["target_pct"].unique().tolist() == [pytest.approx(26.0)]
    assert out["n"].tolist() == list(range(1, 43))      # 1 .. ceil(40 * 1.05)
    lo, hi = funnel_limits(0.26, out["n"], LEVEL_998)
    assert np.allclose(out["lower_998_pct"], 100 * lo) and np.allclose(out["upper_998_pct"], 100 * hi)
    given = funnel_frame(frame, "value", "n", p0=0.5)
    assert (given["target_pct"] == 50.0).all()
    big = funnel_frame(pd.DataFrame({"v": [12.0], "n": [1534]}), "v", "n")
    assert big["n"].is_monotonic_increasing and big["n"].is_unique
    assert big["n"].iloc[0] == 1 and big["n"].iloc[-1] == math.ceil(1534 * 1.05)
    empty = funnel_frame(pd.DataFrame({"v": [12.0], "n": [None]}), "v", "n")
    assert empty.empty and "upper_95_pct" in empty.columns


# --- benchmark comparison ----------------------------------------------------------------

def test_compare_to_benchmark():
    # 80% of 100: Wilson 95% interval about 71-87%, excludes 50.
    assert compare_to_benchmark(80, 100, 50, True) == "better"
    assert compare_to_benchmark(80, 100, 50, False) == "worse"
    assert compare_to_benchmark(80, 100, 50, None) == "higher"
    # 20% of 100: about 13-29%.
    assert compare_to_benchmark(20, 100, 50, True) == "worse"
    assert compare_to_benchmark(20, 100, 50, False) == "better"
    assert compare_to_benchmark(20, 100, 50, None) == "lower"
    # 52% of 100 and 60% of 5 are consistent with 50%.
    assert compare_to_benchmark(52, 100, 50, True) == "similar"
    assert compare_to_benchmark(60, 5, 50, None) == "similar"
    # 0 of 10: the interval starts at exactly 0, so a benchmark of 0 is not excluded.
    assert compare_to_benchmark(0, 10, 0, True) == "similar"
    assert compare_to_benchmark(25, None, 50, True) == NOT_TESTED
    assert compare_to_benchmark(25, float("nan"), 50, None) == NOT_TESTED


def test_compare_level_matters():
    # 35% of 100 vs 46%: the 95% interval (26.4-44.8) excludes it, the 99.8% one does not.
    assert compare_to_benchmark(35, 100, 46, True) == "worse"
    assert compare_to_benchmark(35, 100, 46, True, LEVEL_998) == "similar"


def test_compare_rejects_invalid():
    with pytest.raises(ValueError):
        compare_to_benchmark(50, 100, 150, True)
    with pytest.raises(ValueError):
        compare_to_benchmark(150, 100, 50, True)


# --- sample size labels --------------------------------------------------------------------

def test_small_n_threshold_reasoning():
    # 30 is the smallest n whose 95% Wilson interval at 50% is narrower than +/-17 points
    # (checked with scipy on even n, where 50% is a whole count).
    def half_width(n):
        ci = binomtest(n // 2, n).proportion_ci(confidence_level=0.95, method="wilson")
        return (ci.high - ci.low) / 2
    assert SMALL_N_THRESHOLD == 30
    assert half_width(30) < 0.17
    assert all(half_width(n) > 0.17 for n in range(2, 30, 2))
    assert half_width(100) < 0.10  # "large" (n >= 100) means under +/-10 points


def test_is_small_sample():
    assert is_small_sample(1) and is_small_sample(29) and is_small_sample(29.5)
    assert not is_small_sample(30) and not is_small_sample(1534)
    assert not is_small_sample(None) and not is_small_sample(float("nan"))
    for bad in (0, -5, float("inf")):
        with pytest.raises(ValueError):
            is_small_sample(bad)


def test_evidence_strength():
    assert evidence_strength(None) == "n not published"
    assert evidence_strength(np.nan) == "n not published"
    assert evidence_strength(8) == "small (<30 cases)"
    assert evidence_strength(29) == "small (<30 cases)"
    assert evidence_strength(30) == "moderate"
    assert evidence_strength(99) == "moderate"
    assert evidence_strength(100) == "large"
    assert evidence_strength(1748) == "large"
    with pytest.raises(ValueError):
        evidence_strength(0)


def test_module_does_not_import_streamlit():
    source = Path(stats.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source.replace("(no Streamlit)", "")
