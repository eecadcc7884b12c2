"""The prison-work lens: every Through the Gate and Resettlement rating we hold is listed, and
coverage says how many organisations have one and why the rest do not."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from explorer import db, prison

ROOT = Path(__file__).resolve().parents[1]


def _csv(name):
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_every_through_the_gate_rating_is_listed(con):
    held = {(r["inspection_id"], r["rating"]) for r in _csv("standard_ratings.csv") if r["standard"] == "through_the_gate"}
    frame = db.run(con, "prison_work_ratings", standard="through_the_gate", org_type="crc")
    got = {(i, r) for i, r in zip(frame["inspection_id"], frame["rating"]) if isinstance(r, str)}
    assert got == held
    crcs = {r["org_id"] for r in _csv("organisations.csv") if r["org_type"] == "crc"}
    assert set(frame["org_id"]) == crcs


def test_every_resettlement_rating_is_listed(con):
    held = {(r["inspection_id"], r["rating"]) for r in _csv("standard_ratings.csv") if r["standard"] == "resettlement"}
    frame = db.run(con, "prison_work_ratings", standard="resettlement", org_type="region")
    got = {(i, r) for i, r in zip(frame["inspection_id"], frame["rating"]) if isinstance(r, str)}
    assert got == held
    regions = {r["org_id"] for r in _csv("organisations.csv") if r["org_type"] == "region"}
    assert set(frame["org_id"]) == regions


def _frame(*rows):
    return pd.DataFrame(rows, columns=["org_id", "inspection_id", "rating", "state"])


def test_coverage_words_and_labels():
    frame = _frame(("test-a", "test-a1", "Good", "rated"), ("test-a", "test-a2", None, "not published"),
                   ("test-b", "test-b1", None, "not published"), ("test-c", None, None, "not in our data"))
    text = prison.coverage(frame, "CRC", "Through the Gate")
    assert text.startswith("1 of 3 CRCs has a Through the Gate rating in our data")
    assert "1 was inspected and rated by HMIP but the rating is not in our data" in text
    assert "for 1 no inspection under this programme is in our data" in text
    assert prison.with_labels(frame)["shown"].tolist() == ["Good", "Not published", "Not published",
                                                          "No rating in our data"]
    assert prison.rating_counts(frame) == "1 Good"


def test_findings_are_about_prison_or_release(con):
    found = db.run(con, "prison_work_findings")
    words = ("resettle", "through the gate", "prison", "custody", "licence cases", "post-release", "released")
    assert not found.empty
    assert all(any(w in m.lower() for w in words) for m in found["measure"])
    victims = [r["finding_id"] for r in _csv("findings.csv") if "victim" in r["measure"].lower()]
    assert not set(victims) & set(found["finding_id"])
