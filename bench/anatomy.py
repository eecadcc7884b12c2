"""Where the time goes (``make bench``): what each page sends to the browser, measured before
changing code. For every page of the mix: the server's run time (websocket, warm), how many
elements it draws, how many of them are figures and HTML tables and how many bytes each kind
puts on the wire, and in Chromium the page's height and the number of DOM nodes after it settles.
A page that sends megabytes of figure JSON or tens of thousands of DOM nodes is slow in the
browser however fast its queries are. Writes its section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.browser import start  # noqa: E402
from bench.concurrency import MIX  # noqa: E402
from bench.sections import publish  # noqa: E402
from deploy.wsclient import Session  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_idle  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
MARK = "## Where the time goes"


async def server_side(base: str, repeat: int) -> dict:
    session = Session(base)
    await session.open()
    out = {}
    try:
        for page, query in MIX:
            runs = [await session.run_page(page, query) for _ in range(repeat + 1)][1:]  # first run warms
            out[(page, query)] = (statistics.median(r.seconds for r in runs), runs[-1])
    finally:
        await session.close()
    return out


def in_browser(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path, query in MIX:
            page.goto(f"{base}/{path}" + (f"?{query}" if query else ""))
            wait_idle(page, 60000)
            out[(path, query)] = page.evaluate("""() => {
                const main = document.querySelector('[data-testid="stMain"]');
                return {height: main ? main.scrollHeight : document.body.scrollHeight,
                        nodes: document.querySelectorAll('*').length,
                        svg: document.querySelectorAll('.js-plotly-plot svg *').length};
            }""")
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    base, server = start([sys.executable, str(ROOT / "serve.py")])
    try:
        runs = asyncio.run(server_side(base, args.repeat))
        dom = in_browser(base) if Path(CHROMIUM).exists() else {}
    finally:
        server.terminate()
    lines = [MARK, "", f"Run {dt.datetime.now():%Y-%m-%d %H:%M} with `python bench/anatomy.py`: per page state, the "
             f"server's warm run time over its websocket (median of {args.repeat}), what the run sends, and the page "
             "in Chromium at 1280 px once settled.", "",
             "| Page | Run | Elements | Figures (KB) | HTML blocks (KB) | All sent (KB) | Page height | DOM nodes "
             "| Figure SVG nodes |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (page, query), (seconds, run) in runs.items():
        fig = run.kinds.get("plotly_chart", [0, 0])
        html = run.kinds.get("html", [0, 0])
        d = dom.get((page, query), {})
        lines.append(f"| `/{page}{'?' + query if query else ''}` | {seconds * 1000:.0f} ms | {run.elements} | "
                     f"{fig[0]} ({fig[1] / 1024:.0f}) | {html[0]} ({html[1] / 1024:.0f}) | "
                     f"{run.wire_bytes / 1024:.0f} | "
                     f"{d.get('height', '—')} px | {d.get('nodes', '—')} | {d.get('svg', '—')} |")
    text = "\n".join(lines) + "\n"
    publish(RESULTS, MARK, text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
