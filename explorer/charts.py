"""Plotly figures as plain functions of DataFrames (testable without Streamlit).

Every figure names ratings in words (legend, bar text, hover), not by colour alone, and
uses the palette from ``explorer.ratings``. Each chart has a table alternative on its page.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer import ratings

NO_RATING = ratings.NO_RATING

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#1A1A1A")


def _labels(frame: pd.DataFrame) -> pd.Series:
    """Each row's label: its rating, else its coverage state (why it has none)."""
    states = frame["state_label"] if "state_label" in frame else pd.Series(None, index=frame.index)
    return pd.Series(ratings.cell_labels(frame["overall_rating"], states), index=frame.index, dtype=object)


def band_counts(frame: pd.DataFrame, group_col: str = "provider_label",
                order_col: str = "display_order") -> pd.DataFrame:
    """Count organisations per group and rating label, in conventional order.

    ``frame`` has one row per organisation with ``overall_rating`` (NULL = no rating).
    Returns long data: group, rating label, count, share of the group (0-100), n of group.
    """
    if frame.empty:
        return pd.DataFrame(columns=[group_col, "rating", "count", "percent", "n"])
    labelled = frame.assign(rating=_labels(frame))
    counts = (labelled.groupby([group_col, "rating"], sort=False).size().rename("count").reset_index())
    totals = counts.groupby(group_col)["count"].transform("sum")
    counts["n"] = totals
    counts["percent"] = (100 * counts["count"] / totals).round(1)
    order = {label: i for i, label in enumerate(ratings.ALL_LABELS)}
    counts["_r"] = counts["rating"].map(order)
    if order_col in frame.columns:
        group_order = frame.drop_duplicates(group_col).set_index(group_col)[order_col]
        counts["_g"] = counts[group_col].map(group_order)
    else:
        counts["_g"] = 0
    return counts.sort_values(["_g", "_r"]).drop(columns=["_g", "_r"]).reset_index(drop=True)


def _fill(label: str) -> str:
    return ratings.style(label).fill


def _text_colour(label: str) -> str:
    return ratings.style(label).text


def band_bar(counts: pd.DataFrame, group_col: str = "provider_label", title: str = "",
             value: str = "count") -> go.Figure:
    """Horizontal stacked bars of rating counts per group, one trace per rating word.

    ``value`` is 'count' or 'percent'. Bar text shows the count (and the word on hover);
    the legend lists the ratings best first.
    """
    fig = go.Figure()
    groups = list(dict.fromkeys(counts[group_col])) if not counts.empty else []
    for label in ratings.ALL_LABELS:
        part = counts[counts["rating"] == label]
        if part.empty:
            continue
        fig.add_bar(
            name=label, orientation="h", y=part[group_col], x=part[value],
            marker=dict(color=_fill(label), line=dict(color="#595959", width=1),
                        pattern=dict(shape=ratings.style(label).pattern, fgcolor="#8C8C8C")),
            text=[f"{c}" for c in part["count"]], textposition="inside", insidetextanchor="middle",
            textfont=dict(color=_text_colour(label)),
            customdata=part[["count", "n", "percent"]].to_numpy(),
            hovertemplate=f"%{{y}}<br><b>{label}</b>: %{{customdata[0]}} of %{{customdata[1]}}"
                          " (%{customdata[2]}%)<extra></extra>",
        )
    fig.update_layout(
        barmode="stack", title=dict(text=title, x=0, xanchor="left"), font=FONT,
        # legend above the bars (titles are written by the page), so it never meets the axis title
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal", title=None),
        margin=dict(l=10, r=10, t=90 if title else 60, b=10),
        # room for every line of a wrapped group name
        height=max(220, 130 + max(55, 18 * max((str(g).count("<br>") + 1 for g in groups), default=1)) * len(groups)),
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis=dict(title="Organisations" if value == "count" else "Share of organisations (%)",
                   gridcolor="#E5E5E5", rangemode="tozero"),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(groups)), title=None),
    )
    return fig
