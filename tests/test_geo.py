"""ONS boundaries: finding, reading and normalising files, and dissolving areas into
CRCs, NPS divisions, PDUs and regions. Reads the reference copies in ../shared/geo
(or PROBATION_GEO_DIR); they are never committed to the repository."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from explorer import db, geo

ROOT = Path(__file__).resolve().parents[1]
GEO_DIR = Path(os.environ.get("PROBATION_GEO_DIR", ROOT.parent / "shared" / "geo"))
PFA_FILE = "Police_Force_Areas_December_2023_EW_BUC.json"



@pytest.fixture(scope="module", autouse=True)
def _reference_boundaries():
    if not GEO_DIR.exists():
        pytest.fail(f"ONS reference boundaries not found at {GEO_DIR}: clone shared/ beside the repository "
                    "or set PROBATION_GEO_DIR")


def _area(frame):
    return frame.to_crs(27700).geometry.area


@pytest.fixture(scope="module")
def members(con) -> pd.DataFrame:
    return db.run(con, "map_area_members")


@pytest.fixture(scope="module")
def pfas():
    return geo.read_boundaries(GEO_DIR / PFA_FILE)


@pytest.fixture(scope="module")
def lads():
    return geo.read_boundaries(geo.find_file("lad", GEO_DIR))


def test_finds_both_files_and_prefers_may_2023_districts():
    found = geo.find_boundaries(GEO_DIR)
    assert found.pfa.name == PFA_FILE
    assert found.lad.name == "Local_Authority_Districts_May_2023_EW_BUC.json"


def test_missing_files_explain_how_to_get_them(tmp_path):
    with pytest.raises(geo.BoundaryError) as err:
        geo.find_boundaries(tmp_path)
    message = str(err.value)
    assert "make boundaries" in message and "geoportal.statistics.gov.uk" in message
    assert geo.EXPECTED["pfa"] in message and geo.EXPECTED["lad"] in message


def test_reads_topojson_with_wgs84_and_normalised_fields(pfas):
    assert list(pfas.columns) == ["AREACD", "AREANM", "geometry"]
    assert len(pfas) == 43 and pfas.crs.to_epsg() == 4326
    assert pfas.geometry.is_valid.all()
    assert set(pfas["AREACD"].str[:3]) == {"E23", "W15"}


def test_official_ons_field_names_are_normalised(pfas, tmp_path):
    """An official download names fields by vintage (PFA23CD/PFA23NM) and is GeoJSON or GeoPackage."""
    official = pfas.rename(columns={"AREACD": "PFA23CD", "AREANM": "PFA23NM"}).head(3)
    official.to_file(tmp_path / "Police_Force_Areas_December_2023_EW_BUC.geojson", driver="GeoJSON")
    official.to_file(tmp_path / "pfa.gpkg", driver="GPKG")
    for path in (tmp_path / "Police_Force_Areas_December_2023_EW_BUC.geojson", tmp_path / "pfa.gpkg"):
        frame = geo.read_boundaries(path)
        assert list(frame["AREACD"]) == list(pfas["AREACD"].head(3))
        assert list(frame["AREANM"]) == list(pfas["AREANM"].head(3))
    assert geo.find_file("pfa", tmp_path).suffix == ".geojson"


def test_file_without_code_field_is_a_clear_error(tmp_path, pfas):
    pfas.rename(columns={"AREACD": "something"}).head(1).to_file(tmp_path / "x.geojson", driver="GeoJSON")
    with pytest.raises(geo.BoundaryError, match="no area-code field"):
        geo.read_boundaries(tmp_path / "x.geojson")


def test_dissolve_21_crc_areas_each_covering_its_pfas(pfas, members):
    crcs = geo.dissolve(pfas, members, "crc", "pfa")
    assert len(crcs) == 21 and crcs["org_id"].str.startswith("crc-").all()
    assert (crcs["missing"] == "").all()
    shapes = pfas.set_index("AREACD").geometry
    rows = members[(members["org_type"] == "crc")]
    for crc in crcs.itertuples():
        codes = rows.loc[rows["org_id"] == crc.org_id, "area_code"]
        assert crc.parts == len(codes)
        for code in codes:
            part = shapes[code]
            assert crc.geometry.intersection(part).area == pytest.approx(part.area, rel=1e-6), (crc.org_id, code)
    # the 21 CRC areas tile England and Wales: together they are the 43 PFAs, without overlap
    assert _area(crcs).sum() == pytest.approx(_area(pfas).sum(), rel=1e-6)


def test_dissolve_7_nps_divisions(pfas, members):
    divisions = geo.dissolve(pfas, members, "nps_division", "pfa")
    assert len(divisions) == 7
    assert sorted(divisions["parts"]) == sorted(
        members[members["org_type"] == "nps_division"].groupby("org_id").size())
    assert _area(divisions).sum() == pytest.approx(_area(pfas).sum(), rel=1e-6)
    wales = divisions[divisions["name"].str.contains("Wales")].geometry.iloc[0]
    welsh = pfas[pfas["AREACD"].str.startswith("W15")].geometry.union_all()
    assert wales.symmetric_difference(welsh).area < 1e-9


def test_dissolve_12_regions_from_their_pdus_districts(lads, members, con):
    regions = geo.dissolve(lads, members, "region", "lad")
    assert len(regions) == 12
    pdus = geo.dissolve(lads, members, "pdu", "lad")
    assert len(pdus) == members.loc[members["org_type"] == "pdu", "org_id"].nunique() == 100
    # every PDU lies inside its region
    orgs = db.run(con, "organisations").set_index("org_id")["parent_org_id"]
    region_shape = regions.set_index("org_id").geometry
    for pdu in pdus.itertuples():
        region = region_shape[orgs[pdu.org_id]]
        assert region.intersection(pdu.geometry).area == pytest.approx(pdu.geometry.area, rel=1e-6), pdu.org_id


def test_shared_districts_are_the_three_split_cities(lads, members):
    shared = geo.shared_districts(lads, members)
    assert sorted(shared["name"]) == ["Birmingham", "Liverpool", "Manchester"]
    assert all(" and " in orgs for orgs in shared["orgs"])


def test_level_geojson_is_projected_and_keyed_by_organisation(members):
    out = geo.level_geojson("pfa", "crc", members, GEO_DIR)
    ids = [f["id"] for f in out["geojson"]["features"]]
    assert sorted(ids) == sorted(out["drawn"]) and len(ids) == 21
    json.dumps(out)  # plain data, cacheable
    xs = [p[0] for f in out["geojson"]["features"] for ring in geo.exteriors(f) for p in ring]
    ys = [p[1] for f in out["geojson"]["features"] for ring in geo.exteriors(f) for p in ring]
    # British National Grid kilometres: England and Wales lie within 0-700 km east, 0-700 km north
    assert 50 < min(xs) < max(xs) < 700 and 0 <= min(ys) < max(ys) < 700
    pdu = geo.level_geojson("pdu", None, members, GEO_DIR)
    assert len(pdu["drawn"]) == 100 and len(pdu["shared"]) == 3
