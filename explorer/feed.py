"""What changed: new and changed ratings since a date, and an Atom feed of the newest ratings
(pure functions, no Streamlit).

Two kinds of event, each from its own record: HMIP *published* a rating (the inspection's
``published_on``, whose precision varies: day, month or year), and a rating was *added to our
data* by an import (data/import_log.csv, written by explorer.imports). A date known only to the
month or year counts as "since" a date only when the whole period falls on or after it; the
others are counted separately ("may be since"), never silently dropped or guessed.

The feed (RFC 4287 Atom) is written by the build to static/feed.xml, which Streamlit serves at
/app/static/feed.xml. Links are relative to the feed's address (../../area?org=…), so they work
wherever the app is hosted; PROBATION_PUBLIC_URL, if set, makes them absolute.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from explorer import config, db

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.justiceinspectorates.gov.uk/hmiprobation/#ratings-explorer")
FEED_URL_PATH = "app/static/feed.xml"  # where Streamlit serves static/feed.xml
PUBLIC_URL_ENV = "PROBATION_PUBLIC_URL"
CHANGE_WORDS = {"improved": "improved from", "declined": "declined from", "same": "unchanged from"}


def feed_path() -> Path:
    """static/feed.xml beside app.py (the only folder Streamlit's static serving serves)."""
    return config.ROOT / "static" / "feed.xml"


# ---- events -------------------------------------------------------------------------------

def period_end(published_on: str | None) -> dt.date | None:
    """Last day of a YYYY, YYYY-MM or YYYY-MM-DD period; None when blank."""
    if not isinstance(published_on, str) or not published_on:
        return None
    parts = published_on.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 12, 31)
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))
    return dt.date.fromisoformat(published_on)


def period_start(published_on: str | None) -> dt.date | None:
    if not isinstance(published_on, str) or not published_on:
        return None
    parts = published_on.split("-")
    return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def imported_inspections(log: list[dict[str, str]]) -> dict[str, dt.datetime]:
    """Inspection id → when its row (or one of its standard ratings) was last added by an import
    that has not been undone, from the import log's rows (explorer.imports.read_log)."""
    added: dict[str, dt.datetime] = {}
    for row in log:
        if row.get("action") != "import" or row.get("undone_by"):
            continue
        if row.get("table_name") not in ("inspections", "standard_ratings"):
            continue
        try:
            at = dt.datetime.fromisoformat(row["at"])
            keys = json.loads(row.get("row_keys") or "[]")
        except (KeyError, ValueError):
            continue
        for key in keys:
            if key:
                inspection = str(key[0])
                if inspection not in added or at > added[inspection]:
                    added[inspection] = at
    return added


def changes_since(ratings: pd.DataFrame, log: list[dict[str, str]],
                  since: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rated inspections new since ``since``: (certain, maybe).

    ``ratings`` is the query rating_changes. Certain: published on or after ``since`` (the whole
    published period, for month or year dates), or added to our data by an import since then.
    Maybe: a month or year date whose period spans ``since`` (it may have been published since).
    Both gain ``event`` (what happened, in words), ``event_date`` and ``added_at``."""
    added = imported_inspections(log)
    frame = ratings.copy()
    frame["added_at"] = frame["inspection_id"].map(lambda i: added.get(i))
    starts = frame["published_on"].map(period_start)
    ends = frame["published_on"].map(period_end)
    published_since = starts.map(lambda d: d is not None and d >= since)
    added_since = frame["added_at"].map(lambda a: a is not None and not pd.isna(a) and a.date() >= since)
    spans = [s is not None and e is not None and s < since <= e for s, e in zip(starts, ends, strict=True)]
    certain = frame[published_since | added_since].copy()
    maybe = frame[pd.Series(spans, index=frame.index) & ~(published_since | added_since)].copy()
    for part in (certain, maybe):
        part["event"] = [event_words(r) for _, r in part.iterrows()]
    certain = certain.sort_values(["published_date", "inspection_id"], ascending=[False, True], na_position="last")
    return certain.reset_index(drop=True), maybe.reset_index(drop=True)


def event_words(row) -> str:
    """'Rated Good (first in our data)' / 'Rated Inadequate, declined from Good'."""
    rating = row["overall_rating"]
    change = row.get("change")
    previous = row.get("previous_rating")
    if change in CHANGE_WORDS and isinstance(previous, str):
        text = f"Rated {rating}, {CHANGE_WORDS[change]} {previous}"
    else:
        text = f"Rated {rating} (first rating in our data)"
    added = row.get("added_at")
    if added is not None and not pd.isna(added):
        text += f"; added to our data {pd.Timestamp(added):%d %B %Y}"
    return text


def published_words(published_on, precision) -> str:
    if not isinstance(published_on, str) or not published_on:
        return "publication date not in our data"
    if precision == "year":
        return f"published {published_on} (only the year is in our data)"
    if precision == "year_from_address":
        return f"published {published_on} (only the year, read from the report's web address)"
    if precision == "month":
        return f"published {dt.date.fromisoformat(published_on + '-01'):%B %Y} (only the month is in our data)"
    return f"published {dt.date.fromisoformat(published_on):%d %B %Y}"


# ---- the Atom feed ---------------------------------------------------------------------------

def _when(value) -> dt.datetime:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.to_pydatetime()


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(inspection_id: str) -> str:
    """A permanent id for a rating's entry (a name-based UUID URN, RFC 4122)."""
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'inspection/' + inspection_id)}"


def feed_entries(ratings: pd.DataFrame, log: list[dict[str, str]], limit: int = FEED_ENTRIES) -> pd.DataFrame:
    """The newest ratings for the feed: those with a publication date or an import time,
    newest first by the later of the two; ``updated`` is that moment."""
    added = imported_inspections(log)
    frame = ratings.copy()
    frame["added_at"] = frame["inspection_id"].map(lambda i: added.get(i))
    updated = []
    for _, row in frame.iterrows():
        times = []
        if not pd.isna(row.get("published_date")) and row.get("published_date") is not None:
            times.append(_when(row["published_date"]))
        if row["added_at"] is not None and not pd.isna(row["added_at"]):
            times.append(_when(row["added_at"]))
        updated.append(max(times) if times else None)
    frame["updated"] = updated
    frame = frame[frame["updated"].notna()]
    frame = frame.sort_values(["updated", "inspection_id"], ascending=[False, True]).head(limit)
    return frame.reset_index(drop=True)


def _link(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path}" if base else f"../../{path}"


def atom_xml(entries: pd.DataFrame, *, version: str, built_at: dt.datetime, base: str = "") -> bytes:
    """An Atom 1.0 document of ``entries`` (from feed_entries)."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed')}")
    sub(feed, "title", "Probation inspection ratings: newest in our data")
    sub(feed, "subtitle", "New ratings of probation services in England and Wales published by HM Inspectorate "
                          f"of Probation, newest first (data version {version}). Ratings whose publication date "
                          "is not in our data are not listed.")
    newest = entries["updated"].max() if not entries.empty else None
    sub(feed, "updated", _stamp(newest if newest is not None else _when(built_at)))
    author = sub(feed, "author")
    sub(author, "name", "Probation Ratings Explorer")
    sub(feed, "link", rel="self", href=_link(base, FEED_URL_PATH) if base else "feed.xml",
        type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=_link(base, ""), type="text/html")
    sub(feed, "rights", "Ratings: HM Inspectorate of Probation, Open Government Licence v3.0")
    for _, row in entries.iterrows():
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(row["inspection_id"]))
        sub(entry, "title", f"{row['org_name']}: {row['overall_rating']}")
        sub(entry, "updated", _stamp(row["updated"]))
        sub(entry, "link", rel="alternate", type="text/html",
            href=_link(base, f"area?org={quote(str(row['org_id']))}"), title="Area profile")
        if isinstance(row.get("source_url"), str) and row["source_url"].startswith(("http://", "https://")):
            sub(entry, "link", rel="related", href=row["source_url"], title="Source")
        summary = (f"{event_words(row)}. {row['provider_label']}; {row['programme_name']}; "
                   f"{published_words(row['published_on'], row['published_precision'])}. "
                   f"Source: {row['source_url']}")
        sub(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def build_feed(db_path: Path | str, data_dir: Path | str | None = None, base: str | None = None) -> bytes:
    """The feed document for the database at ``db_path`` and the import log in ``data_dir``."""
    from explorer.imports import read_log  # imports builds the database too: import here, not at load

    con = db.connect(db_path, read_only=True)
    try:
        ratings = db.run(con, "rating_changes")
        info = db.run(con, "build_info").iloc[0]
    finally:
        con.close()
    log = read_log(data_dir or config.data_dir())
    base = os.environ.get(PUBLIC_URL_ENV, "") if base is None else base
    return atom_xml(feed_entries(ratings, log), version=str(info["data_version"]),
                    built_at=pd.Timestamp(info["built_at"]).to_pydatetime(), base=base)


def write_feed(db_path: Path | str, target: Path | str | None = None, data_dir: Path | str | None = None) -> Path:
    """Write the feed atomically (a reader never sees half a file)."""
    target = Path(target or feed_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    body = build_feed(db_path, data_dir)
    fd, tmp = tempfile.mkstemp(prefix=".feed.", suffix=".xml", dir=target.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    os.chmod(tmp, 0o644)  # a public file: readable by the web server
    os.replace(tmp, target)
    return target


def after_build(db_path: Path | str, data_dir: Path | str | None = None) -> Path | None:
    """Build step: rewrite static/feed.xml when the app's own database was rebuilt (builds of
    other files, e.g. by tests or benchmarks, leave it alone). A failure is reported, never fatal:
    the database is already in place and the app works without the feed."""
    if Path(db_path).resolve() != config.db_path().resolve():
        return None
    try:
        return write_feed(db_path, data_dir=data_dir)
    except Exception as err:
        print(f"feed not written: {err}", file=sys.stderr)
        return None


def feed_state(path: Path | str | None, version: str) -> str:
    """'current', 'stale' (built from another data version) or 'missing'."""
    path = Path(path or feed_path())
    if not path.exists():
        return "missing"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return "missing"
    return "current" if f"data version {version}" in text else "stale"


# ---- the "since" URL parameter -----------------------------------------------------------------

def default_since(ratings: pd.DataFrame) -> dt.date:
    """Six months before the newest publication date in our data (a day-precise one if any)."""
    days = ratings.loc[ratings["published_precision"] == "day", "published_date"].dropna()
    newest = pd.Timestamp(days.max()).date() if not days.empty else dt.date.today()
    return newest - dt.timedelta(days=182)


def read_since(value: str | None, default: dt.date) -> tuple[dt.date, str | None]:
    """The ``since`` URL value (YYYY-MM-DD) or the default, with a message when it is not a date."""
    if not value:
        return default, None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]), None
    except ValueError:
        shown = str(value)[:40]
        return default, (f"“{shown}” in the address is not a date (use YYYY-MM-DD, e.g. 2025-01-31); "
                         f"showing changes since {default:%d %B %Y}.")
