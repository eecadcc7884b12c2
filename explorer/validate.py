"""Validation of the CSV sources of truth.

One declarative spec per table; ``validate_tables`` returns every problem at once
(file, line, column, reason) so a bad row stops the build with a message that says
where to look. The same checks serve the database build and, later, uploads.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

CONFIDENCE = ("verified", "secondary", "conflict", "derived", "defined")
RATING_WORDS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
ORG_TYPES = ("crc", "nps_division", "nps_region", "region", "pdu", "national")
FINDING_LEVELS = ("CRC", "NPS", "PDU", "region", "national", "CRC-all", "NPS-all")
FINDING_TOPICS = (
    "assessment", "planning", "implementation", "reviewing", "risk_of_harm", "safeguarding",
    "domestic_abuse", "caseload", "staffing", "other",
)
FINDING_UNITS = ("percent", "count", "ratio")
# How a programme ends: a four-point rating, or a narrative judgement with no rating.
RATING_KINDS = ("four-point", "narrative")
# How an inspection's dates are known when not from the row's own source: blank = stated in
# source_url; report_address = only the year, read from the report's web address;
# secondary_repost = from a secondary repost of the original release, not the cited page.
DATE_BASES = ("report_address", "secondary_repost")
# Who a programme inspected (data/coverage_states.csv) and how it chose (data/coverage_rules.csv).
COVERAGE_STATES = ("rated", "narrative", "inspected_not_in_data", "not_known", "not_inspected", "did_not_exist")
# Tables whose cells ``explorer.imports update`` may correct (data/corrections.csv).
CORRECTABLE = ("inspections", "standard_ratings", "findings")
COVERAGE_DESIGNS = ("every_organisation", "regions_in_round", "sample_in_each_region", "partial")

_ID = r"^[a-z0-9][a-z0-9_-]*$"
_AREA_CODE = r"^[EWSN]\d{8}$"
# A district split between PDUs is written with a "(part)" suffix in organisation_areas.csv.
_AREA_CODE_OR_PART = r"^[EWSN]\d{8}(\(part\))?$"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | int | float | date | month | partial_date | choice
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    # A column added after files were already in use: an upload may leave it out (read as blank).
    may_be_absent: bool = False


@dataclass(frozen=True)
class TableSpec:
    table: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" [{self.column}]" if self.column else ""
        return f"{where}{col}: {self.reason}"


def _src() -> tuple[Column, Column]:
    return (
        Column("source_url", required=True),
        Column("confidence", "choice", required=True, choices=CONFIDENCE),
    )


SPECS: dict[str, TableSpec] = {
    s.table: s
    for s in (
        TableSpec(
            "rating_scale", "rating_scale.csv",
            (
                Column("rating", required=True), Column("kind", "choice", True, ("rating", "state")),
                Column("rank", "int"), Column("short_label", required=True), Column("description"),
                *_src(),
            ),
            key=("rating",),
        ),
        TableSpec(
            "provider_types", "provider_types.csv",  # provider types as shown, and their framework
            (
                Column("org_type", "choice", True, ORG_TYPES), Column("provider_label", required=True),
                Column("short_label", required=True), Column("plural_label", required=True),
                Column("display_order", "int", True), Column("era", "choice", True, ("crc-nps", "unified")),
                Column("era_ended", "date"), Column("framework_type", "choice", True, ORG_TYPES),
                *_src(), Column("note"),
            ),
            key=("org_type",),
        ),
        TableSpec(
            "policy", "policy.csv",  # the tool's own settings, each with its reason
            (
                Column("setting", "choice", True, ("freshness_months", "small_sample_cases")),
                Column("value", "int", True), Column("unit", required=True), Column("reason", required=True),
                *_src(),
            ),
            key=("setting",),
        ),
        TableSpec(
            "coverage_states", "coverage_states.csv",  # who a programme inspected: the states
            (
                Column("state", "choice", True, COVERAGE_STATES), Column("label", required=True),
                Column("display_order", "int", True),
                Column("counts_as_inspected", "choice", True, ("true", "false")),
                Column("description", required=True), *_src(),
            ),
            key=("state",),
        ),
        TableSpec(
            "programmes", "programmes.csv",
            (
                Column("programme_id", required=True, pattern=_ID), Column("name", required=True),
                Column("org_types", required=True), Column("first_published", "month"),
                Column("last_published", "month"), Column("standards"), Column("points_per_standard"),
                Column("max_points"), Column("banding"), *_src(), Column("note"),
                Column("rating_kind", "choice", True, RATING_KINDS),
                # Month the programme began (announcement or first fieldwork), where published: the
                # earliest an inspection of it can date from when its own dates are not published.
                Column("began", "month"), Column("began_source_url"),
            ),
            key=("programme_id",),
        ),
        TableSpec(
            "coverage_rules", "coverage_rules.csv",  # how each programme chose whom to inspect
            (
                Column("programme_id", required=True), Column("design", "choice", True, COVERAGE_DESIGNS),
                Column("round_group", required=True, pattern=_ID), Column("description", required=True),
                *_src(),
            ),
            key=("programme_id",),
            references=(("programme_id", "programmes", "programme_id"),),
        ),
        TableSpec(
            "programme_standards", "programme_standards.csv",
            (
                Column("programme_id", required=True), Column("position", "int", True),
                Column("standard", required=True, pattern=_ID), Column("standard_name", required=True),
                Column("domain"), Column("applies_to", "choice", choices=("", *ORG_TYPES)),
                *_src(), Column("note"),
            ),
            key=("programme_id", "standard"),
            references=(("programme_id", "programmes", "programme_id"),),
        ),
        TableSpec(
            "organisations", "organisations.csv",
            (
                Column("org_id", required=True, pattern=_ID),
                Column("org_type", "choice", True, ORG_TYPES), Column("name", required=True),
                Column("delius_code"), Column("parent_org_id"),
                Column("owner"), Column("owner_source_url"),  # CRCs: owner when contracts were let (Feb 2015)
                Column("valid_from", "date"),
                Column("valid_to", "date"), *_src(), Column("note"),
            ),
            key=("org_id",),
            references=(("parent_org_id", "organisations", "org_id"),),
        ),
        TableSpec(
            "organisation_successions", "organisation_successions.csv",  # PDU regroupings and splits
            (
                Column("predecessor_org_id", required=True), Column("successor_org_id", required=True),
                Column("changed_from", "month"), Column("changed_to", "month"), *_src(), Column("note"),
            ),
            key=("predecessor_org_id", "successor_org_id"),
            references=(("predecessor_org_id", "organisations", "org_id"),
                        ("successor_org_id", "organisations", "org_id")),
        ),
        TableSpec(
            "organisation_areas", "organisation_areas.csv",
            (
                Column("org_id", required=True), Column("area_type", "choice", True, ("pfa", "lad")),
                Column("area_code", required=True, pattern=_AREA_CODE_OR_PART), Column("area_name"),
                Column("basis"), *_src(),
            ),
            key=("org_id", "area_type", "area_code"),
            references=(("org_id", "organisations", "org_id"),),
        ),
        TableSpec(
            "lad_pfa_lookup", "lad_pfa_lookup.csv",
            (
                Column("lad_vintage", required=True), Column("lad_code", required=True, pattern=_AREA_CODE),
                Column("lad_name", required=True), Column("pfa_code", required=True, pattern=_AREA_CODE),
                Column("pfa_name", required=True), Column("county_code"), Column("county_name"),
                Column("method"), *_src(),
            ),
            key=("lad_vintage", "lad_code"),
        ),
        TableSpec(
            "hex_pfa", "hex_pfa.csv",  # hex cartogram: one cell per police force area
            (
                Column("area_code", required=True, pattern=_AREA_CODE), Column("area_name", required=True),
                Column("hex_q", "int", True), Column("hex_r", "int", True),
                Column("label", required=True), *_src(), Column("method"),
            ),
            key=("area_code",),
        ),
        TableSpec(
            "hex_pdu", "hex_pdu.csv",  # hex cartogram: one cell per probation delivery unit
            (
                Column("org_id", required=True), Column("name", required=True),
                Column("region_org_id", required=True),
                Column("hex_q", "int", True), Column("hex_r", "int", True),
                Column("label", required=True), *_src(), Column("method"),
            ),
            key=("org_id",),
            references=(("org_id", "organisations", "org_id"), ("region_org_id", "organisations", "org_id")),
        ),
        TableSpec(
            "inspections", "inspections.csv",
            (
                Column("inspection_id", required=True, pattern=_ID), Column("org_id", required=True),
                Column("programme", required=True), Column("name_in_source", required=True),
                Column("fieldwork_start", "month"), Column("published_on", "partial_date"),
                Column("overall_rating", "choice", choices=("", *RATING_WORDS)),
                Column("total_score", "int"), Column("max_score", "int"), Column("cases_inspected", "int"),
                *_src(), Column("date_basis", "choice", choices=("", *DATE_BASES)), Column("note"),
            ),
            key=("inspection_id",),
            references=(
                ("org_id", "organisations", "org_id"),
                ("programme", "programmes", "programme_id"),
            ),
        ),
        TableSpec(
            "standard_ratings", "standard_ratings.csv",
            (
                Column("inspection_id", required=True), Column("standard", required=True),
                Column("standard_name", required=True),
                Column("rating", "choice", True, RATING_WORDS), *_src(), Column("note"),
            ),
            key=("inspection_id", "standard"),
            references=(("inspection_id", "inspections", "inspection_id"),),
        ),
        TableSpec(
            "findings", "findings.csv",
            (
                Column("finding_id", required=True), Column("inspection_id"), Column("organisation", required=True),
                Column("level", "choice", True, FINDING_LEVELS), Column("period", required=True),
                Column("topic", "choice", True, FINDING_TOPICS), Column("measure", required=True),
                Column("value", "float"), Column("unit", "choice", True, FINDING_UNITS),
                Column("denominator_n", "float"), *_src(),
                # A share the source gives only in words ("less than half"): kept as words, with
                # value blank, because turning it into a number would invent precision.
                Column("stated_as", may_be_absent=True),
            ),
            key=("finding_id",),
            references=(("inspection_id", "inspections", "inspection_id"),),
        ),
        TableSpec(
            # Cell corrections applied by ``explorer.imports update``: each changed value, what it
            # was, and the source of the new value (the row's own source_url is unchanged).
            "corrections", "corrections.csv",
            (
                Column("correction_id", required=True, pattern=r"^C\d{4,}$"),
                Column("import_id", required=True), Column("table_name", "choice", True, CORRECTABLE),
                Column("row_key", required=True), Column("column_name", required=True),
                Column("old_value"), Column("new_value"), *_src(), Column("note"),
            ),
            key=("correction_id",),
        ),
        TableSpec(
            "known_gaps", "known_gaps.csv",
            (
                Column("gap_id", required=True, pattern=_ID),
                Column("programme_id", required=True), Column("org_type", "choice", True, ORG_TYPES),
                Column("period", required=True), Column("published_count", "int", True),
                Column("published_detail", required=True), Column("held_count", "int"),
                Column("held_basis"), *_src(), Column("note"),
            ),
            key=("gap_id",),
            references=(("programme_id", "programmes", "programme_id"),),
        ),
        TableSpec(
            "published_totals", "published_totals.csv",
            (
                Column("programme_id", required=True), Column("org_type", "choice", True, ORG_TYPES),
                Column("rating", "choice", True, RATING_WORDS), Column("count", "int", True),
                *_src(), Column("note"),
            ),
            key=("programme_id", "org_type", "rating"),
            references=(("programme_id", "programmes", "programme_id"),),
        ),
    )
}

# Load order respects foreign keys (parents first).
TABLE_ORDER = tuple(SPECS)


@dataclass
class Table:
    """Rows of one CSV as text, with the file line each row started on."""

    spec: TableSpec
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def suggest(value: str, choices) -> str:
    """A 'did you mean' hint for a near miss (case, spacing or a typo)."""
    squashed = {re.sub(r"\s+", "", c).lower(): c for c in choices}
    key = re.sub(r"\s+", "", value).lower()
    if key in squashed:
        return f' Did you mean "{squashed[key]}"?'
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """'2019', '2019-05' or '2019-05-30' → (first day of that period, precision)."""
    parts = text.split("-")
    if len(parts) == 1 and re.fullmatch(r"[0-9]{4}", text):
        return dt.date(int(text), 1, 1), "year"
    if len(parts) == 2 and re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        return dt.date(int(parts[0]), int(parts[1]), 1), "month"
    if len(parts) == 3 and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return dt.date.fromisoformat(text), "day"
    raise ValueError(text)


# What the pages may assume of every cell, checked here once for the build and every import:
# no invisible or direction-changing characters (they spoof what a reader sees), no control
# characters, no cell longer than a note needs, and numbers written in ASCII digits only (Python's
# int() and \d accept full-width "2024" (U+FF12 ...) and Arabic-Indic "60"; DuckDB does not, and
# neither should a reader have to).
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:|&#|&lt;", re.IGNORECASE)
MAX_CELL = 4000  # characters; the longest note in the data is far shorter
WHOLE = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
DATE_FORMS = {"date": "YYYY-MM-DD", "month": "YYYY-MM", "partial_date": "YYYY, YYYY-MM or YYYY-MM-DD"}


def cell_problem(value: str, kind: str = "text") -> str | None:
    """The reason a cell is unsafe to show or to open in a spreadsheet, or None: the one rule
    for the build, ``make check`` and every import (a number column may start with "-")."""
    if len(value) > MAX_CELL:
        return f"is {len(value):,} characters long; the limit is {MAX_CELL:,}"
    found = INVISIBLE.search(value)
    if found:
        return (f"contains an invisible or text-direction character (U+{ord(found.group()):04X}) at "
                f"position {found.start() + 1}; retype the cell without it")
    found = CONTROL.search(value)
    if found:
        return f"contains a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}"
    digit = next((ch for ch in value if ch.isdigit() and not ch.isascii()), None)
    if digit:
        return f'contains the digit "{digit}" (U+{ord(digit):04X}) from another script; write numbers with 0-9'
    if MARKUP.search(value):
        return "contains HTML or script markup; plain text only"
    if kind not in ("int", "float") and value.startswith(FORMULA_START):
        return f'starts with "{value[0]}", which spreadsheet programs run as a formula; remove that character'
    return None


NON_ASCII = re.compile("[^\x00-\x7f]")


def column_is_safe(values: list[str], kind: str = "text") -> bool:
    """True when no cell of a column can fail ``cell_problem``: one scan of the whole column
    instead of one per cell (a 100x build has millions of cells). Conservative: a False only
    means "check each cell", so the per-cell rule stays the only rule."""
    if not values:
        return True
    if max(map(len, values)) > MAX_CELL:
        return False
    text = "\n".join(values)  # \n is not a control character, so the join adds no problem
    if not text.isascii() and (INVISIBLE.search(text)
                                or any(ch.isdigit() for ch in set(NON_ASCII.findall(text)))):
        return False
    if CONTROL.search(text):
        return False
    # str's own search is many times faster than the regex; run the regex only where it could match
    if ("<" in text or "&" in text or "javascript:" in text.lower()) and MARKUP.search(text):
        return False
    # a cell that starts as a formula starts the text or a line of it (a cell holding a line
    # break can match here without being a formula: then each cell is checked, as it should be);
    # str's substring search, many times faster than a regex anchored at every line
    return kind in ("int", "float") or not (text.startswith(FORMULA_START)
                                            or any("\n" + ch in text for ch in FORMULA_START))


def _date_hint(value: str, kind: str) -> str:
    """A day-first date ("15/01/2025") is named with the form wanted, rewritten."""
    m = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})", value)
    if m:
        return f"; write dates {DATE_FORMS[kind]}, e.g. {m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if not value.isascii():
        return f"; write dates {DATE_FORMS[kind]} in the digits 0-9"
    return f"; write dates {DATE_FORMS[kind]}"


def check_value(col: Column, value: str, today: dt.date, safe: bool = False) -> str | None:
    """Return the reason a cell is bad, or None. ``safe``: its column passed ``column_is_safe``."""
    if value == "":
        return "is required but empty" if col.required else None
    unsafe = None if safe else cell_problem(value, col.kind)
    if unsafe:
        return unsafe
    if value != value.strip():
        return f'has leading or trailing spaces: "{value}"'
    if col.kind == "int":
        if not WHOLE.fullmatch(value):
            return f'"{value}" is not a whole number (digits 0-9 only)'
        if int(value) < 0:
            return f"{value} is negative"
    elif col.kind == "float":
        if not DECIMAL.fullmatch(value):
            return f'"{value}" is not a number (digits 0-9, with a "." for decimals)'
    elif col.kind in ("date", "month", "partial_date"):
        try:
            day, precision = parse_partial_date(value)
        except ValueError:
            return f'"{value}" is not a valid date{_date_hint(value, col.kind)}'
        wanted = {"date": ("day",), "month": ("month", "day"), "partial_date": ("year", "month", "day")}[col.kind]
        if precision not in wanted:
            return f'"{value}" should be written {DATE_FORMS[col.kind]}'
        if col.name != "valid_to" and day > today:
            return f'"{value}" is in the future'
    elif col.kind == "choice" and value not in col.choices:
        allowed = ", ".join(c for c in col.choices if c)
        odd = next((ch for ch in value if not ch.isascii()), None)
        alphabet = (f' It contains "{odd}" (U+{ord(odd):04X}), a letter from another alphabet that looks like '
                    "a Latin one." if odd else "")
        return f'"{value}" is not one of: {allowed}.{alphabet}{suggest(value, [c for c in col.choices if c])}'
    if col.pattern and not re.fullmatch(col.pattern, value):
        return f'"{value}" is not a valid identifier of this kind'
    return None


def read_csv_text(name: str, text: str, spec: TableSpec, problems: list[Problem]) -> Table:
    """Parse CSV text against a spec, appending header and cell problems."""
    table = Table(spec)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None) or []
    if not header:
        problems.append(Problem(name, 1, "", "the file is empty (no header row)"))
        return table
    missing = [c for c in spec.column_names if c not in header]
    extra = [c for c in header if c not in spec.column_names]
    if missing:
        problems.append(Problem(name, 1, "", "missing column(s): " + ", ".join(missing)))
    if extra:
        problems.append(Problem(name, 1, "", "unexpected column(s): " + ", ".join(extra)))
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "", "a column name appears twice"))
    if missing or extra:
        return table
    position = {column: i for i, column in enumerate(header)}  # a repeated name: its last, as csv.DictReader
    wanted = [(column, position[column]) for column in spec.column_names]
    width = len(header)
    start = 2
    for cells in reader:
        if not cells:  # a blank line: skipped, as csv.DictReader does
            continue
        if len(cells) > width:
            problems.append(Problem(name, start, "", "more cells than columns"))
        count = len(cells)
        table.rows.append({column: (cells[i] if i < count else "") for column, i in wanted})
        table.lines.append(start)
        start = reader.line_num + 1
    return table


def _check_rows(name: str, table: Table, problems: list[Problem], today: dt.date) -> None:
    """Every cell against its column, a column at a time (problems are sorted later): a column
    that ``column_is_safe`` clears skips the per-cell safety rule, and a free-text column so
    cleared, with no stray spaces, is not visited cell by cell at all (a large import or a
    100x benchmark build has millions of cells)."""
    for col in table.spec.columns:
        values = [row[col.name] for row in table.rows]
        safe = column_is_safe(values, col.kind)
        if col.kind == "text" and not col.pattern and not col.required:
            if safe and all(value == value.strip() for value in values):
                continue
            for value, line in zip(values, table.lines, strict=True):
                if value and (value != value.strip() or (not safe and cell_problem(value) is not None)):
                    problems.append(Problem(name, line, col.name, check_value(col, value, today)))
            continue
        # a value's reason depends on the value alone: each distinct value is checked once, and
        # the cells are visited only to name the lines of the values that failed
        bad = {value: reason for value in set(values) if (reason := check_value(col, value, today, safe))}
        if bad:
            problems.extend(Problem(name, line, col.name, bad[value])
                            for value, line in zip(values, table.lines, strict=True) if value in bad)
    seen: dict[tuple, int] = {}
    for row, line in zip(table.rows, table.lines, strict=True):
        key = tuple(row[k] for k in table.spec.key)
        if key in seen:
            problems.append(Problem(name, line, ",".join(table.spec.key),
                                    f"duplicate of line {seen[key]} ({', '.join(key)})"))
        else:
            seen[key] = line


def _check_references(tables: dict[str, Table], problems: list[Problem]) -> None:
    for table in tables.values():
        for column, other, other_col in table.spec.references:
            if other not in tables:
                continue
            known = {r[other_col] for r in tables[other].rows}
            for row, line in zip(table.rows, table.lines, strict=True):
                value = row[column]
                if value and value not in known:
                    hint = suggest(value, sorted(known))
                    problems.append(Problem(table.spec.file, line, column,
                                            f'"{value}" is not a known {other_col} in {other}.{hint}'))


def _check_rules(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Cross-column and cross-table rules that a column type cannot express."""
    ins = tables.get("inspections")
    if ins:
        for row, line in zip(ins.rows, ins.lines, strict=True):
            total, top = row["total_score"], row["max_score"]
            if bool(total) != bool(top):
                problems.append(Problem(ins.spec.file, line, "total_score",
                                        "total_score and max_score must be given together"))
            elif total and top and total.isdigit() and top.isdigit() and int(total) > int(top):
                problems.append(Problem(ins.spec.file, line, "total_score",
                                        f"score {total} is more than the maximum {top}"))
    for name in ("hex_pfa", "hex_pdu"):  # one unit per hexagon
        hexes = tables.get(name)
        if hexes:
            seen: dict[tuple[str, str], int] = {}
            for row, line in zip(hexes.rows, hexes.lines, strict=True):
                cell = (row["hex_q"], row["hex_r"])
                if cell in seen:
                    problems.append(Problem(hexes.spec.file, line, "hex_q,hex_r",
                                            f"hexagon ({cell[0]}, {cell[1]}) is already used on line {seen[cell]}"))
                else:
                    seen[cell] = line
    orgs = tables.get("organisations")
    if orgs:
        for row, line in zip(orgs.rows, orgs.lines, strict=True):
            if row["owner"] and not row["owner_source_url"]:
                problems.append(Problem(orgs.spec.file, line, "owner_source_url",
                                        "an owner needs its own source (owner_source_url)"))
    std, prog_std = tables.get("standard_ratings"), tables.get("programme_standards")
    if std and ins and prog_std:
        programme_of = {r["inspection_id"]: r["programme"] for r in ins.rows}
        allowed: dict[str, set[str]] = {}
        for r in prog_std.rows:
            allowed.setdefault(r["programme_id"], set()).add(r["standard"])
        for row, line in zip(std.rows, std.lines, strict=True):
            prog = programme_of.get(row["inspection_id"])
            if prog and row["standard"] not in allowed.get(prog, set()):
                known = sorted(allowed.get(prog, set()))
                problems.append(Problem(std.spec.file, line, "standard",
                                        f'"{row["standard"]}" is not a standard of programme {prog} '
                                        f'(known: {", ".join(known)}).{suggest(row["standard"], known)}'))
    find = tables.get("findings")
    if find:
        for row, line in zip(find.rows, find.lines, strict=True):
            if not row["value"] and not row["stated_as"]:
                problems.append(Problem(find.spec.file, line, "value",
                                        "give the value, or the words the source uses in stated_as"))
            value = float(row["value"]) if DECIMAL.fullmatch(row["value"]) else None
            n = float(row["denominator_n"]) if DECIMAL.fullmatch(row["denominator_n"]) else None
            if n is not None and (n <= 0 or not n.is_integer()):
                problems.append(Problem(find.spec.file, line, "denominator_n",
                                        f"{row['denominator_n']} is not a number of cases (a whole number above 0)"))
                n = None
            if value is None:
                continue
            if row["unit"] == "percent" and not 0 <= value <= 100:
                problems.append(Problem(find.spec.file, line, "value", f"{row['value']} is not a percentage (0-100)"))
            elif value < 0:
                problems.append(Problem(find.spec.file, line, "value", f"{row['value']} is negative"))
            elif row["unit"] == "count" and n is not None and value > n:
                problems.append(Problem(find.spec.file, line, "value",
                                        f"a count of {row['value']} is more than its {row['denominator_n']} cases"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def decode(name: str, raw: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 with or without a byte-order mark; anything else is a clear problem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem(name, 0, "", f"is not UTF-8 text (byte {err.start}); save it as CSV UTF-8"))
        return None


def validate_tables(texts: dict[str, str], today: dt.date | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Validate CSV texts keyed by table name; returns parsed tables and all problems."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name in TABLE_ORDER:
        if name not in texts:
            continue
        spec = SPECS[name]
        table = read_csv_text(spec.file, texts[name], spec, problems)
        _check_rows(spec.file, table, problems, today)
        tables[name] = table
    _check_references(tables, problems)
    _check_rules(tables, problems)
    return tables, sorted(set(problems))


def read_data_dir(folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """Read every table's CSV from a folder as text."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for name, spec in SPECS.items():
        path = folder / spec.file
        if not path.exists():
            problems.append(Problem(spec.file, 0, "", f"file not found in {folder}"))
            continue
        text = decode(spec.file, path.read_bytes(), problems)
        if text is not None:
            texts[name] = text
    return texts, problems
