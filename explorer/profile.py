"""Area profile of one organisation (pure functions, no Streamlit): the picker, freshness,
the standards-by-inspection grid, lineage wording and the national/regional comparison."""
from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass

import pandas as pd

from explorer import ratings
from explorer.tables import is_blank, strength_col
from explorer.urlstate import shown


def org_options(orgs: pd.DataFrame) -> dict[str, str]:
    """Organisation id → "Name (provider type)" for the searchable picker, in display order."""
    labels = orgs["name"].astype(str) + " (" + orgs["provider_label"].astype(str) + ")"  # column-wise:
    return dict(zip(orgs["org_id"].tolist(), labels.tolist(), strict=True))  # a row loop cost 0.8 s at 100x


def suggestions(raw: str, orgs: pd.DataFrame, limit: int = 5) -> list[str]:
    """Organisations a bad ``org`` value may have meant: close ids, names containing the text,
    then close names."""
    text = (raw or "").strip().lower()
    ids = list(orgs["org_id"])
    names = dict(zip(orgs["name"].str.lower(), orgs["org_id"], strict=True))
    found = difflib.get_close_matches(text, ids, n=limit, cutoff=0.6)
    if len(text) >= 3:
        found += [oid for name, oid in names.items() if text in name]
        found += [names[n] for n in difflib.get_close_matches(text, list(names), n=limit, cutoff=0.6)]
    return list(dict.fromkeys(found))[:limit]


def unknown_org_message(raw: str, orgs: pd.DataFrame) -> str:
    hints = suggestions(raw, orgs)
    names = dict(zip(orgs["org_id"], orgs["name"], strict=True))
    message = f'No organisation with id "{shown(raw)}" in our data.'
    if hints:
        message += " Did you mean: " + "; ".join(f"{names[h]} ({h})" for h in hints) + "?"
    return message + " Choose one in the picker below."


def _lower_first(text) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Freshness:
    months: int | None
    applies: bool  # only organisations that still exist can be overdue
    overdue: bool
    text: str


def freshness(facts, threshold: int) -> Freshness:
    """How fresh an organisation's evidence is, in words, from one row of organisation_facts:
    the age (age_months, age_label) is the database's one age rule, the status (current,
    superseded, ceased) the semantic layer's; this only words them against ``threshold``."""
    months = None if is_blank(facts.get("age_months")) else int(facts["age_months"])
    current = facts.get("status") == "current"
    if months is None:
        why = facts.get("coverage_label") or "no inspection in our data"
        if not current:
            return Freshness(None, False, False,
                             f"No inspection in our data; {_lower_first(facts.get('status_label'))}.")
        return Freshness(None, True, True, f"No inspection in our data ({why}): more than the "
                                            f"{threshold} months this tool uses as its freshness threshold.")
    last = f"{facts['age_label']} since the last inspection ({facts['last_programme_name']})"
    if not current:
        return Freshness(months, False, False, f"{last}; {_lower_first(facts.get('status_label'))}, so no "
                                               "further inspection was due.")
    if months > threshold:
        return Freshness(months, True, True, f"{last}: past the {threshold}-month freshness threshold.")
    return Freshness(months, True, False, f"{last}: within the {threshold}-month freshness threshold.")


def inspection_label(row) -> str:
    when = row["published_on"] if not is_blank(row["published_on"]) else "undated"
    return f"{when} ({row['programme']})"


def standard_grid(long: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Standards (rows) by inspection (columns) with the label to show in each cell:
    the rating word, "Not published" (in the framework, not in our data) or "Not rated"."""
    if long.empty:
        return pd.DataFrame(columns=["standard_name"]), []
    data = long.assign(
        column=[inspection_label(r) for _, r in long.iterrows()],
        label=[ratings.rating_band(r, in_framework=bool(f))
               for r, f in zip(long["rating"], long["in_framework"], strict=True)],
    )
    order = list(data.sort_values(["sort_date", "inspection_id"])["column"].drop_duplicates())
    wide = data.pivot_table(index=["standard_order", "standard", "standard_name"], columns="column",
                            values="label", aggfunc="first").reset_index()
    if "confidence" in data:  # each cell's source strength, beside it (tables.strength_col)
        strength = data.pivot_table(index=["standard_order", "standard", "standard_name"], columns="column",
                                    values="confidence", aggfunc="first")
        strength.columns = [strength_col(c) for c in strength.columns]
        wide = wide.merge(strength.reset_index(), on=["standard_order", "standard", "standard_name"], how="left")
    wide = wide.sort_values(["standard_order", "standard"])
    kept = [c for c in (strength_col(c) for c in order) if c in wide]
    return wide[["standard", "standard_name", *order, *kept]].reset_index(drop=True), order


def comparison_counts(comparison: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows labelled for charts.band_bar: one group per programme and scope."""
    if comparison.empty:
        return pd.DataFrame(columns=["group", "label", "rating", "count", "n", "percent"])
    frame = comparison.assign(
        # long programme names wrapped, so the bars keep their width on a phone
        group=[f"{'<br>'.join(textwrap.wrap(p, 28))}<br>{s}"
               for p, s in zip(comparison["programme_name"], comparison["scope_name"], strict=True)],
        label=[f"{p}: {s}" for p, s in zip(comparison["programme_name"], comparison["scope_name"], strict=True)],
        n=comparison["n"].astype(int),
    )
    frame["percent"] = (100 * frame["count"] / frame["n"]).round(1)
    return frame[["group", "label", "programme", "scope", "scope_name", "rating", "count", "n", "percent"]]


def comparison_sentences(inspections: pd.DataFrame, comparison: pd.DataFrame, name: str) -> list[str]:
    """One sentence per programme: this organisation's rating beside the national and
    regional counts for the same programme (counts include this organisation)."""
    out = []
    if inspections.empty or comparison.empty:
        return out
    latest = inspections.sort_values(["sort_date", "inspection_id"]).groupby("programme").tail(1)
    for row in latest.itertuples():
        part = comparison[comparison["programme"] == row.programme]
        if part.empty:
            continue
        own = row.overall_rating if not is_blank(row.overall_rating) else "no overall rating in our data"
        bits = []
        for scope, scoped in part.groupby("scope", sort=False):
            n = int(scoped["n"].iloc[0])
            same = int(scoped.loc[scoped["rating"] == row.overall_rating, "count"].sum())
            where = "nationally" if scope == "national" else f"in {scoped['scope_name'].iloc[0]}"
            spread = ", ".join(f"{int(c)} {r}" for r, c in zip(scoped["rating"], scoped["count"], strict=True))
            bits.append(f"{where}, {same} of {n} rated the same ({spread})")
        out.append(f"{row.programme_name}: {name} was rated {own}; " + "; ".join(bits) + ".")
    return out


def family(latest: pd.DataFrame, org_id: str, parent_id) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parent (a PDU's region) and children (a region's PDUs) with their latest ratings,
    from the ``ratings_in_period`` frame for the latest period."""
    parent = latest[latest["org_id"] == parent_id] if not is_blank(parent_id) else latest.iloc[0:0]
    children = latest[latest["parent_org_id"] == org_id].sort_values("name")
    return parent, children


def shown_value(value, unit: str, stated_as) -> str:
    """A finding as a reader sees it: the number with its unit, or the source's own words when
    the share was published only in words (then there is no number to show)."""
    if value is None or pd.isna(value):
        return f"{stated_as} (in words; no number published)" if isinstance(stated_as, str) and stated_as else ""
    return f"{value:g}%" if unit == "percent" else f"{value:,g}"
