"""Read what a page rendered (AppTest): every HTML table as rows of cell text, keyed by the
organisation each row links to. The consistency suite compares pages through this, so it
checks what a reader sees, not a function called twice."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse


@dataclass
class Table:
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # header -> text, plus "_org" (linked org id)

    def by_org(self) -> dict[str, dict]:
        return {r["_org"]: r for r in self.rows if r.get("_org")}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[Table] = []
        self._t: Table | None = None
        self._in = None  # caption | th | td
        self._cells: list[str] | None = None
        self._org = None
        self._text = ""
        self._head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._t = Table()
        elif self._t is None:
            return
        elif tag == "caption":
            self._in, self._text = "caption", ""
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr":
            self._cells, self._org = [], None
        elif tag in ("th", "td"):
            self._in, self._text = tag, ""
        elif tag == "a" and "area?" in (attrs.get("href") or ""):
            org = parse_qs(urlparse(attrs["href"]).query).get("org")
            if org and self._org is None:
                self._org = org[0]

    def handle_endtag(self, tag):
        if self._t is None:
            return
        if tag == "caption":
            self._t.caption, self._in = self._text.strip(), None
        elif tag in ("th", "td") and self._cells is not None:
            self._cells.append(re.sub(r"\s+", " ", self._text).strip())
            self._in = None
        elif tag == "tr" and self._cells is not None:
            if self._head:
                self._t.headers = self._cells
            else:
                row = dict(zip(self._t.headers, self._cells, strict=True))
                row["_org"] = self._org
                self._t.rows.append(row)
            self._cells = None
        elif tag == "table":
            self.tables.append(self._t)
            self._t = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def tables_of(at) -> list[Table]:
    """Every HTML table an AppTest run rendered, in page order."""
    parser = _Parser()
    for el in at.get("html"):
        parser.feed(getattr(el.proto, "body", "") or "")
    return parser.tables


SOURCE_MARK = re.compile(r"\s*[†‡]\s*\((secondary source|sources disagree)\)$")


def rating_of(cell: str | None) -> str | None:
    """A rating cell's word without its source mark ("Good † (secondary source)" → "Good")."""
    return SOURCE_MARK.sub("", cell) if isinstance(cell, str) else cell


def mark_of(cell: str | None) -> str | None:
    """A rating cell's source words ("secondary source", "sources disagree"), or None."""
    found = SOURCE_MARK.search(cell) if isinstance(cell, str) else None
    return found.group(1) if found else None
