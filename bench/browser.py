"""Browser benchmark (``make bench``; never part of ``make test``): what people feel, in Debian's
headless Chromium, as ratios to a bare Streamlit app (bench/bare_app.py) served by the same
Streamlit on the same machine in the same run.

Measured, each the median of ``--repeat`` samples (default 5):
* fresh load: a new browser context (empty cache and session) opens the page's URL; time until
  the app is idle (script finished, no stale element, markup unchanged for three frames: the
  end-to-end tests' own wait_idle);
* in-session switch: from an open session, click the page's link in the sidebar, until idle;
* filter change: on the league table, choose another "Overall rating"; the bare app's select box;
* area picker: on /area, choose an organisation (target: at most 1 s, absolute).
Targets: fresh load and switch ≤ 1.5× the bare page, filter change ≤ 1.5× the bare select.
The section it writes into bench/RESULTS.md says each target met or missed, and by how much.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_idle  # noqa: E402  the tests' own idle rule

RESULTS = ROOT / "bench" / "RESULTS.md"
MARK = "## In the browser"
TARGET = 1.5


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict | None = None) -> tuple[str, subprocess.Popen]:
    port = _port()
    proc = subprocess.Popen([*command, "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=ROOT, env=dict(os.environ, **(env or {})),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return url, proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"server {' '.join(command)} did not start")


def pages() -> list[tuple[str, str]]:
    """(title, path) of every page, from the router in app.py."""
    app = (ROOT / "app.py").read_text()
    return [(t, "/" + p) for t, p in re.findall(r'title="([^"]+)"[^)]*url_path="([^"]*)"', app)]


def timed(action, page) -> float:
    start_ = time.perf_counter()
    action()
    wait_idle(page, timeout=120000)
    return time.perf_counter() - start_


# Cleared before an in-session action. wait_idle counts animation-frame checks with unchanged
# markup in window.__settle; left over from the last wait, a settled page reads as settled again
# the moment the click lands (the bare page switch once measured 95 ms: the click, not the
# switch). Cleared, the action is timed by the same rule as a fresh load: idle only after the
# run it started has changed the page and the markup has then held still.
_CLEAR = "() => { window.__settle = null; }"


def timed_rerun(action, page) -> float:
    """Time from an in-session action to the app idle after the run it started."""
    page.evaluate(_CLEAR)
    return timed(action, page)


CHARTED: set[str] = set()  # URLs whose page drew a Plotly chart (seen by fresh_load)


def fresh_load(browser, url: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        samples.append(timed(lambda page=page: page.goto(url), page))
        if page.locator('[data-testid="stPlotlyChart"]').count():
            CHARTED.add(url)
        context.close()
    return statistics.median(samples)


RESOURCES = "() => performance.getEntriesByType('resource').map(r => [r.name, r.decodedBodySize, r.duration])"


def extra_scripts(browser, base: str, plain: str, with_chart: str) -> tuple[float, float]:
    """What a page with a chart loads that a plain page does not, on a fresh visit: (KB of
    script, ms the slowest of those took to arrive), from the browser's resource timeline."""
    seen = {}
    for path in (plain, with_chart):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + path)
        wait_idle(page, timeout=120000)
        seen[path] = {name.split("?")[0]: (size, ms) for name, size, ms in page.evaluate(RESOURCES)
                      if name.split("?")[0].endswith(".js")}
        context.close()
    extra = [v for k, v in seen[with_chart].items() if k not in seen[plain]]
    return sum(size for size, _ in extra) / 1024, max((ms for _, ms in extra), default=0.0)


def switch_sample(page, base: str, start_path: str, link: str) -> float:
    """One in-session switch: open ``start_path``, wait for idle, then time a sidebar link."""
    page.goto(base + start_path)
    wait_idle(page, timeout=120000)
    target = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True)
    return timed_rerun(target.click, page)


def switch(browser, base: str, start_path: str, link: str, repeat: int) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    samples = [switch_sample(page, base, start_path, link) for _ in range(repeat)]
    context.close()
    return statistics.median(samples)


def choose(browser, url: str, label: str, options: list[str], repeat: int) -> float:
    """Open ``url``, then pick options of the select box ``label`` in turn, timing each pick."""
    samples = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    wait_idle(page, timeout=120000)
    for i in range(repeat):
        option = options[i % len(options)]
        page.get_by_label(label, exact=True).click()
        page.keyboard.type(option[:12])  # as a person searches a long list
        choice = page.get_by_role("option").filter(has_text=option).first
        samples.append(timed_rerun(choice.click, page))
    context.close()
    return statistics.median(samples)


def paired(ours, bare, repeat: int) -> tuple[float, float]:
    """Medians of ``repeat`` samples of one of our actions and of the bare page's same action,
    taken in turn. This machine is shared and its speed drifts over a run (a later page once
    read 1.7x slower than the bare page measured minutes before it, on an unchanged page):
    taken in turn, each ratio compares times from the same minutes."""
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(ours())
        theirs.append(bare())
    return statistics.median(mine), statistics.median(theirs)


def verdict(ratio: float, target: float = TARGET) -> str:
    return (f"met ({ratio:.2f}× ≤ {target}×)" if ratio <= target
            else f"missed by {ratio - target:.2f}× ({ratio:.2f}× > {target}×)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: browser benchmark skipped")
        return 0
    from playwright.sync_api import sync_playwright

    load = os.getloadavg()
    app_url, app = start([sys.executable, str(ROOT / "serve.py")])
    bare_url, bare = start([sys.executable, "-m", "streamlit", "run", str(ROOT / "bench" / "bare_app.py")])
    rows, lines = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for url in (app_url, bare_url):  # warm both servers: first runs compile and cache
                fresh_load(browser, url + "/", 1)
            bare_load = fresh_load(browser, bare_url + "/", args.repeat)
            bare_switch = switch(browser, bare_url, "/", "Second", args.repeat)
            chart_load = fresh_load(browser, bare_url + "/chart", args.repeat)
            chart_switch = switch(browser, bare_url, "/", "Chart", args.repeat)
            chart_js_kb, chart_js_ms = extra_scripts(browser, bare_url, "/", "/chart")
            for title, path in pages():
                load_s, bare_l = paired(lambda path=path: fresh_load(browser, app_url + path, 1),
                                        lambda: fresh_load(browser, bare_url + "/", 1), args.repeat)
                start_path = "/methods" if path == "/" else "/"
                # one session each, as a person switches pages in one tab: the first switch to a
                # charted page fetches the chart script, later ones have it (the median keeps those)
                ours_ctx, bare_ctx = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in "ab")
                ours_tab, bare_tab = ours_ctx.new_page(), bare_ctx.new_page()
                switch_s, bare_s = paired(lambda title=title, start_path=start_path, tab=ours_tab:
                                          switch_sample(tab, app_url, start_path, title),
                                          lambda tab=bare_tab: switch_sample(tab, bare_url, "/", "Second"),
                                          args.repeat)
                ours_ctx.close()
                bare_ctx.close()
                rows.append((title, path, load_s, bare_l, switch_s, bare_s))
            bare_pick = choose(browser, bare_url + "/", "Choose", ["Two", "Three", "One"], args.repeat)
            filter_s = choose(browser, app_url + "/league-table?period=crc-nps-2018", "Overall rating",
                              ["Good", "Requires improvement", "All ratings"], args.repeat)
            area_s = choose(browser, app_url + "/area?org=crc-c03", "Organisation (type to search)",
                            ["Durham Tees Valley CRC", "Essex CRC"], args.repeat)
            browser.close()
    finally:
        for proc in (app, bare):
            proc.terminate()
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines += [MARK, "",
              f"Run {when} with `python bench/browser.py --repeat {args.repeat}`, Debian Chromium headless, "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start ({os.cpu_count()} cores, shared). "
              f"Bare Streamlit app: fresh load {bare_load * 1000:.0f} ms, page switch {bare_switch * 1000:.0f} ms, "
              f"select change {bare_pick * 1000:.0f} ms (medians of {args.repeat}). Each page's ratio is to the bare "
              "page's same action sampled in turn with it (see `paired`), so drift in the machine's speed over "
              "the run cancels; the bare times in the table are those paired samples.", "",
              f"The same bare app with one small Plotly chart and nothing else: fresh load {chart_load * 1000:.0f} ms "
              f"(**{chart_load / bare_load:.2f}×** the bare page), page switch {chart_switch * 1000:.0f} ms "
              f"(**{chart_switch / bare_switch:.2f}×**). A fresh visit to a page with a chart fetches and starts "
              f"{chart_js_kb:,.0f} KB more script (the slowest part arrived after {chart_js_ms:.0f} ms): that is "
              "the floor of every page below that draws a chart, before any of our own work.", "",
              "| Page | Fresh load | Bare, paired | × bare | Target ≤ 1.5× | × bare chart page | In-session switch "
              "| Bare, paired | × bare | Target ≤ 1.5× | × bare chart page |",
              "|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|"]
    chart_x_load, chart_x_switch = chart_load / bare_load, chart_switch / bare_switch
    for title, path, load_s, bare_l, switch_s, bare_s in rows:
        charted = app_url + path in CHARTED
        load_x, switch_x = load_s / bare_l, switch_s / bare_s
        # against the bare chart page: our ratio over the chart page's own, each to a bare page of its minutes
        chart_x = (f"{load_x / chart_x_load:.2f}", f"{switch_x / chart_x_switch:.2f}") if charted else ("no chart",) * 2
        lines.append(f"| {title} (`{path}`) | {load_s * 1000:.0f} ms | {bare_l * 1000:.0f} ms | {load_x:.2f} | "
                     f"{verdict(load_x)} | {chart_x[0]} | {switch_s * 1000:.0f} ms | {bare_s * 1000:.0f} ms | "
                     f"{switch_x:.2f} | {verdict(switch_x)} | {chart_x[1]} |")
    charted_rows = [((r[2] / r[3]) / chart_x_load, (r[4] / r[5]) / chart_x_switch) for r in rows
                    if app_url + r[1] in CHARTED]
    if charted_rows:
        lines += ["", f"Pages that draw a chart, against the bare chart page: fresh load at most "
                      f"{max(a for a, _ in charted_rows):.2f}×, switch at most {max(b for _, b in charted_rows):.2f}× "
                      f"({'within' if max(max(a, b) for a, b in charted_rows) <= TARGET else 'not all within'} "
                      f"{TARGET}× of Streamlit with Plotly)."]
    lines += ["", f"- Filter change (league table, overall rating): {filter_s * 1000:.0f} ms, "
                  f"{filter_s / bare_pick:.2f}× the bare select: {verdict(filter_s / bare_pick)}.",
              f"- Picking an organisation on the area profile: {area_s * 1000:.0f} ms: "
              + ("met (≤ 1 s)" if area_s <= 1 else f"missed by {area_s - 1:.2f} s (target ≤ 1 s)") + ".", ""]
    text = "\n".join(lines)
    from bench.sections import publish

    publish(RESULTS, MARK, text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
