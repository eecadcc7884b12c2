"""Drive Streamlit sessions at the websocket level, as a browser's script runner would, without
a browser: connect to ``/_stcore/stream``, ask for a page, and wait until the server says the
run finished. One browser per session would measure the browsers (they share the machine's
cores); this measures the server. Used by the scale-out test (tests/test_scale_out.py) and the
concurrency benchmark (bench/concurrency.py). Loopback only; nothing here touches the network.
"""
from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
            ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Run:
    """One script run as the server reported it."""
    page: str
    seconds: float
    ok: bool
    exception: str | None = None
    elements: int = 0
    kinds: dict = field(default_factory=dict)  # element type -> [count, bytes on the wire]
    wire_bytes: int = 0


@dataclass
class Session:
    """One websocket session through ``base`` (the app or a load balancer in front of it).

    The first HTTP request picks up any cookie the load balancer sets (its session affinity),
    and every later request of the session sends it back, as a browser would."""
    base: str
    cookie: str = ""
    ws: websockets.ClientConnection | None = None
    runs: list[Run] = field(default_factory=list)

    async def open(self, timeout: float = 30) -> None:
        self.cookie = await asyncio.to_thread(_first_visit, self.base)
        parts = urlsplit(self.base)
        headers = {"Origin": f"{parts.scheme}://{parts.netloc}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.ws = await websockets.connect(
            f"ws://{parts.netloc}/_stcore/stream", subprotocols=["streamlit"],
            additional_headers=headers, max_size=None, open_timeout=timeout)

    async def run_page(self, page: str, query: str = "", timeout: float = 60) -> Run:
        """Ask for ``page`` (its URL path, "" for Overview) and wait for the run to finish."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(page, 0.0, False)
        deadline = started + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.perf_counter()))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            run.wire_bytes += len(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                run.elements += 1
                element = fwd.delta.WhichOneof("type")
                if element == "new_element":
                    element = fwd.delta.new_element.WhichOneof("type")
                tally = run.kinds.setdefault(element or "other", [0, 0])
                tally[0] += 1
                tally[1] += len(raw)
                if fwd.delta.new_element.WhichOneof("type") == "exception":
                    run.exception = fwd.delta.new_element.exception.message or "exception"
            elif kind == "page_not_found":
                run.exception = f"page not found: {page}"
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue
                run.seconds = time.perf_counter() - started
                run.ok = fwd.script_finished in FINISHED and run.exception is None
                self.runs.append(run)
                return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _first_visit(base: str) -> str:
    """GET the page as a browser's first visit would; return the cookies it was given."""
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


def healthy(base: str, timeout: float = 2) -> bool:
    """Whether ``base`` answers Streamlit's own health check."""
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False
