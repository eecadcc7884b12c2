"""The one module below the pages that imports Streamlit: caching, URL-bound widgets,
messages and downloads, so pages stay thin (read URL → query → frame → figure + table)."""
from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from explorer import config, db, urlstate
from explorer.tables import Col, html_table


# Plotly's toolbar without the vendor logo; charts resize with the page.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


# ---- data -------------------------------------------------------------------------------

def _db_version() -> tuple[str, float]:
    """Path and modification time of the database: part of every cache key, so a rebuilt
    database (e.g. after an import) is picked up without restarting the server."""
    path = config.db_path()
    return str(path), path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False, max_entries=2)  # old versions are let go after a rebuild
def _connection(path: str, mtime: float):
    return db.connect(path, read_only=True)


def _require_db() -> tuple[str, float]:
    """The database version, or a clear message (and stop) when it has not been built."""
    version = _db_version()
    if not version[1]:
        st.error("The ratings database has not been built yet. Run `make run` (or "
                 "`python -m explorer.build`) and reload this page.")
        st.stop()
    return version


@st.cache_data(show_spinner=False, max_entries=512)
def _query(version: tuple[str, float], name: str, params: tuple) -> pd.DataFrame:
    return db.run(_connection(*version), name, **dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query through the result cache. st.cache_data hands back a fresh copy on
    every call, so callers may modify the frame."""
    return _query(_require_db(), name, tuple(sorted(params.items())))


@st.cache_data(show_spinner=False, max_entries=512)
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


def clear_caches() -> None:
    """Forget cached connections and results (after the database is rebuilt)."""
    _query.clear()
    _derived.clear()
    _html.clear()
    _connection.clear()


# ---- URL-bound widgets -------------------------------------------------------------------

def warn(message: str | None) -> None:
    if message:
        st.warning(message, icon=":material/warning:")


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
    choice = where.selectbox(label, values, index=values.index(read.value), format_func=options.get,
                             key=f"url_{key}", help=help)
    set_param(key, choice, default)
    return choice


def multiselect_param(label: str, key: str, options: dict[str, str], *, default: list[str] | None = None,
                      limit: int = 20, help: str | None = None, container=None) -> list[str]:
    """A multiselect whose values live in the URL as a comma-separated list."""
    where = container or st
    read = urlstate.read_ids(st.query_params, key, list(options), limit=limit)
    warn(read.message)
    chosen = read.value if (read.value or key in st.query_params) else (default or [])
    picked = where.multiselect(label, list(options), default=chosen, format_func=options.get,
                               key=f"url_{key}", help=help, max_selections=limit)
    set_param(key, picked, default or [])
    return picked


# ---- output ------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=256)
def _html(frame: pd.DataFrame, cols: tuple[Col, ...], caption: str, kwargs: tuple) -> str:
    return html_table(frame, list(cols), caption, **dict(kwargs))


def table(frame: pd.DataFrame, cols: list[Col], caption: str, **kwargs) -> None:
    """An accessible HTML table (see explorer.tables); the markup is cached per frame."""
    st.html(_html(frame, tuple(cols), caption, tuple(sorted(kwargs.items()))))


def empty(message: str) -> None:
    """An honest empty state: what is missing and what to try."""
    st.info(message, icon=":material/info:")


def coming(what: str, issue: int) -> None:
    st.info(f"**Coming soon.** {what} This page is being built (issue #{issue}); "
            "until then nothing here is shown rather than anything made up.", icon=":material/construction:")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for download, UTF-8 with a byte-order mark so spreadsheet programs read accents."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def download_csv(frame: pd.DataFrame, filename: str, label: str = "Download CSV") -> None:
    """A CSV download; the bytes are cached per frame, so reruns do not rebuild them."""
    st.download_button(label, derived(csv_bytes, frame), file_name=filename, mime="text/csv",
                       key=f"dl_{filename}", icon=":material/download:")


def source_note() -> None:
    st.caption("Ratings: HM Inspectorate of Probation, reused under the Open Government Licence v3.0. "
               "Every row links to its source; see Methods for coverage and caveats.")

