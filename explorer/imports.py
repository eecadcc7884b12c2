"""Add newly published results: validate an upload, preview it, import it atomically,
log it, and undo it. Plain functions (no Streamlit), shared by the Add data page and the CLI.

An upload is one CSV (UTF-8, with or without BOM) or Excel file of rows for one of the
tables ``inspections``, ``standard_ratings`` or ``findings``, with the same columns as the
CSV in data/. It is checked by appending its rows to the existing CSV text and running the
project's own validation (explorer.validate) on every table together, so duplicates and
references are checked against what is already there; problems are reported with the
upload's own row numbers. Upload-only rules add: file size and row limits, a web address
in ``source_url``, no formulas, no HTML or script, no second inspection of the same
organisation in the same programme.

An import appends the rows to the table's CSV as text (existing bytes are never rewritten),
appends a line to ``data/import_log.csv`` and rebuilds the database; the three files are
swapped in together by explorer.journal (all or nothing, even if the process is killed).
An undo is a new logged operation that removes exactly the rows an import added; it is
refused if other rows now refer to them.

An update corrects cells of existing rows (never a key): each row of the file names a row by
its key, a column, the value it holds now, the new value and that value's source. Only the
changed rows are rewritten; each change is recorded in ``data/corrections.csv`` with the
update's id, and undoing the update restores the old values.

CLI::

    python -m explorer.imports add FILE --table inspections [--by NAME] [--yes]
    python -m explorer.imports update FILE --table inspections [--by NAME] [--yes]
    python -m explorer.imports log
    python -m explorer.imports undo IMPORT_ID [--by NAME] [--yes]
    python -m explorer.imports template TABLE > template.csv
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import hashlib
import hmac
import io
import json
import re
import secrets as pysecrets
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from explorer import build, config, feed, journal
from explorer.validate import (
    CONFIDENCE as CONFIDENCE_WORDS,
)
from explorer.validate import (
    CONTROL as _CONTROL,
)
from explorer.validate import (
    CORRECTABLE as CORRECTABLE_TABLES,
)
from explorer.validate import (
    MAX_CELL,
    SPECS,
    Problem,
    cell_problem,
    decode,
    parse_partial_date,
    read_data_dir,
    suggest,
    validate_tables,
)

MAX_BYTES = 2 * 1024 * 1024  # 2 MB, the same limit the page gives st.file_uploader
MAX_ROWS = 5_000
TABLES = ("inspections", "standard_ratings", "findings")
LOG_FILE = "import_log.csv"
LOG_COLUMNS = ("import_id", "action", "at", "by", "table_name", "file_name", "sha256",
               "rows_added", "rows_removed", "row_keys", "undoes")
TOKEN_ENV = "PROBATION_IMPORT_TOKEN"
TOKEN_SECRET = "import_token"

_URL = re.compile(r"https?://[^\s<>\"']+\.[^\s<>\"']+")

# What each column means (shown on the page and in the template's "columns" sheet).
COLUMN_HELP: dict[str, dict[str, str]] = {
    "inspections": {
        "inspection_id": "Your new, unique id for this inspection: lower-case letters, digits, - and _ "
                         "(e.g. pdu-n54cle-2025).",
        "org_id": "Id of the organisation inspected, as in organisations.csv (e.g. pdu-n54cle, region-n54).",
        "programme": "Inspection programme id from programmes.csv (e.g. pdu-2023, regional-2023).",
        "name_in_source": "The organisation's name exactly as the source gives it.",
        "fieldwork_start": "Month fieldwork began, YYYY-MM; blank if not published.",
        "published_on": "Publication date: YYYY-MM-DD, or YYYY-MM or YYYY if that is all the source gives.",
        "overall_rating": "Outstanding, Good, Requires improvement or Inadequate; blank if not published.",
        "total_score": "Points awarded, a whole number (give with max_score); blank if not published.",
        "max_score": "Maximum points available, a whole number; blank if not published.",
        "cases_inspected": "Number of cases inspected, a whole number; blank if not published.",
        "source_url": "Web address of the report, press release or news item the row comes from.",
        "confidence": "verified (HMIP's own text), secondary (another source) or conflict (sources disagree).",
        "date_basis": ("Blank when the dates are stated in source_url; report_address when only the year is known, "
                       "from the report's web address; secondary_repost when the dates come from a repost "
                       "of the original release rather than the cited page."),
        "note": "Anything a reader needs to know about this row, e.g. a narrative judgement instead of a rating.",
    },
    "standard_ratings": {
        "inspection_id": "Id of the inspection, as in inspections.csv (import the inspection first).",
        "standard": "Standard key of that inspection's programme (see programme_standards.csv), "
                    "e.g. leadership, assessment.",
        "standard_name": "The standard's name as published (e.g. Leadership).",
        "rating": "Outstanding, Good, Requires improvement or Inadequate.",
        "source_url": "Web address of the source of this rating.",
        "confidence": "verified, secondary or conflict.",
        "note": "Optional: anything a reader should know (e.g. how the rating was stated).",
    },
    "findings": {
        "finding_id": "Your new, unique id for this figure (e.g. F0193).",
        "inspection_id": "Id of the inspection it comes from, as in inspections.csv; blank for national "
                         "or aggregate figures.",
        "organisation": "Organisation (or group) the figure is about, as the source names it.",
        "level": "CRC, NPS, PDU, region, national, CRC-all or NPS-all.",
        "period": "Period the figure covers as the source gives it (e.g. 2024-05 or 2023/24).",
        "topic": "assessment, planning, implementation, reviewing, risk_of_harm, safeguarding, "
                 "domestic_abuse, caseload, staffing or other.",
        "measure": "Neutral description of what is measured (write NOT in capitals if it counts a shortfall).",
        "value": "The number as published (a percentage as 0-100); blank when the source gives the share only "
                 "in words (then fill stated_as).",
        "unit": "percent, count or ratio.",
        "denominator_n": "Cases or respondents behind a percentage, where stated; else blank.",
        "source_url": "Web address of the source of this figure.",
        "confidence": "verified, secondary or conflict.",
        "stated_as": "Only when the source gives no number: its words, e.g. less than half (leave value blank).",
    },
}


class ImportRefused(Exception):
    """An upload, import or undo that was refused; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem], summary: str = ""):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        head = summary or f"{len(problems)} problem(s); nothing was changed"
        super().__init__(f"{head}:\n{lines}{more}")


@dataclass
class Upload:
    """Rows of an uploaded file as text, with the row number each came from."""

    table: str
    file_name: str
    sha256: str
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


@dataclass
class Check:
    """Result of checking an upload against the current data."""

    upload: Upload
    problems: list[Problem]
    new_texts: dict[str, bytes] = field(default_factory=dict)  # file name → new bytes (if OK)
    changes: list[str] = field(default_factory=list)  # what would change, in words
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table → (before, after)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- reading an upload -------------------------------------------------------------------

def _is_excel(name: str, raw: bytes) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or raw[:4] == b"PK\x03\x04"


def _cell_text(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and kind == "int":
            return str(int(value))
        return repr(value)
    return str(value)


MAX_UNZIPPED = 20 * 1024 * 1024  # bytes a 2 MB workbook may expand to (an "Excel bomb" expands far more)


def _workbook_refusal(raw: bytes) -> str | None:
    """Why a workbook is refused before it is parsed, or None: not a ZIP, a ZIP that is not a
    workbook, or one that expands past MAX_UNZIPPED or declares far more rows than may be imported."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return "is neither CSV text nor an Excel workbook (.xlsx); save it as CSV UTF-8 or .xlsx"
    with archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            return ("is a ZIP archive, not an Excel workbook or CSV text; unzip it and upload the CSV or .xlsx "
                    "file inside")
        unzipped = sum(i.file_size for i in archive.infolist())
        if unzipped > MAX_UNZIPPED:
            return (f"expands to {unzipped / 2**20:,.0f} MB when opened; the limit is {MAX_UNZIPPED // 2**20} MB. "
                    "Save only the rows to import, as CSV UTF-8")
        for sheet in (n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            with archive.open(sheet) as f:
                head = f.read(4096).decode("utf-8", "replace")
            m = re.search(r'<dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"', head)
            if m and int(m.group(1)) > MAX_ROWS + 1000:
                return (f"has a sheet of {int(m.group(1)):,} rows; at most {MAX_ROWS:,} rows may be imported at "
                        "once (delete the empty rows, or split the file)")
    return None


def _read_excel(name: str, raw: bytes, table: str, problems: list[Problem]):
    import openpyxl

    refused = _workbook_refusal(raw)
    if refused:
        problems.append(Problem(name, 0, "", refused))
        return None, []
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        problems.append(Problem(name, 0, "", "could not be read as an Excel workbook (.xlsx); save it again from "
                                             "your spreadsheet program as .xlsx or as CSV UTF-8"))
        return None, []
    sheets = book.sheetnames
    if len(sheets) == 1:
        sheet = book[sheets[0]]
    elif table in sheets:
        sheet = book[table]
    else:
        problems.append(Problem(name, 0, "", f"has {len(sheets)} sheets ({', '.join(sheets)}); keep only one, "
                                             f'or name the sheet to import "{table}"'))
        return None, []
    kinds = {c.name: c.kind for c in SPECS[table].columns}
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if header is None:
            header = [_cell_text(c.value, "text") for c in row]
            while header and header[-1] == "":
                header.pop()
            continue
        cells = []
        for i, cell in enumerate(row):
            col = header[i] if i < len(header) else ""
            if cell.data_type == "f":
                problems.append(Problem(name, number, col or f"column {i + 1}",
                                        f'contains a formula ({cell.value}); paste values only'))
                cells.append("")
                continue
            cells.append(_cell_text(cell.value, kinds.get(col, "text")))
        if not any(c != "" for c in cells):
            continue
        records.append((number, cells))
        if len(records) > MAX_ROWS:
            break
    book.close()
    return header, records


def _read_csv(name: str, raw: bytes, problems: list[Problem]):
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        problems.append(Problem(name, 0, "", "is UTF-16 text; save it as CSV UTF-8 (comma delimited)"))
        return None, []
    text = decode(name, raw, problems)
    if text is None:
        return None, []
    if "\x00" in text:
        problems.append(Problem(name, 0, "", "contains NUL bytes: it is not a text CSV file"))
        return None, []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = None
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if header is None:
                header = cells
            elif any(c != "" for c in cells):
                records.append((start, cells))
                if len(records) > MAX_ROWS:
                    break
            start = reader.line_num + 1
    except csv.Error as err:
        reason = (f"has a cell longer than the {MAX_CELL:,} characters a cell may hold"
                  if "field larger than field limit" in str(err) else f"is not valid CSV ({err})")
        problems.append(Problem(name, reader.line_num, "", reason))
        return None, []
    return header, records


def _header_hint(header: list[str]) -> str | None:
    """The likely cause when a header cannot be this tool's: a second byte-order mark, another
    delimiter, or look-alike letters from another alphabet."""
    first = header[0] if header else ""
    if first.startswith("\ufeff"):
        return ("starts with two byte-order marks (the file was saved as UTF-8 twice); open it and save it "
                "once as CSV UTF-8")
    if len(header) == 1:
        for sep, words in ((";", "semicolons (;)"), ("\t", "tabs"), ("|", "bars (|)")):
            if sep in first:
                return (f"separates its columns with {words}, not commas; save it as CSV UTF-8 (comma delimited) "
                        "or as an Excel workbook")
    odd = [(c, ch) for c in header for ch in c if not ch.isascii()]
    if odd:
        column, ch = odd[0]
        return (f'the column name "{column}" contains "{ch}" (U+{ord(ch):04X}), a letter from another alphabet '
                "that looks like a Latin one; type the column names again or copy them from the template")
    return None


def read_upload(file_name: str, raw: bytes, table: str) -> tuple[Upload, list[Problem]]:
    """Parse an upload into text rows keyed by column, with every problem found."""
    name = Path(file_name).name or "upload"
    upload = Upload(table, name, hashlib.sha256(raw).hexdigest())
    problems: list[Problem] = []
    if table not in TABLES:
        problems.append(Problem(name, 0, "", f'"{table}" cannot be imported; choose one of: {", ".join(TABLES)}'))
        return upload, problems
    if len(raw) > MAX_BYTES:
        problems.append(Problem(name, 0, "", f"is {len(raw) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB "
                                             "(split it into smaller files)"))
        return upload, problems
    if not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        problems.append(Problem(name, 0, "", "is empty: it has no header row and no data"))
        return upload, problems
    if name.lower().endswith(".xls") and not name.lower().endswith(".xlsx"):
        problems.append(Problem(name, 0, "", "is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV UTF-8"))
        return upload, problems
    if _is_excel(name, raw):
        header, records = _read_excel(name, raw, table, problems)
    else:
        header, records = _read_csv(name, raw, problems)
    if header is None:
        return upload, problems
    hint = _header_hint(header)
    if hint:
        problems.append(Problem(name, 1, "", hint))
        return upload, problems
    spec = SPECS[table]
    expected = spec.column_names
    absent_ok = {c.name for c in spec.columns if c.may_be_absent}
    missing = [c for c in expected if c not in header and c not in absent_ok]
    extra = [c for c in header if c not in expected]
    if missing:
        problems.append(Problem(name, 1, "", f"missing column(s) for {table}: {', '.join(missing)}"))
    for col in extra:
        hint = suggest(col, missing) if missing else ""
        problems.append(Problem(name, 1, col or "(blank)", f'unexpected column "{col}" for {table}.{hint}'))
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        problems.append(Problem(name, 1, "", f"column(s) appear more than once: {', '.join(dupes)}"))
    if missing or extra or dupes:
        return upload, problems
    if not records:
        problems.append(Problem(name, 0, "", "has a header row but no data rows"))
        return upload, problems
    if len(records) > MAX_ROWS:
        problems.append(Problem(name, 0, "", f"has more than {MAX_ROWS:,} data rows; split it into smaller files"))
        return upload, problems
    for number, cells in records:
        if len(cells) > len(header) and any(c != "" for c in cells[len(header):]):
            problems.append(Problem(name, number, "", f"has {len(cells)} cells but the header has {len(header)}"))
        elif len(cells) < len(header):
            problems.append(Problem(name, number, "", f"has only {len(cells)} cells but the header has {len(header)}"))
        row = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(header)}
        upload.rows.append({c: row.get(c, "") for c in expected})
        upload.row_numbers.append(number)
    return upload, problems


def _cell_problems(upload: Upload) -> list[Problem]:
    """Upload-only rules: formulas, markup, control characters, a web address as source."""
    return _cell_problems_of(upload, {c.name: c.kind for c in SPECS[upload.table].columns})


# ---- checking against the data -----------------------------------------------------------

def _csv_line(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _with_newline(raw: bytes) -> bytes:
    return raw if not raw or raw.endswith(b"\n") else raw + b"\n"


def row_key(table: str, row: dict[str, str]) -> list[str]:
    return [row[k] for k in SPECS[table].key]


def _log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_FILE


def _log_bytes_with(data_dir: Path, record: dict[str, str]) -> bytes:
    path = _log_path(data_dir)
    raw = path.read_bytes() if path.exists() else _csv_line(list(LOG_COLUMNS)).encode()
    return _with_newline(raw) + _csv_line([record.get(c, "") for c in LOG_COLUMNS]).encode()


def _remap(problem: Problem, upload: Upload, spec_file: str, line_to_row: dict[int, int]) -> Problem | None:
    """A problem found in the combined table, in terms of the upload's own rows."""
    if problem.file != spec_file or problem.line not in line_to_row:
        return None
    reason = problem.reason

    def where(match: re.Match) -> str:
        line = int(match.group(1))
        if line in line_to_row:
            return f"duplicate of row {line_to_row[line]} of this file"
        return f"already in the data ({spec_file} line {line})"

    reason = re.sub(r"duplicate of line (\d+)", where, reason)
    return Problem(upload.file_name, line_to_row[problem.line], problem.column, reason)


def _same_inspection_rule(upload: Upload, existing_rows: list[dict]) -> list[Problem]:
    """No second inspection of one organisation in one programme (almost always a duplicate)."""
    problems = []
    have = {(r["org_id"], r["programme"]): r["inspection_id"] for r in existing_rows}
    seen: dict[tuple, int] = {}
    for row, number in zip(upload.rows, upload.row_numbers, strict=True):
        pair = (row["org_id"], row["programme"])
        if pair in have and have[pair] != row["inspection_id"]:
            problems.append(Problem(upload.file_name, number, "org_id,programme",
                                    f"{pair[0]} already has an inspection in programme {pair[1]} "
                                    f"({have[pair]}): this looks like a duplicate"))
        elif pair in seen:
            problems.append(Problem(upload.file_name, number, "org_id,programme",
                                    f"{pair[0]} in programme {pair[1]} is also on row {seen[pair]} of this file"))
        seen.setdefault(pair, number)
    return problems


def _latest(rows: list[dict]) -> dict | None:
    dated = []
    for r in rows:
        try:
            day, _ = parse_partial_date(r["published_on"])
        except ValueError:
            continue
        dated.append((day, r["inspection_id"], r))
    return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None


def _changes(table: str, upload: Upload, existing: list[dict], tables) -> list[str]:
    """What an import would change beyond adding rows, in words (no existing row is edited)."""
    out = []
    if table == "inspections":
        names = {r["org_id"]: r["name"] for r in tables["organisations"].rows}
        for org in sorted({r["org_id"] for r in upload.rows}):
            before = _latest([r for r in existing if r["org_id"] == org])
            after = _latest([r for r in existing + upload.rows if r["org_id"] == org])
            label = names.get(org, org)
            unrated = [r for r in upload.rows if r["org_id"] == org and not r["overall_rating"]]
            if unrated:
                out.append(f"{label}: an inspection without a rating ({unrated[0]['programme']}); "
                           "its latest rating, if any, does not change")
            elif before is None:
                out.append(f"{label}: first rated inspection in our data ({after['overall_rating'] or 'no rating'})"
                           if after else f"{label}: first inspection in our data (undated)")
            elif after is not None and after["inspection_id"] != before["inspection_id"]:
                out.append(f"{label}: latest rating changes from {before['overall_rating'] or 'not published'} "
                           f"({before['published_on']}) to {after['overall_rating'] or 'not published'} "
                           f"({after['published_on']})")
    elif table == "standard_ratings":
        for ins in sorted({r["inspection_id"] for r in upload.rows}):
            n_before = sum(r["inspection_id"] == ins for r in existing)
            n_new = sum(r["inspection_id"] == ins for r in upload.rows)
            out.append(f"{ins}: standard ratings held go from {n_before} to {n_before + n_new}")
    return out


_FINDING_ID = re.compile(r"^F(\d+)$")


def _assign_finding_ids(upload: Upload, findings_text: str) -> list[str]:
    """Give each upload row with a blank finding_id the next free id (F0193, F0194, …) after the
    highest in the data and in the upload, in row order. Deterministic, so the check under the
    lock assigns the same ids as the preview did."""
    used = [int(m.group(1)) for line in findings_text.splitlines()[1:]
            if (m := _FINDING_ID.match(line.split(",", 1)[0]))]
    used += [int(m.group(1)) for r in upload.rows if (m := _FINDING_ID.match(r["finding_id"]))]
    nxt = max(used, default=0) + 1
    assigned = []
    for row in upload.rows:
        if not row["finding_id"].strip():
            row["finding_id"] = f"F{nxt:04d}"
            assigned.append(row["finding_id"])
            nxt += 1
    return assigned


def check_upload(data_dir: Path, table: str, file_name: str, raw: bytes, today: dt.date | None = None) -> Check:
    """Validate an upload against the data in ``data_dir``; write nothing."""
    data_dir = Path(data_dir)
    upload, problems = read_upload(file_name, raw, table)
    check = Check(upload, problems)
    if problems:
        check.problems = sorted(set(problems))
        return check
    problems += _cell_problems(upload)
    texts, data_problems = read_data_dir(data_dir)
    assigned = _assign_finding_ids(upload, texts.get("findings", "")) if table == "findings" else []
    spec = SPECS[table]
    target = data_dir / spec.file
    old_raw = target.read_bytes()
    addition = "".join(_csv_line([r[c] for c in spec.column_names]) for r in upload.rows).encode()
    new_raw = _with_newline(old_raw) + addition
    combined = dict(texts)
    combined[table] = decode(spec.file, new_raw, data_problems) or ""
    tables, found = validate_tables(combined, today=today)
    n_existing = len(tables[table].rows) - len(upload.rows)
    line_to_row = dict(zip(tables[table].lines[n_existing:], upload.row_numbers, strict=True))
    for p in found:
        mapped = _remap(p, upload, spec.file, line_to_row)
        if mapped:
            problems.append(mapped)
        else:
            data_problems.append(p)
    if data_problems:
        problems += [Problem(str(p.file), p.line, p.column, f"existing data problem (fix first): {p.reason}")
                     for p in data_problems]
    existing_rows = tables[table].rows[:n_existing]
    if table == "inspections":
        problems += _same_inspection_rule(upload, existing_rows)
    check.problems = sorted(set(problems))
    if check.ok:
        check.new_texts = {spec.file: new_raw}
        check.counts = {table: (n_existing, n_existing + len(upload.rows))}
        check.changes = _changes(table, upload, existing_rows, tables)
        if assigned:
            check.changes.insert(0, f"new finding ids assigned to the {len(assigned)} row(s) without one: "
                                    f"{assigned[0]}–{assigned[-1]}" if len(assigned) > 1
                                 else f"new finding id assigned: {assigned[0]}")
    return check


# ---- committing --------------------------------------------------------------------------

def _new_id(now: dt.datetime) -> str:
    return f"imp-{now:%Y%m%dT%H%M%S}-{pysecrets.token_hex(3)}"


def clean_name(text: str, limit: int = 80) -> str:
    """A name safe to store in the log: one line, no control characters, no formula lead."""
    text = re.sub(r"\s+", " ", _CONTROL.sub("", str(text))).strip()[:limit]
    return text.lstrip("=+-@ ") or "unknown"


def _commit(data_dir: Path, db_path: Path, new_files: dict[str, bytes], record: dict[str, str]) -> None:
    """Write the new CSV versions, the log line and a rebuilt database, all or nothing."""
    texts, problems = read_data_dir(data_dir)
    for file, raw in new_files.items():
        name = next(t for t, s in SPECS.items() if s.file == file)
        texts[name] = decode(file, raw, problems) or ""
    tables, more = validate_tables(texts)
    if problems or more:  # cannot happen after a passing check; never write a bad state
        raise ImportRefused(sorted(set(problems + more)), "the result would not validate; nothing was changed")
    txn = journal.Transaction(data_dir, record["import_id"])
    try:
        for file, raw in new_files.items():
            txn.stage_bytes(data_dir / file, raw)
        txn.stage_bytes(_log_path(data_dir), _log_bytes_with(data_dir, record))
        build.write_database(tables, txn.staged_path(db_path), data_dir,
                             version=build.data_version(data_dir, new_files))
        txn.commit()
    except BaseException:
        if not (Path(data_dir) / journal.JOURNAL).exists():
            txn.abandon()
        raise
    feed.after_build(db_path, data_dir)  # the Atom feed follows every build, not only `make db`


def recover(data_dir: Path | None = None, db_path: Path | None = None, blocking: bool = True) -> str | None:
    """Roll back an interrupted import or undo, if any (takes the lock)."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.db_path())
    with journal.locked(data_dir, blocking=blocking) as held:
        if not held:
            return None
        return journal.recover(data_dir, [db_path.parent])


def import_file(data_dir: Path | None, db_path: Path | None, table: str, file_name: str, raw: bytes,
                by: str, today: dt.date | None = None, now: dt.datetime | None = None) -> tuple[str, Check]:
    """Check the upload again under the lock and, if it passes, import it; returns the import id.
    Raises ImportRefused listing every problem."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.db_path())
    with journal.locked(data_dir):
        journal.recover(data_dir, [db_path.parent])
        check = check_upload(data_dir, table, file_name, raw, today=today)
        if not check.ok:
            raise ImportRefused(check.problems)
        now = now or dt.datetime.now().astimezone()
        upload = check.upload
        record = {
            "import_id": _new_id(now), "action": "import", "at": now.isoformat(timespec="seconds"),
            "by": clean_name(by), "table_name": table, "file_name": clean_name(upload.file_name, 200),
            "sha256": upload.sha256, "rows_added": str(len(upload.rows)), "rows_removed": "0",
            "row_keys": json.dumps([row_key(table, r) for r in upload.rows]), "undoes": "",
        }
        _commit(data_dir, db_path, check.new_texts, record)
        return record["import_id"], check


def read_log(data_dir: Path | None = None) -> list[dict[str, str]]:
    """Every line of the import log, oldest first, each with ``undone_by`` filled in."""
    path = _log_path(Path(data_dir or config.data_dir()))
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    undone = {r["undoes"]: r["import_id"] for r in rows if r["action"] == "undo"}
    for r in rows:
        r["undone_by"] = undone.get(r["import_id"], "")
    return rows


def _records(text: str) -> tuple[str, list[tuple[dict, str]]]:
    """Split CSV text into its header text and (row, exact text of that row) pairs."""
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    it = iter(lines)
    reader = csv.reader(it)
    header = next(reader)
    consumed = reader.line_num
    head = "".join(lines[:consumed])
    out = []
    for cells in reader:
        raw = "".join(lines[consumed:reader.line_num])
        consumed = reader.line_num
        # a ragged row keeps what it has; validation reports its missing or extra cells
        out.append((dict(zip(header, cells, strict=False)), raw))
    return head, out


def undo(data_dir: Path | None, db_path: Path | None, import_id: str, by: str,
         now: dt.datetime | None = None) -> int:
    """Remove exactly the rows an import added (a new logged operation). Returns rows removed."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.db_path())
    with journal.locked(data_dir):
        journal.recover(data_dir, [db_path.parent])
        log = read_log(data_dir)
        entry = next((r for r in log if r["import_id"] == import_id), None)
        where = Problem(LOG_FILE, 0, "import_id", "")
        if entry is None or entry["action"] not in ("import", "update"):
            known = [r["import_id"] for r in log if r["action"] in ("import", "update")]
            raise ImportRefused([Problem(where.file, 0, where.column,
                                         f'"{import_id}" is not an import in the log.{suggest(import_id, known)}')],
                                "nothing to undo")
        if entry["undone_by"]:
            raise ImportRefused([Problem(where.file, 0, where.column,
                                         f"{import_id} was already undone by {entry['undone_by']}")],
                                "nothing to undo")
        table = entry["table_name"]
        spec = SPECS[table]
        if entry["action"] == "update":
            new_files, reverted = _undo_update(data_dir, entry)
            texts, problems = read_data_dir(data_dir)
            for file, raw in new_files.items():
                name = next(t for t, sp in SPECS.items() if sp.file == file)
                texts[name] = raw.decode("utf-8-sig")
            _, found = validate_tables(texts)
            if found or problems:
                raise ImportRefused(sorted(set(problems + found)),
                                    f"undoing {import_id} would not validate; nothing was changed")
            now = now or dt.datetime.now().astimezone()
            _commit(data_dir, db_path, new_files, {
                "import_id": _new_id(now).replace("imp-", "undo-"), "action": "undo",
                "at": now.isoformat(timespec="seconds"), "by": clean_name(by), "table_name": table,
                "file_name": entry["file_name"], "sha256": entry["sha256"], "rows_added": "0",
                "rows_removed": "0", "row_keys": entry["row_keys"], "undoes": import_id})
            return reverted
        keys = {tuple(k) for k in json.loads(entry["row_keys"])}
        path = data_dir / spec.file
        raw = path.read_bytes()
        bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
        head, records = _records(raw[len(bom):].decode("utf-8"))
        kept = [(r, text) for r, text in records if tuple(row_key(table, r)) not in keys]
        removed = len(records) - len(kept)
        if removed != len(keys):
            missing = sorted(keys - {tuple(row_key(table, r)) for r, _ in records})
            raise ImportRefused([Problem(spec.file, 0, ",".join(spec.key),
                                         f"row(s) added by {import_id} are no longer in the data: "
                                         + "; ".join(", ".join(k) for k in missing[:20]))],
                                "the data changed since that import; nothing was changed")
        new_raw = bom + (head + "".join(text for _, text in kept)).encode("utf-8")
        texts, problems = read_data_dir(data_dir)
        texts[table] = new_raw[len(bom):].decode("utf-8")
        _, found = validate_tables(texts)
        if found or problems:
            raise ImportRefused(sorted(set(problems + found)),
                                f"undoing {import_id} would leave rows that refer to the removed ones "
                                "(undo the later import first); nothing was changed")
        now = now or dt.datetime.now().astimezone()
        record = {
            "import_id": _new_id(now).replace("imp-", "undo-"), "action": "undo",
            "at": now.isoformat(timespec="seconds"), "by": clean_name(by), "table_name": table,
            "file_name": entry["file_name"], "sha256": entry["sha256"], "rows_added": "0",
            "rows_removed": str(removed), "row_keys": entry["row_keys"], "undoes": import_id,
        }
        _commit(data_dir, db_path, {spec.file: new_raw}, record)
        return removed


# ---- corrections to existing cells -------------------------------------------------------

UPDATE_FIELDS = ("column", "old_value", "new_value", "source_url", "confidence")
UPDATE_OPTIONAL = ("note",)
CORRECTIONS_FILE = SPECS["corrections"].file
_CORRECTION_ID = re.compile(r"^C(\d+)$")


@dataclass
class UpdateCheck:
    """The result of checking a file of cell corrections; ``new_texts`` only when it passes."""
    table: str
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[dict[str, str]] = field(default_factory=list)  # key, column, old_value, new_value, …
    new_texts: dict[str, bytes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.changes)


def update_template(table: str) -> bytes:
    """The header an update file needs for ``table``."""
    return _csv_line([*SPECS[table].key, *UPDATE_FIELDS, *UPDATE_OPTIONAL]).encode()


def _split_csv(raw: bytes) -> tuple[bytes, str]:
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom, raw[len(bom):].decode("utf-8")


def _rewrite(text: str, table: str, new_values: dict[tuple, dict[str, str]]) -> str:
    """The CSV text with only the rows named in ``new_values`` rewritten; other bytes unchanged."""
    head, records = _records(text)
    header = next(csv.reader([head]))
    out = [head]
    for row, raw in records:
        key = tuple(row_key(table, row))
        if key in new_values:
            out.append(_csv_line([new_values[key].get(c, row.get(c, "")) for c in header]))
        else:
            out.append(raw)
    return "".join(out)


def _next_correction_ids(text: str, n: int) -> list[str]:
    numbers = [int(m.group(1)) for row, _ in _records(text)[1] if (m := _CORRECTION_ID.match(row["correction_id"]))]
    start = max(numbers, default=0) + 1
    return [f"C{i:04d}" for i in range(start, start + n)]


def check_update(data_dir: Path, table: str, file_name: str, raw: bytes, import_id: str = "(new)",
                 today: dt.date | None = None) -> UpdateCheck:
    """Check a file of cell corrections against the data in ``data_dir``; write nothing.

    Each row names an existing row by its key, one column, the value it holds now
    (``old_value``, so a correction never overwrites a change it did not see), the new value
    and the source of the new value. Keys cannot be corrected: they are the public contract."""
    data_dir = Path(data_dir)
    check = UpdateCheck(table, file_name, hashlib.sha256(raw).hexdigest())
    problems = check.problems
    if table not in CORRECTABLE_TABLES:
        problems.append(Problem(file_name, 0, "", f"{table} cannot be corrected here; one of: "
                                                  + ", ".join(CORRECTABLE_TABLES)))
        return check
    if len(raw) > MAX_BYTES:
        problems.append(Problem(file_name, 0, "", f"is {len(raw) / 2**20:.1f} MB; the limit is "
                                                  f"{MAX_BYTES // 2**20} MB"))
        return check
    if _is_excel(file_name, raw):
        problems.append(Problem(file_name, 0, "", "corrections are read from CSV only; save the sheet as "
                                                  "CSV UTF-8 (comma delimited)"))
        return check
    header, records = _read_csv(file_name, raw, problems)
    if header is None:
        return check
    spec = SPECS[table]
    expected = [*spec.key, *UPDATE_FIELDS]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected and c not in UPDATE_OPTIONAL]
    if missing:
        problems.append(Problem(file_name, 1, "", f"missing column(s) for corrections to {table}: "
                                                  + ", ".join(missing)))
    for col in extra:
        problems.append(Problem(file_name, 1, col or "(blank)",
                                f'unexpected column "{col}".{suggest(col, missing) if missing else ""}'))
    if missing or extra:
        return check
    if not records:
        problems.append(Problem(file_name, 0, "", "has a header row but no corrections"))
        return check
    texts, data_problems = read_data_dir(data_dir)
    if data_problems:
        problems += [Problem(str(p.file), p.line, p.column, f"existing data problem (fix first): {p.reason}")
                     for p in data_problems]
        return check
    bom, text = _split_csv((data_dir / spec.file).read_bytes())
    current = {tuple(row_key(table, r)): r for r, _ in _records(text)[1]}
    columns = set(spec.column_names)
    new_values: dict[tuple, dict[str, str]] = {}
    touched: dict[tuple, int] = {}
    for number, cells in records:
        row = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(header)}
        key = tuple(row[k] for k in spec.key)
        col = row["column"]
        where = (file_name, number)
        found = current.get(key)
        if found is None:
            problems.append(Problem(*where, ",".join(spec.key), f"no {table} row has the key {', '.join(key)}."
                                    + suggest(key[0], [k[0] for k in current])))
            continue
        if col not in columns:
            problems.append(Problem(*where, "column", f'"{col}" is not a column of {table}.'
                                    + suggest(col, sorted(columns))))
            continue
        if col in spec.key:
            problems.append(Problem(*where, "column", f"{col} is part of the row's key and cannot be corrected "
                                                      "(ids are a public contract)"))
            continue
        if (key, col) in touched:
            problems.append(Problem(*where, "column", f"{', '.join(key)} {col} is corrected twice in this file "
                                                      f"(row {touched[key, col]} too)"))
            continue
        touched[key, col] = number
        if found[col] != row["old_value"]:
            problems.append(Problem(*where, "old_value",
                                    f'{", ".join(key)} {col} holds "{found[col]}", not "{row["old_value"]}": '
                                    "the data changed since this correction was written"))
            continue
        if row["old_value"] == row["new_value"]:
            problems.append(Problem(*where, "new_value", "is the same as old_value: nothing to correct"))
            continue
        if row["confidence"] not in CONFIDENCE_WORDS:
            problems.append(Problem(*where, "confidence", f'"{row["confidence"]}" is not one of '
                                                          + ", ".join(CONFIDENCE_WORDS)))
        safety = Upload(table, file_name, "", rows=[{c: row.get(c, "") for c in
                                                     ("new_value", "source_url", "note")}], row_numbers=[number])
        problems += _cell_problems_of(safety, {"new_value": {c.name: c.kind for c in spec.columns}[col]})
        new_values.setdefault(key, {})[col] = row["new_value"]
        check.changes.append({"key": ";".join(key), "column": col, "old_value": row["old_value"],
                              "new_value": row["new_value"], "source_url": row["source_url"],
                              "confidence": row["confidence"], "note": row.get("note", ""),
                              "line": str(number)})
    if problems:
        check.problems = sorted(set(problems))
        return check
    new_text = _rewrite(text, table, new_values)
    combined = dict(texts)
    combined[table] = new_text
    corrections_path = data_dir / CORRECTIONS_FILE
    c_bom, c_text = _split_csv(corrections_path.read_bytes()) if corrections_path.exists() else (
        b"", _csv_line(SPECS["corrections"].column_names))
    ids = _next_correction_ids(c_text, len(check.changes))
    for cid, change in zip(ids, check.changes, strict=True):
        change["correction_id"] = cid
    added = "".join(_csv_line([cid, import_id, table, ch["key"], ch["column"], ch["old_value"], ch["new_value"],
                               ch["source_url"], ch["confidence"], ch["note"]])
                    for cid, ch in zip(ids, check.changes, strict=True))
    combined["corrections"] = _with_newline(c_text.encode()).decode() + added
    _, found = validate_tables(combined, today=today)
    by_line = _line_of_key(new_text, table)
    for p in found:
        lines = [ch["line"] for ch in check.changes if p.file == spec.file and by_line.get(ch["key"]) == p.line]
        at = f" (after correction row {', '.join(lines)})" if lines else ""
        problems.append(Problem(file_name, int(lines[0]) if lines else 0, p.column,
                                f"the corrected data would not validate{at}: {p}"))
    check.problems = sorted(set(problems))
    if not check.problems:
        check.new_texts = {spec.file: bom + new_text.encode("utf-8"),
                           CORRECTIONS_FILE: c_bom + combined["corrections"].encode("utf-8")}
    return check


def _line_of_key(text: str, table: str) -> dict[str, int]:
    """Each row's key (joined with ;) → its physical line in the CSV text (the header is line 1)."""
    head, records = _records(text)
    line = head.count("\n") + 1
    out = {}
    for row, raw in records:
        out[";".join(row_key(table, row))] = line
        line += raw.count("\n")
    return out


def _cell_problems_of(upload: Upload, kinds: dict[str, str]) -> list[Problem]:
    """The upload cell rules (formula, markup, control characters, web address) on a few cells."""
    problems = []
    for row, number in zip(upload.rows, upload.row_numbers, strict=True):
        for col, value in row.items():
            if not value:
                continue
            unsafe = cell_problem(value, kinds.get(col, "text"))  # the build's own rule (explorer.validate)
            if unsafe:
                problems.append(Problem(upload.file_name, number, col, unsafe))
        url = row.get("source_url", "")
        if url and not _URL.fullmatch(url):
            problems.append(Problem(upload.file_name, number, "source_url",
                                    f'"{url[:80]}" is not a web address (https://…); every new row and '
                                    "correction must link to its source"))
    return problems


def update_file(data_dir: Path | None, db_path: Path | None, table: str, file_name: str, raw: bytes, by: str,
                today: dt.date | None = None, now: dt.datetime | None = None) -> tuple[str, UpdateCheck]:
    """Check the corrections again under the lock and apply them: the changed rows are rewritten,
    each change is recorded in corrections.csv and the log, and the database rebuilt, all or nothing."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.db_path())
    with journal.locked(data_dir):
        journal.recover(data_dir, [db_path.parent])
        now = now or dt.datetime.now().astimezone()
        import_id = _new_id(now).replace("imp-", "upd-")
        check = check_update(data_dir, table, file_name, raw, import_id=import_id, today=today)
        if not check.ok:
            raise ImportRefused(check.problems or [Problem(file_name, 0, "", "has no corrections")])
        record = {
            "import_id": import_id, "action": "update", "at": now.isoformat(timespec="seconds"),
            "by": clean_name(by), "table_name": table, "file_name": clean_name(file_name, 200),
            "sha256": check.sha256, "rows_added": "0", "rows_removed": "0",
            "row_keys": json.dumps([[*ch["key"].split(";"), ch["column"]] for ch in check.changes]), "undoes": "",
        }
        _commit(data_dir, db_path, check.new_texts, record)
        return import_id, check


def _undo_update(data_dir: Path, entry: dict[str, str]) -> tuple[dict[str, bytes], int]:
    """The files with an update's corrections reverted and its corrections.csv rows removed."""
    table = entry["table_name"]
    spec = SPECS[table]
    c_bom, c_text = _split_csv((data_dir / CORRECTIONS_FILE).read_bytes())
    c_head, c_records = _records(c_text)
    mine = [r for r, _ in c_records if r["import_id"] == entry["import_id"]]
    bom, text = _split_csv((data_dir / spec.file).read_bytes())
    current = {";".join(row_key(table, r)): r for r, _ in _records(text)[1]}
    stale = [f"{r['row_key']} {r['column_name']}" for r in mine
             if r["row_key"] not in current or current[r["row_key"]][r["column_name"]] != r["new_value"]]
    if stale or not mine:
        raise ImportRefused([Problem(spec.file, 0, "", f"{entry['import_id']}'s corrections are no longer the "
                                                       "current values: " + "; ".join(stale[:20]))],
                            "the data changed since that update; nothing was changed")
    new_values: dict[tuple, dict[str, str]] = {}
    for r in mine:
        new_values.setdefault(tuple(r["row_key"].split(";")), {})[r["column_name"]] = r["old_value"]
    kept = "".join(raw for r, raw in c_records if r["import_id"] != entry["import_id"])
    return ({spec.file: bom + _rewrite(text, table, new_values).encode("utf-8"),
             CORRECTIONS_FILE: c_bom + (c_head + kept).encode("utf-8")}, len(mine))


# ---- access ------------------------------------------------------------------------------

def configured_token(environ, secrets=None) -> str | None:
    """The import token from Streamlit secrets (``import_token``) or ``PROBATION_IMPORT_TOKEN``."""
    token = None
    if secrets is not None:
        try:
            token = secrets.get(TOKEN_SECRET)
        except Exception:  # no secrets file: Streamlit raises rather than returning None
            token = None
    token = token or environ.get(TOKEN_ENV)
    token = str(token).strip() if token else ""
    return token or None


MIN_TOKEN_LENGTH = 16  # a configured token shorter than this is refused: importing stays off
MAX_TOKEN_FAILURES = 10  # wrong tokens from one browser session before it is locked out
LOCKOUT_SECONDS = 15 * 60


def token_usable(configured: str | None) -> bool:
    """Whether a configured token is long enough to guard the data (MIN_TOKEN_LENGTH)."""
    return isinstance(configured, str) and len(configured) >= MIN_TOKEN_LENGTH


def token_ok(given, configured: str | None) -> bool:
    """Constant-time comparison; always False when no usable token is configured or the value
    given is not a string (a crafted websocket message can send any type)."""
    if not token_usable(configured) or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8", "replace"), configured.encode())


def failure_delay(failures: int) -> float:
    """Seconds to wait after the n-th wrong token of a session: 0.5, 1, 2, 4, then 8."""
    return min(0.5 * 2 ** max(failures - 1, 0), 8.0)


# ---- template ----------------------------------------------------------------------------

def example_row(data_dir: Path, table: str) -> dict[str, str]:
    """A real row from the data to show the format (the most complete, most recent)."""
    texts, _ = read_data_dir(Path(data_dir))
    tables, _ = validate_tables({k: v for k, v in texts.items()})
    rows = tables[table].rows
    return max(enumerate(rows), key=lambda ir: (sum(v != "" for v in ir[1].values()), ir[0]))[1]


def column_help(table: str) -> list[dict[str, str]]:
    spec = SPECS[table]
    return [{"column": c.name, "required": "yes" if c.required else "no", "meaning": COLUMN_HELP[table][c.name]}
            for c in spec.columns]


def template_csv(data_dir: Path, table: str) -> bytes:
    """Header plus one worked example (a real row already in the data: replace it)."""
    spec = SPECS[table]
    row = example_row(data_dir, table)
    return (_csv_line(spec.column_names) + _csv_line([row[c] for c in spec.column_names])).encode("utf-8-sig")


def template_xlsx(data_dir: Path) -> bytes:
    """One sheet per table (header + real example row) and a ``columns`` sheet describing each column."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    about = book.create_sheet("columns")
    about.append(["table", "column", "required", "meaning"])
    for table in TABLES:
        spec = SPECS[table]
        sheet = book.create_sheet(table)
        sheet.append(spec.column_names)
        row = example_row(data_dir, table)
        sheet.append([row[c] for c in spec.column_names])
        for cells in sheet.iter_rows():
            for cell in cells:
                cell.data_type = "s"  # every cell text, never a formula, whatever it starts with
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for h in column_help(table):
            about.append([table, h["column"], h["required"], h["meaning"]])
    about.append([])
    for cells in about.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    about.append(["Each table's second row is a real row already in the data, shown as a worked example: "
                  "replace it with your new rows (importing it again is refused as a duplicate). "
                  "Import one sheet at a time; keep cells as plain text or numbers, no formulas."])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# ---- command line ------------------------------------------------------------------------

def log_count(entry: dict[str, str]) -> str:
    """A log line's size in one word: +rows added, -rows removed, ~cells corrected."""
    if entry["action"] == "import":
        return f"+{entry['rows_added']}"
    if entry["action"] == "update":
        return f"~{len(json.loads(entry['row_keys'] or '[]'))}"
    return f"-{entry['rows_removed']}"


def _read_cli_file(path: Path) -> bytes | None:
    """The file's bytes, or None after saying why it cannot be read (never a traceback)."""
    try:
        if path.is_dir():
            print(f"{path} is a folder; give the path of one CSV or Excel file.", file=sys.stderr)
            return None
        if path.stat().st_size > MAX_BYTES:
            print(f"{path.name} is {path.stat().st_size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB "
                  "(split it into smaller files). Nothing was changed.", file=sys.stderr)
            return None
        return path.read_bytes()
    except FileNotFoundError:
        print(f"{path}: no such file. Nothing was changed.", file=sys.stderr)
    except OSError as err:
        print(f"{path} could not be read ({err.strerror}). Nothing was changed.", file=sys.stderr)
    return None


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        print(f"  {p}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.imports",
                                     description="Add newly published results (validated, logged, undoable).")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: PROBATION_DATA_DIR or data/)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: PROBATION_DB)")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="check a CSV or Excel file, preview it and import it")
    add.add_argument("file", type=Path)
    add.add_argument("--table", required=True, choices=TABLES)
    add.add_argument("--by", default=None, help="your name for the log (default: your login)")
    add.add_argument("--yes", action="store_true", help="import without asking (after a clean check)")
    add.add_argument("--check", action="store_true", help="check and preview only; write nothing")
    upd = sub.add_parser("update", help="correct cells of existing rows (each change logged with its source)")
    upd.add_argument("file", type=Path)
    upd.add_argument("--table", required=True, choices=TABLES)
    upd.add_argument("--by", default=None, help="your name for the log (default: your login)")
    upd.add_argument("--yes", action="store_true", help="apply without asking (after a clean check)")
    upd.add_argument("--check", action="store_true", help="check and preview only; write nothing")
    sub.add_parser("log", help="show the import log")
    und = sub.add_parser("undo", help="remove the rows an import added")
    und.add_argument("import_id")
    und.add_argument("--by", default=None)
    und.add_argument("--yes", action="store_true")
    tpl = sub.add_parser("template", help="print a CSV template for a table")
    tpl.add_argument("table", choices=TABLES)
    tpl.add_argument("--update", action="store_true", help="the header of a corrections file instead")
    args = parser.parse_args(argv)
    data_dir = Path(args.data or config.data_dir())
    db_path = Path(args.db or config.db_path())
    if args.command == "template":
        raw = update_template(args.table) if args.update else template_csv(data_dir, args.table)
        sys.stdout.write(raw.decode("utf-8-sig"))
        return 0
    note = recover(data_dir, db_path)
    if note:
        print(note, file=sys.stderr)
    if args.command == "log":
        for r in read_log(data_dir):
            status = f" (undone by {r['undone_by']})" if r["undone_by"] else ""
            count = log_count(r)
            print(f"{r['import_id']}  {r['at']}  {r['action']:<6} {r['table_name']:<16} {count:>6}  "
                  f"{r['by']}  {r['file_name']}  sha256:{r['sha256'][:12]}…{status}")
        return 0
    by = args.by or getpass.getuser()
    try:
        if args.command in ("add", "update"):
            raw = _read_cli_file(args.file)
            if raw is None:
                return 1
        if args.command == "update":
            check = check_update(data_dir, args.table, args.file.name, raw)
            if not check.ok:
                print(f"{args.file.name}: {len(check.problems)} problem(s); nothing was changed:", file=sys.stderr)
                _print_problems(check.problems or [Problem(args.file.name, 0, "", "has no corrections")])
                return 1
            print(f"{args.file.name}: {len(check.changes)} correction(s) to {args.table}; no row is added "
                  "or removed.")
            for ch in check.changes:
                print(f'  {ch["key"]} {ch["column"]}: "{ch["old_value"]}" → "{ch["new_value"]}" '
                      f'({ch["confidence"]}, {ch["source_url"]})')
            if args.check:
                return 0
            if not args.yes and input("Apply these corrections? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Nothing changed.")
                return 1
            import_id, _ = update_file(data_dir, db_path, args.table, args.file.name, raw, by)
            print(f"Applied as {import_id}.")
            return 0
        if args.command == "add":
            check = check_upload(data_dir, args.table, args.file.name, raw)
            if not check.ok:
                print(f"{args.file.name}: {len(check.problems)} problem(s); nothing was imported:", file=sys.stderr)
                _print_problems(check.problems)
                return 1
            before, after = check.counts[args.table]
            print(f"{args.file.name}: {len(check.upload.rows)} new row(s) for {args.table} "
                  f"({before} → {after}); no existing row is changed.")
            for line in check.changes:
                print(f"  {line}")
            if args.check:
                return 0
            if not args.yes and input("Import these rows? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Nothing imported.")
                return 1
            import_id, _ = import_file(data_dir, db_path, args.table, args.file.name, raw, by)
            print(f"Imported as {import_id}.")
            return 0
        if not args.yes and input(f"Undo {args.import_id}? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing undone.")
            return 1
        n = undo(data_dir, db_path, args.import_id, by)
        what = "reverted" if args.import_id.startswith("upd-") else "removed"
        print(f"Undid {args.import_id}: {what} {n} {'correction' if what == 'reverted' else 'row'}(s).")
        return 0
    except ImportRefused as err:
        print(err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
