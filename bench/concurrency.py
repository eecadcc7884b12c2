"""Concurrency benchmark (``make bench``; never part of ``make test``): many people at once.

One app server (serve.py, as ``make run`` starts it) on loopback; sessions are driven at the
websocket level (deploy/wsclient.py), because one browser per session would measure the
browsers, which share the same cores as the server.

1. Single session: one session opens pages from the same mix, one after another, after a
   warm-up round; its p95 run time is the reference.
2. Concurrent: ``--sessions`` (default 20) sessions, each opening a random page of the mix every
   ``--every`` seconds (default 5) for ``--seconds`` (default 60), started a little apart.
   Counted: runs, errors (an exception element, a page not found, a time-out or a dropped
   connection), p50 and p95 run time.
3. Scale-out (when nginx is installed; ``--processes 1`` skips it): the same concurrent load
   against ``--processes`` (default 2) app processes behind nginx, as ``make scale`` runs them
   (deploy/cluster.py), to show what the deployment answer to one process's limit buys.
Target: 0 errors and concurrent p95 ≤ 2× the single session's p95. Bounded in sessions and time,
loopback only. Writes its section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.browser import start  # noqa: E402  the same server start as the browser benchmark
from bench.sections import publish  # noqa: E402
from deploy.cluster import Cluster, ClusterError  # noqa: E402
from deploy.wsclient import Session  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
DB = Path(os.environ.get("PROBATION_DB", ROOT / "data" / "probation.duckdb"))
MARK = "## Many sessions at once"
TARGET = 2.0
# the page mix: every page, and the URL states people share (page path, query string)
MIX = [("", ""), ("league-table", ""), ("league-table", "period=crc-nps-2019&provider=crc"), ("map", ""),
       ("area", "org=pdu-n54cle"), ("area", "place=Brighton"), ("compare", ""), ("trends", ""),
       ("follow-up", ""), ("prison-work", ""), ("methods", ""), ("data", "")]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def single(base: str, rounds: int) -> list[float]:
    session = Session(base)
    await session.open()
    try:
        for page, query in MIX:  # warm-up: first runs compile, connect and fill the caches
            await session.run_page(page, query)
        times = []
        for _ in range(rounds):
            for page, query in random.sample(MIX, len(MIX)):
                run = await session.run_page(page, query)
                times.append(run.seconds)
        return times
    finally:
        await session.close()


async def one_user(base: str, seconds: float, every: float, delay: float, rng: random.Random) -> tuple[list, list]:
    await asyncio.sleep(delay)
    times, errors = [], []
    session = Session(base)
    try:
        await session.open()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            started = time.perf_counter()
            page, query = rng.choice(MIX)
            try:
                run = await session.run_page(page, query)
            except TimeoutError:
                errors.append(f"/{page}?{query}: timed out")
                break
            times.append(run.seconds)
            if not run.ok:
                errors.append(f"/{page}?{query}: {run.exception or 'did not finish'}")
            await asyncio.sleep(max(0.0, every - (time.perf_counter() - started)))
    except Exception as err:  # a dropped or refused connection counts as an error, and is named
        errors.append(f"session: {type(err).__name__}: {err}")
    finally:
        await session.close()
    return times, errors


async def concurrent(base: str, sessions: int, seconds: float, every: float) -> tuple[list[float], list[str]]:
    rng = random.Random(20261203)
    results = await asyncio.gather(*(one_user(base, seconds, every, i * every / sessions, random.Random(rng.random()))
                                     for i in range(sessions)))
    times = [t for ts, _ in results for t in ts]
    errors = [e for _, es in results for e in es]
    return times, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--every", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the page mix for the single session")
    parser.add_argument("--processes", type=int, default=2,
                        help="app processes behind nginx for the scale-out row (1 skips it)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    args.sessions = max(1, min(args.sessions, 50))  # bounded: this is a benchmark, not a load test
    args.seconds = max(5.0, min(args.seconds, 300.0))
    load = os.getloadavg()
    base, server = start([sys.executable, str(ROOT / "serve.py")])
    try:
        alone = asyncio.run(single(base, args.rounds))
        together, errors = asyncio.run(concurrent(base, args.sessions, args.seconds, args.every))
    finally:
        server.terminate()
        server.wait(timeout=15)
    scaled, scaled_errors, scaled_note = [], [], ""
    if args.processes > 1:
        try:
            with Cluster(DB, processes=min(args.processes, 4)) as cluster:
                scaled, scaled_errors = asyncio.run(concurrent(cluster.url, args.sessions, args.seconds, args.every))
        except ClusterError as why:
            scaled_note = f"Scale-out row not run: {why}"
    ref, got = p95(alone), p95(together) if together else float("nan")
    ratio = got / ref if together else float("inf")
    verdict = ("met" if ratio <= TARGET and not errors else "missed") + (
        f" ({ratio:.2f}× the single session's p95, target ≤ {TARGET}×; {len(errors)} errors, target 0)")
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [MARK, "",
             f"Run {when} with `python bench/concurrency.py --sessions {args.sessions} --seconds {args.seconds:.0f} "
             f"--every {args.every:g}`: one server (serve.py) on loopback, sessions driven over its websocket "
             f"(deploy/wsclient.py), each opening a random page of a mix of {len(MIX)} page states every "
             f"{args.every:g} s. Load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
             f"({os.cpu_count()} cores, shared).", "",
             "| | Runs | p50 | p95 | Errors |", "|---|---:|---:|---:|---:|",
             f"| One session alone | {len(alone)} | {statistics.median(alone) * 1000:.0f} ms | "
             f"{ref * 1000:.0f} ms | 0 |",
             f"| {args.sessions} sessions at once | {len(together)} | "
             + (f"{statistics.median(together) * 1000:.0f} ms | {got * 1000:.0f} ms" if together else "— | —")
             + f" | {len(errors)} |",
             *([f"| {args.sessions} sessions at once, {min(args.processes, 4)} processes behind nginx | "
                f"{len(scaled)} | {statistics.median(scaled) * 1000:.0f} ms | {p95(scaled) * 1000:.0f} ms "
                f"({p95(scaled) / ref:.2f}× one session's) | {len(scaled_errors)} |"] if scaled else []), "",
             *([scaled_note, ""] if scaled_note else []),
             f"Target (0 errors, p95 ≤ {TARGET}× one session's): **{verdict}**.", ""]
    if errors or scaled_errors:
        lines += ["Errors (first 10):", "", *[f"- {e}" for e in (errors + scaled_errors)[:10]], ""]
    text = "\n".join(lines)
    publish(RESULTS, MARK, text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
