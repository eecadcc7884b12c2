"""Search by place or name (pure functions, no Streamlit): the one matching rule every search
box uses (Area profile, League tables), so a search finds the same organisations everywhere.

Matches come in tiers and only the best tier is returned: an exact name, then a name that
starts with the search, then a name with a word that starts with it. Nothing is fuzzy: a
near miss is offered separately as a spelling suggestion (``spelling``), never as a result, so
"Teesside" never returns an unrelated organisation.

Places are ONS district, county and police force area names (``place_index``, built with the
database); organisations match by their own name too.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

TIERS = {1: "exact", 2: "starts with", 3: "a word starts with"}
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text) -> str:
    """Lower case, "&" as "and", punctuation as spaces, single spaces."""
    text = str(text).lower().replace("&", " and ")
    return " ".join(_WORD.findall(text))


def tier(name: str, q: str) -> int | None:
    """How well ``name`` matches the normalised search ``q`` (1 best), or None."""
    n = normalise(name)
    if not q:
        return None
    if n == q:
        return 1
    if n.startswith(q):
        return 2
    words = n.split()
    if any(" ".join(words[i:]).startswith(q) for i in range(1, len(words))):
        return 3
    return None


@dataclass(frozen=True)
class Found:
    """What a search found: the best tier's places and organisations."""

    query: str
    places: pd.DataFrame  # place, place_kind, pfa_name: the matching places
    orgs: pd.DataFrame  # one row per organisation: org_id, org_name, org_type, current, via, how

    @property
    def empty(self) -> bool:
        return self.orgs.empty

    def org_ids(self) -> list[str]:
        return self.orgs["org_id"].tolist()

    def single_current_pdu(self) -> str | None:
        """The one current PDU the search points to, if there is exactly one."""
        pdus = self.orgs[(self.orgs["org_type"] == "pdu") & self.orgs["is_current"]]
        return pdus["org_id"].iloc[0] if len(pdus) == 1 else None


ORG_COLUMNS = ["org_id", "org_name", "org_type", "provider_label", "is_current", "status_label", "era_order", "via",
               "how"]


def search(index: pd.DataFrame, raw: str) -> Found:
    """Organisations whose own name, or a place they cover, matches ``raw`` in the best tier.

    ``index`` is the ``place_index`` table (organisation names are in it as place_kind
    "organisation"). An organisation matched both by its name and by a place is listed once,
    by its name."""
    q = normalise(raw)
    names = index[["place", "place_kind", "pfa_name"]].drop_duplicates()
    tiers = names["place"].map(lambda p: tier(p, q))
    best = tiers.min()
    if pd.isna(best):
        return Found(raw, names.iloc[0:0], pd.DataFrame(columns=ORG_COLUMNS))
    hits = names[tiers == best]
    found = (index.merge(hits[["place", "place_kind"]], on=["place", "place_kind"])
             .assign(via=lambda f: f["place"].where(f["place_kind"] == "organisation",
                                                    f["place"] + " (" + f["place_kind"] + ")"),
                     by_name=lambda f: f["place_kind"] != "organisation",
                     type_order=lambda f: f["org_type"].map(_TYPE_ORDER).fillna(9))
             .sort_values(["by_name", "era_order", "type_order", "org_name"], kind="stable")
             .drop_duplicates("org_id", keep="first")
             .sort_values(["era_order", "type_order", "org_name"], kind="stable")
             .reset_index(drop=True))
    places = hits[hits["place_kind"] != "organisation"].sort_values(["place_kind", "place"])
    return Found(raw, places.reset_index(drop=True), found[ORG_COLUMNS])


_TYPE_ORDER = {"pdu": 0, "region": 1, "national": 2, "crc": 3, "nps_division": 4, "nps_region": 5}


def spelling(index: pd.DataFrame, raw: str, n: int = 3) -> list[str]:
    """Close spellings of ``raw`` among place and organisation names (offered, never applied)."""
    names = sorted(set(index["place"]))
    by_norm = {normalise(x): x for x in names}
    return [by_norm[m] for m in difflib.get_close_matches(normalise(raw), list(by_norm), n=n, cutoff=0.75)]
