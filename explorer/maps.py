"""Maps of ratings: controls, the frame a map shows, hex cartograms and choropleths.

Plain functions (no Streamlit) so the page stays thin and everything is testable:

- ``period_options`` / ``colour_options`` / ``query_for``: which views exist and which named
  query (``queries/map_pfa.sql`` or ``queries/map_pdu.sql``) answers each one;
- ``prepare``: the query result → one row per map unit with its display ``state`` (a rating
  word or an explicit non-rated state), a tooltip and the organisation to link to;
- ``hex_figure``: equal-area hexagons (one per police force area or per PDU) drawn as filled
  polygons, one trace per rating word in conventional order, labels at the centres;
- ``choropleth_figure``: the same states on dissolved ONS boundaries (see explorer.geo).

Colours are ``explorer.ratings.STYLES`` (Okabe–Ito); states carry a pattern and a dashed
outline as well as a lighter fill, and every hexagon has its word in the tooltip, legend
and table: never colour alone.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from explorer import ratings
from explorer.charts import FONT
from explorer.geo import exteriors
from explorer.hexmap import group_boundary_segments, hex_polygon, hex_to_xy

LATEST = "latest"
OVERALL = "overall"

LEVELS = {
    "pdu": "Probation Delivery Units (since 2021)",
    "region": "Regions (since 2021)",
    "pfa": "Police force areas: CRCs and NPS divisions (2014 to 2021)",
}
DEFAULT_LEVEL = "pdu"

#: Programmes that each level can show (the first is the default).
LEVEL_PERIODS = {
    "pdu": (LATEST, "pdu-2021", "pdu-2023"),
    "region": ("regional-2023",),
    "pfa": ("crc-nps-2018", "crc-nps-2019"),
}
LATEST_PROGRAMMES = {"pdu": ("pdu-2021", "pdu-2023")}

PROVIDERS = {"crc": "CRC (private)", "nps_division": "NPS division (public)"}
DEFAULT_PROVIDER = "crc"

KINDS = {"hex": "Hex map (equal areas)", "geo": "Geographic map (ONS boundaries)"}
DEFAULT_KIND = "hex"

#: Legend order: the four rating words best first, then the non-rated states.
STATE_ORDER = ratings.ALL_LABELS

UNIT_WORDS = {"pfa": ("police force area", "police force areas"), "pdu": ("PDU", "PDUs"),
              "region": ("PDU", "PDUs")}

ONS_ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                   "Contains OS data © Crown copyright and database right 2023.")


# ---- controls ----------------------------------------------------------------------------

def period_options(level: str, programmes: pd.DataFrame) -> dict[str, str]:
    """Period id → label for a level, from the programmes table (names as HMIP's programmes)."""
    names = dict(zip(programmes["programme_id"], programmes["name"], strict=True))
    out = {}
    for period in LEVEL_PERIODS[level]:
        if period == LATEST:
            out[period] = "Latest rating of each PDU (all years)"
        elif period in names:
            out[period] = names[period]
    return out


def period_fits(level: str, period: str | None) -> bool:
    return period in LEVEL_PERIODS[level]


def map_periods() -> set[str]:
    """Every period some level can show (a period of another level is not 'unknown')."""
    return {p for periods in LEVEL_PERIODS.values() for p in periods}


def programmes_of(level: str, period: str) -> tuple[str, ...]:
    return LATEST_PROGRAMMES.get(level, ()) if period == LATEST else (period,)


def colour_options(level: str, period: str, standards: pd.DataFrame) -> dict[str, str]:
    """``overall`` plus every standard in the framework(s) of the period, in framework order."""
    out = {OVERALL: "Overall rating"}
    wanted = programmes_of(level, period)
    part = standards[standards["programme_id"].isin(wanted)].copy()
    part["_p"] = part["programme_id"].map({p: i for i, p in enumerate(wanted)})
    for row in part.sort_values(["_p", "position"]).itertuples():
        label = f"Standard: {row.standard_name}"
        if isinstance(row.applies_label, str) and row.applies_label:
            label += f" ({row.applies_label})"
        out.setdefault(row.standard, label)
    return out


def query_for(level: str, period: str, provider: str, colour: str) -> tuple[str, dict]:
    """The named query and its parameters for a view."""
    standard = None if colour == OVERALL else colour
    if level == "pfa":
        return "map_pfa", {"programme": period, "provider": provider, "standard": standard}
    return "map_pdu", {"programme": None if period == LATEST else period,
                       "rated_by": "region" if level == "region" else "pdu", "standard": standard}


# ---- the frame a map shows ---------------------------------------------------------------

def _blank(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def state_of(row, colour: str) -> str:
    """What one unit shows: a rating word, or why there is none.

    No inspection in the period → "No rating in our data"; a standard outside that
    organisation's framework → "Not rated"; rated but the value not in our data →
    "Not published". Nothing is filled in."""
    if _blank(row.get("inspection_id")):
        return ratings.cell_label(None, row.get("coverage_label"))
    if colour == OVERALL:
        value = row.get("overall_rating")
    else:
        if row.get("in_framework") is False or row.get("in_framework") == 0:
            return ratings.NOT_RATED
        value = row.get("standard_rating")
    return ratings.rating_band(None if _blank(value) else value)


def _score(total, top) -> str:
    if _blank(total) or _blank(top):
        return ""
    return f"{int(total)} of {int(top)}"


def prepare(frame: pd.DataFrame, level: str, colour: str, colour_name: str = "Overall rating") -> pd.DataFrame:
    """One row per map unit with the columns every figure and table here uses:
    unit_id, unit_name, label, hex_q, hex_r, x, y, group, org_id, org_name, state,
    published, score, source_url, confidence, tooltip."""
    if level == "pfa":
        out = pd.DataFrame({"unit_id": frame["area_code"], "unit_name": frame["area_name"],
                            "group": None, "group_id": frame["org_id"].fillna("none"),
                            "org_id": frame["org_id"], "org_name": frame["org_name"]})
    else:
        out = pd.DataFrame({"unit_id": frame["org_id"], "unit_name": frame["name"],
                            "group": frame["region_name"], "group_id": frame["region_org_id"],
                            "org_id": frame["rated_org_id"], "org_name": frame["rated_name"]})
    out["label"] = frame["label"].to_numpy()
    out["hex_q"] = frame["hex_q"].astype(int).to_numpy()
    out["hex_r"] = frame["hex_r"].astype(int).to_numpy()
    xy = [hex_to_xy(q, r) for q, r in zip(out["hex_q"], out["hex_r"], strict=True)]
    out["x"] = [p[0] for p in xy]
    out["y"] = [p[1] for p in xy]
    out["state"] = [state_of(row, colour) for row in frame.to_dict("records")]
    out["published"] = [None if _blank(v) else str(v) for v in frame["published_on"]]
    out["score"] = [_score(t, m) for t, m in zip(frame["total_score"], frame["max_score"], strict=True)]
    out["programme"] = frame["programme"].to_numpy()
    out["source_url"] = frame["source_url"].to_numpy()
    out["confidence"] = frame["confidence"].to_numpy() if "confidence" in frame else None
    out["tooltip"] = [_tooltip(row, level, colour_name) for row in out.to_dict("records")]
    return out.reset_index(drop=True)


def _tooltip(row: dict, level: str, colour_name: str) -> str:
    esc = html.escape
    lines = []
    if level == "pfa":
        lines.append(f"<b>{esc(str(row['unit_name']))}</b> (police force area)")
        if not _blank(row["org_name"]):
            lines.append(f"Covered by {esc(str(row['org_name']))}")
    elif level == "region":
        lines.append(f"<b>{esc(str(row['unit_name']))}</b> (PDU)")
        lines.append(f"Region: {esc(str(row['org_name']))}")
    else:
        lines.append(f"<b>{esc(str(row['unit_name']))}</b>")
        if not _blank(row["group"]):
            lines.append(f"Region: {esc(str(row['group']))}")
    mark = ratings.source_mark(row["state"], row.get("confidence"))
    lines.append(f"{esc(colour_name)}: <b>{esc(row['state'])}</b>" + (f" {mark[0]} ({esc(mark[1])})" if mark else ""))
    if row["state"] in ratings.RATINGS or row["state"] in (ratings.NOT_PUBLISHED, ratings.NOT_RATED):
        published = "date not in our data" if _blank(row["published"]) else str(row["published"])
        lines.append(f"Published: {esc(published)}")
        if not _blank(row["score"]) and row["score"]:
            lines.append(f"Score: {esc(row['score'])}")
    return "<br>".join(lines)


def organisations_of(prepared: pd.DataFrame) -> pd.DataFrame:
    """One row per rated organisation (a CRC, NPS division, PDU or region), for the
    choropleth and the table of organisations."""
    if prepared.empty:
        return prepared
    orgs = prepared[prepared["org_id"].notna()].drop_duplicates("org_id").copy()
    return orgs.reset_index(drop=True)


def coverage(prepared: pd.DataFrame, level: str, colour_name: str) -> str:
    """A caption counting honestly what the map shows, e.g. "12 of 112 PDUs have a rating
    for Planning in our data"."""
    one, many = UNIT_WORDS[level]
    n = len(prepared)
    rated = int(prepared["state"].isin(ratings.RATINGS).sum())
    what = "an overall rating" if colour_name == "Overall rating" else f"a rating for {colour_name}"
    text = f"{rated} of {n} {many if n != 1 else one} have {what} in our data"
    if level in ("pfa", "region"):
        orgs = organisations_of(prepared)
        kind = "organisations" if level == "pfa" else "regions"
        text += f" (from {int(orgs['state'].isin(ratings.RATINGS).sum())} of {len(orgs)} {kind})"
    counts = prepared["state"].value_counts()
    states = [f"{int(counts[s])} {s.lower()}" for s in STATE_ORDER[4:] if s in counts]
    return text + (": " + ", ".join(states) + "." if states else ".")


def coverage_is_thin(prepared: pd.DataFrame) -> bool:
    """True when fewer than half the areas are coloured by a rating: the map then shows which
    ratings our data holds more than any pattern, and the page says so before the map."""
    return len(prepared) > 0 and prepared["state"].isin(ratings.RATINGS).sum() * 2 < len(prepared)


def table_frame(prepared: pd.DataFrame) -> pd.DataFrame:
    """The table alternative: every unit, in conventional rating order, best first."""
    order = {s: i for i, s in enumerate(STATE_ORDER)}
    out = prepared.assign(_o=prepared["state"].map(order))
    return out.sort_values(["_o", "group", "unit_name"], na_position="first").drop(columns="_o")


# ---- styles ------------------------------------------------------------------------------

def map_style(state: str) -> ratings.Style:
    """Fill, text colour and pattern of a state (No rating in our data → the 'not inspected' style)."""
    return ratings.style(state)


def is_rating(state: str) -> bool:
    return state in ratings.RATINGS


def legend_states(states) -> list[str]:
    """The four rating words always (the scale is the legend), then the states present."""
    present = set(states)
    return [s for s in STATE_ORDER if s in ratings.RATINGS or s in present]


# ---- figures -----------------------------------------------------------------------------

def _layout(fig: go.Figure, height: int, title: str) -> None:
    fig.update_layout(
        font=FONT, height=height, plot_bgcolor="white", paper_bgcolor="white",
        title=dict(text=title, x=0, xanchor="left") if title else None,
        margin=dict(l=5, r=5, t=40 if title else 5, b=5),
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, traceorder="normal",
                    title=None, itemclick=False, itemdoubleclick=False),
        hoverlabel=dict(bgcolor="white", font=dict(color="#1A1A1A")),
    )


def hex_figure(prepared: pd.DataFrame, *, outline_groups: bool = False, title: str = "",
               height: int | None = None, outline_name: str = "Region boundary") -> go.Figure:
    """Hex cartogram: each unit one pointy-top hexagon coloured by its state.

    One filled-polygon trace per state in conventional order (the legend, with counts), a
    trace of centre points carrying the short labels, the tooltips and the organisation id
    (``customdata[0]``, for selection), and, with ``outline_groups``, thick outlines around
    each group (the PDUs' regions)."""
    fig = go.Figure()
    for state in legend_states(prepared["state"]):
        part = prepared[prepared["state"] == state]
        xs: list = []
        ys: list = []
        for q, r in zip(part["hex_q"], part["hex_r"], strict=True):
            pts = hex_polygon(q, r, closed=True)
            xs += [p[0] for p in pts] + [None]
            ys += [p[1] for p in pts] + [None]
        st = map_style(state)
        rated = is_rating(state)
        fig.add_scatter(
            x=xs or [None], y=ys or [None], mode="lines", fill="toself", fillcolor=st.fill,
            fillpattern=None if rated else dict(shape=st.pattern, fgcolor="#ABABAB", bgcolor=st.fill, size=7),
            line=dict(color="#FFFFFF" if rated else "#595959", width=1.5 if rated else 1,
                      dash="solid" if rated else "dash"),
            name=f"{state} ({len(part)})", legendgroup=state, hoverinfo="skip", showlegend=False,
        )
        fig.add_scatter(  # legend swatch: a hexagon of the fill, with its word and count
            x=[None], y=[None], mode="markers", name=f"{state} ({len(part)})", legendgroup=state,
            marker=dict(symbol="hexagon", size=16, color=st.fill,
                        line=dict(color="#595959", width=1)),
        )
    if outline_groups and "group_id" in prepared:
        cells = {(int(q), int(r)): g
                 for q, r, g in zip(prepared["hex_q"], prepared["hex_r"], prepared["group_id"], strict=True)}
        xs, ys = [], []
        for (x0, y0), (x1, y1) in group_boundary_segments(cells):
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="#1A1A1A", width=3),
                        name=outline_name, hoverinfo="skip")
    fig.add_scatter(
        x=prepared["x"], y=prepared["y"], mode="markers+text", text=prepared["label"],
        textfont=dict(color=[map_style(s).text for s in prepared["state"]], size=9 if len(prepared) > 60 else 11),
        marker=dict(size=22, opacity=0, color="#000000"),
        selected=dict(marker=dict(opacity=0.35)), unselected=dict(marker=dict(opacity=0)),
        customdata=prepared[["org_id", "tooltip", "unit_id"]].to_numpy(),
        hovertemplate="%{customdata[1]}<extra></extra>", showlegend=False, name="units",
    )
    rows = prepared["hex_r"].max() - prepared["hex_r"].min() + 1 if not prepared.empty else 1
    _layout(fig, height or int(min(900, max(420, 120 + rows * 42))), title)
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, fixedrange=True)
    fig.update_layout(dragmode=False)
    return fig


def _centre(rings: list) -> tuple[float, float]:
    """A label point: the centre of the largest ring's bounding box (inside for compact areas)."""
    ring = max(rings, key=len)
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def choropleth_figure(orgs: pd.DataFrame, geojson: dict, *, title: str = "", height: int = 650,
                      shared: list[dict] | None = None) -> go.Figure:
    """Geographic map: each organisation's dissolved boundary (GeoJSON feature ``id`` =
    org_id, projected coordinates, see explorer.geo) filled by its state, in the order of
    the features (largest first, so enclosed areas stay visible).

    Drawn on plain axes with equal scales (no base map, nothing fetched at runtime). The
    legend lists the rating words in conventional order, then the states present; a point
    trace at each area's centre carries the same tooltips and selection data as the hex map.
    ``shared`` lists districts split between PDUs (``id``, ``name``, ``orgs``): drawn on top
    in grey, because where the dividing line runs inside them is not in our data."""
    fig = go.Figure()
    by_id = orgs.set_index("org_id")
    shared_ids = {s["id"]: s for s in (shared or [])}
    centres = []
    for feature in geojson.get("features", []):
        fid = feature["id"]
        rings = exteriors(feature)
        if not rings or (fid not in by_id.index and fid not in shared_ids):
            continue
        xs: list = []
        ys: list = []
        for ring in rings:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        if fid in shared_ids:
            info = shared_ids[fid]
            fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor="#D9D9D9",
                            line=dict(color="#1A1A1A", width=1, dash="dot"), legendgroup="shared",
                            name=f"{info['name']}: shared by {info['orgs']}", showlegend=False,
                            hoveron="fills", hoverinfo="name")
            continue
        row = by_id.loc[fid]
        st = map_style(row["state"])
        rated = is_rating(row["state"])
        fig.add_scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=st.fill,
            fillpattern=None if rated else dict(shape=st.pattern, fgcolor="#ABABAB", bgcolor=st.fill, size=7),
            line=dict(color="#FFFFFF" if rated else "#595959", width=0.8, dash="solid" if rated else "dash"),
            name=f"{row['org_name']}: {row['state']}", legendgroup=row["state"], showlegend=False,
            hoveron="fills", hoverinfo="name",
        )
        centres.append((fid, *_centre(rings)))
    counts = orgs[orgs["org_id"].isin([c[0] for c in centres])]["state"].value_counts()
    for state in legend_states(counts.index):
        st = map_style(state)
        fig.add_scatter(x=[None], y=[None], mode="markers", name=f"{state} ({int(counts.get(state, 0))})",
                        legendgroup=state, marker=dict(symbol="square", size=14, color=st.fill,
                                                       line=dict(color="#595959", width=1)))
    if shared_ids:
        fig.add_scatter(x=[None], y=[None], mode="markers", name="District shared by two PDUs",
                        legendgroup="shared", marker=dict(symbol="square", size=14, color="#D9D9D9",
                                                          line=dict(color="#1A1A1A", width=1)))
    if centres:
        points = pd.DataFrame(centres, columns=["org_id", "x", "y"]).merge(
            orgs[["org_id", "tooltip", "unit_id"]], on="org_id", how="left")
        fig.add_scatter(
            x=points["x"], y=points["y"], mode="markers",
            marker=dict(size=6, color="#FFFFFF", opacity=0.8, line=dict(color="#1A1A1A", width=1)),
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=0.8)),
            customdata=points[["org_id", "tooltip", "unit_id"]].to_numpy(),
            hovertemplate="%{customdata[1]}<extra></extra>", showlegend=False, name="areas",
        )
    _layout(fig, height, title)
    fig.update_layout(hoverlabel=dict(namelength=-1), dragmode=False)
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, fixedrange=True)
    return fig


def selected_org(event, prepared: pd.DataFrame) -> tuple[str, str] | None:
    """The (org_id, org_name) of a clicked hexagon or area, from a Streamlit plotly
    selection event (a dict-like with ``selection.points[*].customdata``)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if data is None and isinstance(point, dict):
            data = [point.get("location")]
        if not data:
            continue
        org_id = data[0]
        match = prepared[prepared["org_id"] == org_id]
        if org_id and not match.empty:
            return str(org_id), str(match["org_name"].iloc[0])
    return None

