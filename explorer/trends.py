"""Rating distributions over time (pure functions, no Streamlit).

One bar per publication year and programme, split by rating, drawn to 100% with the count in
each segment and the number of organisations (n) above each bar. Framework changes are marked on
the time axis: ratings under different frameworks are not strictly comparable.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer import ratings
from explorer.charts import FONT

BY = {"national": "England and Wales", "provider": "By provider type", "region": "By region"}
OVERALL = "overall"
NO_REGION = "No region (CRCs, NPS and national, before or outside the 2021 regions)"
NATIONAL = "England and Wales"

FRAMEWORK_CHANGES = {
    2018: "2018: HMIP standards framework (CRCs and NPS divisions)",
    2021: "2021: unified Probation Service, PDU inspections",
    2023: "2023: all PDUs of a region, then regional inspection",
    2025: "2025: national inspection of HMPPS",
}
COMPARABILITY = ("Framework changes (2018, 2021, 2023, 2025) are marked on the time axis by a dashed line "
                 "before the first bar rated under each framework. Ratings "
                 "given under different frameworks are not strictly comparable.")

LABELS = (*ratings.RATINGS, ratings.NOT_PUBLISHED)

# Short names for the time axis, in the order the programmes began, and the framework each
# programme rated under (the year it was introduced).
PROGRAMME_SHORT = {
    "crc-nps-2018": "CRC/NPS<br>round 1", "crc-nps-2019": "CRC/NPS<br>round 2", "crc-nps-2020": "NPS<br>2020-21",
    "pdu-2021": "PDU<br>2021-23", "pdu-2023": "PDU<br>2023-", "regional-2023": "Regional", "national-2025": "National",
}
FRAMEWORK_OF = {
    "crc-nps-2018": 2018, "crc-nps-2019": 2018, "crc-nps-2020": 2018, "pdu-2021": 2021,
    "pdu-2023": 2023, "regional-2023": 2023, "national-2025": 2025,
}


def _group_column(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "provider":
        return frame["provider_label"]
    if by == "region":
        return frame["region_name"].fillna(NO_REGION)
    return pd.Series(NATIONAL, index=frame.index)


def _group_order(frame: pd.DataFrame, by: str) -> list[str]:
    if by == "provider":
        return list(frame.sort_values("display_order")["provider_label"].drop_duplicates())
    if by == "region":
        names = sorted(frame["region_name"].dropna().unique())
        return names + ([NO_REGION] if frame["region_name"].isna().any() else [])
    return [NATIONAL]


def bar_label(year: int, programme: str) -> str:
    """The axis label of one bar: the year over the programme's short name."""
    return f"{int(year)}<br>{PROGRAMME_SHORT.get(programme, programme)}"


def _programme_rank(programme: str) -> int:
    order = list(PROGRAMME_SHORT)
    return order.index(programme) if programme in order else len(order)


def aggregate(frame: pd.DataFrame, by: str = "national") -> pd.DataFrame:
    """Count ratings per group, year and programme.

    ``frame`` has one row per inspection (columns year, programme, rating, provider_label,
    display_order, region_name, org_id). A blank rating counts as "Not published" (rated by
    HMIP, not in our data). Each organisation counts once per bar. Returns long data with
    group, year, programme, bar, rating, count, n (organisations behind the bar) and percent.
    """
    cols = ["group", "year", "programme", "bar", "rating", "count", "n", "percent"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    data = frame.assign(group=_group_column(frame, by),
                        rating=frame["rating"].map(lambda r: ratings.rating_band(r)))
    data = data.drop_duplicates(["group", "year", "programme", "org_id"], keep="last")
    counts = data.groupby(["group", "year", "programme", "rating"]).size().rename("count").reset_index()
    counts["n"] = counts.groupby(["group", "year", "programme"])["count"].transform("sum")
    counts["percent"] = (100 * counts["count"] / counts["n"]).round(1)
    counts["bar"] = [bar_label(y, p) for y, p in zip(counts["year"], counts["programme"], strict=True)]
    group_rank = {g: i for i, g in enumerate(_group_order(frame, by))}
    rating_rank = {r: i for i, r in enumerate(LABELS)}
    counts = counts.assign(_g=counts["group"].map(group_rank), _r=counts["rating"].map(rating_rank),
                           _p=counts["programme"].map(_programme_rank))
    counts = counts.sort_values(["_g", "year", "_p", "_r"]).drop(columns=["_g", "_r", "_p"])
    return counts[cols].reset_index(drop=True)


def undated(frame: pd.DataFrame) -> int:
    """How many inspections were placed in a year without a publication date."""
    if frame.empty:
        return 0
    return int((frame["year_basis"] != "published").sum())


def marker_positions(bars: list[tuple[int, str]]) -> list[tuple[float, str]]:
    """Where framework changes fall on a categorical axis of (year, programme) bars: halfway
    before the first bar rated under each framework. Changes that fall at the same place share
    one marker; frameworks with no bar on this chart are left out."""
    placed: dict[float, list[int]] = {}
    for change in FRAMEWORK_CHANGES:
        idx = next((i for i, (_, prog) in enumerate(bars) if FRAMEWORK_OF.get(prog, 0) >= change), None)
        if idx is not None and any(FRAMEWORK_OF.get(prog) == change for _, prog in bars):
            placed.setdefault(idx - 0.5, []).append(change)
    return [(pos, " and ".join(str(c) for c in changes) + (" frameworks" if len(changes) > 1 else " framework"))
            for pos, changes in sorted(placed.items())]


def figure(counts: pd.DataFrame, title: str = "") -> go.Figure:
    """100% stacked vertical bars of one group's counts (from ``aggregate``), framework changes
    marked as dashed vertical lines with labels, counts in the segments and n above each bar."""
    fig = go.Figure()
    bars_frame = counts.drop_duplicates("bar")[["bar", "year", "programme", "n"]]
    bars = list(bars_frame["bar"])
    for label in LABELS:
        part = counts[counts["rating"] == label]
        if part.empty:
            continue
        s = ratings.style(label)
        fig.add_bar(
            name=label, x=part["bar"], y=part["percent"],
            marker=dict(color=s.fill, line=dict(color="#595959", width=1),
                        pattern=dict(shape=s.pattern, fgcolor="#8C8C8C")),
            text=[str(c) for c in part["count"]], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont=dict(color=s.text),
            customdata=part[["count", "n"]].to_numpy(),
            hovertemplate=f"%{{x}}<br><b>{label}</b>: %{{customdata[0]}} of %{{customdata[1]}}"
                          " (%{y}%)<extra></extra>",
        )
    for _, row in bars_frame.iterrows():
        fig.add_annotation(x=row["bar"], y=100, text=f"n={int(row['n'])}", showarrow=False,
                           yshift=10, font=dict(size=12, color="#1A1A1A"))
    bars = list(zip(bars_frame["year"], bars_frame["programme"], strict=True))
    for i, (pos, change) in enumerate(marker_positions(bars)):
        fig.add_shape(type="line", x0=pos, x1=pos, y0=0, y1=1, yref="paper",
                      line=dict(color="#1A1A1A", width=2, dash="dash"))
        fig.add_annotation(x=pos, y=1.0, yref="paper", text=change, showarrow=False,
                           xanchor="left", yanchor="bottom", yshift=24 + 16 * (i % 2), textangle=0,
                           font=dict(size=11, color="#1A1A1A"), bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(
        barmode="stack", title=dict(text=title, x=0, xanchor="left"), font=FONT,
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, title=None, traceorder="normal"),
        margin=dict(l=10, r=10, t=120 if title else 90, b=10), height=500,
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis=dict(type="category", categoryorder="array", categoryarray=bars, title=None,
                   tickangle=0, tickfont=dict(size=11)),
        yaxis=dict(title="Share of organisations rated (%)", range=[0, 100], gridcolor="#E5E5E5"),
    )
    return fig


def table_frame(counts: pd.DataFrame) -> pd.DataFrame:
    """The table alternative: one row per bar and rating, counts first."""
    return counts[["group", "year", "programme", "rating", "count", "n", "percent"]]
