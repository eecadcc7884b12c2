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
    held = {(r["inspection_id"],
             r["rating"]) for r in _csv("standard_ratings.csv") if r["standard"] == "through_the_gate"}
    frame = db.run(con, "prison_work_ratings", standard="through_the_gate", org_type="crc")
    got = {(i, r) for i, r in zip(frame["inspection_id"], frame["rating"], strict=True) if isinstance(r, str)}
    assert got == held
    crcs = {r["org_id"] for r in _csv("organisations.csv") if r["org_type"] == "crc"}
    assert set(frame["org_id"]) == crcs


def test_every_resettlement_rating_is_listed(con):
    held = {(r["inspection_id"], r["rating"]) for r in _csv("standard_ratings.csv") if r["standard"] == "resettlement"}
    frame = db.run(con, "prison_work_ratings", standard="resettlement", org_type="region")
    got = {(i, r) for i, r in zip(frame["inspection_id"], frame["rating"], strict=True) if isinstance(r, str)}
    assert got == held
    regions = {r["org_id"] for r in _csv("organisations.csv") if r["org_type"] == "region"}
    assert set(frame["org_id"]) == regions


def _frame(*rows):
    return pd.DataFrame(rows, columns=["org_id", "inspection_id", "rating", "state", "state_label"])


def test_coverage_words_and_labels():
    """Made-up rows (ids test-…): one rated, one inspected without the rating, one not known."""
    frame = _frame(("test-a", "test-a1", "Good", "rated", None),
                   ("test-a", "test-a2", None, "not published", None),
                   ("test-b", "test-b1", None, "not published", None),
                   ("test-c", None, None, "not_known", "Not known whether inspected"),
                   ("test-d", None, None, "inspected_not_in_data", "Inspected, rating not in our data"))
    text = prison.coverage(frame, "CRC", "Through the Gate")
    assert text.startswith("1 of 4 CRCs has a Through the Gate rating in our data")
    assert "2 were inspected and rated by HMIP but the rating is not in our data" in text
    assert "for 1 no inspection is in our data (1 not known whether inspected)" in text
    assert prison.with_labels(frame)["shown"].tolist() == [
        "Good", "Not published", "Not published", "Not known whether inspected", "Inspected, rating not in our data"]
    assert prison.rating_counts(frame) == "1 Good"


def test_every_row_shows_a_word(con):
    for standard, org_type in (("through_the_gate", "crc"), ("resettlement", "region")):
        shown = prison.with_labels(db.run(con, "prison_work_ratings", standard=standard, org_type=org_type))["shown"]
        assert shown.map(lambda v: isinstance(v, str) and v != "").all()


def test_findings_are_about_prison_or_release(con):
    found = db.run(con, "prison_work_findings")
    words = ("resettle", "through the gate", "prison", "custody", "licence cases", "post-release", "released")
    assert not found.empty
    assert all(any(w in m.lower() for w in words) for m in found["measure"])
    victims = [r["finding_id"] for r in _csv("findings.csv") if "victim" in r["measure"].lower()]
    assert not set(victims) & set(found["finding_id"])
