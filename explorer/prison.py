"""The prison-work lens (pure functions, no Streamlit): coverage of the Through the Gate and
Resettlement ratings in our data, and display labels for each row's state."""
from __future__ import annotations

import pandas as pd

from explorer import ratings
from explorer.charts import NO_RATING

STATE_LABEL = {"not published": ratings.NOT_PUBLISHED, "not in our data": NO_RATING}


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``shown``: the rating word, "Not published" (HMIP rated it; not in our data) or
    "No rating in our data" (no inspection of this organisation under the programme is in our data)."""
    out = frame.copy()
    out["shown"] = [r if s == "rated" else STATE_LABEL.get(s, ratings.NOT_PUBLISHED)
                    for r, s in zip(out["rating"], out["state"])]
    return out


def coverage(frame: pd.DataFrame, noun: str, standard: str) -> str:
    """'4 of 21 CRCs have a Through the Gate rating in our data; …' with the rest explained."""
    orgs = frame["org_id"].nunique()
    rated = frame.loc[frame["state"] == "rated", "org_id"].nunique()
    inspected = frame.loc[frame["inspection_id"].notna(), "org_id"].unique()
    unpublished = len(set(inspected) - set(frame.loc[frame["state"] == "rated", "org_id"]))
    absent = orgs - len(inspected)
    parts = [f"{rated} of {orgs} {noun}s {'has' if rated == 1 else 'have'} a {standard} rating in our data"]
    if unpublished:
        parts.append(f"{unpublished} {'was' if unpublished == 1 else 'were'} inspected and rated by HMIP "
                     f"but the rating is not in our data (“{ratings.NOT_PUBLISHED}”)")
    if absent:
        parts.append(f"for {absent} no inspection under this programme is in our data (“{NO_RATING}”)")
    return "; ".join(parts) + "."


def rating_counts(frame: pd.DataFrame) -> str:
    """'2 Good, 1 Requires improvement' over the ratings held, best first; '' if none."""
    held = frame.loc[frame["state"] == "rated", "rating"].value_counts()
    return ", ".join(f"{int(held[r])} {r}" for r in ratings.RATINGS if r in held)
