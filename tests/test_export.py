"""The one export path (explorer.export): every download is formula-safe and says what it is.

The hostile cell values below are MADE UP for these tests; the league table rows are real."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from explorer import db, export, league, ratings

ABOUT = export.About(title="League table: test view", permalink="https://example.org/league-table?period=x",
                     filters="provider: CRC", data_version="abc123def456", as_at=dt.date(2026, 12, 2),
                     last_updated="Newest publication in our data: 2025-10-28; data built 2 December 2026.")


def _shown(con):
    frame = db.run(con, "ratings_in_period", programme="crc-nps-2018")
    standards = league.framework(db.run(con, "programme_standards"), "crc-nps-2018")
    held = db.run(con, "standard_ratings_in_programme", programme="crc-nps-2018")
    table = league.build_league_table(frame, standards, held)
    cols = league.columns(standards, show_region=False, show_score=False)
    return league.download_frame(table, cols), cols


def test_export_has_the_shown_columns_sources_and_provenance(con):
    shown, cols = _shown(con)
    out = export.export_frame(shown, ABOUT)
    shown_headers = [c.header if c.header != "Source" else "Source URL" for c in cols]
    assert [c for c in out.columns if c != "Organisations sharing this rank"][: len(cols)] == shown_headers
    assert out["Source URL"].str.startswith("http").all()
    assert (out["View link"] == ABOUT.permalink).all() and (out["Filters"] == "provider: CRC").all()
    assert (out["Data version"] == "abc123def456").all() and (out["As at"] == "2026-12-02").all()
    assert out["Licence"].str.contains("Open Government").all()
    assert (out["Last updated"] == ABOUT.last_updated).all()


def test_file_name_carries_data_version_and_date():
    assert export.file_name("League CRC/2018", ABOUT, "csv") == "league-crc-2018-abc123def456-2026-12-02.csv"


def test_csv_round_trips(con):
    shown, _ = _shown(con)
    back = pd.read_csv(io.BytesIO(export.csv_bytes(shown, ABOUT)), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert back["Organisation"].tolist() == shown["Organisation"].tolist()
    assert back["Rank"].tolist() == ["" if pd.isna(r) else str(r) for r in shown["Rank"]]
    assert back["Organisations sharing this rank"].tolist() == [
        "" if pd.isna(r) else str(r) for r in shown["Organisations sharing this rank"]]


HOSTILE = pd.DataFrame({"Organisation": ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab",
                                         "\u200b=1+1", "Plain"],
                        "Score": [1, 2, -3, 4, 5, 6, 7]})


def test_formula_like_cells_are_neutralised_in_csv():
    back = pd.read_csv(io.BytesIO(export.csv_bytes(HOSTILE, ABOUT)), encoding="utf-8-sig")
    assert back["Organisation"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)",
                                             "'\tTab", "'\u200b=1+1", "Plain"]
    assert back["Score"].tolist() == [1, 2, -3, 4, 5, 6, 7]  # numbers are not text: left alone


def test_excel_has_no_formula_cell_and_an_about_sheet():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(HOSTILE, ABOUT)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    sheet = book["Data"]
    assert sheet["A2"].value == "'=HYPERLINK(\"http://x\")" and sheet["B4"].value == -3
    about = {r[0].value: r[1].value for r in book["About"].iter_rows(min_row=2)}
    assert about["Link to this view"] == ABOUT.permalink and about["Data version"] == "abc123def456"


def test_excel_rating_cells_carry_word_and_colour(con):
    shown, _ = _shown(con)
    styles = {k: (v.fill, v.text) for k, v in ratings.STYLES.items()}
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(shown, ABOUT, styles=styles)))["Data"]
    col = [c.value for c in ws[1]].index("Overall rating") + 1
    good = next(ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)
                if ws.cell(row=r, column=col).value == "Good")
    assert good.fill.fgColor.rgb.endswith("009E73")


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@x", "\tx", "\rx", "\u202e=1"])
def test_neutralise_each_formula_start(value):
    assert export.neutralise(value) == "'" + value
    assert export.neutralise("x" + value) == "x" + value



def test_last_updated_is_the_newest_publication_in_the_csv(con):
    """The "Last updated" line (Overview, downloads, citations) names the newest publication
    date in data/inspections.csv, read here straight from the file."""
    import csv
    from pathlib import Path

    with (Path(__file__).resolve().parents[1] / "data" / "inspections.csv").open(encoding="utf-8") as f:
        dates = [r["published_on"] for r in csv.DictReader(f) if r["published_on"]]
    info = db.run(con, "last_updated").iloc[0]
    assert info["newest_published"].startswith(max(dates)[:4]) and max(dates) in info["newest_published"]
