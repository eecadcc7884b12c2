"""Follow-up watchlist: which organisations need follow-up, and every reason why (no Streamlit).

Each rule is a pure function over DataFrames from the named queries (organisation_facts,
followup_standard_ratings, lineage_all, and measures.findings_table) and returns *reasons*:
one row per (organisation, reason) with columns REASON_COLS. ``watchlist`` keeps the
organisations in scope, runs the enabled rules, and combines the reasons into one row per
organisation, sorted by severity (sum of the reasons' severities), then number of reasons.

Fair across data coverage: the severity score counts only rules whose evidence every
organisation in scope could have (an overall rating, its date, its predecessors' ratings);
rules that rest on sparse data (standard ratings, findings with published case counts) are
listed as "evidence held", shown separately and never added to the score, because an
organisation would otherwise score worse just for having more of its report in our data.
Never-inspected organisations are in scope by default, and say why they have no rating (the
coverage state from the semantic layer: not inspected in a programme, or inspected with the
rating not in our data). Ages come from the database's one age rule (age_months).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from explorer import ratings, stats, urlstate

REASON_COLS = ["org_id", "rule", "severity", "reason", "source_url"]


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    severity: int
    help: str
    default_on: bool = True
    complete_data: bool = True  # False: rests on data we hold for only some organisations


RULES: dict[str, Rule] = {r.key: r for r in (
    Rule("inadequate", "Overall rating Inadequate", 4,
         "The latest inspection in our data rated the organisation Inadequate overall."),
    Rule("standard_inadequate", "A standard rated Inadequate", 3,
         "The latest inspection rated at least one standard Inadequate. Depends on data we lack for most "
         "organisations (standard ratings are sparse in our data), so it is evidence held, not scored.",
         complete_data=False),
    Rule("declined", "Worse than its previous inspection", 3,
         "The latest overall rating is at least the set number of steps below the previous one."),
    Rule("predecessor", "Worse than its predecessor area", 2,
         "The latest overall rating is below the last rating of the CRC and NPS division that covered "
         "the same police force areas before June 2021."),
    Rule("finding_below", "A finding significantly below the benchmark", 2,
         "A published finding with a known number of cases lies below the national value at the set "
         "confidence level (exact binomial test, as in the funnel plot). Depends on data we lack for most "
         "organisations (few findings publish their number of cases), so it is evidence held, not scored.",
         complete_data=False),
    Rule("stale", "Not inspected recently", 1,
         "The latest inspection in our data (of any kind, including narrative dynamic inspections) is older "
         "than the set number of months."),
    Rule("no_rating", "No inspection in our data", 1,
         "Our data holds no inspection of the organisation; the reason says whether HMIP's programme did not "
         "reach it or inspected it without the rating being in our data."),
)}
DEFAULT_RULES = [k for k, r in RULES.items() if r.default_on]
SCORED_RULES = [k for k, r in RULES.items() if r.complete_data]

# The freshness threshold lives in data/policy.csv (freshness_months, with its reason); pages read
# it from the database and pass it in.
MONTHS_RANGE = (6, 120)
DEFAULT_STEPS = 1
PREDECESSOR_MODES = {"all": "worse than every rated predecessor", "any": "worse than at least one rated predecessor"}
LEVELS = {"95": stats.LEVEL_95, "99.8": stats.LEVEL_998}
SCOPES = {"current": "Current organisations (Probation Service since June 2021)",
          "all": "All, including CRCs and NPS divisions (ended June 2021)"}


def _reasons(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=REASON_COLS)


def _when(row, prefix: str = "") -> str:
    label = row.get(f"{prefix}published_label")
    if isinstance(label, str):
        return label  # the semantic layer's date wording
    published = row.get(f"{prefix}published_on")
    return "date not in our data" if pd.isna(published) else str(published)


# ---- scope --------------------------------------------------------------------------------

def in_scope(orgs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """'current': organisations whose status (semantic layer: organisation_status) is current:
    CRCs and NPS divisions ended in June 2021 and superseded PDUs were replaced, so neither can be
    followed up. 'all': every organisation (for history)."""
    if scope == "all":
        return orgs
    if scope != "current":
        raise ValueError(f"scope must be one of {list(SCOPES)}, got {scope!r}")
    return orgs[orgs["status"] == "current"]


# ---- rules --------------------------------------------------------------------------------

def rule_inadequate(orgs: pd.DataFrame) -> pd.DataFrame:
    hit = orgs[orgs["overall_rating"] == "Inadequate"]
    return _reasons([{"org_id": r["org_id"], "rule": "inadequate", "severity": RULES["inadequate"].severity,
                      "reason": f"Overall Inadequate ({r['programme']}, published {_when(r)})",
                      "source_url": r["source_url"]} for _, r in hit.iterrows()])


def rule_standard_inadequate(orgs: pd.DataFrame, standards: pd.DataFrame) -> pd.DataFrame:
    """Standards rated Inadequate in each organisation's latest inspection (one reason per org)."""
    latest = standards[standards["inspection_id"].isin(orgs["inspection_id"].dropna())
                       & (standards["rating"] == "Inadequate")]
    rows = []
    for inspection_id, part in latest.groupby("inspection_id", sort=False):
        names = ", ".join(part["standard_name"])
        rows.append({"org_id": part["org_id"].iloc[0], "rule": "standard_inadequate",
                     "severity": RULES["standard_inadequate"].severity,
                     "reason": f"{len(part)} standard(s) Inadequate: {names} ({inspection_id})",
                     "source_url": part["source_url"].iloc[0]})
    return _reasons(rows)


def rule_declined(orgs: pd.DataFrame, steps: int = DEFAULT_STEPS) -> pd.DataFrame:
    """Latest overall rating at least ``steps`` rating steps below the previous inspection's."""
    if steps < 1:
        raise ValueError("steps must be at least 1")
    both = orgs[orgs["overall_rank"].notna() & orgs["previous_rank"].notna()]
    hit = both[(both["previous_rank"] - both["overall_rank"]) >= steps]
    rows = []
    for _, r in hit.iterrows():
        note = "" if r["programme"] == r["previous_programme"] else "; different frameworks, not strictly comparable"
        rows.append({"org_id": r["org_id"], "rule": "declined", "severity": RULES["declined"].severity,
                     "reason": f"Declined from {r['previous_rating']} ({_when(r, 'previous_')}) "
                               f"to {r['overall_rating']} ({_when(r)}){note}",
                     "source_url": r["source_url"]})
    return _reasons(rows)


def rule_predecessor(orgs: pd.DataFrame, lineage: pd.DataFrame, mode: str = "all",
                     all_orgs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Latest rating worse than the last rating of its predecessor CRC / NPS division(s).

    ``lineage`` has successor_org_id, predecessor_org_id (the lineage_all query);
    predecessors' ratings come from ``all_orgs`` (default ``orgs``: pass the unscoped frame when
    ``orgs`` is filtered to current organisations). mode 'all': worse than every predecessor
    with a rating in our data; 'any': worse than at least one. Predecessors with no rating in
    our data are ignored; with none rated there is no reason.
    """
    if mode not in PREDECESSOR_MODES:
        raise ValueError(f"mode must be one of {list(PREDECESSOR_MODES)}, got {mode!r}")
    pool = orgs if all_orgs is None else all_orgs
    pred = lineage.merge(pool[["org_id", "name", "overall_rating", "overall_rank", "published_on"]],
                         left_on="predecessor_org_id", right_on="org_id", how="inner")
    pred = pred[pred["overall_rank"].notna()]
    rows = []
    rated = orgs[orgs["overall_rank"].notna()]
    for _, r in rated.iterrows():
        mine = pred[pred["successor_org_id"] == r["org_id"]]
        if mine.empty:
            continue
        worse = mine[mine["overall_rank"] > r["overall_rank"]]
        if worse.empty or (mode == "all" and len(worse) < len(mine)):
            continue
        listed = "; ".join(f"{p['name']} {p['overall_rating']} ({_when(p)})" for _, p in worse.iterrows())
        rows.append({"org_id": r["org_id"], "rule": "predecessor", "severity": RULES["predecessor"].severity,
                     "reason": f"{r['overall_rating']}, worse than predecessor area: {listed}",
                     "source_url": r["source_url"]})
    return _reasons(rows)


def rule_stale(orgs: pd.DataFrame, months: int) -> pd.DataFrame:
    """Latest inspection (of any kind) more than ``months`` months ago; current organisations
    only. The age and its wording are the database's one age rule (age_months, age_label:
    a year-only date counts from 1 July, an undated report is estimated, and the label says so)."""
    rows = []
    current = in_scope(orgs, "current")
    for _, r in current[current["age_months"].notna() & (current["age_months"] > months)].iterrows():
        rows.append({"org_id": r["org_id"], "rule": "stale", "severity": RULES["stale"].severity,
                     "reason": f"Last inspected {r['age_label']} ago ({r['last_programme_name']}, published "
                               f"{r['last_published_label']}); threshold {months} months",
                     "source_url": r["last_source_url"]})
    return _reasons(rows)


def rule_no_rating(orgs: pd.DataFrame) -> pd.DataFrame:
    """Current organisations with no inspection in our data, each with why (its coverage now)."""
    current = in_scope(orgs, "current")
    hit = current[current["last_inspection_id"].isna()]
    rows = []
    for _, r in hit.iterrows():
        why = r["coverage_label"]
        if isinstance(r.get("coverage_programme"), str):
            why += f" ({r['coverage_programme']})"
        rows.append({"org_id": r["org_id"], "rule": "no_rating", "severity": RULES["no_rating"].severity,
                     "reason": f"No inspection in our data: {why}", "source_url": None})
    return _reasons(rows)


def rule_finding_below(orgs: pd.DataFrame, findings: pd.DataFrame, level: float = stats.LEVEL_95) -> pd.DataFrame:
    """Area findings with n significantly below their measure's benchmark (measures.findings_table:
    funnel_class 'below 95%' / 'below 99.8%'). Only grouped measures, where the oriented
    direction means higher is better; findings without n cannot be significantly below."""
    from explorer.measures import GROUP_BY_KEY

    wanted = {"below 99.8%"} if level == stats.LEVEL_998 else {"below 95%", "below 99.8%"}
    hit = findings[findings["funnel_class"].isin(wanted) & findings["group_key"].isin(GROUP_BY_KEY)
                   & findings["org_id"].isin(orgs["org_id"])]
    rows = []
    for _, f in hit.iterrows():
        flip = f" [{f['flip_note']}]" if f.get("flip_note") else ""
        rows.append({"org_id": f["org_id"], "rule": "finding_below", "severity": RULES["finding_below"].severity,
                     "reason": f"{f['percent']:.0f}% of {f['n']:.0f} cases ({f['period']}, {f['finding_id']}: "
                               f"\"{f['measure']}\"){flip} is {f['funnel_class']} limit around "
                               f"{f['benchmark_pct']:.0f}%",
                     "source_url": f["source_url"]})
    return _reasons(rows)


# ---- combine ------------------------------------------------------------------------------

def evidence(cases) -> str:
    """Evidence strength of an organisation's judgement: cases inspected, or 'n not published'."""
    if pd.isna(cases):
        return stats.evidence_strength(None)
    return f"{int(cases)} cases: {stats.evidence_strength(float(cases))}"


def _numbered(texts) -> str | None:
    texts = list(texts)
    return "; ".join(f"({i}) {t}" for i, t in enumerate(texts, 1)) if texts else None


def combine(orgs: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation with at least one reason, sorted by severity score (desc),
    number of scored reasons (desc), worst rating first, then name.

    The score sums only rules every organisation could meet (``complete_data``); reasons from
    sparse data are listed in ``evidence_held`` and add nothing to the score.
    Columns: org_id, name, provider_label, region_name, overall_rating, coverage_label,
    published_on, reasons (numbered, '; '-separated, scored rules), evidence_held (the others),
    n_reasons, severity, rules, evidence, source_url (latest inspection), confidence (of its
    rating), sources."""
    cols = ["org_id", "name", "provider_label", "region_name", "overall_rating", "coverage_label",
            "published_on", "reasons", "evidence_held", "n_reasons", "severity", "rules", "evidence",
            "source_url", "confidence", "sources"]
    if reasons.empty:
        return pd.DataFrame(columns=cols)
    order = {k: i for i, k in enumerate(RULES)}
    reasons = reasons.assign(_o=reasons["rule"].map(order),
                             _scored=reasons["rule"].map(lambda k: RULES[k].complete_data))
    reasons = reasons.sort_values(["org_id", "severity", "_o"], ascending=[True, False, True])
    # column-wise aggregation (a groupby-apply per organisation took seconds at 100x data)
    ids = pd.Index(reasons["org_id"].drop_duplicates(), name="org_id")

    def joined(keys: pd.Series, texts: pd.Series, sep: str) -> pd.Series:
        """Each organisation's texts joined in order: one pass over two lists (pandas' string
        aggregation splits a group at a time, seconds for 27,000 groups at 100x data)."""
        groups: dict = {}
        for key, text in zip(keys.tolist(), texts.tolist(), strict=True):
            groups.setdefault(key, []).append(text)
        return pd.Series({key: sep.join(parts) for key, parts in groups.items()}, dtype=object).reindex(ids)

    def numbered(part: pd.DataFrame) -> pd.Series:
        text = "(" + (part.groupby("org_id").cumcount() + 1).astype(str) + ") " + part["reason"].astype(str)
        return joined(part["org_id"], text, "; ")

    scored = reasons[reasons["_scored"]]
    rules = reasons.drop_duplicates(["org_id", "rule"])
    sources = reasons[reasons["source_url"].map(lambda u: isinstance(u, str))].drop_duplicates(["org_id", "source_url"])
    agg = pd.DataFrame({
        "reasons": numbered(scored),
        "evidence_held": numbered(reasons[~reasons["_scored"]]),
        "n_reasons": scored.groupby("org_id").size().reindex(ids, fill_value=0).astype(int),
        "severity": scored.groupby("org_id")["severity"].sum().reindex(ids, fill_value=0).astype(int),
        "rules": joined(rules["org_id"], rules["rule"], ", "),
        "sources": joined(sources["org_id"], sources["source_url"], " ").fillna(""),
    }, index=ids)
    agg = agg.astype({"reasons": object, "evidence_held": object}).where(agg.notna(), None).reset_index()
    out = agg.merge(orgs, on="org_id", how="left")
    if "confidence" not in out:
        out["confidence"] = None
    out["evidence"] = out["cases_inspected"].map(evidence)
    out["_rank"] = out["overall_rating"].map(ratings.rating_rank).fillna(5)
    out = out.sort_values(["severity", "n_reasons", "_rank", "name"], ascending=[False, False, True, True])
    return out[cols].reset_index(drop=True)


def run_rules(orgs: pd.DataFrame, *, enabled, standards: pd.DataFrame, lineage: pd.DataFrame,
              findings: pd.DataFrame, months: int, steps: int = DEFAULT_STEPS,
              mode: str = "all", level: float = stats.LEVEL_95,
              all_orgs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reasons from every enabled rule for the organisations in ``orgs`` (REASON_COLS)."""
    makers = {
        "inadequate": lambda: rule_inadequate(orgs),
        "standard_inadequate": lambda: rule_standard_inadequate(orgs, standards),
        "declined": lambda: rule_declined(orgs, steps),
        "predecessor": lambda: rule_predecessor(orgs, lineage, mode, all_orgs),
        "finding_below": lambda: rule_finding_below(orgs, findings, level),
        "stale": lambda: rule_stale(orgs, months),
        "no_rating": lambda: rule_no_rating(orgs),
    }
    unknown = set(enabled) - set(makers)
    if unknown:
        raise ValueError(f"unknown rules: {sorted(unknown)}")
    parts = [makers[k]() for k in RULES if k in enabled]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else _reasons([])


def download_frame(watch: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """One row per (organisation, reason) for the CSV download, in the watchlist's order,
    with the rule, its severity, the reason and the reason's source."""
    cols = ["org_id", "name", "provider_label", "region_name", "overall_rating", "confidence", "published_on",
            "evidence", "rule", "rule_label", "severity", "reason", "source_url"]
    if watch.empty:
        return pd.DataFrame(columns=cols)
    order = {o: i for i, o in enumerate(watch["org_id"])}
    long = reasons[reasons["org_id"].isin(order)].merge(
        watch.drop(columns=["severity", "source_url"]), on="org_id", how="left")
    long["rule_label"] = long["rule"].map(lambda k: RULES[k].label)
    long["_o"] = long["org_id"].map(order)
    return long.sort_values(["_o", "severity"], ascending=[True, False])[cols].reset_index(drop=True)


# ---- URL ----------------------------------------------------------------------------------

def read_rules(params: Mapping[str, str]) -> urlstate.Read:
    """Enabled rules from ``rules`` (comma list; 'none' for no rule; absent: the defaults)."""
    raw = params.get("rules")
    if raw is None or raw == "":
        return urlstate.Read(list(DEFAULT_RULES))
    if raw.strip().lower() == "none":
        return urlstate.Read([])
    read = urlstate.read_ids(params, "rules", list(RULES), limit=len(RULES))
    if not read.value:
        return urlstate.Read(list(DEFAULT_RULES), (read.message or "") +
                             f" Valid rules: {', '.join(RULES)}. Using the default rules.")
    return urlstate.Read([k for k in RULES if k in read.value],
                         read.message and read.message + f" Valid rules: {', '.join(RULES)}.")


def rules_param(enabled) -> str | None:
    """The URL value for a set of enabled rules (None when it is the default set)."""
    enabled = [k for k in RULES if k in set(enabled)]
    if enabled == DEFAULT_RULES:
        return None
    return ",".join(enabled) if enabled else "none"
