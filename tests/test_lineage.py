"""Lineage across the June 2021 reorganisation, checked against the CSV sources computed
independently here (plain csv module, no SQL): PDU districts -> police force areas -> the
CRCs and NPS divisions that covered those police force areas."""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from explorer import db

ROOT = Path(__file__).resolve().parents[1]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


ORGS = {r["org_id"]: r for r in _csv("organisations.csv")}
PDUS = sorted(o for o, r in ORGS.items() if r["org_type"] == "pdu")
LAD_PFA = {r["lad_code"]: r["pfa_code"] for r in _csv("lad_pfa_lookup.csv")}
PFA_CODE = {r["pfa_name"]: r["pfa_code"] for r in _csv("lad_pfa_lookup.csv")}
AREAS = _csv("organisation_areas.csv")
PDU_LADS: dict[str, set[str]] = defaultdict(set)
PRED_PFAS: dict[str, set[str]] = defaultdict(set)
for _row in AREAS:
    if _row["area_type"] == "lad":
        PDU_LADS[_row["org_id"]].add(_row["area_code"].removesuffix("(part)"))
    elif ORGS[_row["org_id"]]["org_type"] in ("crc", "nps_division"):
        PRED_PFAS[_row["org_id"]].add(_row["area_code"])

# The 12 PDUs with no districts in our data (data README), and the police force area their
# name points to, as the lead's brief states it.
FALLBACK = {
    "pdu-n51lse": "Lancashire", "pdu-n51ctrl": "Lancashire", "pdu-n51lnw": "Lancashire",
    "pdu-n59hamp": "Hampshire", "pdu-n59brk": "Thames Valley", "pdu-n59wesb": "Thames Valley",
    "pdu-n56esxn": "Essex", "pdu-n56esxs": "Essex", "pdu-n57eknt": "Kent", "pdu-n57kecl": "Kent",
    "pdu-n52stf": "Staffordshire", "pdu-n52stfs": "Staffordshire",
}


@pytest.fixture(scope="module")
def lineage(con):
    return db.run(con, "lineage_all")


def test_the_pdus_without_districts_are_exactly_the_documented_twelve():
    assert sorted(set(PDUS) - set(PDU_LADS)) == sorted(FALLBACK)


def test_every_pdu_has_a_predecessor_crc_and_nps_division(lineage):
    pdu_rows = lineage[lineage["successor_org_id"].isin(PDUS)]
    for kind in ("crc", "nps_division"):
        covered = set(pdu_rows.loc[pdu_rows["predecessor_type"] == kind, "successor_org_id"])
        assert sorted(set(PDUS) - covered) == [], kind


def test_pdu_predecessors_match_districts_in_police_force_areas(lineage):
    """For PDUs with districts: predecessors = orgs covering a PFA holding one of its districts."""
    got = lineage[lineage["successor_org_id"].isin(PDUS)]
    got_pairs = set(zip(got["successor_org_id"], got["predecessor_org_id"], strict=True))
    expected = set()
    for pdu, lads in PDU_LADS.items():
        pfas = {LAD_PFA[lad] for lad in lads}
        expected |= {(pdu, pred) for pred, pred_pfas in PRED_PFAS.items() if pfas & pred_pfas}
    assert {p for p in got_pairs if p[0] in PDU_LADS} == expected


def test_every_crc_maps_to_the_pdus_covering_its_police_force_areas(lineage):
    for crc in (o for o, r in ORGS.items() if r["org_type"] == "crc"):
        pfas = PRED_PFAS[crc]
        expected = {pdu for pdu, lads in PDU_LADS.items() if {LAD_PFA[lad] for lad in lads} & pfas}
        expected |= {pdu for pdu, pfa in FALLBACK.items() if PFA_CODE[pfa] in pfas}
        got = set(lineage.loc[(lineage["predecessor_org_id"] == crc)
                              & lineage["successor_org_id"].isin(PDUS), "successor_org_id"])
        assert expected, crc
        assert got == expected, crc


def test_fallback_pdus_are_placed_by_name_and_say_so(con, lineage):
    placed = db.run(con, "pdu_police_force_areas")
    for pdu, pfa in FALLBACK.items():
        rows = placed[placed["pdu_org_id"] == pdu]
        assert list(rows["pfa_name"]) == [pfa], pdu
        assert rows["basis"].iloc[0].startswith("fallback"), pdu
        rows = lineage[lineage["successor_org_id"] == pdu]
        assert (rows["successor_districts"] == 0).all() and rows["basis"].str.startswith("fallback").all()


def test_known_examples(lineage):
    """Hand-checked from the sources: Cleveland (Middlesbrough) was Durham Tees Valley CRC and NPS
    North East; a Greater Manchester PDU was Cheshire and Greater Manchester CRC and NPS North West."""
    def preds(org):
        return set(lineage.loc[lineage["successor_org_id"] == org, "predecessor_org_id"])
    cleveland = [o for o, r in ORGS.items() if r["org_type"] == "pdu" and "Middlesbrough" in r["name"]]
    assert cleveland and preds(cleveland[0]) == {"crc-c03", "nps-n02"}
    # Welsh region: Wales CRC and NPS Wales only
    assert preds("region-n03") == {"crc-c10", "nps-n03"}


def test_shared_pfas_and_districts_are_counts_from_the_sources(lineage):
    rows = lineage[lineage["successor_org_id"].isin(PDU_LADS)]
    for row in rows.itertuples():
        pfas = {LAD_PFA[lad] for lad in PDU_LADS[row.successor_org_id]}
        assert row.shared_pfas == len(pfas & PRED_PFAS[row.predecessor_org_id])
        assert row.successor_districts == len(PDU_LADS[row.successor_org_id])
        assert row.basis == "district in police force area"


def test_region_rows_are_the_union_of_their_pdus(lineage):
    regions = [o for o, r in ORGS.items() if r["org_type"] == "region"]
    for region in regions:
        pdus = [o for o in PDUS if ORGS[o]["parent_org_id"] == region]
        from_pdus = set(lineage.loc[lineage["successor_org_id"].isin(pdus), "predecessor_org_id"])
        got = set(lineage.loc[lineage["successor_org_id"] == region, "predecessor_org_id"])
        assert got == from_pdus, region
