"""Small-sample statistics for published inspection findings (no Streamlit).

HMIP findings are mostly percentages of a modest number of inspected cases
("25% of 65 cases"). These helpers say how much such a figure can be trusted:

* Wilson score intervals for a proportion (good coverage at small n and at 0%/100%,
  unlike the textbook normal interval); also the method Fingertips/ONS use.
* Funnel-plot control limits around a target (Spiegelhalter 2005, exact binomial).
* Plain-English comparison against a benchmark and sample-size labels.

Confidence levels follow Fingertips/ONS practice: 95% and 99.8% (about 2 and 3 SD).
Proportions are in [0, 1]; functions with ``percent`` in their arguments or name
work on the 0-100 scale, as the findings table publishes them.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import binom, norm

LEVEL_95 = 0.95
LEVEL_998 = 0.998

# 30 cases is the smallest n for which the 95% Wilson interval at p = 0.5 (the
# widest case) is narrower than +/-17 percentage points (n=30: +/-16.8; n=29: +/-17.1;
# n=25: +/-18.3). Below it a finding of 50% is compatible with true values from under
# a third to over two-thirds, too vague to rank services on. It also matches the
# familiar n >= 30 rule of thumb, so it is easy to explain on the page.
SMALL_N_THRESHOLD = 30
# At n >= 100 the 95% interval at p = 0.5 is within +/-9.6 points (under +/-10).
LARGE_N_THRESHOLD = 100

NOT_TESTED = "not tested (n not published)"


def _is_missing(x) -> bool:
    """True for None, NaN, pd.NA and NaT (scalars only)."""
    return x is None or bool(pd.isna(x))


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")


def _z(confidence: float) -> float:
    """Two-sided standard normal critical value, e.g. 1.96 for 0.95."""
    _check_confidence(confidence)
    return float(norm.ppf(1 - (1 - confidence) / 2))


def _wilson(k, n, z):
    """Wilson bounds for arrays (no validation). Pinned to exactly 0 at k=0 and 1 at k=n,
    where the closed form gives those values only up to rounding error."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return lower, upper


def wilson_interval(successes: float, n: float, confidence: float = LEVEL_95) -> tuple[float, float]:
    """Wilson score interval for successes/n, as (lower, upper) proportions in [0, 1].

    ``successes`` need not be a whole number (the formula only uses p = successes/n),
    but must lie in [0, n]; n must be > 0. Raises ValueError otherwise.
    """
    if _is_missing(n) or not math.isfinite(n) or n <= 0:
        raise ValueError(f"n must be a positive finite number, got {n!r}")
    if _is_missing(successes) or not 0 <= successes <= n:
        raise ValueError(f"successes must be within [0, n={n}], got {successes!r}")
    lower, upper = _wilson(successes, n, _z(confidence))
    return float(lower), float(upper)


def wilson_intervals(successes, n, confidence: float = LEVEL_95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`wilson_interval` (arrays or Series in, float arrays out).

    Rows where successes or n is missing give NaN bounds; any other invalid row
    (n <= 0, successes outside [0, n]) raises ValueError, as the scalar version does.
    """
    k = pd.to_numeric(pd.Series(np.asarray(successes, dtype=object).ravel()), errors="raise").to_numpy(float)
    m = pd.to_numeric(pd.Series(np.asarray(n, dtype=object).ravel()), errors="raise").to_numpy(float)
    k, m = np.broadcast_arrays(k, m)
    ok = ~(np.isnan(k) | np.isnan(m))
    if np.any(ok & ~((m > 0) & np.isfinite(m) & (k >= 0) & (k <= m))):
        raise ValueError("each row needs n > 0 and 0 <= successes <= n")
    lower, upper = _wilson(np.where(ok, k, 0.0), np.where(ok, m, 1.0), _z(confidence))
    return np.where(ok, lower, np.nan), np.where(ok, upper, np.nan)


def count_from_percent(percent: float, n: float) -> int:
    """Whole number of cases behind a published percentage: round(percent * n / 100).

    Why the rounded count and not the exact fraction percent/100 * n: HMIP publish
    whole-number percentages of whole numbers of cases. If the percentage was rounded
    from k/n, then |k - percent*n/100| <= 0.005*n, which is < 0.5 whenever n < 100, so
    rounding recovers the true count k exactly -- precisely for the small samples where
    the interval matters most. For n >= 100 the count is uncertain by at most 0.5
    percentage points, far inside any interval. A whole count also keeps the Wilson
    interval, the exact-binomial funnel and scipy's reference methods on the same data.
    Halves round up. Verbal findings ("about a third") carry extra rounding that no
    interval here reflects.
    """
    if _is_missing(percent) or not 0 <= percent <= 100:
        raise ValueError(f"percent must be within [0, 100], got {percent!r}")
    if _is_missing(n) or not math.isfinite(n) or n <= 0 or n != int(n):
        raise ValueError(f"n must be a positive whole number of cases, got {n!r}")
    return math.floor(percent * n / 100 + 0.5)


def wilson_from_percent(percent: float, n: float | None, confidence: float = LEVEL_95) -> tuple[float, float] | None:
    """Wilson interval, in percent (0-100), for a finding published as a percentage of n.

    Returns None when n is missing/NaN (the UI then says "n not published"). Uses the
    rounded count from :func:`count_from_percent` (see there for why).
    """
    if _is_missing(n):
        return None
    lower, upper = wilson_interval(count_from_percent(percent, n), n, confidence)
    return 100 * lower, 100 * upper


def funnel_limits(p0: float, n_values, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial funnel-plot control limits (proportions) around target p0 for each n.

    Spiegelhalter (2005), Statistics in Medicine 24:1185, appendix A.1.1. For each n and
    each tail probability q (q = (1-c)/2 for the lower limit, 1-(1-c)/2 for the upper,
    so 0.025/0.975 at 95% and 0.001/0.999 at 99.8%), with Y ~ Binomial(n, p0), F its CDF:

        r     = smallest r with F(r) >= q            (the q-quantile of Y)
        alpha = (F(r) - q) / (F(r) - F(r - 1))       (0 <= alpha < 1)
        limit = (r - alpha) / n

    i.e. the count at which the CDF, linearly interpolated between r-1 and r, reaches q;
    this smooths the steps of the discrete quantile. Limits are clipped to [0, 1] (the
    lower one is negative at small n when r = 0). No over-dispersion adjustment.

    The interpolation is the exact q-quantile of Y - U, U ~ Uniform(0, 1), so the limits
    sit about half a case (0.5/n) below a centred version; with p0 = 0.5, n = 10 they
    are 13.2% and 76.8%. That is why :func:`classify_against_funnel` tests whole counts
    with exact tail probabilities instead of against these lines. A target of exactly 0
    or 1 leaves no room for chance, so both limits are then p0 itself.

    PHEindicatormethods (Fingertips' R package) draws proportion funnels with a closed
    form derived from the Wilson score interval instead. The two converge as n grows
    but not fast: for targets of 5-95% they differ by up to 5.5 percentage points at
    n = 30-99 and up to 1.7 at n = 100-1000 (worst at extreme targets, 99.8% level).
    """
    if _is_missing(p0) or not 0 <= p0 <= 1:
        raise ValueError(f"p0 must be a proportion within [0, 1], got {p0!r}")
    _check_confidence(confidence)
    n = np.asarray(n_values, dtype=float)
    if n.size and (np.any(~np.isfinite(n)) or np.any(n < 1) or np.any(n != np.round(n))):
        raise ValueError("n_values must be whole numbers >= 1")
    tail = (1 - confidence) / 2
    out = []
    for q in (tail, 1 - tail):
        r = binom.ppf(q, n, p0)
        # Guard against rounding in ppf: enforce F(r-1) < q <= F(r) exactly as defined.
        r = np.where(binom.cdf(r - 1, n, p0) >= q, r - 1, r)
        r = np.where(binom.cdf(r, n, p0) < q, r + 1, r)
        f_r, f_below = binom.cdf(r, n, p0), binom.cdf(r - 1, n, p0)
        alpha = (f_r - q) / (f_r - f_below)
        out.append(np.clip((r - alpha) / n, 0.0, 1.0))
    if p0 in (0, 1):
        out = [np.full(n.shape, float(p0)), np.full(n.shape, float(p0))]
    return out[0], out[1]


FUNNEL_CLASSES = ("above 99.8%", "above 95%", "within", "below 95%", "below 99.8%")


def classify_against_funnel(percent: float, n: float | None, p0: float) -> str:
    """Where a finding sits against target p0 (a proportion, 0-1), funnel-plot style.

    Returns one of FUNNEL_CLASSES, or NOT_TESTED when n is missing. With
    k = count_from_percent(percent, n) and Y ~ Binomial(n, p0), a finding is
    'above 95%' when P(Y >= k) < 0.025 and 'above 99.8%' when P(Y >= k) < 0.001
    (likewise 'below' with P(Y <= k)): exact one-sided binomial tests at the funnel's
    tail levels, so an on-target service is flagged no more often than nominal.

    Why not compare k/n with the :func:`funnel_limits` lines: those are interpolated
    about half a case low, so against them 5 of 5 cases with p0 = 0.5 (probability
    1/32) would be "above 99.8%". The two agree except for one count on the upper side:
    the smallest k with F(k) >= 0.975 (or 0.999) can plot just above the drawn line
    yet be 'within' here. On the lower side they agree.
    """
    if _is_missing(n):
        return NOT_TESTED
    if _is_missing(p0) or not 0 <= p0 <= 1:
        raise ValueError(f"p0 must be a proportion within [0, 1], got {p0!r}")
    k = count_from_percent(percent, n)
    p_at_least, p_at_most = binom.sf(k - 1, n, p0), binom.cdf(k, n, p0)
    for level, label in ((LEVEL_998, "99.8%"), (LEVEL_95, "95%")):
        tail = (1 - level) / 2
        if p_at_least < tail:
            return f"above {label}"
        if p_at_most < tail:
            return f"below {label}"
    return "within"


def funnel_frame(frame: pd.DataFrame, value_col: str, n_col: str, p0: float | None = None) -> pd.DataFrame:
    """Funnel lines to plot behind findings: one row per n on a smooth grid.

    ``value_col`` holds percentages (0-100) and ``n_col`` denominators; rows without n
    are ignored. ``p0`` is the target as a proportion; by default the pooled proportion
    sum(counts)/sum(n) of the usable rows. The grid covers every whole n from 1 to 200
    plus ~300 log-spaced whole n up to 5% beyond the largest n. Columns (percent scale):
    n, target_pct, lower_95_pct, upper_95_pct, lower_998_pct, upper_998_pct. Empty when
    no row has both value and n.
    """
    cols = ["n", "target_pct", "lower_95_pct", "upper_95_pct", "lower_998_pct", "upper_998_pct"]
    usable = frame[[value_col, n_col]].dropna()
    if usable.empty:
        return pd.DataFrame(columns=cols)
    counts = [count_from_percent(v, m) for v, m in zip(usable[value_col], usable[n_col], strict=True)]
    if p0 is None:
        p0 = sum(counts) / float(usable[n_col].sum())
    n_max = math.ceil(float(usable[n_col].max()) * 1.05)
    grid = np.unique(np.concatenate([np.arange(1, min(n_max, 200) + 1),
                                     np.round(np.geomspace(1, n_max, 300))])).astype(int)
    lo95, hi95 = funnel_limits(p0, grid, LEVEL_95)
    lo998, hi998 = funnel_limits(p0, grid, LEVEL_998)
    return pd.DataFrame({"n": grid, "target_pct": 100 * p0, "lower_95_pct": 100 * lo95,
                         "upper_95_pct": 100 * hi95, "lower_998_pct": 100 * lo998,
                         "upper_998_pct": 100 * hi998})[cols]


def compare_to_benchmark(percent: float, n: float | None, benchmark_percent: float,
                         higher_is_better: bool | None, confidence: float = LEVEL_95) -> str:
    """'better' / 'similar' / 'worse' than a benchmark percentage.

    Significant when the Wilson interval (see :func:`wilson_from_percent`) excludes the
    benchmark; a benchmark exactly on a bound is 'similar'. With higher_is_better=None
    (no agreed direction, e.g. "cases with domestic abuse concerns") the neutral words
    'higher' / 'similar' / 'lower' are used. Returns NOT_TESTED when n is missing.
    """
    if _is_missing(benchmark_percent) or not 0 <= benchmark_percent <= 100:
        raise ValueError(f"benchmark_percent must be within [0, 100], got {benchmark_percent!r}")
    interval = wilson_from_percent(percent, n, confidence)
    if interval is None:
        return NOT_TESTED
    lower, upper = interval
    if lower > benchmark_percent:
        direction = "higher"
    elif upper < benchmark_percent:
        direction = "lower"
    else:
        return "similar"
    if higher_is_better is None:
        return direction
    return "better" if (direction == "higher") == bool(higher_is_better) else "worse"


def _check_n(n) -> None:
    if not math.isfinite(n) or n <= 0:
        raise ValueError(f"n must be a positive number of cases, got {n!r}")


def is_small_sample(n: float | None) -> bool:
    """True when 0 < n < SMALL_N_THRESHOLD. A missing n is unknown, not small: False
    (use :func:`evidence_strength` to tell the two apart). n <= 0 raises ValueError."""
    if _is_missing(n):
        return False
    _check_n(n)
    return n < SMALL_N_THRESHOLD


def evidence_strength(n: float | None) -> str:
    """Short label for how much a percentage of n cases can say.

    'n not published' (missing); 'small (<30 cases)' for n < 30 (95% interval at
    p = 0.5 wider than +/-17 points, see SMALL_N_THRESHOLD); 'moderate' for
    30 <= n < 100 (about +/-10 to 17 points); 'large' for n >= 100 (under +/-10).
    """
    if _is_missing(n):
        return "n not published"
    _check_n(n)
    if n < SMALL_N_THRESHOLD:
        return f"small (<{SMALL_N_THRESHOLD} cases)"
    return "moderate" if n < LARGE_N_THRESHOLD else "large"
