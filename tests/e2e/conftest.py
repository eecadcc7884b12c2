"""A real Streamlit server and headless Debian Chromium for end-to-end tests.

The server fixture polls /_stcore/health; tests wait for the app to finish running
(``.stApp[data-test-script-state="notRunning"]``) instead of sleeping.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path, log_path, extra_env=None):
    """Start the app the way `make run` does (serve.py: one router from the first request)."""
    port = _free_port()
    log = open(log_path, "w")  # noqa: SIM115 — the server writes to it until stop_server closes it
    env = dict(os.environ, PROBATION_DB=str(db_path), **(extra_env or {}))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("Streamlit server did not become healthy in 60 s")
    return url, proc, log


def stop_server(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def server(built_db, tmp_path_factory):
    url, proc, log = start_server(built_db, tmp_path_factory.mktemp("server") / "streamlit.log")
    yield url
    stop_server(proc, log)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian packages chromium and chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def open_page(server, browser):
    """Open a path (with query string) and wait until the script has finished."""
    pages = []

    def _open(path: str, width: int = 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        pages.append(page)
        page.goto(server + path)
        wait_idle(page)
        return page

    yield _open
    for page in pages:
        page.close()


_SETTLED = """() => {
    // The script has finished, no element is stale, and the page's markup has stopped
    // changing for three consecutive animation-frame checks (st.html and plotly render
    // a moment after the script state flips to notRunning).
    const app = document.querySelector('.stApp');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const size = document.body.innerHTML.length;
    window.__settle = (window.__settle && window.__settle.size === size)
        ? {size, n: window.__settle.n + 1} : {size, n: 0};
    return window.__settle.n >= 3;
}"""


def wait_idle(page, timeout: float = 30000) -> None:
    """Wait until the app has finished running and its output has settled (no sleeps)."""
    page.wait_for_selector('.stApp[data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(_SETTLED, timeout=timeout, polling=100)
