"""Performance benchmark: page renders, database build, queries, server memory.

Run ``make bench`` (or ``python bench/run.py [--scale N] [--repeat R]``). Prints one table per
data size and writes bench/RESULTS.md. Not a test: nothing here asserts; targets are reported
as how far each measure is from its target.

What is measured, all with ``time.perf_counter``:

- **Page render** (server side): Streamlit's AppTest runs app.py (the router) and switches to
  each page, exactly as the server would run the script for a browser session, without the
  websocket and the browser's drawing. *Cold* = first run after clearing Streamlit's caches
  (``st.cache_data`` / ``st.cache_resource``: a new database connection, every query run);
  *warm* = median of the following runs (cached connection and query results). The **floor**
  is a bare one-line page (``st.write``) under the same harness in the same process; each
  page's warm time is shown as a ratio to the floor's warm time.
- **Database build**: ``explorer.build.build`` from the CSVs into a temporary file (validation
  + load + derived views), median of 3.
- **Queries**: every ``queries/*.sql`` with each of its header examples, on a read-only
  connection, 5 warm-up runs then 50 timed runs: p50 and p95.
- **Peak memory**: a real ``streamlit run`` server process, every route opened once in headless
  Chromium; VmHWM (peak resident set) from /proc/<pid>/status.
- **Scale mode** (``--scale 100``, the default of ``make bench`` alongside the real size):
  synthetic CSVs 100 times larger are generated in a temporary folder (never data/): every
  organisation, its areas, inspections, standard ratings and findings copied with new ids and
  names marked "(synthetic N)"; reference tables (programmes, standards, rating scale,
  district lookup, HMIP's totals) stay as they are. The same figures are then measured on it.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer import build, db  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TARGET_RATIO = 3.0  # every page warm within 3x the bare-page floor
TARGET_BUILD = 2.0  # seconds
TARGET_P95 = {1: 0.020, 100: 0.100}  # seconds; other scales use the 100x target
TARGET_SCALE = 2.0  # at N times the data, every page warm within 2x its real-size time

APP = (ROOT / "app.py").read_text(encoding="utf-8")
PAGES = re.findall(r'st\.Page\("(pages/[^"]+)".*?url_path="([^"]*)"', APP, flags=re.S)

# Tables copied in scale mode, with the columns that hold ids to suffix.
SCALED = {
    "organisations.csv": ("org_id", "parent_org_id"),
    "organisation_areas.csv": ("org_id",),
    "inspections.csv": ("inspection_id", "org_id"),
    "standard_ratings.csv": ("inspection_id",),
    "findings.csv": ("finding_id", "inspection_id"),
    "lad_pfa_lookup.csv": (),
}
# Columns holding ONS area codes: copy k covers its own synthetic ground (codes E23000007 →
# E23<k:03d>007), so geography joins grow with the data as they would for real, instead of
# 100 copies all claiming the same police force areas (a quadratic artefact).
AREA_CODES = {"organisation_areas.csv": ("area_code",), "lad_pfa_lookup.csv": ("lad_code", "pfa_code")}


def synthetic_code(code: str, k: int) -> str:
    return f"{code[:3]}{k:03d}{code[6:]}" if code else code


def synthetic_words(name: str, k: int) -> str:
    """Tag every word of a copy's name with letters of its own (k=1 → 'Essexb North…'), so name
    matching (the lineage fallback) finds the same copy's places, not all 100 "Essex"es."""
    tag = ""
    while True:
        k, r = divmod(k, 26)
        tag = chr(ord("a") + r) + tag
        if not k:
            break
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0) + tag, name) if name else name


# Name columns tagged per copy (see synthetic_words).
NAME_COLUMNS = {"lad_pfa_lookup.csv": ("lad_name", "pfa_name", "county_name")}


# ---- helpers ------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    import duckdb
    import streamlit

    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": f"{mem_kb / 1024 ** 2:.1f} GiB",
            "os": platform.platform(), "python": platform.python_version(),
            "streamlit": streamlit.__version__, "duckdb": duckdb.__version__,
            "load": " ".join(Path("/proc/loadavg").read_text().split()[:3])}


# ---- synthetic data -----------------------------------------------------------------------

def make_scaled_data(source: Path, target: Path, scale: int) -> dict[str, int]:
    """Copy data/*.csv to ``target`` with the organisation tables ``scale`` times larger.

    Copy k (1..scale-1) of a row gets ``-sK`` appended to every id it holds, so keys stay
    unique and references point at the same copy; its area codes are moved to synthetic ground
    of its own (see AREA_CODES); organisation names get "(synthetic K)" and their note says so.
    Synthetic: for benchmarking only, never written to data/.
    """
    rows: dict[str, int] = {}
    for path in source.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, original = reader.fieldnames, list(reader)
        out = list(original)
        if path.name in SCALED:
            for k in range(1, scale):
                for row in original:
                    copy = dict(row)
                    for col in SCALED[path.name]:
                        if copy[col]:
                            copy[col] = f"{copy[col]}-s{k}"
                    for col in AREA_CODES.get(path.name, ()):
                        copy[col] = synthetic_code(copy[col], k)
                    for col in NAME_COLUMNS.get(path.name, ()):
                        copy[col] = synthetic_words(copy[col], k)
                    if path.name == "organisations.csv":
                        copy["name"] = f"{synthetic_words(row['name'], k)} (SYNTHETIC {k})"
                        copy["note"] = f"SYNTHETIC benchmark copy {k} of {row['org_id']}"
                    if path.name == "inspections.csv":
                        copy["name_in_source"] = f"{row['name_in_source']} (synthetic {k})"
                    out.append(copy)
        with (target / path.name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(out)
        rows[path.name] = len(out)
    return rows


# ---- measurements -------------------------------------------------------------------------

def time_build(data_dir: Path, work: Path, repeat: int = 3) -> tuple[list[float], Path]:
    times = []
    target = work / "bench.duckdb"
    for _ in range(repeat):
        start = time.perf_counter()
        build.build(data_dir, target)
        times.append(time.perf_counter() - start)
    return times, target


def time_queries(db_file: Path, runs: int = 50) -> list[dict]:
    con = db.connect(db_file)
    out = []
    try:
        for name in db.list_queries():
            for params in db.example_params(name):
                for _ in range(5):
                    db.run(con, name, **params)
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    frame = db.run(con, name, **params)
                    times.append(time.perf_counter() - start)
                out.append({"query": name, "params": params, "rows": len(frame),
                            "p50": pct(times, 0.5), "p95": pct(times, 0.95)})
    finally:
        con.close()
    return out


def time_pages(db_file: Path, repeat: int) -> tuple[dict, list[dict]]:
    """Cold and warm render times of the floor page and every routed page (AppTest)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["PROBATION_DB"] = str(db_file)

    def clear():
        st.cache_data.clear()
        st.cache_resource.clear()

    with tempfile.TemporaryDirectory() as tmp:
        floor_file = Path(tmp) / "floor.py"
        floor_file.write_text('import streamlit as st\nst.write("Hello")\n')
        AppTest.from_file(str(floor_file), default_timeout=120).run()  # imports, once
        at = AppTest.from_file(str(floor_file), default_timeout=120)
        start = time.perf_counter()
        at.run()
        floor_cold = time.perf_counter() - start
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
        floor = {"cold": floor_cold, "warm": statistics.median(warm)}

    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # imports pandas, plotly…
    pages = []
    for script, url in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()  # the default page, untimed: AppTest can only switch pages after a run
        clear()
        start = time.perf_counter()
        at.switch_page(script)
        at.run()
        cold = time.perf_counter() - start
        failed = bool(at.exception)
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
        pages.append({"url": "/" + url, "script": script, "cold": cold, "warm": statistics.median(warm),
                      "error": failed})
    return floor, pages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_peak_memory(db_file: Path) -> dict:
    """Start a real server, open every route in headless Chromium, read VmHWM."""
    port = _free_port()
    env = dict(os.environ, PROBATION_DB=str(db_file))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        status = Path(f"/proc/{proc.pid}/status")
        idle = _vm(status)["VmRSS"]
        if not Path(CHROMIUM).exists():
            return {"idle": idle, "peak": None, "note": f"no Chromium at {CHROMIUM}: pages not opened"}
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for _, path in [("", ""), *PAGES]:  # "/" first, so app.py's router is in charge
                page.goto(f"{url}/{path}")
                page.wait_for_selector('[data-testid="stSidebarNavLink"]', timeout=120000)
                page.wait_for_selector('.stApp[data-test-script-state="notRunning"]', timeout=120000)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                       timeout=120000)
            browser.close()
        vm = _vm(status)
        return {"idle": idle, "peak": vm["VmHWM"], "after": vm["VmRSS"], "note": ""}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _vm(status: Path) -> dict[str, int]:
    values = {}
    for line in status.read_text().splitlines():
        if line.startswith(("VmHWM", "VmRSS")):
            key, rest = line.split(":", 1)
            values[key] = int(rest.split()[0]) * 1024
    return values


# ---- report -------------------------------------------------------------------------------

def measure(data_dir: Path, scale: int, repeat: int, work: Path) -> dict:
    print(f"\n== {'real data' if scale == 1 else f'synthetic data, {scale}x'} ==", flush=True)
    build_times, db_file = time_build(data_dir, work)
    print(f"build: {', '.join(ms(t) for t in build_times)}", flush=True)
    queries = time_queries(db_file)
    print(f"queries: {len(queries)} timed", flush=True)
    floor, pages = time_pages(db_file, repeat)
    print(f"pages: {len(pages)} rendered", flush=True)
    memory = server_peak_memory(db_file)
    print("server memory measured", flush=True)
    rows = {name: sum(1 for _ in (data_dir / name).open(encoding="utf-8")) - 1 for name in SCALED}
    return {"scale": scale, "rows": rows, "build": build_times, "queries": queries, "floor": floor,
            "pages": pages, "memory": memory}


def far(value: float, target: float) -> str:
    """How far a measure is from its target: 'met (x0.4)' or 'MISSED (x1.7)'."""
    ratio = value / target
    return f"{'met' if ratio <= 1 else 'MISSED'} ({ratio:.2f} of target)"


def report(result: dict) -> str:
    scale = result["scale"]
    title = "Real data" if scale == 1 else f"Synthetic data, {scale} times the real size"
    floor = result["floor"]
    lines = [f"### {title}", "",
             "Rows: " + ", ".join(f"{k.removesuffix('.csv')} {v:,}" for k, v in result["rows"].items()), "",
             "| Page | Cold | Warm (median) | Warm / floor | Target: warm within 3x floor |",
             "|---|---:|---:|---:|---|",
             f"| *floor: bare one-line page* | {ms(floor['cold'])} | {ms(floor['warm'])} | 1.00 | |"]
    for p in result["pages"]:
        ratio = p["warm"] / floor["warm"]
        note = " (raised an exception)" if p["error"] else ""
        lines.append(f"| `{p['url']}`{note} | {ms(p['cold'])} | {ms(p['warm'])} | {ratio:.2f} | "
                     f"{far(ratio, TARGET_RATIO)} |")
    b = statistics.median(result["build"])
    lines += ["", "| Database build | Median of 3 | Runs | Target: under 2 s |", "|---|---:|---|---|",
              f"| CSV → DuckDB | {ms(b)} | {', '.join(ms(t) for t in result['build'])} | {far(b, TARGET_BUILD)} |"]
    target = TARGET_P95.get(scale, TARGET_P95[100])
    lines += ["", f"| Query | Parameters | Rows | p50 | p95 | Target: p95 under {target * 1000:.0f} ms |",
              "|---|---|---:|---:|---:|---|"]
    for q in result["queries"]:
        params = ", ".join(f"{k}={v}" for k, v in q["params"].items()) or "—"
        lines.append(f"| `{q['query']}` | {params} | {q['rows']:,} | {ms(q['p50'])} | {ms(q['p95'])} | "
                     f"{far(q['p95'], target)} |")
    m = result["memory"]

    def mib(b):
        return f"{b / 1024 ** 2:,.0f} MiB" if b else "not measured"

    lines += ["", "| Server process | Resident at start | Peak (VmHWM) after opening every page |",
              "|---|---:|---:|", f"| `python serve.py` (the app server) | {mib(m['idle'])} | {mib(m.get('peak'))} |"]
    if m.get("note"):
        lines.append(f"\n{m['note']}")
    return "\n".join(lines) + "\n"


def scale_report(results: list[dict]) -> str:
    """Issue 16's scale target: at N times the data no page's warm run more than 2x its real-size
    time (cold runs shown beside it: a cold run reads every query once)."""
    by_scale = {r["scale"]: {p["url"]: p for p in r["pages"]} for r in results}
    if 1 not in by_scale or len(by_scale) < 2:
        return ""
    lines = []
    for scale, pages in sorted(by_scale.items()):
        if scale == 1:
            continue
        lines += [f"### {scale} times the data against the real size", "",
                  f"| Page | Warm, real | Warm, {scale}x | Ratio | Target ≤ {TARGET_SCALE:g}x | Cold, real | "
                  f"Cold, {scale}x |", "|---|---:|---:|---:|---|---:|---:|"]
        for url, big in pages.items():
            real = by_scale[1].get(url)
            if not real:
                continue
            ratio = big["warm"] / real["warm"]
            verdict = "met" if ratio <= TARGET_SCALE else f"missed by {ratio - TARGET_SCALE:.2f}x"
            lines.append(f"| `{url}` | {ms(real['warm'])} | {ms(big['warm'])} | {ratio:.2f} | {verdict} | "
                         f"{ms(real['cold'])} | {ms(big['cold'])} |")
        lines.append("")
    return "\n".join(lines)


def kept_sections() -> str:
    """The "## …" sections of bench/RESULTS.md that later benchmarks and people wrote (browser,
    anatomy, concurrency, what was changed): this benchmark rewrites only its own part above them."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    at = old.find("\n## ")
    return "\n" + old[at + 1:] if at >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Probation Ratings Explorer performance benchmark")
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 100],
                        help="data sizes to measure, as multiples of the real data (default: 1 100)")
    parser.add_argument("--repeat", type=int, default=5, help="warm page runs per page (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)

    info = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="probation-bench-") as tmp:
        work = Path(tmp)
        for scale in args.scale:
            if scale == 1:
                data_dir = ROOT / "data"
            else:
                data_dir = work / f"synthetic-{scale}x"
                data_dir.mkdir()
                make_scaled_data(ROOT / "data", data_dir, scale)
            sub = work / f"db-{scale}x"
            sub.mkdir()
            results.append(measure(data_dir, scale, args.repeat, sub))
            shutil.rmtree(sub, ignore_errors=True)

    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    head = ["# Benchmark results", "",
            f"Run {when} with `make bench` (`python bench/run.py --scale {' '.join(map(str, args.scale))} "
            f"--repeat {args.repeat}`). How each figure is measured: see the docstring of bench/run.py.", "",
            f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} memory; {info['os']}; "
            f"Python {info['python']}, Streamlit {info['streamlit']}, DuckDB {info['duckdb']}. "
            f"Load average at the start: {info['load']} (the machine is shared, so times vary).", ""]
    text = "\n".join(head) + "\n" + "\n".join(report(r) for r in results) + "\n" + scale_report(results)
    print("\n" + text)
    if not args.no_write:
        RESULTS.write_text(text + kept_sections(), encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
