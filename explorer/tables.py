"""Accessible HTML tables (pure functions, no Streamlit).

Streamlit's data grid draws on a canvas, which screen readers cannot read row by row, so
tables that matter are real ``<table>`` elements: a caption, ``<th scope="col">`` headers,
a row header, rating cells carrying their word on their colour, and links whose
accessible name says where they go. Every value is HTML-escaped.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from explorer import ratings


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | number | rating | source | area | percent | rank
    row_header: bool = False
    wide: bool = False  # long text (e.g. reasons): keep a readable width instead of a thin column
    strength: str = ""  # rating columns: the key of the column holding that rating's confidence
    minor: bool = False  # hidden on narrow screens (under 40rem); downloads always carry it


def strength_col(key: str) -> str:
    """Where a wide frame keeps the confidence of the rating in column ``key``."""
    return "conf:" + key


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def source_link(url, label: str = "source", about: str = "") -> str:
    """A link to a source; a citation that is not an address is shown as text."""
    if is_blank(url):
        return '<span class="muted">no source</span>'
    if not is_url(url):
        return f'<span title="citation without an address">{html.escape(str(url))}</span>'
    name = f"{label} for {about}" if about else label
    return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer" '
            f'aria-label="{html.escape(name, quote=True)} (opens in a new tab)">{html.escape(label)}</a>')


def area_link(org_id: str, name: str) -> str:
    return f'<a href="area?org={quote(str(org_id))}" target="_self">{html.escape(str(name))}</a>'


def rating_cell(value, missing_label: str = ratings.NOT_PUBLISHED, confidence=None, extra: str = "") -> str:
    label = missing_label if is_blank(value) else str(value)
    s = ratings.style(label)
    cls = "rating state" if label in ratings.STATES or label not in ratings.RATINGS else "rating"
    cls += f" {extra}" if extra else ""
    mark = ratings.source_mark(label, confidence)
    # the mark is seen; its words are read out (a bare "†" means nothing to a screen reader)
    after = (f' <span aria-hidden="true" title="{html.escape(mark[1])}">{mark[0]}</span>'
             f'<span class="visually-hidden"> ({html.escape(mark[1])})</span>') if mark else ""
    return (f'<td class="{cls}" style="background:{s.fill};color:{s.text}">'
            f'{html.escape(label)}{after}</td>')


def strength_marks(frame: pd.DataFrame, cols: list[Col]) -> list[str]:
    """The source marks that ``cols`` put on ``frame``'s cells, in legend order."""
    used = set()
    for c in cols:
        if c.kind == "rating" and c.strength and c.strength in frame and c.key in frame:
            used |= {conf for r, conf in zip(frame[c.key], frame[c.strength], strict=True)
                     if ratings.source_mark(r, conf)}
    return [k for k in ratings.SOURCE_MARKS if k in used]


def strength_legend(frame: pd.DataFrame, cols: list[Col]) -> str:
    """One line saying what the marks in this table mean (empty when there are none)."""
    return " · ".join(f"{ratings.SOURCE_MARKS[k][0]} {ratings.SOURCE_MARKS[k][2]}"
                      for k in strength_marks(frame, cols))


def source_strength(frame: pd.DataFrame, cols: list[Col]) -> list[str]:
    """Per row, in words, which shown ratings are not from HMIP's own text: the downloads'
    "Source strength" column (so a spreadsheet carries what the marks say on screen)."""
    marked = [(c.header, frame[c.key].tolist(), frame[c.strength].tolist())
              for c in cols if c.kind == "rating" and c.strength and c.strength in frame]
    out = []
    for i in range(len(frame)):
        parts: dict[str, list[str]] = {}
        rated = False
        for header, values, strengths in marked:
            rated = rated or ratings.rating_rank(values[i]) is not None
            mark = ratings.source_mark(values[i], strengths[i])
            if mark:
                parts.setdefault(mark[1], []).append(header)
        out.append("; ".join(f"{words}: {', '.join(headers)}" for words, headers in parts.items())
                   or ("HMIP's own text" if rated else ""))
    return out


def shown_frame(frame: pd.DataFrame, cols: list[Col]) -> pd.DataFrame:
    """The table as shown, with the shown headers, for downloads (explorer.export then adds the
    link, filters, data version and date, and neutralises formula-like cells). Rating columns
    with a source strength add a "Source strength" column saying which ratings are secondary."""
    out = pd.DataFrame({c.header: frame[c.key].tolist() for c in cols})
    if "Source" in out:
        out = out.rename(columns={"Source": "Source URL"})
    if any(c.kind == "rating" and c.strength and c.strength in frame for c in cols):
        out["Source strength"] = source_strength(frame, cols)
    return out


def _cell(col: Col, row: pd.Series, missing_label: str, about_key: str = "name") -> str:
    value = row.get(col.key)
    if col.kind == "rating":
        return rating_cell(value, missing_label, row.get(col.strength) if col.strength else None,
                           "minor" if col.minor else "")
    if col.kind == "source":
        # The link's accessible name says whose source it is ("source for Essex CRC"), from
        # the row's name or, failing that, its row header (WCAG 2.4.4, link purpose).
        subject = row.get("name") if not is_blank(row.get("name")) else row.get(about_key)
        about = "" if is_blank(subject) else str(subject)
        minor = ' class="minor"' if col.minor else ""
        return f"<td{minor}>{source_link(value, about=about)}</td>"
    if col.kind == "area":
        content = area_link(row.get("org_id"), value) if not is_blank(row.get("org_id")) else html.escape(str(value))
    elif is_blank(value):
        content = '<span class="muted">—</span>'
    elif col.kind == "number":
        content = f"{value:,.0f}" if isinstance(value, (int, float)) else html.escape(str(value))
    elif col.kind == "percent":
        content = f"{value:.0f}%"
    elif col.kind == "rank":  # "=7 (21 share this rank)": the rank on one line, the tie's size below it
        rank, _, share = str(value).partition(" ")
        content = f'<span class="rank">{html.escape(rank)}</span>' + (
            f'<br><span class="muted share">{html.escape(share)}</span>' if share else "")
    else:
        content = html.escape(str(value))
    tag = 'th scope="row"' if col.row_header else "td"
    end = "th" if col.row_header else "td"
    classes = " ".join(c for c, on in (("num", col.kind in ("number", "percent")), ("wide", col.wide),
                                        ("minor", col.minor)) if on)
    align = f' class="{classes}"' if classes else ""
    return f"<{tag}{align}>{content}</{end}>"


TABLE_CSS = """
<style>
.pre-table-wrap{overflow:auto;max-width:100%;margin-bottom:1rem;position:relative}
.pre-table-wrap.tall{max-height:75vh}
.pre-table thead th{position:sticky;top:0;z-index:2;box-shadow:inset 0 -1px 0 #B1B4B6}
.pre-table th[scope=row]{position:sticky;left:0;z-index:1;min-width:8rem;max-width:40vw;
  box-shadow:inset -1px 0 0 #B1B4B6}
.pre-table thead th.row-head{left:0;z-index:3}
.pre-table thead th a{color:#1A1A1A;text-decoration:underline}
.pre-table thead th[aria-sort]::after{content:" \\25BC";font-size:0.8em}
.pre-table thead th a:focus-visible,.pre-table-wrap:focus-visible{outline:3px solid #1D4ED8;outline-offset:-3px}
.pre-table{border-collapse:collapse;font-size:0.95rem;min-width:100%}
.pre-table caption{text-align:left;font-weight:600;padding:0.25rem 0;caption-side:top;color:#1A1A1A}
.pre-table th,.pre-table td{border:1px solid #B1B4B6;padding:0.3rem 0.5rem;vertical-align:top;text-align:left}
.pre-table thead th{background:#F3F2F1;color:#1A1A1A}
.pre-table th[scope=row]{font-weight:600;background:#FFFFFF;color:#1A1A1A}
.pre-table td.wide{min-width:min(30rem,75vw)}
.pre-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.pre-table td.rating{font-weight:600;white-space:nowrap}
.pre-table td.state{font-weight:400;font-style:italic;border-style:dashed}
.pre-table a{color:#1D4ED8;text-decoration:underline}
.pre-table .muted{color:#505A5F}
.pre-table .rank{white-space:nowrap;font-variant-numeric:tabular-nums}
.pre-table .share{font-size:0.8rem;white-space:nowrap}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.pre-table-note{font-size:0.875rem;color:#505A5F;margin:-0.5rem 0 1rem}
.narrow-only{display:none}
@media (max-width:40rem){.pre-table .minor{display:none}.narrow-only{display:block}}
</style>
"""


def _head(col: Col, sort_links: dict[str, str], sorted_by: str | None) -> str:
    """A column header; a sortable one is a link to the same view sorted by it (keyboard and
    screen-reader friendly, no script), and the sorted one says so with aria-sort."""
    classes = " ".join(c for c, on in (("row-head", col.row_header), ("minor", col.minor)) if on)
    attrs = f' class="{classes}"' if classes else ""
    label = html.escape(col.header)
    if col.key == sorted_by:
        attrs += ' aria-sort="descending"'  # drawn as " ▼" by the style sheet
    if col.key in sort_links:
        label = (f'<a href="{html.escape(sort_links[col.key], quote=True)}" target="_self" '
                 f'title="Sort by {html.escape(col.header, quote=True)}, best first">{label}</a>')
    return f'<th scope="col"{attrs}>{label}</th>'


TALL_ROWS = 20  # a table longer than this scrolls in a box with its header and names kept in view


def html_table(frame: pd.DataFrame, cols: list[Col], caption: str,
               missing_label: str = ratings.NOT_PUBLISHED, table_id: str = "",
               sort_links: tuple = (), sorted_by: str | None = None) -> str:
    """Render ``frame`` as an accessible HTML table. The header row and the name column stay in
    view while it scrolls; a long table scrolls inside a box; ``sort_links`` ((column key, link)
    pairs) make those headers links that sort the view; ``minor`` columns hide on a phone."""
    links = dict(sort_links)
    head = "".join(_head(c, links, sorted_by) for c in cols)
    about_key = next((c.key for c in cols if c.row_header), "name")
    body = "".join(
        "<tr>" + "".join(_cell(c, row, missing_label, about_key) for c in cols) + "</tr>"
        for _, row in frame.iterrows()
    )
    ident = f' id="{html.escape(table_id, quote=True)}"' if table_id else ""
    legend = strength_legend(frame, cols)
    note = f'<p class="pre-table-note">{html.escape(legend)}</p>' if legend else ""
    hidden = [c.header for c in cols if c.minor]
    if hidden:
        note += (f'<p class="pre-table-note narrow-only">On a narrow screen this table leaves out '
                 f'{html.escape(", ".join(hidden))}; the download has every column.</p>')
    tall = " tall" if len(frame) > TALL_ROWS else ""
    return (f'{TABLE_CSS}<div class="pre-table-wrap{tall}" role="region" tabindex="0" '
            f'aria-label="{html.escape(caption, quote=True)}">'
            f'<table class="pre-table"{ident}><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}")
