"""bench/RESULTS.md is written in sections: bench/run.py writes the file, then each later
benchmark replaces only its own "## …" section, so running one benchmark alone keeps the rest."""
from __future__ import annotations

from pathlib import Path


def replace_section(results: Path, marker: str, text: str) -> None:
    """Put ``text`` (which starts with ``marker``) in place of the section under ``marker``, or at
    the end; every other section stays as it was."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if marker in old:
        before, rest = old.split(marker, 1)
        nxt = rest.find("\n## ")
        after = rest[nxt + 1:] if nxt >= 0 else ""
    else:
        before, after = old, ""
    parts = [before.rstrip() + "\n\n" if before.strip() else "", text.rstrip() + "\n"]
    if after.strip():
        parts.append("\n" + after.lstrip())
    results.write_text("".join(parts), encoding="utf-8")


def publish(results: Path, marker: str, text: str, write: bool = True) -> None:
    """Print a benchmark's section and, unless told not to, put it in bench/RESULTS.md."""
    print(text)
    if write:
        replace_section(results, marker, text)
        print(f"written to {results.name}")
