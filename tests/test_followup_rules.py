"""Each follow-up rule on a small fixture built here, then combine/sort, scope and URL reading.

Everything in the ORGS / STANDARDS / LINEAGE / FINDINGS fixtures below is MADE UP for these
tests (organisation ids start with "t-"); none of it is, or should be read as, real data."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer import followup, measures, stats


def _org(org_id, rating=None, *, era="unified", valid_to=None, previous=None, programme="pdu-2023",
         previous_programme="pdu-2023", sort_date=None, published_on=None, precision="day", cases=None,
         org_type="pdu", age=None, age_label=None):
    """A made-up organisation row shaped like organisation_facts.sql (ages as the database's
    age rule would give them on 2025-12-10: passed in, never computed here)."""
    rank = {"Outstanding": 4, "Good": 3, "Requires improvement": 2, "Inadequate": 1}
    status = "current" if era == "unified" and valid_to is None else "ceased"
    return {"status": status, "age_months": age, "age_label": age_label or (f"{age} months" if age else None),
            "last_inspection_id": f"{org_id}-insp" if rating else None,
            "last_programme_name": "Test programme" if rating else None,
            "last_published_label": published_on,
            "last_source_url": f"https://example.test/{org_id}" if rating else None,
            "coverage_label": "Rated" if rating else "Not inspected in this programme",
            "coverage_programme": "Test programme",
            "published_label": published_on,
            **{"org_id": org_id, "name": f"Test {org_id}", "org_type": org_type, "provider_label": org_type,
            "display_order": 5, "era": era, "valid_to": valid_to, "region_name": "Test region",
            "inspection_id": f"{org_id}-insp" if rating else None, "programme": programme if rating else None,
            "overall_rating": rating, "overall_rank": rank.get(rating), "published_on": published_on,
            "published_precision": precision if rating else None,
            "sort_date": pd.Timestamp(sort_date) if sort_date else None, "cases_inspected": cases,
            "source_url": f"https://example.test/{org_id}" if rating else None,
            "previous_inspection_id": f"{org_id}-prev" if previous else None,
            "previous_programme": previous_programme if previous else None,
            "previous_rating": previous, "previous_rank": rank.get(previous),
            "previous_published_on": "2020-01" if previous else None,
            "previous_source_url": None}}


ORGS = pd.DataFrame([
    _org("t-inad", "Inadequate", previous="Good", sort_date="2025-06-01", published_on="2025-06", cases=50, age=6),
    _org("t-ri", "Requires improvement", previous="Good", previous_programme="pdu-2021",
         sort_date="2022-03-15", published_on="2022-03-15", age=44),
    _org("t-good", "Good", previous="Requires improvement", sort_date="2025-07-01", published_on="2025",
         precision="year",
         age=5, age_label="about 5 months (year known only)"),
    _org("t-none"),
    _org("t-crc", "Good", era="crc-nps", valid_to=pd.Timestamp("2021-06-25"), sort_date="2019-05-01",
         published_on="2019-05", org_type="crc", age=79),
    _org("t-nps", "Requires improvement", era="crc-nps", valid_to=pd.Timestamp("2021-06-25"), sort_date="2019-06-01",
         published_on="2019-06", org_type="nps_division", age=78),
])
ORGS["overall_rank"] = ORGS["overall_rank"].astype("Float64")
ORGS["previous_rank"] = ORGS["previous_rank"].astype("Float64")


def test_scope_current_keeps_unified_organisations_that_have_not_ended():
    assert set(followup.in_scope(ORGS, "current")["org_id"]) == {"t-inad", "t-ri", "t-good", "t-none"}
    assert len(followup.in_scope(ORGS, "all")) == len(ORGS)
    with pytest.raises(ValueError):
        followup.in_scope(ORGS, "later")


def test_inadequate_rule():
    got = followup.rule_inadequate(ORGS)
    assert list(got["org_id"]) == ["t-inad"]
    assert "Overall Inadequate" in got.loc[0, "reason"] and got.loc[0, "source_url"] == "https://example.test/t-inad"


def test_standard_inadequate_only_counts_the_latest_inspection():
    standards = pd.DataFrame([
        {"inspection_id": "t-ri-insp", "org_id": "t-ri", "standard": "planning", "standard_name": "Planning",
         "rating": "Inadequate", "source_url": "https://example.test/s1"},
        {"inspection_id": "t-ri-insp", "org_id": "t-ri", "standard": "reviewing", "standard_name": "Reviewing",
         "rating": "Inadequate", "source_url": "https://example.test/s1"},
        {"inspection_id": "t-good-insp", "org_id": "t-good", "standard": "staff", "standard_name": "Staff",
         "rating": "Good", "source_url": "https://example.test/s2"},
        {"inspection_id": "t-good-prev", "org_id": "t-good", "standard": "staff", "standard_name": "Staff",
         "rating": "Inadequate", "source_url": "https://example.test/s3"},  # an older inspection
    ])
    got = followup.rule_standard_inadequate(ORGS, standards)
    assert list(got["org_id"]) == ["t-ri"]
    assert got.loc[0, "reason"].startswith("2 standard(s) Inadequate: Planning, Reviewing")


def test_declined_rule_counts_steps_and_notes_framework_changes():
    one = followup.rule_declined(ORGS, steps=1)
    assert set(one["org_id"]) == {"t-inad", "t-ri"}  # Good -> Inadequate (2 steps), Good -> RI (1 step)
    assert set(followup.rule_declined(ORGS, steps=2)["org_id"]) == {"t-inad"}
    assert followup.rule_declined(ORGS, steps=3).empty
    ri = one.set_index("org_id").loc["t-ri", "reason"]
    assert "Declined from Good" in ri and "not strictly comparable" in ri  # pdu-2021 -> pdu-2023
    assert "not strictly comparable" not in one.set_index("org_id").loc["t-inad", "reason"]


def test_predecessor_rule_all_versus_any():
    lineage = pd.DataFrame({"successor_org_id": ["t-inad", "t-inad", "t-ri", "t-ri", "t-good"],
                            "predecessor_org_id": ["t-crc", "t-nps", "t-crc", "t-nps", "t-nps"]})
    current = followup.in_scope(ORGS, "current")
    # t-inad (Inadequate) is worse than both Good and RI; t-ri (RI) only than the Good CRC;
    # t-good is better than its RI predecessor.
    every = followup.rule_predecessor(current, lineage, "all", all_orgs=ORGS)
    assert list(every["org_id"]) == ["t-inad"]
    assert "Test t-crc Good" in every.loc[0, "reason"] and "Test t-nps Requires improvement" in every.loc[0, "reason"]
    anyone = followup.rule_predecessor(current, lineage, "any", all_orgs=ORGS)
    assert set(anyone["org_id"]) == {"t-inad", "t-ri"}
    assert "t-nps" not in anyone.set_index("org_id").loc["t-ri", "reason"]


def test_predecessor_without_rated_predecessor_gives_no_reason():
    lineage = pd.DataFrame({"successor_org_id": ["t-inad"], "predecessor_org_id": ["t-none"]})
    assert followup.rule_predecessor(ORGS, lineage, "any").empty


def test_stale_rule_threshold_and_wording():
    # ages (the database's age rule, given in the fixture): t-inad 6, t-ri 44, t-good 5 (year only)
    got = followup.rule_stale(ORGS, months=24)
    assert list(got["org_id"]) == ["t-ri"]  # the ended CRC (2019) is not flagged: it cannot be inspected again
    assert "44 months ago" in got.loc[0, "reason"]
    # a threshold of 4 flags t-good too, and its reason carries the age rule's "year known only"
    four = followup.rule_stale(ORGS, months=4).set_index("org_id")
    assert set(four.index) == {"t-ri", "t-good", "t-inad"}
    assert "year known only" in four.loc["t-good", "reason"]


def test_no_rating_rule_only_current_organisations_and_says_why():
    got = followup.rule_no_rating(ORGS)
    assert list(got["org_id"]) == ["t-none"]
    assert "Not inspected in this programme (Test programme)" in got.loc[0, "reason"]


def test_superseded_organisations_are_not_current():
    orgs = pd.concat([ORGS, pd.DataFrame([{**_org("t-old"), "status": "superseded"}])], ignore_index=True)
    assert "t-old" not in set(followup.in_scope(orgs, "current")["org_id"])
    assert "t-old" not in set(followup.rule_no_rating(orgs)["org_id"])


def _finding(fid, org_id, measure, value, n, unit="percent", level="PDU", period="2024"):
    return {"finding_id": fid, "inspection_id": f"{org_id}-insp" if org_id else None,
            "organisation": org_id or "National test figure", "level": level, "period": period,
            "topic": "other", "measure": measure, "value": value, "unit": unit, "denominator_n": n,
            "source_url": f"https://example.test/{fid}", "confidence": "verified", "org_id": org_id,
            "org_name": f"Test {org_id}" if org_id else None, "org_type": "pdu" if org_id else None,
            "programme": None, "sort_date": None}


# Hand-checked with Y ~ Binomial(50, 0.5): P(Y <= 10) = 1.2e-5 (< 0.001), P(Y <= 17) = 0.0164
# (< 0.025 but > 0.001), P(Y <= 20) = 0.101.
FINDINGS = pd.DataFrame([
    _finding("T1", None, "cases needing a domestic abuse enquiry with police where one was made", 50, None,
             level="national"),
    _finding("T2", "t-inad", "cases where domestic abuse information was NOT requested", 40, 50, unit="count"),
    _finding("T3", "t-ri", "relevant cases where domestic abuse information was NOT requested", 33, 50, unit="count"),
    _finding("T4", "t-good", "cases where domestic abuse information was NOT requested", 30, 50, unit="count"),
    _finding("T5", "t-none", "cases where domestic abuse information was NOT requested from police", 60, None),
])


def test_finding_below_rule_uses_the_flipped_value_and_the_level():
    table = measures.findings_table(FINDINGS)
    by_id = table.set_index("finding_id")
    # 40 of 50 NOT requested -> 10 of 50 requested (20%); 33 -> 17 of 50; 30 -> 20 of 50
    assert by_id.loc["T2", "successes"] == 10 and by_id.loc["T2", "percent"] == 20
    assert by_id.loc["T2", "funnel_class"] == "below 99.8%"
    assert by_id.loc["T3", "funnel_class"] == "below 95%"
    assert by_id.loc["T4", "funnel_class"] == "within"
    assert by_id.loc["T5", "funnel_class"] == stats.NOT_TESTED  # no n: cannot be significantly below
    at95 = followup.rule_finding_below(ORGS, table, stats.LEVEL_95)
    assert set(at95["org_id"]) == {"t-inad", "t-ri"}
    assert "flipped" in at95.set_index("org_id").loc["t-inad", "reason"]
    at998 = followup.rule_finding_below(ORGS, table, stats.LEVEL_998)
    assert list(at998["org_id"]) == ["t-inad"]


def test_combine_lists_every_reason_and_sorts_by_severity_then_number():
    reasons = followup.run_rules(
        followup.in_scope(ORGS, "current"), enabled=followup.DEFAULT_RULES,
        standards=pd.DataFrame(columns=["inspection_id", "org_id", "standard", "standard_name", "rating",
                                        "source_url"]),
        lineage=pd.DataFrame({"successor_org_id": ["t-good"], "predecessor_org_id": ["t-crc"]}),
        findings=measures.findings_table(FINDINGS), months=24, all_orgs=ORGS)
    watch = followup.combine(ORGS, reasons)
    # Scored (data every organisation can have): t-inad inadequate 4 + declined 3 = 7; t-ri declined 3 +
    # stale 1 = 4; t-none no inspection 1 (on by default). Their findings below the benchmark are
    # evidence held, listed but not scored. t-good: Good = its Good CRC, so not listed.
    assert list(watch["org_id"]) == ["t-inad", "t-ri", "t-none"]
    assert list(watch["severity"]) == [7, 4, 1] and list(watch["n_reasons"]) == [2, 2, 1]
    assert watch.loc[0, "reasons"].startswith("(1) Overall Inadequate")
    assert watch.loc[0, "evidence_held"].startswith("(1) ") and "T2" in watch.loc[0, "evidence_held"]
    assert "T2" not in watch.loc[0, "reasons"]
    assert watch.loc[0, "evidence"] == "50 cases: moderate" and watch.loc[1, "evidence"] == "n not published"
    long = followup.download_frame(watch, reasons)
    assert len(long) == 7 and list(long["org_id"][:3]) == ["t-inad"] * 3
    assert set(long["source_url"]) >= {"https://example.test/t-inad", "https://example.test/T2"}


def test_combine_more_reasons_break_severity_ties():
    reasons = pd.DataFrame([
        {"org_id": "t-ri", "rule": "declined", "severity": 3, "reason": "a", "source_url": None},
        {"org_id": "t-good", "rule": "stale", "severity": 1, "reason": "b", "source_url": None},
        {"org_id": "t-good", "rule": "predecessor", "severity": 2, "reason": "c", "source_url": None},
    ])
    assert list(followup.combine(ORGS, reasons)["org_id"]) == ["t-good", "t-ri"]


def test_run_rules_with_nothing_enabled_is_empty():
    empty = followup.run_rules(ORGS, enabled=[], standards=None, lineage=None, findings=None, months=24)
    assert empty.empty and list(empty.columns) == followup.REASON_COLS
    assert followup.combine(ORGS, empty).empty


def test_read_rules_from_url():
    assert followup.read_rules({}).value == followup.DEFAULT_RULES
    assert followup.read_rules({"rules": "none"}).value == []
    got = followup.read_rules({"rules": "stale,inadequate"})
    assert got.value == ["inadequate", "stale"] and got.message is None
    bad = followup.read_rules({"rules": "stale,nonsense"})
    assert bad.value == ["stale"] and "nonsense" in bad.message and "Valid rules" in bad.message
    only_bad = followup.read_rules({"rules": "nonsense"})
    assert only_bad.value == followup.DEFAULT_RULES and "nonsense" in only_bad.message


def test_rules_param_round_trip():
    assert followup.rules_param(followup.DEFAULT_RULES) is None
    assert followup.rules_param([]) == "none"
    assert followup.rules_param(["stale", "inadequate"]) == "inadequate,stale"
    assert followup.read_rules({"rules": followup.rules_param(["stale", "no_rating"])}).value == ["stale", "no_rating"]
