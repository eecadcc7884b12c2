"""Spine chart of one organisation (pure functions, no Streamlit), as OHID Fingertips draws
one area across every indicator: each standard (and the overall rating) of its latest rated
programme against the ratings of the same type of organisation in that programme, nationally
and in its region; and each of its findings against every area's figure for the same measure.

Every row says what it rests on: how many organisations of the programme's scope have that
rating in our data ("3 of 108"), so a thin row reads as thin, never as a national pattern.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from explorer import ratings
from explorer.charts import FONT, _fill, _text_colour

OVERALL = "Overall rating"
RATING_COLUMNS = ["row", "standard", "level", "this", "held", "scope", *ratings.RATINGS]


def _latest_per_org(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop_duplicates("org_id", keep="last")


def _counts(values: pd.Series) -> dict[str, int]:
    return {r: int((values == r).sum()) for r in ratings.RATINGS}


def rating_rows(org: dict, overall: pd.DataFrame, standards: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """One row per (standard, England and Wales | region): the distribution of ratings among the
    organisations of ``org``'s type in the programme, the count held and the scope.

    ``org``: org_id, org_type, parent_org_id, region_name. ``overall``: ratings_in_period of the
    programme; ``standards``: the programme's framework (league.framework); ``held``:
    standard_ratings_in_programme of the programme."""
    peers = overall[overall["org_type"] == org["org_type"]]
    regional = org["org_type"] == "pdu" and isinstance(org.get("parent_org_id"), str)
    levels = [("England and Wales", peers)]
    if regional:
        levels.append((f"{org['region_name']} region", peers[peers["parent_org_id"] == org["parent_org_id"]]))
    own_overall = peers.loc[peers["org_id"] == org["org_id"], "overall_rating"]
    rows = []
    for name, scope in levels:
        rated = scope["overall_rating"].dropna()
        rows.append({"row": OVERALL, "standard": "overall", "level": name,
                     "this": own_overall.iloc[0] if len(own_overall) and pd.notna(own_overall.iloc[0]) else None,
                     "held": len(rated), "scope": len(scope), **_counts(rated)})
    # each organisation once per standard (its latest inspection in the programme)
    kept = held[held["org_type"] == org["org_type"]].drop_duplicates(["org_id", "standard"], keep="last")
    applies = standards[standards["applies_to"].isna() | (standards["applies_to"] == org["org_type"])]
    for s in applies.itertuples():
        of_standard = kept[kept["standard"] == s.standard]
        own = of_standard.loc[of_standard["org_id"] == org["org_id"], "rating"]
        for name, scope in levels:
            values = of_standard.loc[of_standard["org_id"].isin(scope["org_id"]), "rating"]
            rows.append({"row": s.standard_name, "standard": s.standard, "level": name,
                         "this": own.iloc[0] if len(own) else None,
                         "held": len(values), "scope": len(scope), **_counts(values)})
    return pd.DataFrame(rows, columns=RATING_COLUMNS)


def finding_rows(org_id: str, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per measure this organisation has a percentage for: its value (oriented, as on
    Follow-up) against every area's latest value for the same measure (min, quartiles, max),
    and the national figure where HMIP published one."""
    areas = findings[~findings["is_national"] & findings["percent"].notna()]
    own = areas[areas["org_id"] == org_id]
    rows = []
    for key, mine in own.groupby("group_key", sort=False):
        others = _latest_per_org(areas[areas["group_key"] == key].sort_values("sort_date"))
        national = findings[(findings["group_key"] == key) & findings["is_national"] & findings["percent"].notna()]
        values = others["percent"]
        rows.append({"row": mine["group_label"].iloc[-1], "group_key": key, "this": float(mine["percent"].iloc[-1]),
                     "areas": len(values), "low": values.min(), "q1": values.quantile(0.25),
                     "median": values.median(), "q3": values.quantile(0.75), "high": values.max(),
                     "national": float(national["percent"].iloc[-1]) if len(national) else None,
                     "flipped": bool(mine["flipped"].iloc[-1])})
    return pd.DataFrame(rows, columns=["row", "group_key", "this", "areas", "low", "q1", "median", "q3", "high",
                                       "national", "flipped"])


def comparable(rows: pd.DataFrame) -> pd.DataFrame:
    """Measures at least one other area also has: a range of one area says nothing."""
    return rows[rows["areas"] >= 2].reset_index(drop=True)


def row_label(row) -> str:
    """What the row is and what it rests on (so a thin row reads as thin)."""
    return f"<b>{row['row']}</b> · {row['level']}<br>{row['held']} of {row['scope']} rated in our data"


def _rows_layout(fig: go.Figure, labels: list[str], x_title: str, x_range: list[float]) -> None:
    """Rows top to bottom, each named above its bar across the full width (long names would
    otherwise squeeze the bars to nothing on a phone)."""
    lines = max((t.count("<br>") + 1 for t in labels), default=1)
    row_px = 46 + 17 * lines  # a 28 px bar and its name above it
    for i, text in enumerate(labels):
        fig.add_annotation(x=x_range[0], y=i - 15 / row_px, text=text, showarrow=False, xanchor="left",
                           yanchor="bottom",
                           align="left", font=dict(size=13, color="#1A1A1A"), xref="x", yref="y")
    fig.update_layout(
        font=FONT, plot_bgcolor="white", paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title=None, traceorder="normal"),
        # room for a legend that wraps onto three lines on a phone
        margin=dict(l=10, r=10, t=110, b=10), height=max(260, 170 + row_px * len(labels)),
        bargap=1 - 28 / row_px,
        xaxis=dict(title=x_title, range=x_range, gridcolor="#E5E5E5", fixedrange=True),
        yaxis=dict(autorange="reversed", showticklabels=False, showgrid=False, zeroline=False,
                   range=[len(labels) - 0.3, -0.7], fixedrange=True))


def rating_figure(rows: pd.DataFrame, org_name: str) -> go.Figure:
    """Stacked shares of each rating per row (best first), the organisation's own rating marked
    with a black diamond and written in each row's name: colour is never the only cue."""
    fig = go.Figure()
    ys = list(range(len(rows)))
    shares = rows[list(ratings.RATINGS)].div(rows["held"].where(rows["held"] > 0), axis=0).fillna(0) * 100
    for word in ratings.RATINGS:
        fig.add_bar(name=word, orientation="h", y=ys, x=shares[word],
                    marker=dict(color=_fill(word), line=dict(color="#595959", width=1)),
                    text=[f"{c}" if c else "" for c in rows[word]], textposition="inside", textangle=0,
                    # the count at the segment's start, the diamond at its middle
                    insidetextanchor="start", textfont=dict(color=_text_colour(word)),
                    customdata=rows[[word, "held"]].to_numpy(),
                    hovertemplate=f"<b>{word}</b>: %{{customdata[0]}} of %{{customdata[1]}}<extra></extra>")
    # the organisation's own rating: a diamond at the middle of its rating's segment
    order = list(ratings.RATINGS)
    xs, marked, texts = [], [], []
    for y, (_, r), (_, share) in zip(ys, rows.iterrows(), shares.iterrows(), strict=True):
        if r["this"] in order and r["held"]:
            i = order.index(r["this"])
            xs.append(float(share[order[:i]].sum() + share[order[i]] / 2))
            marked.append(y)
            texts.append(f"{org_name}: {r['this']}")
    fig.add_scatter(name=f"{org_name} (its rating)", x=xs, y=marked, mode="markers", text=texts,
                    marker=dict(symbol="diamond", size=14, color="#000000", line=dict(color="#FFFFFF", width=2)),
                    hovertemplate="%{text}<extra></extra>")
    labels = [f"{row_label(r)}<br>this one: {r['this'] if isinstance(r['this'], str) else ratings.NOT_PUBLISHED}"
              for _, r in rows.iterrows()]
    fig.update_layout(barmode="stack")
    _rows_layout(fig, labels, "Share of the organisations rated in our data (%)", [0, 100])
    return fig


def finding_figure(rows: pd.DataFrame, org_name: str) -> go.Figure:
    """Fingertips-style spine per measure: the range of every area's figure (light), the middle
    half (darker), the median (line), the national figure (open circle) and this organisation's
    (black diamond, its value written in the row's name)."""
    fig = go.Figure()
    ys = list(range(len(rows)))
    fig.add_bar(name="Range of areas (lowest to highest)", orientation="h", y=ys, base=rows["low"],
                x=rows["high"] - rows["low"], marker=dict(color="#D9D9D9"), hoverinfo="skip")
    fig.add_bar(name="Middle half of areas", orientation="h", y=ys, base=rows["q1"],
                x=rows["q3"] - rows["q1"], marker=dict(color="#8C8C8C"), hoverinfo="skip")
    fig.add_scatter(name="Median area", x=rows["median"], y=ys, mode="markers",
                    marker=dict(symbol="line-ns-open", size=18, color="#1A1A1A", line=dict(width=3)),
                    hovertemplate="Median area: %{x:.0f}%<extra></extra>")
    national = rows[rows["national"].notna()]
    if len(national):
        fig.add_scatter(name="National figure", x=national["national"], y=[ys[i] for i in national.index],
                        mode="markers", marker=dict(symbol="circle-open", size=13, color="#1D4ED8", line=dict(width=2)),
                        hovertemplate="National figure: %{x:.0f}%<extra></extra>")
    fig.add_scatter(name=org_name, x=rows["this"], y=ys, mode="markers",
                    marker=dict(symbol="diamond", size=14, color="#000000", line=dict(color="#FFFFFF", width=2)),
                    hovertemplate=f"{org_name}: %{{x:.0f}}%<extra></extra>")
    labels = [f"<b>{'<br>'.join(textwrap.wrap(str(r['row']), 44))}</b><br>{r['areas']} areas with this measure"
              f" · this one: {r['this']:.0f}%" for _, r in rows.iterrows()]
    fig.update_layout(barmode="overlay")
    _rows_layout(fig, labels, "Per cent (in the “sufficient” direction)", [0, 100])
    fig.update_layout(showlegend=False, margin=dict(t=20), height=max(200, 90 + 46 * len(labels) + 17 * sum(
        t.count("<br>") + 1 for t in labels)))  # the caption under the chart names every mark
    return fig
