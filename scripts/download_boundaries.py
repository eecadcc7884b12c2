"""Download the ONS boundaries the geographic map needs (``make boundaries``).

Fetches police force areas (December 2023) and local authority districts (May 2023),
ultra-generalised (BUC), as GeoJSON in WGS84 from the ONS Open Geography Portal's ArcGIS
FeatureServer services, paging with ``resultOffset``, into ``boundaries/`` (or the folder
given by ``PROBATION_BOUNDARIES``). The files are Open Government Licence v3.0 and are NOT
committed to the repository (``boundaries/`` is git-ignored).

The service addresses cannot be checked offline; if ONS renames a service, set
``PROBATION_PFA_URL`` / ``PROBATION_LAD_URL`` to the FeatureServer layer URL (ending in
``/FeatureServer/0``) or download the files by hand from https://geoportal.statistics.gov.uk/
(search "Police Force Areas December 2023 BUC" and "Local Authority Districts May 2023 BUC",
download GeoJSON) into the boundaries folder under the names printed below.

Never run by the tests: nothing downloads at runtime or in tests.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer import config  # noqa: E402
from explorer.geo import EXPECTED  # noqa: E402

ARCGIS = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"
SERVICES = {
    "pfa": ("PROBATION_PFA_URL", f"{ARCGIS}/Police_Force_Areas_December_2023_EW_BUC/FeatureServer/0"),
    "lad": ("PROBATION_LAD_URL", f"{ARCGIS}/Local_Authority_Districts_May_2023_UK_BUC_V2/FeatureServer/0"),
}
PAGE = 1000
PORTAL = "https://geoportal.statistics.gov.uk/"


def fetch_layer(url: str) -> dict:
    """Every feature of a FeatureServer layer as one GeoJSON FeatureCollection."""
    features: list = []
    offset = 0
    while True:
        query = urllib.parse.urlencode({"where": "1=1", "outFields": "*", "outSR": "4326", "f": "geojson",
                                        "resultOffset": offset, "resultRecordCount": PAGE})
        with urllib.request.urlopen(f"{url}/query?{query}", timeout=60) as response:
            data = json.load(response)
        if "error" in data:
            raise RuntimeError(f"the service answered with an error: {data['error']}")
        batch = data.get("features", [])
        features += batch
        more = data.get("exceededTransferLimit") or data.get("properties", {}).get("exceededTransferLimit")
        if not batch or not more:
            break
        offset += len(batch)
    if not features:
        raise RuntimeError("the service returned no features")
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    folder = config.boundaries_dir()
    folder.mkdir(parents=True, exist_ok=True)
    failures = []
    for kind, (env, default) in SERVICES.items():
        url = os.environ.get(env, default).rstrip("/")
        target = folder / EXPECTED[kind]
        print(f"downloading {kind.upper()} boundaries from {url}")
        try:
            data = fetch_layer(url)
        except Exception as err:  # network, HTTP or service errors: explain, carry on
            failures.append(f"- {EXPECTED[kind]}: {err} (override the address with {env}=<FeatureServer layer URL>)")
            continue
        tmp = target.with_suffix(".part")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(target)
        print(f"  wrote {target} ({len(data['features'])} features)")
    if failures:
        print("\nSome boundaries could not be downloaded:\n" + "\n".join(failures), file=sys.stderr)
        print(f"\nDownload them by hand from {PORTAL} (GeoJSON, generalised 'BUC' versions) into {folder}/ "
              f"with these names: {', '.join(EXPECTED.values())}.", file=sys.stderr)
        return 1
    print("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
          "Contains OS data © Crown copyright and database right 2023.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
