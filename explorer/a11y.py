"""Accessibility checks: which axe-core results fail the build (pure functions, no Streamlit).

The browser tests (tests/e2e/test_accessibility.py) inject axe-core from the project's own
``node_modules`` (pinned in package.json / package-lock.json, installed by ``make test``;
never downloaded at test time), run it on every route, and pass the violations here.

A serious or critical violation fails unless it is listed in the allow-list of problems that
Streamlit itself causes (tests/e2e/axe_known_streamlit.json): each entry names the axe rule,
the Streamlit component it occurs in (the ``data-testid`` of an ancestor, which is stable
across Streamlit releases, unlike its generated class names), why it is not ours to fix, and
the upstream reference. Anything inside our own HTML (``st.html`` tables, markdown) can never
be allow-listed: those components are excluded from matching.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
KNOWN_FILE = ROOT / "tests" / "e2e" / "axe_known_streamlit.json"

# WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA (axe-core's rule tags).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
BLOCKING = ("serious", "critical")

# Components whose content the project writes: a violation inside them is always ours.
PROJECT_CONTAINERS = ("stHtml", "stMarkdownContainer", "stMarkdown", "stCaptionContainer")

UPSTREAM = re.compile(r"^https://github\.com/streamlit/streamlit/(issues|pull)/\d+$")


@dataclass(frozen=True)
class Known:
    rule: str
    within: str  # data-testid of the Streamlit component the failing element sits in
    reason: str
    upstream: str


@dataclass
class Verdict:
    blocking: list[dict] = field(default_factory=list)  # serious/critical, ours: fail
    known: list[dict] = field(default_factory=list)  # serious/critical, Streamlit's, listed
    advisory: list[dict] = field(default_factory=list)  # moderate/minor: reported, not failed


def axe_version(path: Path = AXE_JS) -> str:
    """The version in the banner of axe.min.js (``/*! axe v4.14.1``)."""
    with open(path, encoding="utf-8") as fh:
        head = fh.read(200)
    match = re.search(r"axe v(\d+\.\d+\.\d+)", head)
    if not match:
        raise ValueError(f"{path} does not look like axe-core (no version banner)")
    return match.group(1)


def pinned_axe_version() -> str:
    """The axe-core version package.json pins (what ``make test`` installs)."""
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]


def load_known(path: Path = KNOWN_FILE) -> list[Known]:
    """Read and check the allow-list; a malformed entry is an error, not ignored."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    known = []
    for i, entry in enumerate(data["entries"]):
        missing = [k for k in ("rule", "within", "reason", "upstream") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {', '.join(missing)}")
        if not UPSTREAM.match(entry["upstream"]):
            raise ValueError(f"{path}: entry {i} upstream must be a Streamlit GitHub issue or pull request URL")
        if entry["within"] in PROJECT_CONTAINERS:
            raise ValueError(f"{path}: entry {i}: {entry['within']} holds the project's own content")
        known.append(Known(entry["rule"], entry["within"], entry["reason"], entry["upstream"]))
    return known


def is_known(rule: str, testids: list[str], known: list[Known]) -> Known | None:
    """The allow-list entry covering a failing element, if any.

    ``testids`` are the ``data-testid`` values of the element and its ancestors, innermost
    first. Matching stops at the first project container: our own HTML is never excused.
    """
    for testid in testids:
        if testid in PROJECT_CONTAINERS:
            return None
        for entry in known:
            if entry.rule == rule and entry.within == testid:
                return entry
    return None


def classify(violations: list[dict], known: list[Known]) -> Verdict:
    """Split axe violations (with each node's ``testids`` added) into a verdict.

    Each returned item is one failing element: rule, impact, help, target, html, and the
    allow-list entry that excused it (for ``known``).
    """
    verdict = Verdict()
    for v in violations:
        for node in v.get("nodes", []):
            impact = node.get("impact") or v.get("impact")
            item = {"rule": v["id"], "impact": impact, "help": v.get("help", ""),
                    "target": node.get("target"), "html": node.get("html", "")[:300],
                    "testids": node.get("testids", [])}
            if impact not in BLOCKING:
                verdict.advisory.append(item)
                continue
            entry = is_known(v["id"], item["testids"], known)
            if entry:
                verdict.known.append(item | {"upstream": entry.upstream})
            else:
                verdict.blocking.append(item)
    return verdict


def describe(items: list[dict]) -> str:
    """A readable list of failing elements for an assertion message."""
    return "\n".join(f"- [{i['impact']}] {i['rule']}: {i['help']}\n    at {i['target']} "
                     f"(inside {' < '.join(i['testids'][:4]) or 'page'})\n    {i['html'][:200]}" for i in items)
