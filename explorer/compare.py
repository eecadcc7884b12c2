"""Comparisons: CRCs against NPS divisions, organisations side by side, regions and PDUs
(pure functions and plotly figures, no Streamlit)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer import ratings
from explorer.charts import FONT, NO_RATING
from explorer.league import applies
from explorer.tables import is_blank, strength_col

CRC_NPS_PERIODS = ("crc-nps-2018", "crc-nps-2019", "crc-nps-2020")
UNIFIED_PDU_PERIODS = ("pdu-2021", "pdu-2023")
CAVEAT = ("Not like for like: the NPS supervised people assessed as high risk of serious harm, the CRCs "
          "those of low and medium risk, so CRC and NPS ratings describe different caseloads.")
SHORT = {"crc-nps-2018": "2018/19", "crc-nps-2019": "2019/20", "crc-nps-2020": "2020/21",
         "pdu-2021": "PDU 2021-23", "pdu-2023": "PDU 2023-", "regional-2023": "Regional 2024-",
         "national-2025": "National 2025"}
PROVIDER_SHORT = {"crc": "CRC", "nps_division": "NPS", "nps_region": "NPS region"}

# every label a comparison cell may carry, best first; codes index the heatmap colour scale
GRID_LABELS = [*list(ratings.RATINGS), ratings.NOT_PUBLISHED, ratings.NOT_RATED, NO_RATING]


def label_of(rating) -> str:
    return rating if ratings.rating_rank(rating) else NO_RATING


# ---- CRC against NPS ---------------------------------------------------------------------

def standard_distribution(frame: pd.DataFrame, standards: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """How the inspected organisations of each provider type were rated on each standard.

    Long data: standard, standard_name, position, org_type, provider_label, rating (a rating
    word or "Not published"), count, n (organisations of that type rated on the standard).
    Only organisations inspected in the programme count; a standard that does not apply to a
    provider type has no rows for it (it is "Not rated", not a zero)."""
    inspected = frame[frame["inspection_id"].notna()]
    got = {(r.inspection_id, r.standard): r.rating for r in held.itertuples()}
    rows = []
    for s in standards.itertuples():
        for org in inspected.itertuples():
            if not applies(s.org_types, org.org_type):
                continue
            rows.append((s.standard, s.standard_name, s.position, org.org_type, org.provider_label,
                         ratings.rating_band(got.get((org.inspection_id, s.standard)))))
    long = pd.DataFrame(rows, columns=["standard", "standard_name", "position", "org_type", "provider_label",
                                       "rating"])
    if long.empty:
        return long.assign(count=[], n=[])
    counts = long.groupby(["standard", "standard_name", "position", "org_type", "provider_label", "rating"],
                          sort=False).size().rename("count").reset_index()
    counts["n"] = counts.groupby(["standard", "org_type"])["count"].transform("sum")
    order = {label: i for i, label in enumerate(GRID_LABELS)}
    counts["_o"] = counts["rating"].map(order)
    return counts.sort_values(["position", "org_type", "_o"]).drop(columns="_o").reset_index(drop=True)


def standard_figure(dist: pd.DataFrame, title: str = "") -> go.Figure:
    """Stacked horizontal bars: for each standard, one bar per provider type, side by side,
    segments by rating word (Not published hatched and labelled)."""
    fig = go.Figure()
    if dist.empty:
        return fig
    d = dist.assign(group=dist["standard_name"] + " · " + dist["org_type"].map(PROVIDER_SHORT).fillna(dist["org_type"]))
    groups = list(dict.fromkeys(d["group"]))
    for label in GRID_LABELS:
        part = d[d["rating"] == label]
        if part.empty:
            continue
        s = ratings.style(label)
        fig.add_bar(name=label, orientation="h", y=part["group"], x=part["count"],
                    marker=dict(color=s.fill, line=dict(color="#595959", width=1),
                                pattern=dict(shape=s.pattern, fgcolor="#8C8C8C")),
                    text=part["count"].astype(str), textposition="inside", insidetextanchor="middle",
                    textfont=dict(color=s.text), textangle=0, customdata=part[["n"]].to_numpy(),
                    hovertemplate=f"%{{y}}<br><b>{label}</b>: %{{x}} of %{{customdata[0]}}<extra></extra>")
    fig.update_layout(barmode="stack", font=FONT, title=dict(text=title, x=0, xanchor="left"),
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, title=None),
                      margin=dict(l=10, r=10, t=80 if title else 50, b=10), height=max(240, 90 + 26 * len(groups)),
                      plot_bgcolor="white", paper_bgcolor="white",
                      xaxis=dict(title="Organisations", gridcolor="#E5E5E5", rangemode="tozero", dtick=1),
                      yaxis=dict(categoryorder="array", categoryarray=list(reversed(groups)), title=None,
                                 automargin=True))
    return fig


def area_pairs(pairs: pd.DataFrame, division: str, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The NPS division and each CRC sharing at least one police force area with it, with
    every organisation's overall rating and source in each programme of ``frames``.

    Columns: org_id, name, org_type, shared_pfas, shared_pfa_names, then for each programme
    ``rating:<id>`` (label) and ``source:<id>``."""
    mine = pairs[pairs["nps_org_id"] == division]
    if mine.empty:
        return pd.DataFrame(columns=["org_id", "name", "org_type", "shared_pfas", "shared_pfa_names"])
    first = mine.iloc[0]
    rows = [dict(org_id=division, name=first["nps_name"], org_type="nps_division",
                 shared_pfas=int(first["nps_pfas"]), shared_pfa_names="(the division's own area)")]
    rows += [dict(org_id=r.crc_org_id, name=r.crc_name, org_type="crc", shared_pfas=int(r.shared_pfas),
                  shared_pfa_names=r.shared_pfa_names) for r in mine.itertuples()]
    out = pd.DataFrame(rows)
    return with_programme_ratings(out, frames)


# ---- organisations side by side ----------------------------------------------------------

def inspection_header(row) -> str:
    return f"{row.org_name} ({SHORT.get(row.programme, row.programme)})"


def side_by_side(inspections: pd.DataFrame, std_rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """All inspections of the chosen organisations, aligned by standard.

    Returns (frame, headers): one row for the overall rating then one per standard (in
    framework order, across all programmes involved), one column per inspection id; and a
    map inspection id → column header. A standard outside an inspection's framework is
    "Not rated"; inside it but not in our data, "Not published"."""
    if inspections.empty:
        return pd.DataFrame(columns=["standard", "standard_name"]), {}
    order = (std_rows.groupby(["standard", "standard_name"], sort=False)["position"].min()
             .reset_index().sort_values("position", kind="stable"))
    out = pd.concat([pd.DataFrame({"standard": ["overall"], "standard_name": ["Overall rating"]}),
                     order[["standard", "standard_name"]]], ignore_index=True)
    cells = {(r.inspection_id, r.standard): (bool(r.in_framework), r.rating) for r in std_rows.itertuples()}
    headers = {}
    for ins in inspections.itertuples():
        headers[ins.inspection_id] = inspection_header(ins)
        col = [label_of(ins.overall_rating)]
        for std in out["standard"].iloc[1:]:
            if (ins.inspection_id, std) not in cells:
                col.append(ratings.NOT_RATED)
                continue
            in_fw, rating = cells[(ins.inspection_id, std)]
            col.append(ratings.rating_band(rating, in_framework=in_fw))
        out[ins.inspection_id] = col
    return out, headers


# ---- a grid of rating words as a figure --------------------------------------------------

def rating_grid_figure(frame: pd.DataFrame, row_col: str, columns: dict[str, str], title: str = "") -> go.Figure:
    """A heatmap whose every cell shows its rating word on the rating's colour.

    ``columns`` maps frame column → x-axis label; the cells hold labels from GRID_LABELS."""
    codes = {label: i for i, label in enumerate(GRID_LABELS)}
    n = len(GRID_LABELS)
    scale = []
    for label, i in codes.items():
        fill = ratings.style(label).fill
        scale += [[i / n, fill], [(i + 1) / n, fill]]
    keys = list(columns)
    z = [[codes.get(v, codes[NO_RATING]) + 0.5 for v in row] for row in frame[keys].to_numpy()]
    text = [[str(v) if not is_blank(v) else NO_RATING for v in row] for row in frame[keys].to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=z, x=[columns[k] for k in keys], y=frame[row_col].tolist(), text=text,
        texttemplate="%{text}", textfont=dict(size=12), colorscale=scale, zmin=0, zmax=n,
        showscale=False, xgap=2, ygap=2, hovertemplate="%{y}<br>%{x}: <b>%{text}</b><extra></extra>"))
    fig.update_layout(font=FONT, title=dict(text=title, x=0, xanchor="left"), plot_bgcolor="white",
                      paper_bgcolor="white", margin=dict(l=10, r=10, t=60 if title else 20, b=10),
                      height=max(200, 80 + 34 * len(frame)),
                      yaxis=dict(autorange="reversed", automargin=True, title=None),
                      xaxis=dict(side="top", automargin=True, title=None))
    return fig


def with_programme_ratings(out: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add, for each programme of ``frames`` (ratings_in_period rows), ``rating:<id>`` (the label),
    ``source:<id>`` and the rating's source strength (tables.strength_col of the rating column)."""
    for programme, frame in frames.items():
        f = frame.set_index("org_id")
        out[f"rating:{programme}"] = out["org_id"].map(f["overall_rating"]).map(label_of)
        out[f"source:{programme}"] = out["org_id"].map(f["source_url"])
        if "confidence" in f:
            out[strength_col(f"rating:{programme}")] = out["org_id"].map(f["confidence"])
    return out


def ratings_wide(orgs: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Organisations (org_id, name) with their overall rating label in each programme."""
    out = orgs[["org_id", "name"]].reset_index(drop=True).copy()
    return with_programme_ratings(out, frames)
