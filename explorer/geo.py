"""ONS boundaries for the geographic map: find, read, normalise, dissolve, simplify.

No Streamlit here (the page caches the results). Boundary files are never part of the
repository: ``make boundaries`` downloads them into ``boundaries/`` (or
``PROBATION_BOUNDARIES`` points elsewhere). Accepted formats: TopoJSON, GeoJSON and
GeoPackage, read with geopandas (pyogrio/GDAL).

Official ONS downloads name their fields by vintage (``PFA23CD``/``PFA23NM``,
``LAD23CD``/``LAD23NM``, ``LAD21CD`` …); some copies use ``AREACD``/``AREANM``. Both are
normalised to ``AREACD``/``AREANM``. Files without a declared CRS are taken as WGS84
longitude/latitude (EPSG:4326), which is what the ONS GeoJSON and TopoJSON services return.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SUFFIXES = (".json", ".geojson", ".topojson", ".gpkg")

#: File-name patterns (case-insensitive) for each kind of boundary, most preferred first.
#: LADs: May 2023 first, because organisation_areas.csv uses May-2023 district codes.
PATTERNS = {
    "pfa": (r"police_force_areas", r"\bpfa"),
    "lad": (r"local_authority_districts.*(may|december)_?2023", r"local_authority_districts", r"\blad"),
}

#: File names that ``make boundaries`` writes (and that users downloading by hand can use).
EXPECTED = {
    "pfa": "Police_Force_Areas_December_2023_EW_BUC.geojson",
    "lad": "Local_Authority_Districts_May_2023_EW_BUC.geojson",
}

_CODE = re.compile(r"^(AREA|PFA\d\d|LAD\d\d)CD$", re.IGNORECASE)
_NAME = re.compile(r"^(AREA|PFA\d\d|LAD\d\d)NM$", re.IGNORECASE)

#: Simplification tolerance in degrees (about 100 m): enough for a national map, once.
SIMPLIFY_DEGREES = 0.001


class BoundaryError(Exception):
    """Boundary files are missing or unreadable; the message says what to do."""


@dataclass(frozen=True)
class Boundaries:
    pfa: Path
    lad: Path


def find_file(kind: str, folder: Path) -> Path | None:
    """The boundary file of ``kind`` ('pfa' or 'lad') in ``folder``, matched by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    for pattern in PATTERNS[kind]:
        rx = re.compile(pattern, re.IGNORECASE)
        hits = [p for p in files if rx.search(p.stem.replace("-", "_"))]
        if hits:
            return hits[0]
    return None


def find_boundaries(folder: Path) -> Boundaries:
    """Both boundary files, or a BoundaryError naming what is missing and how to get it."""
    found = {kind: find_file(kind, folder) for kind in PATTERNS}
    missing = [kind for kind, path in found.items() if path is None]
    if missing:
        wanted = ", ".join(EXPECTED[k] for k in missing)
        raise BoundaryError(
            f"No boundary files for "
            f"{', '.join('police force areas' if k == 'pfa' else 'local authority districts' for k in missing)} "
            f"in {folder}. Run `make boundaries` (needs internet), or download them from "
            f"https://geoportal.statistics.gov.uk/ into that folder (expected names like {wanted}), "
            "or set PROBATION_BOUNDARIES to a folder holding them.")
    return Boundaries(found["pfa"], found["lad"])


def read_boundaries(path: Path):
    """Read one boundary file as a GeoDataFrame with AREACD, AREANM and geometry in EPSG:4326."""
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as err:  # pyogrio raises several types for unreadable files
        raise BoundaryError(f"Could not read boundary file {path}: {err}") from err
    code = next((c for c in frame.columns if _CODE.match(str(c))), None)
    name = next((c for c in frame.columns if _NAME.match(str(c))), None)
    if code is None:
        raise BoundaryError(f"{path} has no area-code field (AREACD, PFA23CD, LAD23CD, …); "
                            f"fields found: {', '.join(map(str, frame.columns))}")
    frame = frame.rename(columns={code: "AREACD", **({name: "AREANM"} if name else {})})
    if "AREANM" not in frame:
        frame["AREANM"] = frame["AREACD"]
    frame = frame[["AREACD", "AREANM", "geometry"]].copy()
    frame["AREACD"] = frame["AREACD"].astype(str).str.strip()
    # Generalised (BUC) boundaries can self-intersect slightly; repair so unions succeed.
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = frame.geometry[invalid].make_valid(method="structure")
    if frame.crs is None:
        frame = frame.set_crs(4326)
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame


def dissolve(units, members: pd.DataFrame, org_type: str, area_type: str):
    """Dissolve areas into organisations.

    ``units``: GeoDataFrame of areas (AREACD, geometry). ``members``: rows of the
    ``map_area_members`` query. Returns a GeoDataFrame with one row per organisation of
    ``org_type`` that has at least one area with a boundary: org_id, name, parts (areas
    found), missing (codes with no boundary, ';'-separated), geometry."""
    import geopandas as gpd

    rows = members[(members["org_type"] == org_type) & (members["area_type"] == area_type)]
    geom = units.set_index("AREACD").geometry
    out = []
    for org_id, part in rows.groupby("org_id", sort=True):
        codes = list(dict.fromkeys(part["area_code"]))
        have = [c for c in codes if c in geom.index]
        if not have:
            continue
        shape = geom.loc[have].union_all()
        out.append({"org_id": org_id, "name": part["name"].iloc[0], "parts": len(have),
                    "missing": ";".join(c for c in codes if c not in geom.index), "geometry": shape})
    return gpd.GeoDataFrame(out, columns=["org_id", "name", "parts", "missing", "geometry"],
                            geometry="geometry", crs=units.crs)


def shared_districts(lads, members: pd.DataFrame):
    """Districts split between PDUs (``is_part``): id ``shared-<code>``, name, the PDUs, geometry."""
    import geopandas as gpd

    rows = members[(members["org_type"] == "pdu") & members["is_part"].astype(bool)]
    geom = lads.set_index("AREACD")
    out = []
    for code, part in rows.groupby("area_code", sort=True):
        if code not in geom.index:
            continue
        out.append({"id": f"shared-{code}", "name": str(geom.loc[code, "AREANM"]),
                    "orgs": " and ".join(sorted(part["name"])), "geometry": geom.loc[code, "geometry"]})
    return gpd.GeoDataFrame(out, columns=["id", "name", "orgs", "geometry"], geometry="geometry", crs=lads.crs)


def simplify(frame, tolerance: float = SIMPLIFY_DEGREES):
    """Simplify once, keeping shared edges consistent enough for a national map."""
    frame = frame.copy()
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame


#: The geographic map is drawn in British National Grid (EPSG:27700) kilometres on plain
#: plotly axes with equal scales: plotly's own geo maps fetch a base-map file from a CDN
#: at runtime, which this app must not do.
DRAW_CRS = 27700


def to_geojson(frame, id_col: str, precision: int = 2) -> dict:
    """A FeatureCollection in British National Grid kilometres (x east, y north) whose
    feature ``id`` is ``id_col``; coordinates rounded to ``precision`` decimals (10 m)."""
    import shapely

    frame = frame[[id_col, "geometry"]].to_crs(DRAW_CRS)
    frame["geometry"] = [shapely.set_precision(shapely.transform(g, lambda xy: xy / 1000.0), 10 ** -precision)
                         for g in frame.geometry]
    data = json.loads(frame.to_json(drop_id=True))
    for feature, key in zip(data["features"], frame[id_col], strict=True):
        feature["id"] = str(key)
    return data


def exteriors(feature: dict) -> list[list[list[float]]]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon feature (holes are drawn by
    whatever lies inside them, which is drawn later)."""
    geom = feature.get("geometry") or {}
    if geom.get("type") == "Polygon":
        return [geom["coordinates"][0]]
    if geom.get("type") == "MultiPolygon":
        return [poly[0] for poly in geom["coordinates"]]
    if geom.get("type") == "GeometryCollection":
        return [ring for g in geom.get("geometries", []) for ring in exteriors({"geometry": g})]
    return []


#: Which organisations each map level draws, and from which areas.
LEVEL_SOURCES = {
    ("pfa", "crc"): ("crc", "pfa"),
    ("pfa", "nps_division"): ("nps_division", "pfa"),
    ("pdu", None): ("pdu", "lad"),
    ("region", None): ("region", "lad"),
}


def level_geojson(level: str, provider: str | None, members: pd.DataFrame, folder: Path) -> dict:
    """Everything the choropleth needs for one level, as plain JSON-able data:
    ``geojson`` (organisations and, for PDUs, shared districts), ``shared`` (list of dicts
    without geometry), ``drawn`` (org ids with a boundary) and ``missing`` (org ids whose
    areas have no boundary or are not in our data)."""
    key = (level, provider if level == "pfa" else None)
    org_type, area_type = LEVEL_SOURCES[key]
    files = find_boundaries(folder)
    units = read_boundaries(files.pfa if area_type == "pfa" else files.lad)
    orgs = simplify(dissolve(units, members, org_type, area_type))
    orgs = orgs.assign(_area=orgs.to_crs(DRAW_CRS).area).sort_values("_area", ascending=False)
    geojson = to_geojson(orgs, "org_id")  # largest first, so enclosed areas are drawn on top
    shared: list[dict] = []
    if level == "pdu":
        split = simplify(shared_districts(units, members))
        geojson["features"] += to_geojson(split, "id")["features"]
        shared = split[["id", "name", "orgs"]].to_dict("records")
    return {"geojson": geojson, "shared": shared, "drawn": list(orgs["org_id"]),
            "incomplete": [r.org_id for r in orgs.itertuples() if r.missing]}
