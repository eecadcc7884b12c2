"""A corpus of bad upload files for the import tests. MADE UP FOR TESTS ONLY.

Every file here is generated in memory from one made-up "good" row per table (ids starting
``test-``/``T9``, source ``https://example.org/made-up-for-tests``), each with exactly one
defect, plus the message the import must give for it. Nothing here is real data and none of
it is ever written to the repository's data/ folder: the tests import into a tmp copy.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import openpyxl

from explorer.validate import SPECS

MADE_UP_URL = "https://example.org/made-up-for-tests"


@dataclass(frozen=True)
class Case:
    name: str
    table: str
    file_name: str
    raw: bytes
    expected: str  # a phrase the problem report must contain
    row: int | None = None  # the upload row the problem must name, where it is about one row


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def good_rows(data_dir) -> dict[str, dict[str, str]]:
    """One made-up row per table that passes every check against the data in ``data_dir``."""
    read = lambda f: _rows((data_dir / f).read_text(encoding="utf-8-sig"))  # noqa: E731
    inspections, orgs = read("inspections.csv"), read("organisations.csv")
    taken = {r["org_id"] for r in inspections if r["programme"] == "pdu-2023"}
    org = sorted(o["org_id"] for o in orgs if o["org_type"] == "pdu" and o["org_id"] not in taken)[0]
    std = read("standard_ratings.csv")
    prog_std = read("programme_standards.csv")
    have = {(r["inspection_id"], r["standard"]) for r in std}
    pair = next((i["inspection_id"], p["standard"], p["standard_name"])
                for i in inspections for p in prog_std
                if p["programme_id"] == i["programme"] and (i["inspection_id"], p["standard"]) not in have
                and (not p["applies_to"] or p["applies_to"] == "pdu") and i["programme"] == "pdu-2023")
    return {
        "inspections": {
            "inspection_id": "test-made-up-1", "org_id": org, "programme": "pdu-2023",
            "name_in_source": "Made-up PDU (test only)", "fieldwork_start": "2024-10", "published_on": "2025-01-15",
            "overall_rating": "Good", "total_score": "", "max_score": "", "cases_inspected": "",
            "source_url": MADE_UP_URL, "confidence": "verified", "date_basis": "", "note": ""},
        "standard_ratings": {
            "inspection_id": pair[0], "standard": pair[1], "standard_name": pair[2], "rating": "Good",
            "source_url": MADE_UP_URL, "confidence": "verified", "note": "made up for tests"},
        "findings": {
            "finding_id": "T9001", "inspection_id": pair[0], "organisation": "Made-up PDU (test only)",
            "level": "PDU", "period": "2024-10", "topic": "assessment",
            "measure": "cases with sufficient assessment (made up for tests)", "value": "50",
            "unit": "percent", "denominator_n": "20", "source_url": MADE_UP_URL, "confidence": "verified"},
    }


def to_csv(rows: list[dict], columns=None, encoding: str = "utf-8") -> bytes:
    columns = columns or list(rows[0])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return buf.getvalue().encode(encoding)


def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r in rows:
            sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    """A ZIP archive in memory (deflated: a bomb stays small)."""
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with(row: dict, **changes) -> dict:
    return {**row, **changes}


def bad_cases(data_dir, today) -> list[Case]:
    good = good_rows(data_dir)
    ins, std, fnd = good["inspections"], good["standard_ratings"], good["findings"]
    cols = SPECS["inspections"].column_names
    existing_id = _rows((data_dir / "inspections.csv").read_text(encoding="utf-8-sig"))[0]
    tomorrow = today.fromordinal(today.toordinal() + 1).isoformat()
    many = [_with(ins, inspection_id=f"test-{i}", org_id=ins["org_id"]) for i in range(5001)]
    big_note = "x" * 1000
    cases = [
        Case("windows-1252", "inspections", "latin1.csv",
             to_csv([_with(ins, name_in_source="Made-up PDU – Ynys Môn")], encoding="cp1252"),
             "is not UTF-8 text"),
        Case("utf-16", "inspections", "utf16.csv", to_csv([ins]).decode().encode("utf-16"), "is UTF-16 text"),
        Case("missing column", "inspections", "missing.csv", to_csv([ins], [c for c in cols if c != "confidence"]),
             "missing column(s) for inspections: confidence"),
        Case("extra column", "inspections", "extra.csv", to_csv([_with(ins, comments="hi")], [*cols, "comments"]),
             'unexpected column "comments"'),
        Case("header typo", "inspections", "typo-header.csv",
             to_csv([_with(ins, overall_ratin=ins["overall_rating"])],
                    [c if c != "overall_rating" else "overall_ratin" for c in cols]),
             'Did you mean "overall_rating"'),
        Case("rating with a stray space", "inspections", "space.csv",
             to_csv([_with(ins, overall_rating="Inadeq uate")]),
             'Did you mean "Inadequate"', 2),
        Case("rating in lower case", "standard_ratings", "lower.csv",
             to_csv([_with(std, rating="requires improvement")]),
             'Did you mean "Requires improvement"', 2),
        Case("unknown organisation", "inspections", "unknown-org.csv",
             to_csv([ins, _with(ins, inspection_id="test-made-up-2", org_id=ins["org_id"] + "x")]),
             f'"{ins["org_id"]}x" is not a known org_id in organisations. Did you mean "{ins["org_id"]}"', 3),
        Case("unknown programme", "inspections", "unknown-programme.csv", to_csv([_with(ins, programme="pdu-2032")]),
             '"pdu-2032" is not a known programme_id', 2),
        Case("unknown inspection", "standard_ratings", "unknown-inspection.csv",
             to_csv([_with(std, inspection_id="test-nowhere")]), '"test-nowhere" is not a known inspection_id', 2),
        Case("duplicate of an existing inspection", "inspections", "dup-existing.csv", to_csv([existing_id]),
             "already in the data (inspections.csv line 2)", 2),
        Case("duplicate within the file", "findings", "dup-file.csv", to_csv([fnd, fnd]),
             "duplicate of row 2 of this file", 3),
        Case("second inspection of an organisation in one programme", "inspections", "same-org.csv",
             to_csv([_with(existing_id, inspection_id="test-made-up-3", source_url=MADE_UP_URL)]),
             f"{existing_id['org_id']} already has an inspection in programme", 2),
        Case("future date", "inspections", "future.csv", to_csv([_with(ins, published_on=tomorrow)]),
             f'"{tomorrow}" is in the future', 2),
        Case("impossible date", "inspections", "bad-date.csv", to_csv([_with(ins, published_on="2025-02-30")]),
             '"2025-02-30" is not a valid date', 2),
        Case("no source", "findings", "no-source.csv", to_csv([_with(fnd, source_url="")]),
             "[source_url]: is required but empty", 2),
        Case("source not a web address", "findings", "source-text.csv",
             to_csv([_with(fnd, source_url="HMIP press release, May 2025")]), "is not a web address", 2),
        Case("percentage over 100", "findings", "percent.csv", to_csv([_with(fnd, value="133")]),
             "133 is not a percentage", 2),
        Case("standard not in the programme", "standard_ratings", "standard.csv",
             to_csv([_with(std, standard="desistance")]), '"desistance" is not a standard of programme', 2),
        Case("not a whole number", "inspections", "cases.csv", to_csv([_with(ins, cases_inspected="about 60")]),
             '"about 60" is not a whole number', 2),
        Case("more cells than columns", "inspections", "cells.csv",
             to_csv([ins]).rstrip(b"\n") + b",surplus\n",
             f"has {len(cols) + 1} cells but the header has {len(cols)}", 2),
        Case("empty file", "inspections", "empty.csv", b"", "is empty"),
        Case("header only", "inspections", "header.csv", ",".join(cols).encode() + b"\n",
             "has a header row but no data rows"),
        Case("very large file", "findings", "large.csv",
             to_csv([_with(fnd, finding_id=f"T{i}", measure=big_note) for i in range(2300)]), "the limit is 2 MB"),
        Case("too many rows", "inspections", "rows.csv", to_csv(many), "more than 5,000 data rows"),
        Case("formula-looking cell", "inspections", "formula.csv",
             to_csv([_with(ins, name_in_source='=HYPERLINK("http://x","click")')]),
             'starts with "=", which spreadsheet programs run as a formula', 2),
        Case("HTML or script in a text field", "findings", "script.csv",
             to_csv([_with(fnd, measure="<script>alert(1)</script> cases")]), "contains HTML or script markup", 2),
        Case("Excel with several sheets", "inspections", "several.xlsx",
             to_xlsx({"Sheet1": [cols, [ins[c] for c in cols]], "Sheet2": [["notes"]]}),
             'has 2 sheets (Sheet1, Sheet2); keep only one, or name the sheet to import "inspections"'),
        Case("Excel formula cell", "findings", "formula.xlsx",
             to_xlsx({"findings": [list(fnd), [("=40+10" if k == "value" else v) for k, v in fnd.items()]]}),
             "contains a formula (=40+10); paste values only", 2),
        Case("not really Excel", "inspections", "broken.xlsx", b"PK\x03\x04 this is not a workbook",
             "is neither CSV text nor an Excel workbook"),
        # what a careful tester found the first validation let in or explained badly
        Case("no cases", "findings", "n0.csv", to_csv([_with(fnd, denominator_n="0")]), "0 is not a number of cases",
             2),
        Case("negative cases", "findings", "n-20.csv", to_csv([_with(fnd, denominator_n="-20")]),
             "-20 is not a number of cases", 2),
        Case("half a case", "findings", "n20.5.csv", to_csv([_with(fnd, denominator_n="20.5")]),
             "20.5 is not a number of cases", 2),
        Case("overflowing number", "findings", "n1e400.csv", to_csv([_with(fnd, denominator_n="1e400")]),
             '"1e400" is not a number', 2),
        Case("infinite count", "findings", "inf.csv", to_csv([_with(fnd, value="inf", unit="count")]),
             '"inf" is not a number', 2),
        Case("not-a-number count", "findings", "nan.csv", to_csv([_with(fnd, value="nan", unit="count")]),
             '"nan" is not a number', 2),
        Case("count above its cases", "findings", "count.csv",
             to_csv([_with(fnd, value="30", unit="count",
                           denominator_n="10")]), "a count of 30 is more than its 10 cases", 2),
        Case("negative count", "findings", "neg.csv", to_csv([_with(fnd, value="-3", unit="count")]),
             "-3 is negative", 2),
        Case("full-width digits in a date", "inspections", "fullwidth.csv",
             to_csv([_with(ins,
                           published_on="\uff12\uff10\uff12\uff14-10-01")]), 'contains the digit "\uff12" (U+FF12)', 2),
        Case("full-width digits in free text", "findings", "fullwidth-period.csv",
             to_csv([_with(fnd, period="\uff12\uff10\uff12\uff14-10")]), 'the digit "\uff12"', 2),
        Case("Arabic-Indic digits", "findings", "arabic.csv", to_csv([_with(fnd, value="٦٠")]),
             'the digit "٦" (U+0666)', 2),
        Case("digit group underscore", "findings", "underscore.csv", to_csv([_with(fnd, value="5_0")]),
             '"5_0" is not a number (digits 0-9', 2),
        Case("not-a-number whole number", "inspections", "cases-nan.csv", to_csv([_with(ins, cases_inspected="nan")]),
             '"nan" is not a whole number (digits 0-9 only)', 2),
        Case("right-to-left override", "findings", "bidi.csv", to_csv([_with(fnd, measure="cases \u202etxt.exe")]),
             "text-direction character (U+202E)", 2),
        Case("zero-width space", "inspections", "zwsp.csv", to_csv([_with(ins, name_in_source="Made\u200bup PDU")]),
             "invisible or text-direction character (U+200B) at position 5", 2),
        Case("formula behind an invisible character", "findings", "zw-formula.csv",
             to_csv([_with(fnd, measure="\u200b=1+1")]), "(U+200B) at position 1", 2),
        Case("over-long cell", "findings", "long.csv", to_csv([_with(fnd, measure="x" * 5000)]),
             "is 5,000 characters long; the limit is 4,000", 2),
        Case("cell past the CSV field limit", "findings", "huge-cell.csv", to_csv([_with(fnd, measure="x" * 140000)]),
             "has a cell longer than the 4,000 characters"),
        Case("semicolon-separated", "inspections", "semicolon.csv", to_csv([ins]).replace(b",", b";"),
             "separates its columns with semicolons (;)"),
        Case("tab-separated", "inspections", "tabs.csv", to_csv([ins]).replace(b",", b"\t"),
             "separates its columns with tabs"),
        Case("double byte-order mark", "inspections", "bom2.csv", b"\xef\xbb\xbf\xef\xbb\xbf" + to_csv([ins]),
             "starts with two byte-order marks"),
        Case("look-alike letter in a column name", "inspections", "cyrillic-header.csv",
             to_csv([ins]).replace(b"confidence",
                                   "c\u043enfidence".encode()), '"\u043e" (U+043E), a letter from another alphabet'),
        Case("look-alike letter in a value", "inspections", "cyrillic-value.csv",
             to_csv([_with(ins, confidence="verifi\u0435d")]),
             'contains "\u0435" (U+0435), a letter from another alphabet', 2),
        Case("day-first date", "inspections", "dmy.csv", to_csv([_with(ins, published_on="15/01/2025")]),
             "e.g. 2025-01-15", 2),
        Case("ZIP named .csv", "inspections", "archive.csv", _zip({"notes.txt": b"x"}),
             "is a ZIP archive, not an Excel workbook"),
        Case("Excel bomb", "inspections", "bomb.xlsx",
             _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/sharedStrings.xml": b"<sst>" + b"A" * (21 * 2**20) + b"</sst>"}),
             "MB when opened; the limit is 20 MB"),
        Case("Excel with 380,000 empty rows", "inspections", "rows.xlsx",
             _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/worksheets/sheet1.xml": b'<worksheet><dimension ref="A1:N380000"/><sheetData/></worksheet>'}),
             "has a sheet of 380,000 rows"),
        Case("old Excel format", "inspections", "old.xls", b"\xd0\xcf\x11\xe0 old binary", "Excel 97-2003 (.xls)"),
    ]
    return cases
