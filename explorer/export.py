"""One export path for every download (pure functions, no Streamlit).

Every file a person downloads goes through :func:`export_frame` and then :func:`csv_bytes` or
:func:`xlsx_bytes`, so every download, CSV and Excel alike:

* is safe to open in a spreadsheet: a text cell that a spreadsheet would run as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, after any invisible
  characters) gets a leading apostrophe, and Excel cells are written as text, never formulas;
* says what it is: the view's permalink, its filters, the data version and the as-at date,
  on every row of a CSV (so it stays one rectangular, machine-readable table) and on the
  "About" sheet of a workbook, and in the file name.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pandas as pd

from explorer.validate import FORMULA_START  # one rule with the validation
from explorer.validate import INVISIBLE as _INVISIBLE

LICENCE = ("Ratings: HM Inspectorate of Probation, reused under the Open Government Licence v3.0; "
           "compiled by Probation Ratings Explorer. Each row cites its source.")


@dataclasses.dataclass(frozen=True)
class About:
    """What a download is: where it came from and which data it holds."""
    title: str
    permalink: str
    filters: str
    data_version: str
    as_at: dt.date
    last_updated: str = ""  # newest publication in our data and the build date, in words

    def rows(self) -> list[tuple[str, str]]:
        return [("Table", self.title), ("Link to this view", self.permalink), ("Filters", self.filters),
                ("Data version", self.data_version), ("Last updated", self.last_updated),
                ("As at", self.as_at.isoformat()), ("Source and licence", LICENCE)]


def is_formula(value) -> bool:
    """Whether a spreadsheet would treat this text cell as a formula."""
    return isinstance(value, str) and _INVISIBLE.sub("", value).startswith(FORMULA_START)


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if is_formula(value) else value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def file_name(stem: str, about: About, ext: str) -> str:
    """``<stem>-<data version>-<as-at date>.<ext>``: a saved file says which data it holds."""
    safe = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "download"
    return f"{safe}-{about.data_version}-{about.as_at.isoformat()}.{ext}"


def export_frame(frame: pd.DataFrame, about: About) -> pd.DataFrame:
    """The table with its provenance on every row (link, filters, data version, as-at date)."""
    out = frame.reset_index(drop=True).copy()
    for key, value in (("View link", about.permalink), ("Filters", about.filters),
                       ("Data version", about.data_version), ("Last updated", about.last_updated),
                       ("As at", about.as_at.isoformat()),
                       ("Licence", LICENCE)):
        if key not in out.columns:
            out[key] = value
    return out


def csv_bytes(frame: pd.DataFrame, about: About) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheets then read accents), formulas neutralised."""
    buf = io.StringIO()
    neutralised(export_frame(frame, about)).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, about: About, sheet: str = "Data", styles: dict | None = None) -> bytes:
    """An .xlsx workbook: the table (every text cell written as text, never a formula; rating
    cells coloured where ``styles`` maps a cell's word to (fill, text) hex colours, the word
    always shown) and an "About" sheet saying what it is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    data = neutralised(frame.reset_index(drop=True))
    ws.append([str(c) for c in data.columns])
    for row in data.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it starts like a formula
                if styles and cell.value in styles:
                    fill, text = styles[cell.value]
                    cell.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
                    cell.font = Font(color=text.lstrip("#"))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    ws.freeze_panes = "B2"
    info = wb.create_sheet("About")
    info.append(["Item", "Value"])
    for key, value in about.rows():
        info.append([key, neutralise(value)])
    for cells in info.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
