"""The locks: `make run` installs no test tool, every pin carries a hash, and each lock holds
what its .in file asks for."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_TOOLS = {"pytest", "playwright", "pluggy", "iniconfig", "greenlet", "pygments", "ruff", "sqlfluff"}


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    entries = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n\s+--hash=sha256:([0-9a-f]{64})", text, re.M)
    plain = [line for line in text.splitlines() if "==" in line]
    assert len(entries) == len(plain), f"{name}: every pin needs a sha256 hash"
    return {n.lower(): v for n, v, _ in entries}


def _direct(name: str) -> set[str]:
    return {line.strip().lower() for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.startswith(("#", "-r"))}


def test_the_runtime_lock_has_no_test_tools_and_holds_every_direct_requirement():
    runtime = _pins("requirements.txt")
    assert not TEST_TOOLS & set(runtime)
    assert _direct("requirements.in") <= set(runtime)


def test_the_test_lock_adds_the_test_tools_to_the_runtime_lock():
    dev = _pins("requirements-dev.txt")
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert _direct("requirements-dev.in") <= set(dev)
    assert not set(dev) & set(_pins("requirements.txt"))  # each package pinned once
