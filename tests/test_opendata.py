"""The whole-dataset downloads: every table of the database, spreadsheet-safe CSV, exact
Parquet, a dictionary generated from the schema, a citation, file names carrying the version."""
from __future__ import annotations

import csv
import io
import zipfile

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from explorer import db, opendata
from explorer.validate import SPECS


@pytest.fixture(scope="module")
def bundle(built_db):
    return opendata.build_bundle(str(built_db), "https://example.org/data")


def _members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {name.split("/", 1)[1]: zf.read(name) for name in zf.namelist()}


def test_neutralise_text_only():
    frame = pd.DataFrame({"t": ["=1+1", "+44", "-x", "@SUM(A1)", "\tx", "plain", None],
                          "n": [-1, 2, -3, 4, 5, 6, 7]})
    out = opendata.spreadsheet_safe(frame)
    assert out["t"].tolist()[:6] == ["'=1+1", "'+44", "'-x", "'@SUM(A1)", "'\tx", "plain"]
    assert pd.isna(out["t"].iloc[6])
    assert out["n"].tolist() == frame["n"].tolist()  # numbers are never touched
    assert frame["t"].iloc[0] == "=1+1"  # the input is not modified


def test_every_table_is_in_both_zips(bundle, con):
    tables = set(db.run(con, "database_tables")["table_name"])
    csv_files = {n[:-4] for n in _members(bundle.csv_zip) if n.endswith(".csv") and n != "data-dictionary.csv"}
    pq_files = {n[:-8] for n in _members(bundle.parquet_zip) if n.endswith(".parquet")}
    assert csv_files == pq_files == tables
    assert set(SPECS) <= tables


def test_zip_round_trips_into_a_fresh_duckdb(bundle, con, tmp_path):
    """Load every CSV of the zip into an empty DuckDB: the same row count as the database."""
    fresh = duckdb.connect()
    for name, data in _members(bundle.csv_zip).items():
        if not name.endswith(".csv") or name == "data-dictionary.csv":
            continue
        path = tmp_path / name
        path.write_bytes(data)
        fresh.read_csv(str(path)).create(name[:-4])
        source_rows = len(db.run(con, opendata.EXPORT_QUERY.get(name[:-4], "export_table"),
                                 **({} if name[:-4] in opendata.EXPORT_QUERY else {"table": name[:-4]})))
        assert fresh.table(name[:-4]).shape[0] == source_rows, name


def test_parquet_keeps_exact_types(bundle, con):
    members = _members(bundle.parquet_zip)
    table = pq.read_table(io.BytesIO(members["inspections.parquet"]))
    assert str(table.schema.field("total_score").type) == "int32"
    assert table.num_rows == len(db.run(con, "export_table", table="inspections"))
    dated = pq.read_table(io.BytesIO(members["inspections_dated.parquet"]))
    assert str(dated.schema.field("published_date").type) == "date32[day]"


def test_whole_numbers_stay_whole_in_csv(bundle):
    text = _members(bundle.csv_zip)["inspections.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    scores = [r["total_score"] for r in rows if r["total_score"]]
    assert scores and all(s.isdigit() for s in scores)


def test_build_info_export_leaves_out_the_server_folder(bundle):
    text = _members(bundle.csv_zip)["build_info.csv"].decode("utf-8-sig")
    assert "data_dir" not in text.splitlines()[0]
    assert bundle.version in text


def test_dictionary_is_generated_from_the_schema(bundle, con):
    dictionary = pd.read_csv(io.BytesIO(bundle.dictionary_csv), encoding="utf-8-sig", keep_default_na=False)
    columns = db.run(con, "database_columns")
    # every exported column is described, in the database's order, with its database type
    for table in ("inspections", "standard_ratings", "lineage"):
        expected = columns[columns["table_name"] == table].sort_values("position")
        got = dictionary[dictionary["table"] == table]
        assert got["column"].tolist() == expected["column_name"].tolist()
        assert got["type"].tolist() == expected["data_type"].tolist()
    rating = dictionary[(dictionary["table"] == "inspections") & (dictionary["column"] == "overall_rating")].iloc[0]
    assert "Requires improvement" in rating["allowed_values"]  # from validate.SPECS
    fk = dictionary[(dictionary["table"] == "standard_ratings") & (dictionary["column"] == "inspection_id")].iloc[0]
    assert "refers to inspections.inspection_id" in fk["key_or_reference"]
    assert rating["table_rows"] == bundle.row_counts["inspections"]
    source = dictionary[dictionary["table"].isin(list(SPECS))]
    common = source[source["column"].isin(["source_url", "confidence"])]
    assert len(common) == 2 * len(SPECS) and (common["description"] != "").all()
    assert (source.loc[source["table"] == "inspections", "description"] != "").all()
    conf = common[(common["column"] == "confidence") & (common["table"] == "inspections")].iloc[0]["description"]
    assert "verified" in conf.lower() and "secondary" in conf  # from data/README.md's opening


def test_readme_states_the_apostrophe_rule_and_licence(bundle):
    readme = _members(bundle.csv_zip)["README.txt"].decode()
    assert opendata.NEUTRALISED_NOTE in readme and "Open Government Licence v3.0" in readme
    assert bundle.version in readme
    assert opendata.NEUTRALISED_NOTE not in _members(bundle.parquet_zip)["README.txt"].decode()


def test_citation_has_version_date_licence_permalink(bundle):
    cff = _members(bundle.csv_zip)["CITATION.cff"].decode()
    assert f'version: "{bundle.version}"' in cff
    assert f'date-released: "{bundle.built_at.date().isoformat()}"' in cff
    assert "license: OGL-UK-3.0" in cff and 'url: "https://example.org/data"' in cff
    text = _members(bundle.csv_zip)["citation.txt"].decode()
    assert bundle.version in text and "HM Inspectorate of Probation" in text


def test_file_names_carry_the_version(bundle):
    assert all(bundle.version in name for name in bundle.file_names.values())
    with zipfile.ZipFile(io.BytesIO(bundle.csv_zip)) as zf:
        assert all(n.startswith(f"probation-ratings-{bundle.version}/") for n in zf.namelist())


def test_readme_notes_parse_column_lists():
    notes = opendata.readme_notes()
    assert "overall_rating" in notes["inspections.csv"]["columns"]
    assert "Outstanding" in notes["inspections.csv"]["columns"]["overall_rating"]
    assert notes["hex_pdu.csv"]["about"]  # from a bullet naming two files
