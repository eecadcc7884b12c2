"""The one module below the pages that imports Streamlit: caching, URL-bound widgets,
messages and downloads, so pages stay thin (read URL → query → frame → figure + table)."""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import re
import threading
from collections.abc import Callable
from urllib.parse import urlencode

import duckdb
import pandas as pd
import streamlit as st

from explorer import config, db, export, ratings, urlstate
from explorer.tables import Col, html_table

# Plotly's toolbar without the vendor logo; charts resize with the page.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


# ---- data -------------------------------------------------------------------------------

def _db_version() -> tuple[str, int, int]:
    """Path, inode and modification time (ns) of the database file: part of every cache key.
    A rebuild by any process (import, undo, ``make db``) swaps in a new file, so the inode and
    time change and every page reads the new build within one rerun."""
    path = config.db_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return str(path), 0, 0
    return str(path), st_.st_ino, st_.st_mtime_ns


class _Connections:
    """The one open read-only connection, for the current database file only.

    DuckDB keeps one database instance per path while any connection to it is open, so a
    new ``connect`` to a path whose file was replaced would return the *old* instance (the
    deleted file). The old connection is therefore closed before the new one is opened."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._con = None

    def get(self, version):
        with self._lock:
            if version != self._version or self._con is None:
                if self._con is not None:
                    self._con.close()
                self._con = db.connect(version[0], read_only=True)
                self._version = version
            return self._con

    def close(self):
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._version = None, None


@st.cache_resource(show_spinner=False)
def _connections() -> _Connections:
    return _Connections()


def _require_db() -> tuple[str, int, int]:
    """The database version, or a clear message (and stop) when it has not been built."""
    version = _db_version()
    if not version[1]:
        st.error("The ratings data is being prepared and is not available yet. Please try again in a "
                 "few minutes.")
        st.stop()
    return version


def frame_key(frame: pd.DataFrame) -> bytes:
    """The cache key of a frame: a digest of its pickle. Streamlit's own frame hash took 3-5 ms
    for a 150-row table, a few times on every rerun (bench/RESULTS.md, "Where the time goes");
    this takes a fifth of that. Equal pickles mean equal frames, so a key never mixes two tables
    (equal frames with unequal pickles would only miss the cache)."""
    return hashlib.md5(pickle.dumps(frame, protocol=5), usedforsecurity=False).digest()


FAST_KEYS = {pd.DataFrame: frame_key}


@st.cache_data(show_spinner=False, max_entries=512)
def _query(version: tuple[str, int, int], name: str, params: tuple) -> pd.DataFrame:
    try:
        return db.run(_connections().get(version), name, **dict(params))
    except duckdb.ConnectionException:
        # another session's rerun replaced the connection mid-query: run once more on the new one
        return db.run(_connections().get(_db_version()), name, **dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query through the result cache. st.cache_data hands back a fresh copy on
    every call, so callers may modify the frame."""
    return _query(_require_db(), name, tuple(sorted(params.items())))


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=FAST_KEYS)
def _derived(version: tuple[str, float], key: str, _fn, args: tuple, kwargs: tuple):
    return _fn(*args, **dict(kwargs))


def derived(fn, *args, **kwargs):
    """Call a pure function of query results once per database version and arguments.

    Every Streamlit rerun runs the page top to bottom; tables, figures and downloads that
    only depend on the data and the view's settings are computed once and reused.
    ``fn`` must be a module-level function (its qualified name is part of the key).
    """
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _derived(_db_version(), key, fn, args, tuple(sorted(kwargs.items())))


def session_id() -> str:
    """A short id of this browser session for log lines (never shown on a page)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        ctx = get_script_run_ctx()
        return ctx.session_id[:8] if ctx else "none"
    except Exception:
        return "unknown"


def clear_caches() -> None:
    """Forget cached connections and results (after the database is rebuilt)."""
    _query.clear()
    _derived.clear()
    _html.clear()
    _connections().close()


def policy(setting: str) -> tuple[int, str]:
    """One of the tool's settings (data/policy.csv): its value and the reason for it."""
    row = query("policy").set_index("setting").loc[setting]
    return int(row["value"]), str(row["reason"])


def build() -> dict:
    """The build this server is serving: data version, build time (a dict from build_info)."""
    info = query("build_info")
    return info.iloc[0].to_dict() if not info.empty else {"data_version": "unknown", "built_at": None}


def last_updated() -> str:
    """"Newest publication in our data: …; built …": on the Overview, in every download and citation."""
    info = query("last_updated")
    if info.empty:
        return "Not known (the database has no build record)."
    row = info.iloc[0]
    newest = row["newest_published"] if isinstance(row["newest_published"], str) else "none"
    return f"Newest publication in our data: {newest}; data built {pd.Timestamp(row['built_at']):%-d %B %Y}."


def build_note() -> str:
    """"Data version … built …": shown on every page, so a reader can tell which build they see."""
    info = build()
    built = pd.Timestamp(info["built_at"]).strftime("%-d %B %Y") if info.get("built_at") is not None else "unknown"
    return f"Data version {info['data_version']}, built {built}."


# ---- URL-bound widgets -------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>!|~#$:@])")
_WWW = re.compile(r"(?i)\b(www)\.")


def escape_md(text) -> str:
    """Text made inert for st.markdown and every other Markdown-rendering element: the
    characters that make links, images, HTML, directives and emphasis are backslash-escaped,
    and so are the ":" of "http://" and the "." of "www." and the "@" of an e-mail address
    (which GitHub-flavoured Markdown would otherwise turn into links). The one helper for
    echoing values from a URL or a CSV."""
    return _WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", str(text)))


def warn(message: str | None) -> None:
    """A warning whose text is shown exactly as written (escaped: never read as Markdown)."""
    if message:
        st.warning(escape_md(message), icon=":material/warning:")


def set_param(key: str, value, default=None) -> None:
    """Write a value into the URL (dropping it when it equals the default)."""
    if value is None or value == default or value == [] or value == "":
        if key in st.query_params:
            del st.query_params[key]
    elif isinstance(value, (list, tuple)):
        st.query_params[key] = ",".join(str(v) for v in value)
    elif isinstance(value, bool):
        st.query_params[key] = "on" if value else "off"
    else:
        st.query_params[key] = str(value)


def select_param(label: str, key: str, options: dict[str, str], default: str, *,
                 help: str | None = None, container=None) -> str:
    """A selectbox whose value lives in the URL query string under ``key``."""
    where = container or st
    read = urlstate.read_choice(st.query_params, key, list(options), default)
    warn(read.message)
    values = list(options)
    # "contains", not Streamlit's fuzzy default: typing "Dorset" lists only names with "Dorset" in them
    choice = where.selectbox(label, values, index=values.index(read.value), format_func=options.get,
                             key=f"url_{key}", help=help, filter_mode="contains")
    set_param(key, choice, default)
    return choice


def multiselect_param(label: str, key: str, options: dict[str, str], *, default: list[str] | None = None,
                      limit: int = 20, help: str | None = None, container=None) -> list[str]:
    """A multiselect whose values live in the URL as a comma-separated list."""
    where = container or st
    read = urlstate.read_ids(st.query_params, key, list(options), limit=limit)
    warn(read.message)
    chosen = read.value if (read.value or key in st.query_params) else (default or [])
    # no "Select N matches" bulk action (Enter after typing chose it and filled the picker with
    # unrelated names), and "contains" matching rather than fuzzy
    picked = where.multiselect(label, list(options), default=chosen, format_func=options.get,
                               key=f"url_{key}", help=help, max_selections=limit,
                               filter_mode="contains", select_all=False)
    set_param(key, picked, default or [])
    return picked


def text_param(label: str, key: str, *, placeholder: str = "", help: str | None = None,
               container=None, max_chars: int = 60) -> str:
    """A text box whose (trimmed) value lives in the URL under ``key``."""
    where = container or st
    text = where.text_input(label, value=st.query_params.get(key, "")[:max_chars], key=f"url_{key}",
                            max_chars=max_chars, placeholder=placeholder, help=help)
    set_param(key, text.strip(), "")
    return text.strip()


# ---- output ------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=FAST_KEYS)
def _html(frame: pd.DataFrame, cols: tuple[Col, ...], caption: str, kwargs: tuple) -> str:
    return html_table(frame, list(cols), caption, **dict(kwargs))


def table(frame: pd.DataFrame, cols: list[Col], caption: str, **kwargs) -> None:
    """An accessible HTML table (see explorer.tables); the markup is cached per frame."""
    st.html(_html(frame, tuple(cols), caption, tuple(sorted(kwargs.items()))))


# Rows of a table of organisations shown at once (league table, follow-up list). All of the real
# data fits on one page (the longest list has 112 PDUs); with much more data a table comes a page
# at a time, so one page never sends thousands of rows to the browser. The download has every row.
ORGS_PER_PAGE = 200


def paged(frame: pd.DataFrame, key: str, size: int = 25, noun: str = "rows") -> pd.DataFrame:
    """One page of a long table, chosen by a select box kept in the URL (``<key>_page``): the
    page stays short and light, and the full table is in its download. Short tables pass through."""
    pages = max(1, -(-len(frame) // size))
    if pages == 1:
        return frame
    options = {str(i + 1): f"{noun.capitalize()} {i * size + 1}–{min(len(frame), (i + 1) * size)} of {len(frame)}"
               for i in range(pages)}
    chosen = int(select_param(f"Show {noun}", f"{key}_page", options, "1",
                              help="A long table is shown a page at a time; the download has every row."))
    return frame.iloc[(chosen - 1) * size:chosen * size]


def known_gaps(programme: str | None = None) -> None:
    """Results HMIP's own publications count that our data does not (or may not) hold, as gaps:
    never filled in. One renderer, used by Overview and Methods, so both say the same."""
    gaps = query("known_gaps", programme=programme)
    if gaps.empty:
        return
    st.subheader("Known but missing")
    for row in gaps.itertuples():
        held = (f"our data holds **{row.held_count}** of them, so **{row.missing}** "
                f"{'is' if row.missing == 1 else 'are'} missing" if pd.notna(row.held_count)
                else "how many of them our data holds could not be established")
        st.markdown(f"- **{escape_md(row.period)}**: HMIP counted **{row.published_count}** "
                    f"{escape_md(row.provider_label)} inspections ({escape_md(row.published_detail)}); {held}. "
                    f"{escape_md(row.held_basis or '')} [Source of the count]({row.source_url}) "
                    f"({escape_md(row.confidence)}; {escape_md(row.note or '')})")
    st.caption("These results are shown as gaps: no rating is filled in for an organisation we cannot name.")


def empty(message: str) -> None:
    """An honest empty state: what is missing and what to try."""
    st.info(message, icon=":material/info:")


# ---- downloads: one export path ----------------------------------------------------------

def current_path() -> str:
    """The current page's URL path ("" for the Overview), set by app.py's router."""
    return st.session_state.get("_page_path", "")


def view_link(**changes) -> str:
    """A relative link to this view with some URL parameters changed (None removes one): for
    links inside tables, such as sortable headers."""
    params = {k: st.query_params[k] for k in st.query_params} | {k: v for k, v in changes.items() if v is not None}
    params = {k: v for k, v in params.items() if k not in changes or changes[k] is not None}
    return "?" + urlencode(dict(sorted(params.items())))


def site_base() -> str:
    """The public address of the site: ``PROBATION_PUBLIC_URL`` when set, else the scheme and
    host the visitor used (st.context.url also carries the page's path, which is not the base)
    and any base path the server is mounted under."""
    import os
    from urllib.parse import urlsplit

    public = os.environ.get("PROBATION_PUBLIC_URL")
    if public:
        return public.rstrip("/")
    seen = urlsplit(st.context.url or "")
    mount = (st.get_option("server.baseUrlPath") or "").strip("/")
    return (f"{seen.scheme}://{seen.netloc}" if seen.netloc else "") + (f"/{mount}" if mount else "")


def permalink() -> str:
    """The link to exactly this view: the site's address, the page's path and every URL parameter."""
    path = current_path()
    query_string = urlencode({k: st.query_params[k] for k in sorted(st.query_params)})
    return f"{site_base()}/{path}" + (f"?{query_string}" if query_string else "")


def about(title: str, filters: str = "none") -> export.About:
    """What a download from this view is: its title, link, filters, data version and date."""
    return export.About(title=title, permalink=permalink(), filters=filters,
                        data_version=str(build().get("data_version", "unknown")), as_at=dt.date.today(),
                        last_updated=last_updated())


def download(frame: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, label: str = "Download CSV", *,
             title: str | None = None, filters: str = "none", excel: bool = False) -> None:
    """Every download goes through here: formula-safe, saying what it is (link, filters, data
    version, as-at date) in the file and its name; CSV, and Excel when ``excel``.

    The file is made when someone presses the button, not on every rerun (Streamlit runs a
    callable ``data`` then): building CSV and Excel bytes for every table on every run was the
    largest cost of the league table at 100 times the data (bench/RESULTS.md). ``frame`` may
    itself be a callable, so the table as downloaded is also made only then."""
    info = about(title or label, filters)  # now, while the view's link and filters are known
    table = frame if callable(frame) else (lambda: frame)
    cols = st.columns(2) if excel else [st]
    cols[0].download_button(label, lambda: export.csv_bytes(table(), info),
                            file_name=export.file_name(stem, info, "csv"), on_click="ignore",
                            mime="text/csv", key=f"dl_{stem}", icon=":material/download:",
                            help="Each row also carries the link to this view, its filters, the data version and date.")
    if excel:
        styles = {k: (v.fill, v.text) for k, v in ratings.STYLES.items()}
        cols[1].download_button(label.replace("CSV", "Excel"), lambda: export.xlsx_bytes(table(), info, styles=styles),
                                file_name=export.file_name(stem, info, "xlsx"), on_click="ignore",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                key=f"dl_xlsx_{stem}", icon=":material/download:",
                                help="The table, with an About sheet (link, filters, data version, licence).")


def download_csv(frame: pd.DataFrame | Callable[[], pd.DataFrame], filename: str, label: str = "Download CSV") -> None:
    """A CSV download of ``frame`` through the one export path (``filename`` gives the stem)."""
    download(frame, filename.removesuffix(".csv"), label)


def citation(title: str, link: str, today: dt.date | None = None) -> str:
    """How to cite this view: what it is, which data (version, newest publication, build), the
    permalink and the date it was seen."""
    today = today or dt.date.today()
    return (f"Probation Ratings Explorer, “{title}”. Ratings published by HM Inspectorate of Probation, "
            f"Open Government Licence v3.0. Data version {build().get('data_version', 'unknown')}. "
            f"{last_updated()} {link} (accessed {today:%-d %B %Y}).")


_SHARE_SCRIPT = """<script>
(function () {
  if (window.__pretShare) return;
  window.__pretShare = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var text = button.getAttribute("data-copy");
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    var done = function (ok) {
      if (status) status.textContent = ok ? button.getAttribute("data-done") : "Select the text and copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {  // plain http: the older copy command
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      var ok = false; try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area); done(ok);
    }
  });
})();
</script>"""

_SHARE_CSS = """<style>
.pret-share{display:flex;flex-wrap:wrap;gap:0.5rem;align-items:flex-start;font-size:0.9rem}
.pret-share button,.pret-share summary{font:inherit;color:#1A1A1A;background:#FFFFFF;border:1px solid #505A5F;
  border-radius:0.4rem;padding:0.25rem 0.75rem;cursor:pointer;min-height:24px}
.pret-share button:focus-visible,.pret-share summary:focus-visible{outline:3px solid #1D4ED8;outline-offset:2px}
.pret-share details{max-width:48rem}
.pret-share summary{display:inline-block}
.pret-share summary::before{content:"\\25B8  "}
.pret-share details[open] summary::before{content:"\\25BE  "}
.pret-share details[open] summary{margin-bottom:0.4rem}
.pret-share .cite-text{margin:0 0 0.4rem;color:#1A1A1A;overflow-wrap:anywhere}
.pret-share .copy-status{color:#1A1A1A;margin:0;align-self:center}
</style>"""


_run = threading.local()  # per script run (one thread runs it top to bottom): where share() draws


def share_slot_here() -> None:
    """Leave room here for the share and cite controls (app.py, above every page)."""
    _run.share_slot = st.container()


def share() -> None:
    """"Copy link" and "Cite this" for the view as it is now (every URL parameter included),
    drawn where app.py left room at the top of the page. Called at the end of each page's run,
    after the page has written its state to the URL, so the link is never one step behind."""
    import html as _html

    link = permalink()
    title = st.session_state.get("_page_title", "Probation Ratings Explorer")
    cite = citation(title, link)
    markup = (
        f'{_SHARE_CSS}<div class="pret-share" role="group" aria-label="Share or cite this view">'
        f'<button type="button" data-copy="{_html.escape(link, quote=True)}" data-done="Link copied."'
        f' aria-describedby="pret-copy-status">Copy link</button>'
        f'<details><summary>Cite this</summary>'
        f'<p class="cite-text" id="pret-cite">{_html.escape(cite)}</p>'
        f'<button type="button" data-copy="{_html.escape(cite, quote=True)}" data-done="Citation copied."'
        f' aria-describedby="pret-copy-status">Copy citation</button></details>'
        f'<p class="copy-status" id="pret-copy-status" role="status" aria-live="polite"></p></div>'
        f"{_SHARE_SCRIPT}")
    slot, _run.share_slot = getattr(_run, "share_slot", None), None  # one use per run
    (slot or st).html(markup, unsafe_allow_javascript=True)


def source_note() -> None:
    """The closing line of every page, and its share and cite controls."""
    share()
    st.caption("Ratings: HM Inspectorate of Probation, reused under the Open Government Licence v3.0. "
               "Every row links to its source; see Methods for coverage and caveats.")

