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
        Case("extra column", "inspections", "extra.csv", to_csv([_with(ins, comments="hi")], cols + ["comments"]),
             'unexpected column "comments"'),
        Case("header typo", "inspections", "typo-header.csv",
             to_csv([_with(ins, overall_ratin=ins["overall_rating"])],
                    [c if c != "overall_rating" else "overall_ratin" for c in cols]),
             'Did you mean "overall_rating"'),
        Case("rating with a stray space", "inspections", "space.csv", to_csv([_with(ins, overall_rating="Inadeq uate")]),
             'Did you mean "Inadequate"', 2),
        Case("rating in lower case", "standard_ratings", "lower.csv", to_csv([_with(std, rating="requires improvement")]),
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
        Case("impossible date", "inspections", "bad-date.csv", to_csv([_with(ins, published_on="15/01/2025")]),
             '"15/01/2025" is not a valid date', 2),
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
             to_csv([ins]).rstrip(b"\n") + b",surplus\n", f"has {len(cols) + 1} cells but the header has {len(cols)}", 2),
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
             "could not be read as an Excel workbook"),
        Case("old Excel format", "inspections", "old.xls", b"\xd0\xcf\x11\xe0 old binary", "Excel 97-2003 (.xls)"),
    ]
    return cases
