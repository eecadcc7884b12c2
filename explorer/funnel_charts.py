"""Funnel plot and error-bar figures for findings (plain functions → plotly Figure).

Colour is never the only cue: points carry their organisation's name as a text label, the
marker shape says the direction (triangle down = below the lower limit, triangle up = above
the upper limit, circle = within), and the hover text says it in words. Colours are
Okabe–Ito: vermillion for worse / below, blue for better / above, dark grey for similar.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer import stats
from explorer.charts import FONT

BELOW, ABOVE, WITHIN, NEUTRAL = "#D55E00", "#0072B2", "#595959", "#8C8C8C"

CLASS_STYLE = {
    "below 99.8%": (BELOW, "triangle-down", "Below the 99.8% limit"),
    "below 95%": (BELOW, "triangle-down-open", "Below the 95% limit"),
    "within": (WITHIN, "circle", "Within the limits"),
    "above 95%": (ABOVE, "triangle-up-open", "Above the 95% limit"),
    "above 99.8%": (ABOVE, "triangle-up", "Above the 99.8% limit"),
}
COMPARISON_COLOURS = {"worse": BELOW, "lower": BELOW, "better": ABOVE, "higher": ABOVE, "similar": WITHIN}


def _layout(fig: go.Figure, title: str, height: int, xaxis: dict, yaxis: dict) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"), font=FONT, height=height,
        margin=dict(l=10, r=10, t=90 if title else 30, b=10), plot_bgcolor="white", paper_bgcolor="white",
        # above the plot; plotly widens the top margin to fit it (so it never covers the points)
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, title=None),
        xaxis=dict(gridcolor="#E5E5E5", zeroline=False, **xaxis),
        yaxis=dict(gridcolor="#E5E5E5", zeroline=False, **yaxis),
    )
    return fig


def funnel_figure(points: pd.DataFrame, benchmark_pct: float, title: str = "",
                  benchmark_label: str = "Benchmark") -> go.Figure:
    """Each area's percentage (``percent``) against its number of cases (``n``), with 95% and
    99.8% exact binomial control limits around ``benchmark_pct`` (stats.funnel_frame), points
    labelled with ``org_name`` and styled by ``funnel_class``. The x axis reaches at least 100
    cases so the funnel's shape is visible even with few points."""
    n_max = int(max(100, points["n"].max() * 1.15 if not points.empty else 0))
    grid = pd.DataFrame({"percent": [benchmark_pct], "n": [n_max]})  # the grid's extent only: p0 is given
    lines = stats.funnel_frame(grid, "percent", "n", p0=benchmark_pct / 100)
    lines = lines[lines["n"] <= n_max]
    fig = go.Figure()
    for col, dash, name in (("lower_998_pct", "dash", "99.8% control limits"), ("upper_998_pct", "dash", None),
                            ("lower_95_pct", "dot", "95% control limits"), ("upper_95_pct", "dot", None)):
        fig.add_scatter(x=lines["n"], y=lines[col], mode="lines", name=name or "", showlegend=bool(name),
                        legendgroup=dash, line=dict(color="#1A1A1A" if dash == "dash" else "#595959",
                                                    dash=dash, width=1.5),
                        hovertemplate=f"{'99.8%' if '998' in col else '95%'} limit at n=%{{x}}: "
                                      "%{y:.1f}%<extra></extra>")
    fig.add_scatter(x=lines["n"], y=lines["target_pct"], mode="lines", name=f"{benchmark_label}: {benchmark_pct:.0f}%",
                    line=dict(color="#1A1A1A", width=2), hoverinfo="skip")
    for cls, (colour, symbol, label) in CLASS_STYLE.items():
        part = points[points["funnel_class"] == cls]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["n"], y=part["percent"], mode="markers+text", name=label,
            text=part["org_name"], textposition="top center", textfont=dict(color="#1A1A1A", size=13),
            marker=dict(color=colour, symbol=symbol, size=13, line=dict(color=colour, width=2)),
            customdata=part[["finding_id", "period", "lower_95", "upper_95"]].to_numpy(),
            hovertemplate="<b>%{text}</b><br>%{y:.0f}% of %{x} cases (%{customdata[1]}, %{customdata[0]})"
                          f"<br>95% interval %{{customdata[2]:.0f}}–%{{customdata[3]:.0f}}%<br>{label}<extra></extra>")
    return _layout(fig, title, 480, dict(title="Number of cases (n)", rangemode="tozero"),
                   dict(title="Percentage of cases", range=[0, 100], ticksuffix="%"))


def interval_label(row) -> str:
    """A short y-axis label for one finding: organisation (or source) and finding id."""
    who = row["org_name"] if isinstance(row.get("org_name"), str) else row["organisation"]
    who = who if len(who) <= 42 else who[:40] + "…"
    return f"{who} ({row['finding_id']})"


def error_bar_figure(findings: pd.DataFrame, title: str = "") -> go.Figure:
    """Findings with n as dots with Wilson intervals: a thick bar for 95%, a thin one for
    99.8%. Colour says the comparison with the benchmark (``vs_benchmark``) and the hover
    text says it in words; findings without n are not drawn (they have no interval)."""
    part = findings[findings["n"].notna()].copy()
    part["label"] = part.apply(interval_label, axis=1)
    fig = go.Figure()
    fig.add_scatter(
        x=part["percent"], y=part["label"], mode="markers", name="99.8% interval", showlegend=True,
        marker=dict(color="rgba(0,0,0,0)", size=1),
        error_x=dict(type="data", symmetric=False, array=part["upper_998"] - part["percent"],
                     arrayminus=part["percent"] - part["lower_998"], color="#8C8C8C", thickness=1.5, width=6),
        hoverinfo="skip")
    for word, colour, name in (("worse", BELOW, "Worse than the benchmark"),
                               ("similar", WITHIN, "Similar to the benchmark"),
                               ("better", ABOVE, "Better than the benchmark")):
        _dots(fig, part[part["vs_benchmark"] == word], colour, name)
    rest = part[~part["vs_benchmark"].isin(["worse", "similar", "better"])]
    _dots(fig, rest, NEUTRAL, "Not compared (national, aggregate or no benchmark)")
    order = list(part.sort_values(["group_key", "percent"])["label"])
    return _layout(fig, title, max(260, 110 + 30 * len(part)),
                   dict(title="Percentage (shortfall measures flipped: see the table)", range=[0, 100],
                        ticksuffix="%"),
                   dict(title=None, categoryorder="array", categoryarray=list(reversed(order)),
                        automargin=True))


def _dots(fig: go.Figure, part: pd.DataFrame, colour: str, name: str) -> None:
    if part.empty:
        return
    fig.add_scatter(
        x=part["percent"], y=part["label"], mode="markers", name=name,
        marker=dict(color=colour, size=10, symbol="diamond" if colour == NEUTRAL else "circle"),
        error_x=dict(type="data", symmetric=False, array=part["upper_95"] - part["percent"],
                     arrayminus=part["percent"] - part["lower_95"], color=colour, thickness=4, width=0),
        customdata=part[["n", "lower_95", "upper_95", "lower_998", "upper_998", "vs_benchmark"]].to_numpy(),
        hovertemplate="%{y}: %{x:.0f}% of %{customdata[0]:.0f}<br>95%: %{customdata[1]:.0f}–%{customdata[2]:.0f}%"
                      "<br>99.8%: %{customdata[3]:.0f}–%{customdata[4]:.0f}%<br>%{customdata[5]}<extra></extra>")
