"""The consistency suite: what two pages show about the same organisation agrees.

Facts are read from what each page renders (its HTML tables, via tests/page_reader.py), never
by calling one function twice: for every organisation, the latest rating, its publication date
as worded, its age and its standard ratings, as Overview, League tables, Area profile and
Follow-up show them. A fact that differs between two pages fails, naming both pages and both
values; ``test_the_suite_catches_*`` re-introduce the bugs this suite exists for and show it
fails on them."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer import config
from tests.page_reader import tables_of
from tests.test_pages import open_page

FIELDS = ("rating", "published", "age")


def _csv(name):
    with open(config.ROOT / "data" / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def disagreements(a_name: str, a: dict, b_name: str, b: dict, fields=FIELDS) -> list[str]:
    """Every (organisation, field) both pages show with different values, in words."""
    out = []
    for org in sorted(set(a) & set(b)):
        for f in fields:
            if f in a[org] and f in b[org] and a[org][f] != b[org][f]:
                out.append(f"{org} {f}: {a_name} shows {a[org][f]!r}, {b_name} shows {b[org][f]!r}")
    return out


def _facts(table, rating="Overall rating", published="Published", age="Age"):
    return {org: {"rating": r.get(rating), "published": r.get(published), "age": r.get(age),
                  "programme": r.get("Programme")}
            for org, r in table.by_org().items()}


@pytest.fixture(scope="module")
def overview():
    """Overview, latest period: one table per provider type."""
    facts = {}
    for t in tables_of(open_page("overview.py")):
        if t.caption.endswith("overall rating (Latest rating of each organisation (all years))"):
            facts |= _facts(t)
    return facts


@pytest.fixture(scope="module")
def league_tables():
    """The league table of every four-point programme."""
    out = {}
    for p in _csv("programmes.csv"):
        if p["rating_kind"] != "four-point":
            continue
        tables = [t for t in tables_of(open_page("league_table.py", period=p["programme_id"]))
                  if "Rank" in t.headers]
        assert tables, p["programme_id"]
        out[p["name"]] = (_facts(tables[0], age="Age of rating"), tables[0], p["programme_id"])
    return out


def test_overview_lists_every_current_organisation_once(overview):
    orgs = _csv("organisations.csv")
    superseded = {r["predecessor_org_id"] for r in _csv("organisation_successions.csv")}
    rated = {r["org_id"] for r in _csv("inspections.csv") if r["overall_rating"]}
    wanted = {o["org_id"] for o in orgs if o["org_id"] not in superseded
              and (o["org_type"] not in ("national", "nps_region") or o["org_id"] in rated)}
    assert set(overview) == wanted


def test_overview_and_league_tables_agree_on_every_latest_rating(overview, league_tables):
    problems = []
    for programme, (facts, _, _) in league_tables.items():
        mine = {o: f for o, f in overview.items() if f["programme"] == programme}
        problems += disagreements("Overview", mine, f"League table ({programme})", facts)
    assert problems == []


AREA_SAMPLE = ["nps-n58", "pdu-n54cle", "region-n53", "pdu-n57kecl", "crc-c03", "national", "pdu-ldnhkr",
               "pdu-n52stst"]


@pytest.fixture(scope="module")
def areas():
    out = {}
    for org in AREA_SAMPLE:
        at = open_page("area.py", org=org)
        assert not at.exception, org
        out[org] = (at, tables_of(at))
    return out


def test_area_profiles_agree_with_overview_and_league_tables(overview, league_tables, areas):
    problems = []
    for org, (_at, tables) in areas.items():
        inspections = next((t for t in tables if t.caption.startswith("Inspections of")), None)
        if org not in overview or not overview[org]["rating"] or inspections is None:
            continue
        # the row of the latest rated inspection: same programme, published and age as Overview
        want = overview[org]
        row = next((r for r in inspections.rows if r.get("Programme") == want["programme"]
                    and r.get("Published") == want["published"]), None)
        if row is None:
            problems.append(f"{org}: Area profile has no inspection row matching Overview's {want}")
            continue
        area = {org: {"rating": row["Overall rating"], "published": row["Published"], "age": row["Age"]}}
        problems += disagreements("Overview", {org: want}, "Area profile", area)
    assert problems == []


def test_standard_ratings_agree_between_area_profile_and_league_table(league_tables, areas):
    """e.g. NPS South West region's statutory victim work: the same word on both pages."""
    problems = []
    for org, (_at, tables) in areas.items():
        grid = next((t for t in tables if t.caption.startswith("Standard ratings of")), None)
        if grid is None:
            continue
        for programme, (_, league, pid) in league_tables.items():
            row = league.by_org().get(org)
            if row is None or row.get("Rank") in (None, "", "—"):
                continue  # not inspected in this programme: no grid column to compare
            for standard_row in grid.rows:
                name = standard_row.get("Standard")
                cells = [v for k, v in standard_row.items() if k.endswith(f"({pid})") and v]
                if name in row and row[name] not in cells:
                    problems.append(f"{org} {name}: League table ({programme}) shows {row[name]!r}, "
                                    f"Area profile shows {cells}")
    assert problems == []


def test_nps_south_west_victim_work_shows_on_every_page_that_shows_its_standards(league_tables, areas):
    held = next(r["rating"] for r in _csv("standard_ratings.csv")
                if r["standard"] == "statutory_victim_work"
                and r["inspection_id"] in {i["inspection_id"] for i in _csv("inspections.csv")
                                           if i["org_id"] == "nps-n58"})
    _, tables = areas["nps-n58"]
    grid = next(t for t in tables if t.caption.startswith("Standard ratings of"))
    assert held in next(r for r in grid.rows if r["Standard"] == "Statutory victim work").values()
    league = next(t for name, (_, t, _) in league_tables.items() if "nps-n58" in t.by_org())
    assert league.by_org()["nps-n58"]["Statutory victim work"] == held


def test_follow_up_agrees_with_overview(overview):
    watch = next(t for t in tables_of(open_page("follow_up.py")) if "need follow-up" in t.caption)
    facts = {o: {"rating": r["Latest rating"]} for o, r in watch.by_org().items()}
    assert facts and disagreements("Overview", overview, "Follow-up", facts, fields=("rating",)) == []


def test_superseded_pdus_show_only_in_their_own_programme(overview, league_tables):
    superseded = {r["predecessor_org_id"] for r in _csv("organisation_successions.csv")}
    successors = {r["successor_org_id"] for r in _csv("organisation_successions.csv")}
    assert not superseded & set(overview) and successors <= set(overview)
    old_round = next(t for name, (_, t, _) in league_tables.items()
                     if name.startswith("Probation Delivery Unit inspections 2021"))
    assert superseded <= set(old_round.by_org()) and not successors & set(old_round.by_org())


# ---- the suite catches the bugs it exists for ---------------------------------------------

def test_the_suite_catches_a_rating_missing_on_one_page(overview):
    broken = {o: dict(f) for o, f in overview.items()}
    broken["nps-n58"]["rating"] = "Not published"  # the 2020/21 NPS-region bug, re-introduced
    problems = disagreements("Overview", overview, "Area profile", broken)
    assert problems == ["nps-n58 rating: Overview shows 'Good', Area profile shows 'Not published'"]


def test_the_suite_catches_two_ages_for_one_inspection(overview):
    undated = next(o for o, f in overview.items() if f["age"] and "estimated" in f["age"])
    broken = {undated: {**overview[undated], "age": "Date not in our data"}}
    problems = disagreements("Overview", overview, "League table", broken)
    assert len(problems) == 1 and overview[undated]["age"] in problems[0] and "Date not in our data" in problems[0]


def test_known_gaps_read_the_same_on_overview_and_methods():
    """HMIP's published counts we fall short of are stated, with the same words, on both pages;
    the numbers come from data/known_gaps.csv (read here with the csv module)."""
    import csv

    from tests.test_pages import open_page

    with (Path(__file__).resolve().parents[1] / "data" / "known_gaps.csv").open(newline="", encoding="utf-8-sig") as f:
        gaps = list(csv.DictReader(f))
    assert gaps

    def lines(at):
        return [m.value for m in at.markdown if m.value.startswith("- **") and "HMIP counted" in m.value]

    methods = lines(open_page("methods.py"))
    overview_all = lines(open_page("overview.py"))
    assert sorted(methods) == sorted(overview_all) and len(methods) == len(gaps)
    for gap in gaps:
        line = next(x for x in methods if gap["period"] in x and f"**{gap['published_count']}**" in x
                    and gap["source_url"] in x)
        if gap["held_count"]:
            missing = int(gap["published_count"]) - int(gap["held_count"])
            assert f"holds **{gap['held_count']}**" in line and f"**{missing}**" in line
        else:
            assert "could not be established" in line
        own = lines(open_page("overview.py", period=gap["programme_id"]))
        assert own == [line]  # a programme's Overview shows its own gap, the same sentence
