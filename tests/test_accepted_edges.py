"""Nothing the validation accepts can crash a page: rows at the edge of every rule the
validation enforces (MADE UP for this test: a count equal to its cases, zero, a one-case sample,
100%, a ratio of 0, the longest cell allowed, a year-only date, no optional value at all) are
imported through the import path into a tmp copy, and every page then opens without an exception,
with the follow-up measures and the funnel plot drawn over them."""
from __future__ import annotations

import pytest

from explorer import build, imports
from explorer.validate import MAX_CELL
from tests.import_corpus import good_rows, to_csv
from tests.test_pages import PAGES, open_page


@pytest.fixture(scope="module")
def edge_env(tmp_path_factory):
    from tests.conftest import copy_data
    base = tmp_path_factory.mktemp("edges")
    data = copy_data(base)
    db_path = base / "probation.duckdb"
    build.build(data, db_path)
    good = good_rows(data)
    ins = {**good["inspections"], "published_on": "2025", "fieldwork_start": "", "overall_rating": ""}
    imports.import_file(data, db_path, "inspections", "edge-inspections.csv", to_csv([ins]), "edge test")
    fnd = good["findings"]
    edges = [
        {"value": "20", "unit": "count", "denominator_n": "20"},  # every case
        {"value": "0", "unit": "count", "denominator_n": "1"},  # none, of one case
        {"value": "100", "unit": "percent", "denominator_n": "1"},
        {"value": "0", "unit": "percent", "denominator_n": ""},
        {"value": "0", "unit": "ratio", "denominator_n": ""},
        {"value": "", "stated_as": "most", "unit": "percent", "denominator_n": "3"},
        {"value": "49.5", "unit": "percent", "denominator_n": "1534.0"},
        {"measure": "m" * MAX_CELL},
    ]
    rows = [{**fnd, "stated_as": "", **e, "finding_id": f"T95{i:02d}"} for i, e in enumerate(edges)]
    rows = [r if "measure" in e else {**r, "measure": f"{r['measure']} edge {i}"} for i, (r, e) in
            enumerate(zip(rows, edges, strict=True))]
    imports.import_file(data, db_path, "findings", "edge-findings.csv", to_csv(rows), "edge test")
    return data, db_path


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_over_accepted_edge_values(page, edge_env, monkeypatch):
    data, db_path = edge_env
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data))
    monkeypatch.setenv("PROBATION_DB", str(db_path))
    at = open_page(page)
    assert not at.exception, at.exception
    assert len(at.title) == 1


def test_follow_up_with_every_rule_and_the_funnel_over_edge_values(edge_env, monkeypatch):
    data, db_path = edge_env
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data))
    monkeypatch.setenv("PROBATION_DB", str(db_path))
    at = open_page("follow_up.py", rules="inadequate,standard_inadequate,declined,predecessor,finding_below,stale,"
                                         "no_rating", measure="assessment")
    assert not at.exception, at.exception
