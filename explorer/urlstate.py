"""Read and validate view state from URL query parameters (no Streamlit here).

Every view's state lives in the query string so a copied link reproduces it. A bad value
never raises: the reader returns the default and a message naming the bad value and the
valid choices, which the page shows above its content.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from explorer.validate import suggest

_SAFE = re.compile(r"[^\w\-.,: ]")


def shown(value: str, limit: int = 60) -> str:
    """A URL value made safe to echo back in a message (no markup, bounded length)."""
    cleaned = _SAFE.sub("", value)[:limit]
    return cleaned + ("…" if len(value) > limit else "")


@dataclass(frozen=True)
class Read:
    value: object
    message: str | None = None


def read_choice(params: Mapping[str, str], key: str, choices: Iterable[str], default: str | None) -> Read:
    """One value from a fixed set; an unknown value falls back to ``default`` with a message."""
    choices = list(choices)
    raw = params.get(key)
    if raw is None or raw == "":
        return Read(default)
    if raw in choices:
        return Read(raw)
    listed = ", ".join(choices[:20]) + (" …" if len(choices) > 20 else "")
    hint = suggest(raw, choices)
    return Read(default, f'Unknown {key} "{shown(raw)}" in the link.{hint} Valid choices: {listed}. '
                         f"Showing {default or 'the default view'} instead.")


def read_ids(params: Mapping[str, str], key: str, known: Iterable[str], limit: int = 20) -> Read:
    """A comma-separated list of ids; unknown ids are dropped and named in the message."""
    known = list(known)
    known_set = set(known)
    raw = params.get(key) or ""
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    good = list(dict.fromkeys(i for i in ids if i in known_set))
    bad = [i for i in ids if i not in known_set]
    message = None
    if bad:
        hints = "".join(suggest(b, known) for b in bad[:3])
        message = (f"Unknown {key} in the link: {', '.join(shown(b) for b in bad[:5])}."
                   f"{hints} They were left out.")
    if len(good) > limit:
        message = (message or "") + f" Only the first {limit} are shown."
        good = good[:limit]
    return Read(good, message)


def read_int(params: Mapping[str, str], key: str, default: int, low: int, high: int) -> Read:
    """A whole number within [low, high]; anything else falls back with a message."""
    raw = params.get(key)
    if raw is None or raw == "":
        return Read(default)
    if re.fullmatch(r"-?\d{1,9}", raw) and low <= int(raw) <= high:
        return Read(int(raw))
    return Read(default, f'{key} "{shown(raw)}" in the link is not a whole number from {low} to {high}; '
                         f"using {default}.")


def read_flag(params: Mapping[str, str], key: str, default: bool) -> Read:
    """'1'/'true'/'on' or '0'/'false'/'off'."""
    raw = (params.get(key) or "").lower()
    if raw == "":
        return Read(default)
    if raw in ("1", "true", "on", "yes"):
        return Read(True)
    if raw in ("0", "false", "off", "no"):
        return Read(False)
    return Read(default, f'{key} "{shown(raw)}" in the link should be on or off; using {"on" if default else "off"}.')
