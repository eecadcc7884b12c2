"""Generate the hex-cartogram layouts ``data/hex_pfa.csv`` and ``data/hex_pdu.csv``.

Run from the repository root::

    python scripts/make_hex_layouts.py [--geo-dir DIR] [--data-dir DIR] [--ascii] [--svg FILE]
                                       [--plain] [--dry-run]

``--geo-dir`` holds the ONS boundary files (TopoJSON, WGS84, no CRS declared):
``Police_Force_Areas_December_2023_EW_BUC.json``, ``Local_Authority_Districts_May_2023_EW_BUC.json``
and ``Local_Authority_Districts_December_2021_UK_BUC_2022.json``. It defaults to
``$PROBATION_GEO_DIR``, else ``../shared/geo`` beside the repository. The boundaries are only read
here (Open Government Licence v3.0, ONS / OS Crown copyright); they are never written into the
repository. The output is deterministic: the same inputs give byte-identical CSVs.

Grid convention (see ``explorer/hexmap.py``): pointy-top hexagons, axial ``(q, r)`` with ``r``
growing northwards and ``q`` eastwards; cell centre ``x = sqrt(3)*(q + r/2)``, ``y = 1.5*r``
(unit circumradius), x east and y north like British National Grid.

Method
------
1. **Unit positions.** Every boundary is projected from EPSG:4326 to British National Grid
   (EPSG:27700) and made valid; a unit's position is the area centroid of its polygon there.
   * PFA: the police force area polygon (ONS PFA December 2023 BUC).
   * PDU: the union of its local authority districts in ``organisation_areas.csv``, taken from
     the May 2023 district boundaries when all its codes exist there, else December 2021, else
     code by code (May 2023 first). A district written ``CODE(part)`` (shared between PDUs)
     counts with its **whole** geometry.
   * PDUs with no districts (12 in the data) get a *position-only* fallback, stated in the
     row's ``method``: (a) when a police force area is named in the PDU name (Lancashire,
     Hampshire, Essex, Kent, Staffordshire), the districts of that PFA (``lad_pfa_lookup.csv``,
     May 2023) that no PDU with districts claims — or all its districts when every one is
     claimed (Staffordshire North/South: all claimed by "Staffordshire and Stoke"); (b) otherwise
     (East/West Berkshire) the unclaimed districts of the police force areas the region's other
     PDUs lie in, less those already used by (a) for another PDU of the same region; (c) if
     that is empty too, the union of the region's other PDUs' districts.
   * Compass nudge: a fallback PDU whose name contains compass words (North, South, East,
     West; "Central" means no nudge), and any PDU whose centroid coincides with another's (the
     split districts: Liverpool North/South, Manchester North/South; Staffordshire North/South
     against Staffordshire and Stoke, which keeps the centroid), is placed at the centroid
     of the named half of its geometry: the part on that side of the line through the
     centroid perpendicular to the compass direction (e.g. "Essex North" = centroid of the
     northern half of the Essex districts). These positions say nothing about membership.
2. **Scaling and relaxation.** Positions (km) are centred and divided by a spacing ``s`` (km per
   hex step), then relaxed (``relax``, L-BFGS) so that units whose boundaries touch sit one
   step apart, no two units are closer than one step, PDUs of the same region attract when
   more than a step apart (weight ``w_group``: keeps regions in one piece for region outlines),
   and every unit stays near its scaled centroid (weight ``w_anchor``: keeps the outline and
   orientation of England and Wales). Why: equal hexagons cannot follow both London (18 PDUs
   in 1,600 km2) and Wales (6 in 21,000 km2). Measured on the current data, the best plain
   assignment of scaled centroids (``--plain``) keeps 52% of touching PDU pairs as hex
   neighbours (86% within two steps) and splits Wales, the South West and Kent/Surrey/Sussex
   into 4 extra pieces; with relaxation 56% (91%) and no region split, at the cost of a
   slightly lower direction agreement (0.80 against 0.85). For PFAs: 68% against 82%.
3. **Assignment.** Candidate cells are every hex whose centre lies within the bounding box of
   the relaxed positions plus a margin of 3 cells; ``scipy.optimize.linear_sum_assignment``
   assigns units to distinct cells minimising the total squared distance between position and
   cell centre (an optimal assignment, so neighbours stay near neighbours).
4. **Choosing the parameters.** A fixed sweep (``PFA_SWEEP``, ``PDU_SWEEP``) is tried; the
   layout kept maximises: share of touching pairs that are hex neighbours + share of
   hex-neighbour pairs that touch + mean cosine between ground and grid direction of touching
   pairs - 0.01 per notch (empty cell with 3+ occupied neighbours); for PDUs also + share with
   a same-region neighbour - 0.05 per extra piece a region is split into. Ties go to the first
   in sweep order. The chosen values are printed and written into ``method``. Touching means
   boundaries within 200 m of each other (BUC boundaries are generalised).
5. **Labels.** PFA labels are hand-written (police-force style where there is a common one,
   e.g. MET, GMP, TVP; else a county stem). PDU labels are the initials of the significant
   words of the name (first three letters of a one-word name), with hand-written overrides
   where that collides or reads badly; all labels are 2-4 capital letters and unique.

The script prints the measured neighbour preservation. ``--ascii`` prints each grid as text
(north at the top) and ``--svg FILE`` writes a quick preview (``FILE`` gets ``-pfa``/``-pdu``
inserted); neither preview belongs in the repository.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.optimize import linear_sum_assignment, minimize
from shapely.geometry import Polygon

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from explorer.hexmap import AXIAL_DIRECTIONS, SQRT3, hex_distance, hex_polygon, hex_to_xy  # noqa: E402

PFA_FILE = "Police_Force_Areas_December_2023_EW_BUC.json"
LAD_FILES = {
    "May 2023": "Local_Authority_Districts_May_2023_EW_BUC.json",
    "Dec 2021": "Local_Authority_Districts_December_2021_UK_BUC_2022.json",
}
LOOKUP_VINTAGE = "LAD May 2023 (EW BUC)"
SOURCE_URL = "https://geoportal.statistics.gov.uk/"
CONFIDENCE = "derived"
TOUCH_TOLERANCE_M = 200.0  # boundaries closer than this count as touching (BUC generalisation)
MARGIN_CELLS = 3

# Parameter sweeps (fixed, so the output is reproducible): spacing = km per hex step used to
# scale the centroids; w_anchor / w_group = weights of the relaxation (see ``relax``).
PFA_SWEEP = [{"spacing_km": s, "w_anchor": a} for s in (40, 50, 60, 70, 80) for a in (0.05, 0.2, 0.5, 1.0, 2.0)]
PDU_SWEEP = [{"spacing_km": s, "w_anchor": a, "w_group": g}
             for s in (30, 40, 60) for a in (0.05, 0.2, 0.5) for g in (0.05, 0.1)]
NOTCH_PENALTY = 0.01  # per empty cell with 3+ occupied neighbours (holes and deep notches)
PLAIN_PFA_SPACINGS = range(30, 81, 2)
PLAIN_PDU_SPACINGS = range(14, 41, 1)

PFA_LABELS = {
    "Metropolitan Police": "MET",
    "London, City of": "CITY",
    "Cumbria": "CUM",
    "Lancashire": "LAN",
    "Merseyside": "MER",
    "Greater Manchester": "GMP",
    "Cheshire": "CHE",
    "Northumbria": "NTB",
    "Durham": "DUR",
    "North Yorkshire": "NYP",
    "West Yorkshire": "WYP",
    "South Yorkshire": "SYP",
    "Humberside": "HUM",
    "Cleveland": "CLE",
    "West Midlands": "WMP",
    "Staffordshire": "STA",
    "West Mercia": "WMC",
    "Warwickshire": "WAR",
    "Derbyshire": "DER",
    "Nottinghamshire": "NOT",
    "Lincolnshire": "LIN",
    "Leicestershire": "LEI",
    "Northamptonshire": "NTH",
    "Cambridgeshire": "CAM",
    "Norfolk": "NFK",
    "Suffolk": "SFK",
    "Bedfordshire": "BED",
    "Hertfordshire": "HRT",
    "Essex": "ESX",
    "Thames Valley": "TVP",
    "Hampshire": "HAM",
    "Surrey": "SUR",
    "Kent": "KNT",
    "Sussex": "SSX",
    "Devon & Cornwall": "DC",
    "Avon and Somerset": "AS",
    "Gloucestershire": "GLO",
    "Wiltshire": "WIL",
    "Dorset": "DOR",
    "North Wales": "NWP",
    "Gwent": "GWE",
    "South Wales": "SWP",
    "Dyfed-Powys": "DPP",
}

# PDU label overrides: where initials collide or read badly.
PDU_LABEL_OVERRIDES = {
    "Newcastle Upon Tyne": "NCL",
    "North Tyneside and Northumberland": "NTN",
    "Gateshead and South Tyneside": "GST",
    "Redcar, Cleveland and Middlesbrough": "RCM",
    "County Durham and Darlington": "DD",
    "Stockton and Hartlepool": "SH",
    "Sheffield": "SHF",
    "Swansea, Neath and Port Talbot": "SNPT",
    "Cardiff and the Vale": "CV",
    "Cwm Taf Morgannwg": "CTM",
    "Hammersmith, Fulham, Kensington, Chelsea and Westminster": "HFKW",
    "Staffordshire and Stoke": "SSOT",
    "Staffordshire North": "STN",
    "Staffordshire South": "STS",
    "Manchester North": "MCN",
    "Manchester South": "MCS",
    "Liverpool North": "LVN",
    "Liverpool South": "LVS",
    "Salford": "SAL",
    "Salford and Trafford": "SLT",
    "Stockport and Trafford": "SPT",
    "Stockport and Tameside": "SPTM",
    "Tameside": "TAM",
    "Derby City": "DBC",
    "Derbyshire": "DBY",
    "Nottingham City": "NGC",
    "Nottinghamshire": "NTS",
    "Northamptonshire": "NTH",
    "North Yorkshire": "NYO",
    "North and North East Lincolnshire": "NNEL",
    "East and West Lincolnshire": "LIN",
    "Leicester, Leicestershire and Rutland": "LLR",
    "Hull and East Riding": "HER",
    "Cheshire East": "CHE",
    "Cheshire West": "CHW",
    "Hertfordshire": "HRT",
    "Herefordshire, Shropshire and Telford": "HST",
    "Birmingham Central and South": "BCS",
    "Birmingham North, East and Solihull": "BNES",
    "Bath and North Somerset": "BNS",
    "Bristol and South Gloucestershire": "BSG",
    "Cornwall and Isles of Scilly": "CIOS",
    "Southampton, Eastleigh and New Forest": "SENF",
    "Portsmouth and Isle of Wight": "PIOW",
    "Buckinghamshire and Milton Keynes": "BMK",
    "Hampshire North and East": "HNE",
    "Kingston, Richmond and Hounslow": "KRH",
    "Wandsworth, Merton and Sutton": "WMS",
    "Barking, Dagenham and Havering": "BDH",
    "East Kent": "EKT",
    "West Kent": "WKT",
    "East Sussex": "ESX",
    "West Sussex": "WSX",
    "Essex North": "EXN",
    "Essex South": "EXS",
    "East Berkshire": "EBK",
    "West Berkshire": "WBK",
    "Dudley and Sandwell": "DS",
    "Walsall and Wolverhampton": "WW",
    "Warrington and Halton": "WH",
    "Worcestershire": "WOR",
    "Warwickshire": "WAR",
    "Barnsley and Rotherham": "BRH",
    "Bury and Rochdale": "BRD",
    "Ealing and Hillingdon": "EAH",
    "Enfield and Haringey": "ENH",
    "Swindon and Wiltshire": "SWI",
    "North Wales": "NWA",
    "Dyfed Powys": "DYP",
}
LABEL_RE = re.compile(r"^[A-Z]{2,4}$")

COMPASS = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}
COMPASS_WORDS = set(COMPASS) | {"central"}
STOP_WORDS = {"and", "the", "of", "upon", "city"}


# --------------------------------------------------------------------------- geometry input

def default_geo_dir() -> Path:
    env = os.environ.get("PROBATION_GEO_DIR")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "geo"


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """Read an ONS TopoJSON boundary file, declare WGS84, project to BNG, repair geometry."""
    frame = gpd.read_file(path)
    frame = frame.set_crs(4326, allow_override=True).to_crs(27700)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    frame["AREACD"] = frame["AREACD"].astype(str)
    return frame[["AREACD", "AREANM", "geometry"]]


def touching_pairs(geoms: list, tolerance: float = TOUCH_TOLERANCE_M) -> set[frozenset[int]]:
    """Index pairs of geometries that touch or overlap (within ``tolerance`` metres)."""
    buffered = [g.buffer(tolerance / 2.0) for g in geoms]
    tree = shapely.STRtree(buffered)
    left, right = tree.query(buffered, predicate="intersects")
    return {frozenset((int(i), int(j))) for i, j in zip(left, right, strict=True) if i != j}


def compass_vector(name: str) -> tuple[float, float] | None:
    """Unit vector of the compass words in a name (None when there are none)."""
    words = re.findall(r"[a-z]+", name.lower())
    vx = sum(COMPASS[w][0] for w in words if w in COMPASS)
    vy = sum(COMPASS[w][1] for w in words if w in COMPASS)
    norm = math.hypot(vx, vy)
    if norm == 0:
        return None
    return vx / norm, vy / norm


def compass_text(vector: tuple[float, float]) -> str:
    angle = math.degrees(math.atan2(vector[1], vector[0])) % 360
    names = ["east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"]
    return names[round(angle / 45.0) % 8]


def named_half(geom, vector: tuple[float, float]):
    """Part of ``geom`` on the ``vector`` side of the line through its centroid."""
    c = geom.centroid
    vx, vy = vector
    px, py = -vy, vx  # along the cutting line
    big = 2e6
    half = Polygon([
        (c.x + px * big, c.y + py * big),
        (c.x + px * big + vx * big, c.y + py * big + vy * big),
        (c.x - px * big + vx * big, c.y - py * big + vy * big),
        (c.x - px * big, c.y - py * big),
    ])
    part = geom.intersection(half)
    return part if not part.is_empty else geom


# --------------------------------------------------------------------------- assignment

def candidate_cells(points: np.ndarray, margin: int = MARGIN_CELLS) -> np.ndarray:
    """Axial cells whose centres lie in the points' bounding box plus ``margin`` cells."""
    xmin, ymin = points.min(axis=0) - margin * SQRT3
    xmax, ymax = points.max(axis=0) + margin * SQRT3
    cells = []
    for r in range(math.floor(ymin / 1.5), math.ceil(ymax / 1.5) + 1):
        qmin = math.floor(xmin / SQRT3 - r / 2.0)
        qmax = math.ceil(xmax / SQRT3 - r / 2.0)
        for q in range(qmin, qmax + 1):
            x, y = hex_to_xy(q, r)
            if xmin <= x <= xmax and ymin <= y <= ymax:
                cells.append((q, r))
    return np.array(cells, dtype=int)


def assign(points: np.ndarray) -> np.ndarray:
    """Optimal one-to-one assignment of scaled points to hex cells (squared distance)."""
    cells = candidate_cells(points)
    centres = np.array([hex_to_xy(q, r) for q, r in cells])
    cost = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    rows, cols = linear_sum_assignment(cost)
    out = np.empty((len(points), 2), dtype=int)
    out[rows] = cells[cols]
    return out


def hex_pairs(cells: np.ndarray) -> set[frozenset[int]]:
    where = {tuple(c): i for i, c in enumerate(cells.tolist())}
    pairs = set()
    for c, i in where.items():
        for dq, dr in AXIAL_DIRECTIONS:
            j = where.get((c[0] + dq, c[1] + dr))
            if j is not None:
                pairs.add(frozenset((i, j)))
    return pairs


def adjacency_scores(cells: np.ndarray, geo_pairs: set[frozenset[int]]) -> dict[str, float]:
    """Recall (touching pairs that are hex neighbours / within 2 steps) and precision."""
    hp = hex_pairs(cells)
    dists = [hex_distance(tuple(cells[i]), tuple(cells[j])) for i, j in (tuple(p) for p in geo_pairs)]
    return {
        "pairs": len(geo_pairs),
        "recall1": float(np.mean([d == 1 for d in dists])),
        "recall2": float(np.mean([d <= 2 for d in dists])),
        "precision": len(hp & geo_pairs) / len(hp) if hp else 0.0,
        "hex_pairs": len(hp),
    }


def direction_agreement(cells: np.ndarray, positions: np.ndarray, geo_pairs: set[frozenset[int]]) -> float:
    """Mean cosine between the geographic and the hex displacement of touching pairs
    (1 = every neighbour lies in the same compass direction on the grid as on the ground)."""
    centres = np.array([hex_to_xy(q, r) for q, r in cells.tolist()])
    cosines = []
    for i, j in (tuple(sorted(p)) for p in geo_pairs):
        g = positions[j] - positions[i]
        h = centres[j] - centres[i]
        ng, nh = np.hypot(*g), np.hypot(*h)
        if ng > 0 and nh > 0:
            cosines.append(float(g @ h) / (ng * nh))
    return float(np.mean(cosines))


def region_scores(cells: np.ndarray, regions: list[str]) -> dict[str, float]:
    """Share of units with a same-region hex neighbour; pieces per region."""
    where = {tuple(c): i for i, c in enumerate(cells.tolist())}
    has_mate = []
    for i, c in enumerate(cells.tolist()):
        mates = [where.get((c[0] + dq, c[1] + dr)) for dq, dr in AXIAL_DIRECTIONS]
        has_mate.append(any(j is not None and regions[j] == regions[i] for j in mates))
    pieces = {}
    for reg in sorted(set(regions)):
        members = {tuple(cells[i]) for i in range(len(cells)) if regions[i] == reg}
        seen, n = set(), 0
        for start in sorted(members):
            if start in seen:
                continue
            n += 1
            stack = [start]
            seen.add(start)
            while stack:
                q, r = stack.pop()
                for dq, dr in AXIAL_DIRECTIONS:
                    nb = (q + dq, r + dr)
                    if nb in members and nb not in seen:
                        seen.add(nb)
                        stack.append(nb)
        pieces[reg] = n
    return {
        "with_mate": float(np.mean(has_mate)),
        "extra_pieces": sum(n - 1 for n in pieces.values()),
        "pieces": pieces,
    }


def notches(cells: np.ndarray) -> int:
    """Empty cells with three or more occupied neighbours: holes and deep notches."""
    occupied = {tuple(c) for c in cells.tolist()}
    ring = {(q + dq, r + dr) for q, r in occupied for dq, dr in AXIAL_DIRECTIONS} - occupied
    return sum(1 for q, r in ring if sum((q + dq, r + dr) in occupied for dq, dr in AXIAL_DIRECTIONS) >= 3)


def normalise_cells(cells: np.ndarray) -> np.ndarray:
    """Translate so the smallest r and the smallest q are 0 (a lattice translation: the
    shape and every neighbour relation are unchanged)."""
    cells = cells.copy()
    cells[:, 1] -= cells[:, 1].min()
    cells[:, 0] -= cells[:, 0].min()
    return cells


def relax(positions_km: np.ndarray, geo_pairs: set[frozenset[int]], spacing_km: float, w_anchor: float,
          groups: list[str] | None = None, w_group: float = 0.0) -> np.ndarray:
    """Neighbour-preserving relaxation of scaled positions (unit = one hex step).

    Minimises, with L-BFGS from the scaled positions ``X0 = (p - mean) / spacing``:
    ``sum over touching pairs (d - 1)^2`` (geographic neighbours one step apart)
    ``+ 10 * sum over all pairs max(0, 1 - d)^2`` (no two units closer than one step)
    ``+ w_group * sum over same-group pairs max(0, d - 1)^2`` (keep a region together)
    ``+ w_anchor * sum |X - X0|^2`` (stay near the geography: keeps shape and orientation).
    """
    n = len(positions_km)
    x0 = (positions_km - positions_km.mean(axis=0)) / spacing_km
    touch = np.array(sorted(tuple(sorted(p)) for p in geo_pairs), dtype=int).reshape(-1, 2)
    ii, jj = np.triu_indices(n, 1)
    if groups is not None and w_group:
        same = np.array([groups[i] == groups[j] for i, j in zip(ii, jj, strict=True)], dtype=float)
    else:
        same = np.zeros(len(ii))
    w_rep = 10.0

    def energy(flat):
        x = flat.reshape(n, 2)
        grad = np.zeros_like(x)
        v = x[touch[:, 0]] - x[touch[:, 1]]
        d = np.sqrt((v ** 2).sum(axis=1)) + 1e-9
        e = ((d - 1.0) ** 2).sum()
        c = (2.0 * (d - 1.0) / d)[:, None] * v
        np.add.at(grad, touch[:, 0], c)
        np.add.at(grad, touch[:, 1], -c)
        v = x[ii] - x[jj]
        d = np.sqrt((v ** 2).sum(axis=1)) + 1e-9
        over = np.maximum(0.0, 1.0 - d)
        far = np.maximum(0.0, d - 1.0) * same
        e += w_rep * (over ** 2).sum() + w_group * (far ** 2).sum()
        c = ((-2.0 * w_rep * over + 2.0 * w_group * far) / d)[:, None] * v
        np.add.at(grad, ii, c)
        np.add.at(grad, jj, -c)
        dx = x - x0
        e += w_anchor * (dx ** 2).sum()
        grad += 2.0 * w_anchor * dx
        return e, grad.ravel()

    result = minimize(energy, x0.ravel(), jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    return result.x.reshape(n, 2)


def make_layout(positions_km: np.ndarray, geo_pairs: set[frozenset[int]], sweep: list[dict],
                groups: list[str] | None = None, plain: bool = False) -> tuple[np.ndarray, dict]:
    """Try every parameter set of ``sweep``; keep the best-scoring assignment.

    Score = share of touching pairs that are hex neighbours + share of hex-neighbour pairs
    that touch + mean cosine between geographic and grid direction of touching pairs
    - 0.01 per notch (empty cell with 3+ occupied neighbours) (+ for grouped
    units: share with a same-group neighbour - 0.05 per extra piece a group is split into).
    ``plain=True`` skips the relaxation (assignment of the
    scaled centroids only) so the two can be compared.
    """
    best = None
    for params in sweep:
        if plain:
            points = (positions_km - positions_km.mean(axis=0)) / params["spacing_km"]
        else:
            points = relax(positions_km, geo_pairs, params["spacing_km"], params["w_anchor"],
                           groups, params.get("w_group", 0.0))
        cells = assign(points * SQRT3)  # one step = sqrt(3) circumradii
        info = {**params, **adjacency_scores(cells, geo_pairs), "notches": notches(cells),
                "direction": direction_agreement(cells, positions_km, geo_pairs)}
        score = info["recall1"] + info["precision"] + info["direction"] - NOTCH_PENALTY * info["notches"]
        if groups is not None:
            info.update(region_scores(cells, groups))
            score += info["with_mate"] - 0.05 * info["extra_pieces"]
        if best is None or score > best[0] + 1e-9:
            best = (score, cells, info)
    return normalise_cells(best[1]), best[2]


# --------------------------------------------------------------------------- units

def pdu_label(name: str) -> str:
    if name in PDU_LABEL_OVERRIDES:
        return PDU_LABEL_OVERRIDES[name]
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOP_WORDS]
    if len(words) == 1:
        return words[0][:3].upper()
    return "".join(w[0] for w in words)[:4].upper()


def pdu_positions(orgs: pd.DataFrame, areas: pd.DataFrame, lookup: pd.DataFrame,
                  lads: dict[str, gpd.GeoDataFrame], pfas: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per PDU: geometry used for its position, its centroid and a method note."""
    pdus = orgs[orgs["org_type"] == "pdu"].copy()
    lad_geom = {v: dict(zip(f["AREACD"], f.geometry, strict=True)) for v, f in lads.items()}
    lad_areas = areas[(areas["area_type"] == "lad") & areas["org_id"].isin(pdus["org_id"])].copy()
    lad_areas["code"] = lad_areas["area_code"].str.replace(r"\(part\)$", "", regex=True)
    lad_areas["part"] = lad_areas["area_code"].str.endswith("(part)")
    codes_of = {k: list(g["code"]) for k, g in lad_areas.groupby("org_id", sort=False)}
    parts_of = {k: bool(g["part"].any()) for k, g in lad_areas.groupby("org_id", sort=False)}
    claimed = set(lad_areas["code"])
    claimer = defaultdict(list)
    for org_id, codes in codes_of.items():
        for c in codes:
            claimer[c].append(org_id)
    name_of = dict(zip(pdus["org_id"], pdus["name"], strict=True))
    region_of = dict(zip(pdus["org_id"], pdus["parent_org_id"], strict=True))

    lk = lookup[lookup["lad_vintage"] == LOOKUP_VINTAGE]
    pfa_lads = {code: list(g["lad_code"]) for code, g in lk.groupby("pfa_code")}
    pfa_of_lad = dict(zip(lk["lad_code"], lk["pfa_code"], strict=True))
    pfa_name = dict(zip(pfas["AREACD"], pfas["AREANM"], strict=True))

    def union_of(codes: list[str]) -> tuple[object, str]:
        for vintage in LAD_FILES:
            if all(c in lad_geom[vintage] for c in codes):
                return shapely.union_all([lad_geom[vintage][c] for c in codes]), f"LAD {vintage}"
        geoms, used = [], set()
        for c in codes:
            for vintage in LAD_FILES:
                if c in lad_geom[vintage]:
                    geoms.append(lad_geom[vintage][c])
                    used.add(vintage)
                    break
            else:
                raise SystemExit(f"district {c} is in neither LAD boundary file")
        return shapely.union_all(geoms), "LAD " + " + ".join(sorted(used))

    def pfa_named_in(name: str) -> str | None:
        core = " ".join(w for w in re.findall(r"[a-z]+", name.lower()) if w not in COMPASS_WORDS | STOP_WORDS)
        for code, pname in pfa_name.items():
            if core and core == " ".join(re.findall(r"[a-z]+", pname.lower())):
                return code
        return None

    rows = {}
    # 1. PDUs with districts
    for org_id in pdus["org_id"]:
        if org_id not in codes_of:
            continue
        geom, vintage = union_of(codes_of[org_id])
        n = len(codes_of[org_id])
        what = "its district" if n == 1 else f"the union of its {n} districts"
        note = f"centroid of {what} ({vintage} BUC)"
        if parts_of[org_id]:
            note += "; a district shared with another PDU (code marked (part)) counts with its whole geometry"
        rows[org_id] = {"geom": geom, "note": note, "fallback": False}

    # 2. PDUs without districts: position-only fallbacks
    missing = [o for o in pdus["org_id"] if o not in codes_of]
    matched = {o: pfa_named_in(name_of[o]) for o in missing}
    for org_id in missing:
        region = region_of[org_id]
        pfa = matched[org_id]
        if pfa is not None:
            base = [c for c in pfa_lads[pfa] if c not in claimed]
            if base:
                note = (f"no districts in the data; position-only fallback (a): the {len(base)} districts of "
                        f"{pfa_name[pfa]} PFA ({pfa}) that no PDU with districts claims")
            else:
                base = list(pfa_lads[pfa])
                holders = sorted({name_of[h] for c in base for h in claimer[c]})
                note = (f"no districts in the data; position-only fallback (a): all {len(base)} districts of "
                        f"{pfa_name[pfa]} PFA ({pfa}), every one already claimed by {', '.join(holders)}")
        else:
            mates = [o for o in codes_of if region_of.get(o) == region]
            mate_codes = [c for o in mates for c in codes_of[o]]
            region_pfas = sorted({pfa_of_lad[c] for c in mate_codes if c in pfa_of_lad})
            used_by_a = {matched[o] for o in missing if o != org_id and region_of[o] == region and matched[o]}
            base = [c for p in region_pfas if p not in used_by_a for c in pfa_lads[p] if c not in claimed]
            if base:
                pfas_txt = ", ".join(pfa_name[p] for p in region_pfas if p not in used_by_a)
                left = [p for p in region_pfas if p in used_by_a]
                note = (f"no districts in the data; position-only fallback (b): the {len(base)} unclaimed districts "
                        f"of the police force area(s) holding this region's other PDUs ({pfas_txt}")
                if left:
                    note += "; " + ", ".join(pfa_name[p] for p in left) + " left to the PDU named after it"
                note += ")"
            else:
                base = sorted(set(mate_codes))
                note = (f"no districts in the data; position-only fallback (c): union of the {len(base)} districts "
                        f"of the region's other PDUs")
        geom, vintage = union_of(base)
        rows[org_id] = {"geom": geom, "note": note + f" ({vintage} BUC)", "fallback": True}

    # 3. compass nudges: fallbacks with compass words, and PDUs sharing a centroid
    cents = {o: (round(r["geom"].centroid.x, 1), round(r["geom"].centroid.y, 1)) for o, r in rows.items()}
    shared = defaultdict(list)
    for o, c in cents.items():
        shared[c].append(o)
    for org_id, row in rows.items():
        vec = compass_vector(name_of[org_id])
        twins = [o for o in shared[cents[org_id]] if o != org_id]
        if vec is None or not (row["fallback"] or twins):
            if twins:
                row["note"] += "; shares its centroid with " + ", ".join(name_of[t] for t in twins)
                if all(compass_vector(name_of[t]) for t in twins):
                    row["note"] += ", which are moved by the compass words in their names; this one keeps it"
                else:
                    row["note"] += " (no compass word to separate them)"
            row["point"] = row["geom"].centroid
            continue
        row["point"] = named_half(row["geom"], vec).centroid
        why = ("shares its centroid with " + ", ".join(name_of[t] for t in twins) if twins
               else "the name gives a direction")
        row["note"] += (f"; {why}, so placed at the centroid of the {compass_text(vec)} half of that geometry "
                        f"(cut through its centroid)")

    out = pdus[["org_id", "name", "parent_org_id"]].rename(columns={"parent_org_id": "region_org_id"}).copy()
    out["easting"] = [rows[o]["point"].x for o in out["org_id"]]
    out["northing"] = [rows[o]["point"].y for o in out["org_id"]]
    out["note"] = [rows[o]["note"] for o in out["org_id"]]
    out["geom"] = [rows[o]["geom"] for o in out["org_id"]]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- previews

def ascii_grid(cells: np.ndarray, labels: list[str], width: int = 5) -> str:
    """Text picture, north at the top; each row is offset by half a cell per row."""
    where = {tuple(c): lab for c, lab in zip(cells.tolist(), labels, strict=True)}
    rs = cells[:, 1]
    xs = [2 * q + r for q, r in cells.tolist()]  # doubled x: integer column
    xmin = min(xs)
    lines = []
    for r in range(rs.max(), rs.min() - 1, -1):
        line = [" "] * ((max(xs) - xmin + 2) * ((width + 1) // 2) + width)
        for (q, rr), lab in where.items():
            if rr != r:
                continue
            col = (2 * q + r - xmin) * ((width + 1) // 2)
            text = lab.center(width)
            line[col:col + width] = list(text)
        lines.append("".join(line).rstrip())
    return "\n".join(lines)


def write_svg(path: Path, cells: np.ndarray, labels: list[str], groups: list[str] | None = None) -> None:
    palette = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
               "#999999", "#a6761d", "#66a61e", "#e7298a", "#7570b3"]
    colour = {g: palette[i % len(palette)] for i, g in enumerate(sorted(set(groups or ["_"])))}
    size = 20.0
    pts = [hex_to_xy(q, r, size) for q, r in cells.tolist()]
    xmin = min(p[0] for p in pts) - 2 * size
    ymax = max(p[1] for p in pts) + 2 * size
    w = max(p[0] for p in pts) - xmin + 2 * size
    h = ymax - min(p[1] for p in pts) + 2 * size
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}">']
    for i, (q, r) in enumerate(cells.tolist()):
        poly = " ".join(f"{x - xmin:.1f},{ymax - y:.1f}" for x, y in hex_polygon(q, r, size))
        fill = colour[groups[i]] if groups else "#cccccc"
        out.append(f'<polygon points="{poly}" fill="{fill}" stroke="white"/>')
        x, y = pts[i]
        out.append(f'<text x="{x - xmin:.1f}" y="{ymax - y + 4:.1f}" font-size="9" '
                   f'text-anchor="middle">{labels[i]}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out))


# --------------------------------------------------------------------------- main

def layout_text(info: dict, plain: bool) -> str:
    """The layout half of a row's ``method``."""
    if plain:
        step = (f"centroid scaled at {info['spacing_km']:g} km per hex step (no relaxation)")
    else:
        step = (f"centroid scaled at {info['spacing_km']:g} km per hex step, then relaxed so touching units sit one "
                f"step apart without overlap (anchor weight {info['w_anchor']:g}"
                + (f", same-region weight {info['w_group']:g}" if "w_group" in info else "") + ")")
    return (f"hex cartogram, pointy-top axial q/r with r growing northwards: {step}; assigned to distinct cells by "
            "scipy linear_sum_assignment on squared distance; scripts/make_hex_layouts.py")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geo-dir", type=Path, default=default_geo_dir(),
                        help="folder with the ONS boundary files (default: $PROBATION_GEO_DIR or ../shared/geo)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data", help="folder of the CSVs (read and written)")
    parser.add_argument("--ascii", action="store_true", help="print both grids as text")
    parser.add_argument("--svg", type=Path, help="write preview SVGs (FILE-pfa.svg, FILE-pdu.svg); not for committing")
    parser.add_argument("--plain", action="store_true",
                        help="skip the relaxation: assign the scaled centroids directly (for comparison)")
    parser.add_argument("--dry-run", action="store_true", help="compute and report, write no CSV")
    args = parser.parse_args(argv)

    geo = args.geo_dir
    needed = [geo / PFA_FILE] + [geo / f for f in LAD_FILES.values()]
    absent = [str(p) for p in needed if not p.exists()]
    if absent:
        parser.error("boundary file(s) not found: " + ", ".join(absent) + " (use --geo-dir or PROBATION_GEO_DIR)")

    pfas = read_boundaries(geo / PFA_FILE).sort_values("AREACD").reset_index(drop=True)
    lads = {v: read_boundaries(geo / f) for v, f in LAD_FILES.items()}
    orgs = pd.read_csv(args.data_dir / "organisations.csv", dtype=str, keep_default_na=False)
    areas = pd.read_csv(args.data_dir / "organisation_areas.csv", dtype=str, keep_default_na=False)
    lookup = pd.read_csv(args.data_dir / "lad_pfa_lookup.csv", dtype=str, keep_default_na=False)

    # ---- PFA layout
    unknown = sorted(set(pfas["AREANM"]) - set(PFA_LABELS))
    if unknown:
        raise SystemExit(f"no label for PFA(s): {unknown}")
    pfa_cent = np.array([[g.centroid.x, g.centroid.y] for g in pfas.geometry])
    pfa_pairs = touching_pairs(list(pfas.geometry))
    if args.plain:
        pfa_sweep = [{"spacing_km": float(s)} for s in PLAIN_PFA_SPACINGS]
        pdu_sweep = [{"spacing_km": float(s)} for s in PLAIN_PDU_SPACINGS]
    else:
        pfa_sweep, pdu_sweep = PFA_SWEEP, PDU_SWEEP
    pfa_cells, pfa_info = make_layout(pfa_cent / 1000.0, pfa_pairs, pfa_sweep, plain=args.plain)
    pfa_labels = [PFA_LABELS[n] for n in pfas["AREANM"]]
    pfa_method = (
        "centroid of the PFA polygon (ONS PFA Dec 2023 BUC, EPSG:27700); "
        + layout_text(pfa_info, args.plain)
    )
    hex_pfa = pd.DataFrame({
        "area_code": pfas["AREACD"], "area_name": pfas["AREANM"],
        "hex_q": pfa_cells[:, 0], "hex_r": pfa_cells[:, 1], "label": pfa_labels,
        "source_url": SOURCE_URL, "confidence": CONFIDENCE, "method": pfa_method,
    })

    # ---- PDU layout
    pdus = pdu_positions(orgs, areas, lookup, lads, pfas)
    pdu_cent = pdus[["easting", "northing"]].to_numpy()
    pdu_pairs = touching_pairs(list(pdus["geom"]))
    regions = list(pdus["region_org_id"])
    pdu_cells, pdu_info = make_layout(pdu_cent / 1000.0, pdu_pairs, pdu_sweep, groups=regions, plain=args.plain)
    pdu_labels = [pdu_label(n) for n in pdus["name"]]
    pdu_method = [f"{note}; {layout_text(pdu_info, args.plain)}" for note in pdus["note"]]
    hex_pdu = pd.DataFrame({
        "org_id": pdus["org_id"], "name": pdus["name"], "region_org_id": pdus["region_org_id"],
        "hex_q": pdu_cells[:, 0], "hex_r": pdu_cells[:, 1], "label": pdu_labels,
        "source_url": SOURCE_URL, "confidence": CONFIDENCE, "method": pdu_method,
    })

    # ---- checks before writing
    for frame, key in ((hex_pfa, "area_code"), (hex_pdu, "org_id")):
        assert frame[key].is_unique, key
        assert not frame.duplicated(["hex_q", "hex_r"]).any(), "two units share a cell"
        assert frame["label"].is_unique, frame.loc[frame["label"].duplicated(keep=False), ["label"]]
        bad = [lab for lab in frame["label"] if not LABEL_RE.match(lab)]
        assert not bad, bad

    if not args.dry_run:
        hex_pfa.to_csv(args.data_dir / "hex_pfa.csv", index=False, lineterminator="\n")
        hex_pdu.to_csv(args.data_dir / "hex_pdu.csv", index=False, lineterminator="\n")

    def show(kind, info):
        params = ", ".join(f"{k} {info[k]}" for k in ("spacing_km", "w_anchor", "w_group") if k in info)
        print(f"{kind}: {params}; {info['pairs']} touching pairs: "
              f"{info['recall1']:.1%} hex neighbours, {info['recall2']:.1%} within 2 steps; "
              f"{info['precision']:.1%} of {info['hex_pairs']} hex-neighbour pairs touch; {info['notches']} notches; "
              f"direction agreement {info['direction']:.2f}")
    show("PFA", pfa_info)
    show("PDU", pdu_info)
    print(f"PDU: {pdu_info['with_mate']:.1%} have a same-region neighbour; region pieces {pdu_info['pieces']}")
    verb = "computed (dry run)" if args.dry_run else "wrote"
    print(f"{verb} {len(hex_pfa)} rows for hex_pfa.csv and {len(hex_pdu)} rows for hex_pdu.csv")

    if args.ascii:
        print(ascii_grid(pfa_cells, pfa_labels))
        print()
        print(ascii_grid(pdu_cells, pdu_labels))
    if args.svg:
        stem = args.svg.with_suffix("")
        write_svg(Path(f"{stem}-pfa.svg"), pfa_cells, pfa_labels)
        write_svg(Path(f"{stem}-pdu.svg"), pdu_cells, pdu_labels, regions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
