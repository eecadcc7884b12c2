"""League tables: one table per inspection programme, ranked, filtered and exported
(pure functions, no Streamlit).

Rules, stated once so the page, the downloads and the tests agree:

* Rank by overall rating (Outstanding best). Published total scores order organisations
  within a rating only when every organisation with that rating has a published score;
  otherwise the whole rating band shares one rank (a missing score is not a low score).
  Equal rating and equal score share a rank (standard competition ranking: 1, 2, 2, 4).
* Ranks are among the whole programme; filters hide rows, never re-rank. A tie is shown as
  "=7 (21 share this rank)".
* Organisations with no rating in our data for the programme are listed, unranked, last.
* Standard cells: the rating word; "Not rated" when the standard is not part of the
  framework for that organisation type; "Not published" when HMIP rated it but the rating
  is not in our data; "No rating in our data" when the organisation has no inspection.
* Downloads are the table as shown, through the one export path (explorer.export):
  formula-safe, with the view's link, filters, data version and date.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from explorer import ratings
from explorer.charts import NO_RATING
from explorer.tables import Col, is_blank, shown_frame, strength_col

DEFAULT_PERIOD = "crc-nps-2018"  # only when no programme has a rating at all


def default_period(programmes: pd.DataFrame) -> str:
    """The league a visitor sees first: the latest round. Among four-point programmes with a
    rating in our data, the one published most lately, and of those the one with most ratings
    (the PDU round, not the twelve regions' round that ended with it). Adding a newer programme
    to data/programmes.csv moves the default with it."""
    rated = programmes[(programmes.get("rating_kind", "four-point") == "four-point") & (programmes["rated"] > 0)]
    if rated.empty:
        return DEFAULT_PERIOD
    ordered = rated.sort_values(["last_published", "rated", "programme_id"], ascending=[False, False, True],
                                na_position="last")
    return str(ordered["programme_id"].iloc[0])
OVERALL = "overall"

# URL slugs for the rating filter (words with spaces make poor URLs).
RATING_SLUGS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires-improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "none": "No rating in our data (any reason)",
}

STD_PREFIX = "std:"  # column key prefix of a standard in the league frame


def std_col(standard: str) -> str:
    return STD_PREFIX + standard


def conf_col(standard: str) -> str:
    """The column holding the source strength (confidence) of a standard's rating."""
    return strength_col(std_col(standard))


def applies(org_types, org_type: str) -> bool:
    """Whether a framework standard applies to an organisation type: ``org_types`` is the
    standard's list from the semantic layer (programme_standards.sql ``org_types``, built from
    programme_type_standards); this only looks the type up, it decides nothing."""
    return org_types is not None and org_type in list(org_types)


def framework(standards: pd.DataFrame, programme: str) -> pd.DataFrame:
    """The programme's standards in framework order (standard, standard_name, org_types)."""
    part = standards[standards["programme_id"] == programme]
    return part.sort_values("position").reset_index(drop=True)


# ---- building and ranking ---------------------------------------------------------------

def competition_rank(keys: list) -> list[int]:
    """Standard competition ranking ("1, 2, 2, 4") of keys already sorted best first."""
    ranks, prev = [], object()
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if key == prev else i + 1)
        prev = key
    return ranks


def _score(value):
    if is_blank(value):
        return None
    return float(value)


def rank_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``rank`` (Int64; <NA> when unrated) and ``band_scored`` (whether scores ordered
    the organisation's rating band), and order rows: ranked best first, then unrated by name."""
    out = frame.copy()
    out["_r"] = out["overall_rating"].map(ratings.rating_rank)
    out["_s"] = out["total_score"].map(_score) if "total_score" in out else None
    rated = out[out["_r"].notna()].copy()
    scored_bands = {
        r for r, part in rated.groupby("_r") if part["_s"].notna().all()
    }
    rated["band_scored"] = rated["_r"].isin(scored_bands)
    rated["_key_s"] = [s if scored else None for s, scored in zip(rated["_s"], rated["band_scored"], strict=True)]
    rated = rated.sort_values(["_r", "_key_s", "name"], ascending=[False, False, True],
                              na_position="last", kind="stable")
    keys = [(r, s if s is not None and not (isinstance(s, float) and math.isnan(s)) else None)
            for r, s in zip(rated["_r"], rated["_key_s"], strict=True)]
    rated["rank"] = competition_rank(keys)
    unrated = out[out["_r"].isna()].sort_values("name", kind="stable").copy()
    unrated["band_scored"] = False
    unrated["rank"] = pd.NA
    result = pd.concat([rated, unrated], ignore_index=True)
    result["rank"] = result["rank"].astype("Int64")
    result["rank_label"] = rank_labels(result["rank"])
    return result.drop(columns=["_r", "_s", "_key_s"], errors="ignore")


def rank_labels(ranks: pd.Series) -> list[str | None]:
    """A rank as cited: "7", or "=7 (21 share this rank)" when it is a tie; blank when unranked."""
    counts = ranks.dropna().value_counts()
    return [None if pd.isna(r) else (f"={int(r)} ({int(counts[r])} share this rank)" if counts[r] > 1 else str(int(r)))
            for r in ranks]


def score_text(total, maximum) -> str | None:
    if is_blank(total):
        return None
    total = int(total)
    return f"{total} of {int(maximum)}" if not is_blank(maximum) else str(total)


def build_league_table(frame: pd.DataFrame, standards: pd.DataFrame, std_ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation in scope: overall label, score, age, and one column per
    framework standard (``std:<key>``) holding the label to show.

    ``frame``: rows of ratings_in_period for one programme. ``standards``: that programme's
    framework (see :func:`framework`). ``std_ratings``: standard ratings of its inspections
    (inspection_id, standard, rating).
    """
    out = frame.copy()
    states = out["state_label"] if "state_label" in out else pd.Series(None, index=out.index)
    out["overall"] = ratings.cell_labels(out["overall_rating"], states)
    out["score"] = [score_text(t, m) for t, m in zip(out["total_score"], out["max_score"], strict=True)]
    out["age"] = out.get("age_label")  # the database's one age rule
    held = {(r.inspection_id, r.standard): r.rating for r in std_ratings.itertuples()}
    strength = ({(r.inspection_id, r.standard): r.confidence for r in std_ratings.itertuples()}
                if "confidence" in std_ratings else {})
    for s in standards.itertuples():
        labels = []
        for row, state in zip(out.itertuples(), states, strict=True):
            if is_blank(row.inspection_id):
                labels.append(ratings.cell_label(None, state))
            elif not applies(s.org_types, row.org_type):
                labels.append(ratings.NOT_RATED)
            else:
                labels.append(ratings.rating_band(held.get((row.inspection_id, s.standard))))
        out[std_col(s.standard)] = labels
        out[conf_col(s.standard)] = [strength.get((i, s.standard)) for i in out["inspection_id"]]
    return rank_table(out)


# ---- filtering and sorting ---------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    provider: str | None = None  # org_type
    region: str | None = None  # region org id
    rating: str | None = None  # a RATING_SLUGS key
    q: str = ""
    found: tuple[str, ...] = ()  # org ids explorer.places.search found for q (by name or place)

    def describe(self, provider_labels: dict[str, str], region_names: dict[str, str]) -> str:
        parts = []
        if self.provider:
            parts.append(f"provider: {provider_labels.get(self.provider, self.provider)}")
        if self.region:
            parts.append(f"region: {region_names.get(self.region, self.region)}")
        if self.rating:
            parts.append(f"overall rating: {RATING_SLUGS.get(self.rating, self.rating)}")
        if self.q:
            parts.append(f'name or place matches "{self.q}"')
        return "; ".join(parts) if parts else "none"


def in_region(frame: pd.DataFrame, region: str) -> pd.Series:
    """A region's own row and its PDUs."""
    return (frame["org_id"] == region) | (frame["parent_org_id"] == region)


def apply_filters(table: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Filters only narrow what is shown: a rank is always among the whole programme, so a rank
    cited from a filtered view is the same rank anyone else sees."""
    shown = table
    if f.provider:
        shown = shown[shown["org_type"] == f.provider]
    if f.region:
        shown = shown[in_region(shown, f.region)]
    if f.rating == "none":
        shown = shown[shown["rank"].isna()]
    elif f.rating:
        shown = shown[shown["overall"] == RATING_SLUGS[f.rating]]
    if f.q.strip():
        shown = shown[shown["name"].str.contains(f.q.strip(), case=False, regex=False)
                      | shown["org_id"].isin(f.found)]
    return shown.reset_index(drop=True)


def sort_table(table: pd.DataFrame, sort: str) -> pd.DataFrame:
    """``overall`` keeps the rank order; a standard key orders by that standard's rating
    (best first), then by overall rank; non-ratings (Not published, …) come last."""
    if sort == OVERALL or std_col(sort) not in table:
        return table
    key = table[std_col(sort)].map(lambda v: -(ratings.rating_rank(v) or 0))
    rank = table["rank"].astype("Float64").fillna(1e9)
    order = pd.DataFrame({"k": key, "r": rank, "n": table["name"]}).sort_values(["k", "r", "n"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def band_notes(table: pd.DataFrame) -> list[str]:
    """Plain-language notes on where published scores could not order a rating band."""
    notes = []
    rated = table[table["rank"].notna()]
    for rating in ratings.RATINGS:
        part = rated[rated["overall"] == rating]
        with_score = int(part["total_score"].notna().sum()) if "total_score" in part else 0
        if 0 < with_score < len(part):
            notes.append(f"Scores were published for {with_score} of the {len(part)} organisations rated "
                         f"{rating}, so scores do not order that band: they share one rank.")
    return notes


# ---- columns shown and exported -----------------------------------------------------------

def columns(standards: pd.DataFrame, show_region: bool, show_score: bool,
            show_owner: bool = False, show_provider: bool = True) -> list[Col]:
    """The columns of the league table, in order; the same list drives the HTML table and
    the downloads so a download is the table as shown. ``show_owner`` adds the CRC's owner
    when the contracts were let (February 2015); ``show_provider`` is False when the programme
    rated one provider type only."""
    # the key columns first (rank, name, overall rating, score, when): in view at 1280 px without
    # scrolling sideways; the standards follow, with the name column kept in view
    cols = [Col("rank_label", "Rank", "rank"), Col("name", "Organisation", "area", row_header=True),
            Col("overall", "Overall rating", "rating", strength="confidence")]
    if show_score:
        cols.append(Col("score", "Total score"))
    cols += [Col("published_label", "Published", minor=True), Col("age", "Age of rating", minor=True)]
    if show_provider:  # a programme of one provider type says it in its title instead
        cols.append(Col("provider_label", "Provider type", minor=True))
    if show_owner:
        cols.append(Col("owner", "CRC owner (2015)", minor=True))
    if show_region:
        cols.append(Col("region_name", "Region", minor=True))
    cols += [Col(std_col(s.standard), s.standard_name, "rating", strength=conf_col(s.standard))
             for s in standards.itertuples()]
    cols.append(Col("source_url", "Source", "source"))
    return cols


def download_frame(table: pd.DataFrame, cols: list[Col]) -> pd.DataFrame:
    """The league as shown, for downloads, with the rank as a number and how many share it (a
    spreadsheet would read "=7 (…)" as a formula): explorer.export adds the view's provenance."""
    out = shown_frame(table, cols)
    if "Rank" in out:
        ranks = table["rank"].reset_index(drop=True)
        shared = ranks.map(ranks.dropna().value_counts())
        out["Rank"] = ranks.astype("Int64")
        out.insert(out.columns.get_loc("Rank") + 1, "Organisations sharing this rank", shared.astype("Int64"))
    return out


# ---- region view (unified service) -------------------------------------------------------

def region_view(pdus: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Each region: how many of its PDUs sit in each band (and with no rating in our data),
    and the region's own rating where one exists.

    ``pdus``: ratings_in_period rows of a PDU programme; ``regions``: ratings_in_period rows
    of the regional programme (or an empty frame when the programme had none)."""
    labels = [*list(ratings.RATINGS), NO_RATING]
    p = pdus.assign(band=pdus["overall_rating"].map(lambda r: r if ratings.rating_rank(r) else NO_RATING))
    counts = (p.groupby(["parent_org_id", "band"]).size().unstack(fill_value=0)
              .reindex(columns=labels, fill_value=0))
    names = p.drop_duplicates("parent_org_id").set_index("parent_org_id")["region_name"]
    out = counts.reset_index().rename(columns={"parent_org_id": "org_id"})
    out.insert(1, "name", out["org_id"].map(names))
    out["pdus"] = out[labels].sum(axis=1)
    if not regions.empty:
        reg = regions.set_index("org_id")
        out["regional_rating"] = out["org_id"].map(reg["overall_rating"])
        out["regional_source"] = out["org_id"].map(reg["source_url"])
        out["regional_confidence"] = out["org_id"].map(reg["confidence"]) if "confidence" in reg else None
    else:
        out["regional_rating"] = None
        out["regional_source"] = None
        out["regional_confidence"] = None
    return out.sort_values("name").reset_index(drop=True)
