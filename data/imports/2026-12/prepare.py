"""Turn the December 2026 additions (compiled from HMIP's reports and press coverage) into files
for the project's own import path. Run once, by hand, from the repository root:

    python data/imports/2026-12/prepare.py ../shared/data/additions-2026-12

It only reshapes: every value comes from the additions as supplied; nothing is inferred.
What it decides (and why) is in README.md beside it."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# HMIP's region names in the dynamic inspection reports → our region organisations.
REGIONS = {
    "Kent, Surrey and Sussex": ("dip-kss", "region-n57", "Kent, Surrey and Sussex region"),
    "South Central region": ("dip-sc", "region-n59", "South Central region"),
    "South West region": ("dip-sw", "region-n58", "South West region"),
    "Greater Manchester": ("dip-gm", "region-n50", "Greater Manchester region"),
    "West Midlands region": ("dip-wm", "region-n52", "West Midlands region"),
}
CASES = {"dip-kss": 56, "dip-sc": 56, "dip-sw": 64, "dip-gm": 72, "dip-wm": 84}
FIELDWORK = {"November 2025": "2025-11"}

# Each dynamic-inspection measure's topic, in the same vocabulary as data/findings.csv.
TOPICS = [
    ("keeping people safe: assessment", "assessment"),
    ("keeping people safe: implementation", "implementation"),
    ("keeping people safe: planning", "planning"),
    ("keeping people safe: reviewing", "reviewing"),
    ("staffing", "staffing"),
    ("assessing risk of harm", "risk_of_harm"),
    ("delivery of work to address risk of harm", "implementation"),
    ("domestic abuse", "domestic_abuse"),
    ("child protection", "safeguarding"),
    ("management oversight", "other"),
    ("probation delivery units in region", "other"),
    ("the threshold", "other"),
    ("keeping people safe in assessment", "risk_of_harm"),
    ("required standard to kee", "risk_of_harm"),
    ("effective work to keep people safe", "risk_of_harm"),
]


def topic_of(measure: str) -> str:
    return next(topic for words, topic in TOPICS if words in measure)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write(name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(source: Path) -> None:
    ins_header = ["inspection_id", "org_id", "programme", "name_in_source", "fieldwork_start", "published_on",
                  "overall_rating", "total_score", "max_score", "cases_inspected", "source_url", "confidence",
                  "date_basis", "note"]
    inspections = []
    for r in read(source / "dynamic_inspections.csv"):
        ins_id, org_id, _ = REGIONS[r["region"]]
        inspections.append({
            "inspection_id": ins_id, "org_id": org_id, "programme": "dynamic-2025",
            "name_in_source": f"Dynamic Inspection of Public Protection in {r['region']}",
            "fieldwork_start": FIELDWORK.get(r["fieldwork"], ""), "published_on": r["published_on"],
            "overall_rating": "", "total_score": "", "max_score": "", "cases_inspected": str(CASES[ins_id]),
            "source_url": r["source_url"], "confidence": r["confidence"], "date_basis": "", "note": r["note"],
        })
    write("dynamic_inspections.csv", ins_header, inspections)

    fieldwork = {row["inspection_id"]: row["fieldwork_start"] for row in inspections}
    f_header = ["finding_id", "inspection_id", "organisation", "level", "period", "topic", "measure", "value",
                "unit", "denominator_n", "source_url", "confidence", "stated_as"]
    findings = []
    for r in read(source / "dynamic_findings.csv"):
        if r["measure"] == "cases inspected":
            continue  # held once, as the inspection's cases_inspected
        ins_id, _, name = REGIONS[r["region"]]
        worded = r["unit"] not in ("count", "percent")
        findings.append({
            "finding_id": "", "inspection_id": ins_id, "organisation": f"Probation Service {name}",
            "level": "region", "period": fieldwork[ins_id] or "not stated (dynamic inspection)",
            "topic": topic_of(r["measure"]), "measure": r["measure"],
            "value": "" if worded else r["value"], "unit": "percent" if worded else r["unit"],
            "denominator_n": r["denominator_n"], "source_url": r["source_url"], "confidence": r["confidence"],
            "stated_as": r["value"] if worded else "",
        })
    write("dynamic_findings.csv", f_header, findings)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
