"""League tables: ranking rules, the standard grid's honest states, filters, sorting, the
region view and the CSV/Excel downloads. Frames built by hand here are made up for the
test (and say so); the rest runs on the real built database and is checked against the
CSV files read with the csv module."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd

from explorer import db, league, ratings
from explorer.charts import NO_RATING

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def made_up(rows) -> pd.DataFrame:
    """A made-up ratings_in_period frame (test data, not real organisations)."""
    base = dict(org_type="pdu", provider_label="PDU", parent_org_id=None, region_name=None, total_score=None,
                max_score=None, published_date=None, published_precision=None, published_on=None,
                source_url="https://example.org/test")
    frame = pd.DataFrame([base | r for r in rows])
    frame["inspection_id"] = [r.get("inspection_id", f"i-{r['org_id']}" if r.get("overall_rating") else None)
                              for r in rows]
    return frame


def ranks(table: pd.DataFrame) -> dict[str, object]:
    return {n: (None if pd.isna(r) else int(r)) for n, r in zip(table["name"], table["rank"], strict=True)}


# ---- ranking -------------------------------------------------------------------------------

def test_equal_ratings_share_a_rank_and_the_next_rank_skips():
    frame = made_up([
        dict(org_id="a", name="A", overall_rating="Good"),
        dict(org_id="b", name="B", overall_rating="Requires improvement"),
        dict(org_id="c", name="C", overall_rating="Good"),
        dict(org_id="d", name="D", overall_rating="Inadequate"),
        dict(org_id="e", name="E", overall_rating="Outstanding"),
    ])
    got = ranks(league.rank_table(frame))
    assert got == {"E": 1, "A": 2, "C": 2, "B": 4, "D": 5}


def test_unrated_organisations_are_listed_last_without_a_rank():
    frame = made_up([
        dict(org_id="z", name="Zed", overall_rating=None),
        dict(org_id="a", name="Alpha", overall_rating=None),
        dict(org_id="m", name="Mid", overall_rating="Inadequate"),
    ])
    table = league.rank_table(frame)
    assert list(table["name"]) == ["Mid", "Alpha", "Zed"]
    assert ranks(table) == {"Mid": 1, "Alpha": None, "Zed": None}


def test_scores_order_a_band_only_when_every_member_has_one():
    frame = made_up([
        # band where every organisation has a published score: ordered by score, ties shared
        dict(org_id="a", name="A", overall_rating="Inadequate", total_score=3, max_score=27),
        dict(org_id="b", name="B", overall_rating="Inadequate", total_score=1, max_score=27),
        dict(org_id="c", name="C", overall_rating="Inadequate", total_score=3, max_score=27),
        # band with a missing score: a missing score is not a low score, so all share a rank
        dict(org_id="d", name="D", overall_rating="Good", total_score=20, max_score=27),
        dict(org_id="e", name="E", overall_rating="Good", total_score=None),
    ])
    got = ranks(league.rank_table(frame))
    assert got == {"D": 1, "E": 1, "A": 3, "C": 3, "B": 5}


def test_band_note_explains_unused_scores(con):
    table = _real_table(con, "pdu-2021")
    notes = league.band_notes(table)
    scored = sum(1 for r in _csv("inspections.csv") if r["programme"] == "pdu-2021" and r["total_score"])
    assert any(f"Scores were published for {scored} of the" in n and "Inadequate" in n for n in notes)


# ---- the standard grid ---------------------------------------------------------------------

def test_standard_cells_say_rated_not_published_not_rated_or_no_rating():
    frame = made_up([
        dict(org_id="c1", name="CRC one", org_type="crc", overall_rating="Good"),
        dict(org_id="n1", name="NPS one", org_type="nps_division", overall_rating="Good"),
        dict(org_id="c2", name="CRC never inspected", org_type="crc", overall_rating=None),
    ])
    standards = pd.DataFrame([
        dict(programme_id="p", position=1, standard="leadership", standard_name="Leadership",
             org_types=["crc", "nps_division"]),
        dict(programme_id="p", position=2, standard="court_work", standard_name="Court work",
             org_types=["nps_division"]),
    ])
    held = pd.DataFrame([dict(inspection_id="i-c1", standard="leadership", rating="Outstanding")])
    table = league.build_league_table(frame, standards, held).set_index("org_id")
    assert table.loc["c1", "std:leadership"] == "Outstanding"
    assert table.loc["n1", "std:leadership"] == "Not published"
    assert table.loc["c1", "std:court_work"] == "Not rated"
    assert table.loc["n1", "std:court_work"] == "Not published"
    assert table.loc["c2", "std:leadership"] == NO_RATING
    assert table.loc["c2", "overall"] == NO_RATING


def _real_table(con, programme: str) -> pd.DataFrame:
    frame = db.run(con, "ratings_in_period", programme=programme)
    standards = league.framework(db.run(con, "programme_standards"), programme)
    held = db.run(con, "standard_ratings_in_programme", programme=programme)
    return league.build_league_table(frame, standards, held)


def test_round_one_table_matches_the_csv(con):
    table = _real_table(con, "crc-nps-2018")
    ins = [r for r in _csv("inspections.csv") if r["programme"] == "crc-nps-2018"]
    counts = Counter(r["overall_rating"] for r in ins)
    assert len(table) == 28 and table["rank"].notna().all()
    by_rating = table.groupby("overall")["rank"].agg(["min", "max"])
    # competition ranking: each band's rank is one more than the number of better-rated orgs
    assert by_rating.loc["Good", "min"] == by_rating.loc["Good", "max"] == 1 + counts["Outstanding"]
    ri = 1 + counts["Outstanding"] + counts["Good"]
    assert by_rating.loc["Requires improvement", "min"] == by_rating.loc["Requires improvement", "max"] == ri
    # every standard rating in the CSV for this programme shows in the grid
    org_of = {r["inspection_id"]: r["org_id"] for r in ins}
    indexed = table.set_index("org_id")
    for r in _csv("standard_ratings.csv"):
        if r["inspection_id"] in org_of:
            assert indexed.loc[org_of[r["inspection_id"]], f"std:{r['standard']}"] == r["rating"]
    # CRC-only standards are "Not rated" for every NPS division
    nps = table[table["org_type"] == "nps_division"]
    assert (nps["std:unpaid_work"] == "Not rated").all() and (nps["std:through_the_gate"] == "Not rated").all()


def test_pdu_table_lists_uninspected_pdus_unranked(con):
    table = _real_table(con, "pdu-2021")
    rated = {r["org_id"] for r in _csv("inspections.csv") if r["programme"] == "pdu-2021" and r["overall_rating"]}
    assert set(table.loc[table["rank"].notna(), "org_id"]) == rated
    unrated = table[table["rank"].isna()]
    # the 2021-23 programme inspected a sample of PDUs: an unrated PDU may not have been in it
    assert len(unrated) > 0 and (unrated["overall"] == ratings.COVERAGE["not_known"]).all()
    assert unrated.index.min() > table[table["rank"].notna()].index.max()  # listed after every ranked row


# ---- filters and sorting -----------------------------------------------------------------------

def test_filters_never_change_a_rank(con):
    """A rank is among the whole programme: the CRCs rated Requires improvement in round 1 rank
    below every Good organisation, CRC or NPS, whether or not the view shows only CRCs."""
    table = _real_table(con, "crc-nps-2018")
    crcs = league.apply_filters(table, league.Filters(provider="crc"))
    assert set(crcs["org_type"]) == {"crc"} and len(crcs) == 21
    good = sum(1 for r in _csv("inspections.csv") if r["programme"] == "crc-nps-2018" and r["overall_rating"] == "Good")
    assert crcs.loc[crcs["overall"] == "Requires improvement", "rank"].unique().tolist() == [good + 1]
    whole = dict(zip(table["org_id"], table["rank_label"], strict=True))
    assert all(whole[o] == label for o, label in zip(crcs["org_id"], crcs["rank_label"], strict=True))
    found = league.apply_filters(table, league.Filters(provider="crc", q="durham"))
    assert list(found["name"]) == ["Durham Tees Valley CRC"]
    assert found["rank"].iloc[0] == good + 1


def test_a_tie_says_how_many_share_it(con):
    table = _real_table(con, "crc-nps-2018")
    rated = table[table["rank"].notna()]
    for rank, part in rated.groupby("rank"):
        expected = f"={rank} ({len(part)} share this rank)" if len(part) > 1 else str(rank)
        assert set(part["rank_label"]) == {expected}
    assert table.loc[table["rank"].isna(), "rank_label"].isna().all()


def test_region_and_rating_filters(con):
    table = _real_table(con, "pdu-2021")
    shown = league.apply_filters(table, league.Filters(region="region-n54", rating="none"))
    pdus_ne = {r["org_id"] for r in _csv("organisations.csv") if r["parent_org_id"] == "region-n54"}
    assert set(shown["org_id"]) <= pdus_ne and len(shown) > 0
    assert (shown["overall"] == ratings.COVERAGE["not_known"]).all()


def test_london_pdus_in_the_2023_round_were_not_inspected(con):
    """The 2023-25 round inspected every PDU of each region it reached; it paused before London."""
    table = _real_table(con, "pdu-2023")
    london = table[table["parent_org_id"] == "region-n07"]
    assert len(london) > 0 and (london["overall"] == ratings.COVERAGE["not_inspected"]).all()
    assert (london["std:leadership"] == ratings.COVERAGE["not_inspected"]).all()


def test_sort_by_a_standard_puts_held_ratings_first_best_first(con):
    table = _real_table(con, "crc-nps-2018")
    ordered = league.sort_table(table, "leadership")
    values = list(ordered["std:leadership"])
    held = [v for v in values if v in ("Outstanding", "Good", "Requires improvement", "Inadequate")]
    assert values[: len(held)] == held and held[0] == "Outstanding"
    assert set(values[len(held):]) == {"Not published"}


# ---- region view ------------------------------------------------------------------------------

def test_region_view_counts_every_pdu_once_and_shows_regional_ratings(con):
    pdus = db.run(con, "ratings_in_period", programme="pdu-2023")
    regional = db.run(con, "ratings_in_period", programme="regional-2023")
    view = league.region_view(pdus, regional).set_index("org_id")
    assert view["pdus"].sum() == len(pdus)
    in_csv = {r["org_id"]: r["overall_rating"] for r in _csv("inspections.csv") if r["programme"] == "regional-2023"}
    for org_id, rating in in_csv.items():
        assert view.loc[org_id, "regional_rating"] == rating
    assert view.loc[~view.index.isin(list(in_csv)), "regional_rating"].isna().all()
    inadequate_2023 = Counter(r["org_id"] for r in _csv("inspections.csv")
                              if r["programme"] == "pdu-2023" and r["overall_rating"] == "Inadequate")
    assert view["Inadequate"].sum() == len(inadequate_2023)


def test_crc_owner_column_only_where_owners_are_known(con):
    """Owners come from organisations.csv (each with its own source); the column appears for a
    CRC programme and is absent for a PDU programme, where no owner applies."""
    with (Path(__file__).resolve().parents[1] / "data" / "organisations.csv").open(encoding="utf-8") as f:
        owners = {r["org_id"]: r["owner"] for r in csv.DictReader(f) if r["owner"]}
    frame = db.run(con, "ratings_in_period", programme="crc-nps-2018")
    got = dict(zip(frame.loc[frame["owner"].notna(), "org_id"], frame.loc[frame["owner"].notna(), "owner"],
                   strict=True))
    assert got == owners and len(got) == 21
    standards = league.framework(db.run(con, "programme_standards"), "crc-nps-2018")
    cols = league.columns(standards, show_region=False, show_score=False, show_owner=True)
    headers = [c.header for c in cols]
    # the key columns first, so they are in view without scrolling sideways
    assert headers[:3] == ["Rank", "Organisation", "Overall rating"]
    assert headers.index("CRC owner (2015)") == headers.index("Provider type") + 1
    assert db.run(con, "ratings_in_period", programme="pdu-2023")["owner"].isna().all()
