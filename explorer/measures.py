"""Findings as proportions with honest uncertainty (no Streamlit).

HMIP findings recur under slightly different wordings, and some count the shortfall
("checks NOT made") where others count the good outcome ("checks made"). This module

* groups findings into a few measures by explicit, tested wording patterns (anything not
  matched stays on its own, under its own wording, with no direction of "better");
* turns every proportion into a percentage oriented the "sufficient" way: a shortfall
  measure is flipped (value -> 100 - value; a count k of n -> n - k), and says so;
* adds Wilson intervals at 95% and 99.8% where the number of cases n is published, and
  says "n not published" (no interval) where it is not;
* picks one benchmark per measure: the national figure in our data for that measure closest
  in time to the areas' findings, or, where our data has none, the pooled value of the areas
  with n (said so), and tests each area against it with the exact binomial test that the
  funnel plot draws (stats.classify_against_funnel).

Findings with unit 'percent', or 'count' with a denominator (k of n cases), are proportions;
other counts and ratios are left out of this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer import stats


@dataclass(frozen=True)
class MeasureGroup:
    key: str
    label: str             # the measure in its "sufficient" orientation
    include: str           # regex (case-insensitive) a measure's wording must match
    exclude: str = ""      # regex (case-insensitive) that rules a wording out
    shortfall: str = ""    # regex (case-SENSITIVE) marking wordings that count the shortfall


# Wordings that count the shortfall besides "NOT" in capitals (the data README's convention).
_SHORTFALL = r"\bNOT\b|but was not|\bno request\b|insufficient|without effective|missing|inaccurate"

GROUPS: tuple[MeasureGroup, ...] = (
    MeasureGroup(
        "keep_safe", "Cases where work to keep other people safe (implementation and delivery) was sufficient",
        include=r"^(?=.*(implementation and delivery|delivery of services|sufficient in work to keep"
                r"|sufficient work to reduce risk)).*(safe|risk of harm)",
        exclude=r"assignments|assessment"),
    MeasureGroup(
        "manage_risk", "Cases where arrangements to manage risk of serious harm were sufficient",
        include=r"arrangements to manage identified risks|management of risk of serious harm was sufficient"),
    MeasureGroup(
        "da_requested", "Cases where domestic abuse information was requested from the police where needed",
        include=r"domestic abuse (information|checks|enquiry)", exclude=r"\b(used|received)\b",
        shortfall=_SHORTFALL),
    MeasureGroup(
        "cs_requested", "Cases where child safeguarding information was requested where needed",
        include=r"safeguarding information (should have been|was not) requested|safeguarding enquiry",
        exclude=r"\b(used|received)\b", shortfall=_SHORTFALL),
    MeasureGroup(
        "da_info_used", "Cases where domestic abuse information was used sufficiently",
        include=r"domestic abuse information (was used|received)", shortfall=_SHORTFALL),
    MeasureGroup(
        "rosh_assessment", "Cases where assessment of risk of serious harm was sufficient",
        include=r"assessment of (the )?risk of (serious )?harm|risk assessment was sufficient"
                r"|assessment was sufficiently focused on keeping people safe|risk of harm .*NOT adequately assessed",
        shortfall=_SHORTFALL),
    MeasureGroup(
        "rosh_classification", "Cases with an accurate risk of serious harm classification",
        include=r"risk of serious harm classification", shortfall=_SHORTFALL),
    MeasureGroup(
        "oversight", "Cases where management oversight was sufficient",
        include=r"management oversight", exclude=r"surveyed|policies", shortfall=_SHORTFALL),
)
GROUP_BY_KEY = {g.key: g for g in GROUPS}

NATIONAL_LEVELS = ("national",)


def group_of(measure: str) -> MeasureGroup | None:
    """The measure group a wording belongs to, or None (it then stands alone)."""
    for group in GROUPS:
        if re.search(group.include, measure, re.I) and not (group.exclude and re.search(group.exclude, measure, re.I)):
            return group
    return None


def is_shortfall(measure: str, group: MeasureGroup | None) -> bool:
    """True when the wording counts the shortfall: "NOT" in capitals always (data README),
    and, within a group, the group's other shortfall wordings (e.g. "should have been
    requested but was not")."""
    if re.search(r"\bNOT\b", measure):
        return True
    return bool(group and group.shortfall and re.search(group.shortfall, measure))


def year_of(period) -> float:
    """First four-digit year in a finding's period text ("2022/23 (pub 2023-09)" -> 2022)."""
    found = re.search(r"(19|20)\d\d", str(period))
    return float(found.group(0)) if found else np.nan


def proportions(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings that are proportions, oriented and with Wilson intervals.

    Input: the followup_findings query. Output adds: group_key, group_label (the group's
    label, or the wording itself), flipped (bool), flip_note, successes (whole cases, where
    n is known), n, percent (oriented, 0-100), lower_95, upper_95, lower_998, upper_998
    (percent; NaN where n is not published), evidence ('n not published' or a size label),
    small_sample (bool), is_national (bool).
    """
    # A share stated only in words has no value: it is shown as words, never as a number.
    findings = findings[findings["value"].notna()]
    usable = findings[(findings["unit"] == "percent")
                      | ((findings["unit"] == "count") & findings["denominator_n"].notna())].copy()
    rows = []
    for _, f in usable.iterrows():
        group = group_of(f["measure"])
        flip = is_shortfall(f["measure"], group) and group is not None
        n = f["denominator_n"]
        n = None if pd.isna(n) else float(n)
        if f["unit"] == "count":
            k = float(f["value"])
            pct = 100 * k / n
        else:
            pct = float(f["value"])
            k = float(stats.count_from_percent(pct, n)) if n else np.nan
        if flip:
            pct = 100 - pct
            k = n - k if n else np.nan
        lo95 = hi95 = lo998 = hi998 = np.nan
        if n:
            lo95, hi95 = (100 * b for b in stats.wilson_interval(k, n, stats.LEVEL_95))
            lo998, hi998 = (100 * b for b in stats.wilson_interval(k, n, stats.LEVEL_998))
        rows.append({
            **f.to_dict(),
            "group_key": group.key if group else f"finding:{f['finding_id']}",
            "group_label": group.label if group else f["measure"],
            "flipped": flip,
            "flip_note": (f"shortfall measure flipped: published {f['value']:g}"
                          f"{'%' if f['unit'] == 'percent' else f' of {n:g}'}, shown as 100 minus it"
                          if flip else ""),
            "successes": k, "n": n, "percent": pct,
            "lower_95": lo95, "upper_95": hi95, "lower_998": lo998, "upper_998": hi998,
            "evidence": stats.evidence_strength(n),
            "small_sample": stats.is_small_sample(n),
            "is_national": f["level"] in NATIONAL_LEVELS,
        })
    cols = [*list(usable.columns), "group_key", "group_label", "flipped", "flip_note", "successes", "n", "percent",
            "lower_95", "upper_95", "lower_998", "upper_998", "evidence", "small_sample", "is_national"]
    return pd.DataFrame(rows, columns=cols)


def benchmarks(props: pd.DataFrame) -> pd.DataFrame:
    """One benchmark per measure group that has at least one area finding with n.

    The national figure of the group closest in time (by year) to the median year of the
    group's area findings with n (ties: the one with n, then the later one); where our data
    has no national figure for the group, the pooled value sum(cases)/sum(n) of the group's
    area findings with n, when there are at least two of them. Returns group_key,
    benchmark_pct, benchmark_basis (plain words), benchmark_finding_id, benchmark_source_url.
    """
    cols = ["group_key", "benchmark_pct", "benchmark_basis", "benchmark_finding_id", "benchmark_source_url"]
    out = []
    areas = props[~props["is_national"] & props["n"].notna() & props["org_id"].notna()]
    for key, part in areas.groupby("group_key", sort=True):
        national = props[props["is_national"] & (props["group_key"] == key)].copy()
        if not national.empty:
            years = part["period"].map(year_of)
            target_year = float(np.nanmedian(years)) if years.notna().any() else np.nan
            national["_gap"] = (national["period"].map(year_of) - target_year).abs()
            national["_has_n"] = national["n"].notna()
            national["_year"] = national["period"].map(year_of)
            best = national.sort_values(["_gap", "_has_n", "_year"], ascending=[True, False, False]).iloc[0]
            flip = " (shortfall flipped)" if best["flipped"] else ""
            out.append({"group_key": key, "benchmark_pct": best["percent"],
                        "benchmark_basis": f"national: {best['percent']:.0f}%{flip}, {best['organisation']}, "
                                           f"{best['period']} ({best['finding_id']}: \"{best['measure']}\")",
                        "benchmark_finding_id": best["finding_id"], "benchmark_source_url": best["source_url"]})
        elif len(part) >= 2:
            pooled = 100 * part["successes"].sum() / part["n"].sum()
            out.append({"group_key": key, "benchmark_pct": pooled,
                        "benchmark_basis": f"no national figure in our data: pooled value of the {len(part)} "
                                           f"area findings with n ({int(part['successes'].sum())} of "
                                           f"{int(part['n'].sum())} cases)",
                        "benchmark_finding_id": None, "benchmark_source_url": None})
    return pd.DataFrame(out, columns=cols)


COMPARISON = {"below 99.8%": "worse", "below 95%": "worse", "within": "similar",
              "above 95%": "better", "above 99.8%": "better"}


def with_comparison(props: pd.DataFrame, bench: pd.DataFrame) -> pd.DataFrame:
    """Add benchmark columns and, for area findings with n, the funnel class (exact binomial
    test against the benchmark) and 'better' / 'similar' / 'worse'. Without n, or without a
    benchmark, the comparison says why it was not tested."""
    out = props.merge(bench, on="group_key", how="left")
    funnel, words = [], []
    for _, r in out.iterrows():
        if r["is_national"] or pd.isna(r["org_id"]):
            funnel.append("national or aggregate figure")
            words.append("—")
        elif pd.isna(r["n"]):
            funnel.append(stats.NOT_TESTED)
            words.append("n not published")
        elif pd.isna(r["benchmark_pct"]):
            funnel.append("no benchmark")
            words.append("no benchmark in our data")
        else:
            cls = stats.classify_against_funnel(r["percent"], r["n"], r["benchmark_pct"] / 100)
            funnel.append(cls)
            grouped = r["group_key"] in GROUP_BY_KEY
            words.append(COMPARISON[cls] if grouped else {"worse": "lower", "better": "higher"}.get(
                COMPARISON[cls], COMPARISON[cls]))
    out["funnel_class"] = funnel
    out["vs_benchmark"] = words
    return out


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """proportions + benchmarks + comparison: the frame behind the page's tables and plots."""
    props = proportions(findings)
    return with_comparison(props, benchmarks(props))


def funnel_points(table: pd.DataFrame, group_key: str) -> pd.DataFrame:
    """Area findings with n for one measure group (the points of its funnel plot)."""
    part = table[(table["group_key"] == group_key) & table["n"].notna() & ~table["is_national"]
                 & table["org_id"].notna()]
    return part.sort_values(["n", "org_name"]).reset_index(drop=True)


def funnel_measures(table: pd.DataFrame) -> dict[str, str]:
    """Measure groups that can be drawn as a funnel: a benchmark and at least one area with n."""
    usable = table[table["n"].notna() & ~table["is_national"] & table["org_id"].notna()
                   & table["benchmark_pct"].notna()]
    keys = [g.key for g in GROUPS if g.key in set(usable["group_key"])]
    keys += sorted(set(usable["group_key"]) - set(keys))
    labels = usable.drop_duplicates("group_key").set_index("group_key")["group_label"]
    return {k: labels[k] for k in keys}


def _interval_text(lo, hi) -> str:
    return "n not published" if pd.isna(lo) else f"{lo:.0f}–{hi:.0f}%"


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """Text columns for tables and downloads: n_text ('n not published' or the number),
    ci_95 and ci_998 ('16–36%' or 'n not published'), who (organisation or the source's own
    description for national and aggregate rows), wording (the published measure, with the
    flip note where it was flipped)."""
    out = table.copy()
    out["n_text"] = out["n"].map(lambda n: "n not published" if pd.isna(n) else f"{n:,.0f}")
    out["ci_95"] = [_interval_text(lo, hi) for lo, hi in zip(out["lower_95"], out["upper_95"], strict=True)]
    out["ci_998"] = [_interval_text(lo, hi) for lo, hi in zip(out["lower_998"], out["upper_998"], strict=True)]
    out["who"] = [o if isinstance(o, str) else s for o, s in zip(out["org_name"], out["organisation"], strict=True)]
    out["wording"] = [m + (f" ({note})" if note else "")
                      for m, note in zip(out["measure"], out["flip_note"], strict=True)]
    return out
