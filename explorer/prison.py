"""The prison-work lens (pure functions, no Streamlit): coverage of the Through the Gate and
Resettlement ratings in our data, and display labels for each row's state."""
from __future__ import annotations

import pandas as pd

from explorer import ratings

# A programme's coverage states that mean HMIP inspected (and so rated) the organisation.
INSPECTED_STATES = ("not published", "inspected_not_in_data")


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``shown``: the rating word; "Not published" when our data holds the inspection but not
    this standard's rating; else the programme's coverage label (why there is no rating)."""
    out = frame.copy()
    out["shown"] = [
        str(r) if s == "rated" else ratings.NOT_PUBLISHED if s == "not published" else ratings.cell_label(None, lab)
        for r, s, lab in zip(out["rating"], out["state"], out["state_label"], strict=True)
    ]
    return out


def coverage(frame: pd.DataFrame, noun: str, standard: str) -> str:
    """'4 of 21 CRCs have a Through the Gate rating in our data; …' with the rest explained."""
    orgs = set(frame["org_id"])
    rated = set(frame.loc[frame["state"] == "rated", "org_id"])
    inspected = set(frame.loc[frame["state"].isin(INSPECTED_STATES), "org_id"]) - rated
    rest = orgs - rated - inspected
    n = len(rated)
    parts = [f"{n} of {len(orgs)} {noun}s {'has' if n == 1 else 'have'} a {standard} rating in our data"]
    if inspected:
        k = len(inspected)
        parts.append(f"{k} {'was' if k == 1 else 'were'} inspected and rated by HMIP but the rating is not "
                     "in our data")
    if rest:
        labels = frame[frame["org_id"].isin(rest)].drop_duplicates("org_id")
        words = "; ".join(f"{count} {label.lower()}" for label, count in
                          labels["state_label"].fillna(ratings.NO_RATING).value_counts().items())
        parts.append(f"for {len(rest)} no inspection is in our data ({words})")
    return "; ".join(parts) + "."


def rating_counts(frame: pd.DataFrame) -> str:
    """'2 Good, 1 Requires improvement' over the ratings held, best first; '' if none."""
    held = frame.loc[frame["state"] == "rated", "rating"].value_counts()
    return ", ".join(f"{int(held[r])} {r}" for r in ratings.RATINGS if r in held)
