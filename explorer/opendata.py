"""The whole dataset as downloads (pure functions, no Streamlit): every table of the database
as CSV in one zip and as Parquet, each with a data dictionary and a citation file.

The data dictionary is generated, never hand-written: column names, types and order from the
database itself (information_schema), rules (required, allowed values, keys, references) from
explorer/validate.py SPECS, descriptions from the comments in queries/build/*.sql, the column
help of explorer/imports.py and data/README.md. Text cells of the CSV files that a spreadsheet
would run as a formula are neutralised with a leading apostrophe; the Parquet files keep the
values exactly as stored.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from explorer import config, db
from explorer.validate import SPECS

SLUG = "probation-ratings"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = ("Contains inspection ratings and findings published by HM Inspectorate of Probation, "
               "licensed under the Open Government Licence v3.0. Contains Office for National Statistics "
               "geography data (police force areas, local authority districts), licensed under the Open "
               "Government Licence v3.0: © Crown copyright and database right.")
# A cell beginning with one of these is run as a formula by spreadsheet programs (= + - @),
# or can start one after a tab or carriage return.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISED_NOTE = ("Spreadsheet safety: in the CSV files, a text cell that begins with = + - @ (or a tab or "
                    "carriage return) starts with an added apostrophe (') so spreadsheet programs show it "
                    "as text instead of running it as a formula. Remove that one leading apostrophe to get "
                    "the stored value. Numbers, dates and the Parquet files are unchanged.")
BLANK_NOTE = ("A blank cell means the value is not in our data (not zero, not 'none'): the source did not "
              "publish it, or it was not found.")
BUILD_INFO = "build_info"
# The build record is exported without the folder on the server it was built from.
EXPORT_QUERY = {BUILD_INFO: "export_build_info"}

_INTEGER = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
            pa.int64(): pd.Int64Dtype()}


# ---- values -------------------------------------------------------------------------------

def neutralise_text(value):
    """One cell, made safe for spreadsheets: text with a formula lead gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised (numbers and dates are untouched)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].map(neutralise_text)
    return out


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow → pandas keeping whole numbers whole (nullable ints) and dates as dates."""
    return table.to_pandas(types_mapper=_INTEGER.get, date_as_object=True)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Spreadsheet-safe CSV, UTF-8 with a byte-order mark (spreadsheets then read accents)."""
    buf = io.StringIO()
    spreadsheet_safe(frame).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


# ---- the data dictionary --------------------------------------------------------------------

_CREATE = re.compile(r"CREATE TABLE\s+(\w+)\s*(\(|AS\b)", re.IGNORECASE)
_COLUMN_LINE = re.compile(r"^\s+([a-z_][a-z0-9_]*)\s+[A-Z]+[^-]*?(?:--\s*(.*))?$")


def _comment_block(lines: list[str], end: int) -> str:
    """The ``--`` comment lines directly above line ``end`` (a blank line ends the block)."""
    block = []
    i = end - 1
    while i >= 0 and lines[i].lstrip().startswith("--"):
        block.append(lines[i].lstrip()[2:].strip())
        i -= 1
    return " ".join(reversed(block)).strip()


def sql_comments(queries_dir: Path | None = None) -> dict[str, dict]:
    """Per table: ``about`` (the comment above its CREATE TABLE) and ``columns`` (comments at the
    end of column lines), from queries/build/schema.sql and the derived-table steps."""
    build_dir = Path(queries_dir or config.QUERIES_DIR) / "build"
    out: dict[str, dict] = {}
    for path in sorted(build_dir.glob("*.sql")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = _comment_block(lines, next((i for i, ln in enumerate(lines) if not ln.startswith("--")), len(lines)))
        header = header[len(path.name) + 1:].split(" Returns:")[0].strip() if header.startswith(f"{path.name}:") else ""
        current = None
        for n, line in enumerate(lines):
            match = _CREATE.search(line)
            if match:
                name = match.group(1).lower()
                about = _comment_block(lines, n)
                derived = match.group(2).upper() == "AS"
                if derived and (not about or about.startswith(f"{path.name}:")):  # none of its own: the file's
                    about = header[:1].upper() + header[1:]
                out[name] = {"about": about, "columns": {}, "derived": match.group(2).upper() == "AS",
                             "file": path.name}
                current = name if match.group(2) == "(" else None
                continue
            if current:
                if line.strip().startswith(")"):
                    current = None
                    continue
                col = _COLUMN_LINE.match(line)
                if col and col.group(2):
                    out[current]["columns"][col.group(1)] = col.group(2).strip()
    return out


def readme_notes(readme: Path | None = None) -> dict[str, dict]:
    """Per CSV file: ``about`` (its heading or bullet in data/README.md) and ``columns`` (the
    text after each back-quoted column name in its ``·``-separated column list)."""
    path = Path(readme or config.ROOT / "data" / "README.md")
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    out: dict[str, dict] = {}
    for match in re.finditer(r"^## (\w+\.csv) — (.+?)\n(.*?)(?=^## |^---|\Z)", text, re.M | re.S):
        file, about, body = match.group(1), match.group(2).strip(), match.group(3)
        columns: dict[str, str] = {}
        for segment in re.split(r"\s+·\s+|\n\n", body):
            seg = " ".join(segment.split())
            names = re.match(r"^((?:`[a-z_0-9]+`(?:,\s*|\s+and\s+)?)+)\s*(.*)$", seg)
            if not names:
                continue
            desc = names.group(2).strip(" .")
            for name in re.findall(r"`([a-z_0-9]+)`", names.group(1)):
                if desc:
                    columns.setdefault(name, desc)
        out[file] = {"about": about, "columns": columns}
    for match in re.finditer(r"^- (`\w+\.csv`.+?)(?=^- |^## |^\S|\Z)", text, re.M | re.S):
        bullet = " ".join(match.group(1).split())
        head = bullet.split(": ", 1)[0]
        for file in re.findall(r"`(\w+\.csv)`", head):
            entry = out.setdefault(file, {"about": "", "columns": {}})
            entry["about"] = f"{entry['about']}. {bullet}" if entry["about"] else bullet
    # The opening paragraph says what source_url and confidence mean on every row.
    intro = re.search(r"Every row carries `source_url` and `confidence`:(.+?)(?: A blank cell|\n\n|$)", text, re.S)
    if intro:
        out["*"] = {"about": "", "columns": {"confidence": " ".join(intro.group(1).split()),
                                             "source_url": "Web address of the source the row was read from."}}
    for entry in out.values():
        entry["about"] = _plain(entry["about"])
        entry["columns"] = {k: _plain(v) for k, v in entry["columns"].items()}
    return out


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed; first letter capitalised."""
    text = re.sub(r"\*\*|`", "", text).strip()
    if re.match(r"\w+\.csv", text):
        return text
    return text[:1].upper() + text[1:]


def _column_help() -> dict[str, dict[str, str]]:
    try:
        from explorer.imports import COLUMN_HELP
    except ImportError:  # pragma: no cover - imports is part of the app
        return {}
    return COLUMN_HELP


def _rules(table: str, column: str) -> tuple[str, str, str]:
    """(required, allowed values, key / reference) from validate.SPECS; blanks for derived tables."""
    spec = SPECS.get(table)
    if spec is None:
        return "", "", ""
    col = next((c for c in spec.columns if c.name == column), None)
    if col is None:
        return "", "", ""
    allowed = ""
    if col.choices:
        allowed = " | ".join(c if c else "(blank)" for c in col.choices)
    elif col.kind in ("date", "month", "partial_date"):
        allowed = {"date": "YYYY-MM-DD", "month": "YYYY-MM",
                   "partial_date": "YYYY, YYYY-MM or YYYY-MM-DD"}[col.kind]
    elif col.pattern:
        allowed = f"matches {col.pattern}"
    links = []
    if column in spec.key:
        links.append("key" if len(spec.key) == 1 else f"part of key ({', '.join(spec.key)})")
    links += [f"refers to {other}.{other_col}" for c, other, other_col in spec.references if c == column]
    return ("yes" if col.required else "no"), allowed, "; ".join(links)


def table_kind(table: str) -> str:
    if table in SPECS:
        return f"source: data/{SPECS[table].file}"
    if table == BUILD_INFO:
        return "build record: when the database was built, its row counts and data version"
    return "derived at build from the source tables"


def data_dictionary(columns: pd.DataFrame, row_counts: dict[str, int], exported: dict[str, list[str]]) -> pd.DataFrame:
    """One row per exported column: table, what kind of table, rows, column, position, type,
    required, allowed values, key or reference, description. ``columns`` is the result of the
    query database_columns; ``exported`` the columns each exported file has."""
    comments = sql_comments()
    notes = readme_notes()
    helps = _column_help()
    rows = []
    for table, part in columns.groupby("table_name", sort=True):
        if table not in exported:
            continue
        spec = SPECS.get(table)
        readme = notes.get(spec.file, {}) if spec else {}
        sql = comments.get(table, {})
        about = readme.get("about") or sql.get("about", "")
        position = 0
        for _, col in part.sort_values("position").iterrows():
            name = col["column_name"]
            if name not in exported[table]:
                continue
            position += 1
            required, allowed, links = _rules(table, name)
            desc = (helps.get(table, {}).get(name) or readme.get("columns", {}).get(name)
                    or sql.get("columns", {}).get(name)
                    or (notes.get("*", {}).get("columns", {}).get(name, "") if spec else ""))
            rows.append({
                "table": table, "file": f"{table}.csv", "table_kind": table_kind(table),
                "table_rows": row_counts.get(table), "table_description": about if position == 1 else "",
                "column": name, "position": position, "type": col["data_type"],
                "required": required, "allowed_values": allowed, "key_or_reference": links,
                "description": desc,
            })
    return pd.DataFrame(rows)


# ---- citation -----------------------------------------------------------------------------

def _q(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)  # a JSON string is a valid YAML scalar


def citation_cff(version: str, built: dt.date, permalink: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for this version of the dataset."""
    lines = [
        "cff-version: 1.2.0",
        f"message: {_q('If you use this dataset, please cite it as below, with its version.')}",
        "type: dataset",
        f"title: {_q('Probation inspection ratings, England and Wales (HM Inspectorate of Probation), 2018 to date')}",
        f"version: {_q(version)}",
        f"date-released: {_q(built.isoformat())}",
        "license: OGL-UK-3.0",
        f"license-url: {_q(LICENCE_URL)}",
        "authors:",
        f"  - name: {_q('Probation Ratings Explorer')}",
        f"abstract: {_q(ATTRIBUTION)}",
        "references:",
        "  - type: report",
        f"    title: {_q('Inspection reports and ratings of probation services')}",
        "    authors:",
        f"      - name: {_q('HM Inspectorate of Probation')}",
        f"    url: {_q('https://www.justiceinspectorates.gov.uk/hmiprobation/')}",
    ]
    if permalink:
        lines.insert(8, f"url: {_q(permalink)}")
    return "\n".join(lines) + "\n"


def citation_text(version: str, built: dt.date, permalink: str) -> str:
    where = f" {permalink}" if permalink else ""
    return (f"Probation Ratings Explorer (2026). Probation inspection ratings, England and Wales "
            f"(HM Inspectorate of Probation), 2018 to date. Data version {version}, built {built.isoformat()}."
            f"{where}\nLicence: {LICENCE} ({LICENCE_URL}).\n{ATTRIBUTION}\n").replace(
        "(2026)", f"({built.year})")


def readme_text(version: str, built: dt.date, permalink: str, dictionary: pd.DataFrame, kind: str) -> str:
    """The human-readable guide in each zip, from the same dictionary."""
    tables = dictionary.drop_duplicates("table")
    lines = [
        "Probation inspection ratings, England and Wales: the whole dataset",
        f"Data version {version}, built {built.isoformat()}." + (f" From {permalink}" if permalink else ""),
        "",
        f"Licence: {LICENCE} ({LICENCE_URL}).",
        ATTRIBUTION,
        "",
        f"One {kind} file per table of the database; data-dictionary.csv describes every column "
        "(type, whether required, allowed values, keys and references, meaning). Every row of a source "
        "table carries source_url (where the value was read) and confidence (verified = the publisher's "
        "own text; secondary = another source; conflict = sources disagree).",
        BLANK_NOTE,
    ]
    if kind == "CSV":
        lines += [NEUTRALISED_NOTE]
    lines += ["", "Tables:"]
    for _, t in tables.iterrows():
        about = f" {t['table_description']}" if t["table_description"] else ""
        rows = f"{t['table_rows']:,} row" + ("" if t["table_rows"] == 1 else "s")
        lines.append(f"- {t['file']} ({rows}; {t['table_kind']}).{about}")
    lines += ["", "Cite as: see citation.txt or CITATION.cff."]
    return "\n".join(lines) + "\n"


# ---- the bundle -----------------------------------------------------------------------------

@dataclass
class Bundle:
    version: str
    built_at: dt.datetime
    row_counts: dict[str, int]
    tables: pd.DataFrame  # table, kind, rows, columns, description (for the page)
    csv_zip: bytes
    parquet_zip: bytes
    dictionary_csv: bytes
    citation: str
    file_names: dict[str, str] = field(default_factory=dict)


def file_names(version: str) -> dict[str, str]:
    return {"csv": f"{SLUG}-{version}-csv.zip", "parquet": f"{SLUG}-{version}-parquet.zip",
            "duckdb": f"{SLUG}-{version}.duckdb", "dictionary": f"{SLUG}-{version}-data-dictionary.csv",
            "citation": f"{SLUG}-{version}-CITATION.cff"}


def _zip(members: dict[str, bytes], stamp: dt.datetime) -> bytes:
    buf = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def build_bundle(db_path: str, permalink: str = "", version: str = "") -> Bundle:
    """Every table of the database at ``db_path`` as a CSV zip and a Parquet zip, each with the
    data dictionary, a README and the citation files. ``version`` (the data version the caller
    read) is only a cache key: the bundle is built once per data version."""
    con = db.connect(db_path, read_only=True)
    try:
        info = db.run(con, "build_info").iloc[0]
        listing = db.run(con, "database_tables")
        columns = db.run(con, "database_columns")
        arrow = {name: db.run_arrow(con, EXPORT_QUERY.get(name, "export_table"),
                                    **({} if name in EXPORT_QUERY else {"table": name}))
                 for name in listing["table_name"]}
    finally:
        con.close()
    version = str(info["data_version"])
    built_at = pd.Timestamp(info["built_at"]).to_pydatetime()
    counts = {name: t.num_rows for name, t in arrow.items()}
    dictionary = data_dictionary(columns, counts, {n: t.column_names for n, t in arrow.items()})
    dictionary_csv = csv_bytes(dictionary)
    cff = citation_cff(version, built_at.date(), permalink)
    cite = citation_text(version, built_at.date(), permalink)
    folder = f"{SLUG}-{version}"
    common = {f"{folder}/data-dictionary.csv": dictionary_csv, f"{folder}/CITATION.cff": cff.encode(),
              f"{folder}/citation.txt": cite.encode()}
    csv_members = {f"{folder}/README.txt": readme_text(version, built_at.date(), permalink, dictionary, "CSV").encode(),
                   **common}
    pq_members = {f"{folder}/README.txt": readme_text(version, built_at.date(), permalink, dictionary,
                                                      "Parquet").encode(), **common}
    for name, table in arrow.items():
        csv_members[f"{folder}/{name}.csv"] = csv_bytes(to_frame(table))
        pq_members[f"{folder}/{name}.parquet"] = parquet_bytes(table)
    described = dictionary.drop_duplicates("table").set_index("table")
    tables = pd.DataFrame([{
        "name": name, "kind": table_kind(name), "rows": counts[name], "columns": arrow[name].num_columns,
        "description": described["table_description"].get(name, ""),
    } for name in arrow])
    return Bundle(version=version, built_at=built_at, row_counts=counts, tables=tables,
                  csv_zip=_zip(csv_members, built_at), parquet_zip=_zip(pq_members, built_at),
                  dictionary_csv=dictionary_csv, citation=cff, file_names=file_names(version))


def database_bytes(db_path: str, version: str) -> bytes:
    """The DuckDB file itself (``version`` is part of the caller's cache key)."""
    return Path(db_path).read_bytes()
