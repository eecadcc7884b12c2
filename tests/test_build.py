"""The build validates every CSV and stops on a bad row with file, line and reason,
leaving any existing database untouched; a good build loads every row."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from explorer import build, db
from explorer.validate import SPECS
from tests.conftest import half_committed_import


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit(folder: Path, file: str, index: int, **changes) -> None:
    rows = _rows(folder / file)
    rows[index].update(changes)
    _write(folder / file, rows)


def _problems(folder: Path, target: Path) -> str:
    with pytest.raises(build.BuildError) as err:
        build.build(folder, target)
    return str(err.value)


def test_good_build_loads_every_row(data_copy, tmp_path):
    target = tmp_path / "out.duckdb"
    counts = build.build(data_copy, target)
    for name, spec in SPECS.items():
        assert counts[name] == len(_rows(data_copy / spec.file)), name
    con = db.connect(target)
    assert db.run(con, "completeness")["inspections"].sum() == len(_rows(data_copy / "inspections.csv"))
    con.close()


@pytest.mark.parametrize(
    ("file", "index", "changes", "expected"),
    [
        ("inspections.csv", 0, {"overall_rating": "Inadeq uate"}, 'Did you mean "Inadequate"'),
        ("inspections.csv", 1, {"overall_rating": "good"}, 'Did you mean "Good"'),
        ("inspections.csv", 2, {"org_id": "crc-c99"}, '"crc-c99" is not a known org_id'),
        ("inspections.csv", 3, {"source_url": ""}, "[source_url]: is required but empty"),
        ("inspections.csv", 4, {"published_on": "2019-13-01"}, "is not a valid date"),
        ("inspections.csv", 5, {"published_on": "31/05/2019"}, "is not a valid date"),
        ("inspections.csv", 6, {"total_score": "30", "max_score": "27"}, "more than the maximum 27"),
        ("inspections.csv", 7, {"total_score": "3"}, "must be given together"),
        ("inspections.csv", 8, {"cases_inspected": "many"}, "is not a whole number"),
        ("inspections.csv", 9, {"confidence": "sure"}, '"sure" is not one of'),
        ("inspections.csv", 10, {"programme": "crc-nps-2017"}, "is not a known programme_id"),
        ("standard_ratings.csv", 0, {"standard": "desistance"}, "is not a standard of programme"),
        ("findings.csv", 0, {"value": "133"}, "is not a percentage"),
        ("findings.csv", 1, {"unit": "percentage"}, '"percentage" is not one of'),
        ("organisations.csv", 0, {"org_type": "charity"}, '"charity" is not one of'),
        ("organisations.csv", 50, {"parent_org_id": "region-x"}, "is not a known org_id"),
        ("organisation_areas.csv", 0, {"area_code": "E2300000"}, "is not a valid identifier"),
        # one validation for the build and every import (hand edits are checked as uploads are)
        ("inspections.csv", 11, {"note": '=HYPERLINK("https://example.org")'}, "run as a formula"),
        ("organisations.csv", 3, {"name": "Made\u200bup"}, "(U+200B)"),
        ("programmes.csv", 0, {"name": "Round <img src=x>"}, "contains HTML or script markup"),
        ("findings.csv", 2, {"denominator_n": "0"}, "is not a number of cases"),
        ("findings.csv", 3, {"value": "inf"}, '"inf" is not a number'),
        ("inspections.csv", 12, {"cases_inspected": "٦٠"}, 'the digit "٦"'),
    ],
)
def test_bad_cell_is_reported_with_file_line_and_reason(data_copy, tmp_path, file, index, changes, expected):
    _edit(data_copy, file, index, **changes)
    message = _problems(data_copy, tmp_path / "out.duckdb")
    assert f"{file}:{index + 2}" in message  # header is line 1
    assert expected in message
    assert not (tmp_path / "out.duckdb").exists()


def test_future_date_is_rejected(data_copy, tmp_path):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    _edit(data_copy, "inspections.csv", 0, published_on=tomorrow)
    assert "is in the future" in _problems(data_copy, tmp_path / "x.duckdb")


def test_duplicate_id_names_the_first_line(data_copy, tmp_path):
    rows = _rows(data_copy / "inspections.csv")
    rows.append(dict(rows[3]))
    _write(data_copy / "inspections.csv", rows)
    message = _problems(data_copy, tmp_path / "x.duckdb")
    assert f"inspections.csv:{len(rows) + 1}" in message and "duplicate of line 5" in message


def test_missing_and_extra_columns(data_copy, tmp_path):
    rows = _rows(data_copy / "findings.csv")
    for row in rows:
        row.pop("denominator_n")
        row["comment"] = "x"
    _write(data_copy / "findings.csv", rows)
    message = _problems(data_copy, tmp_path / "x.duckdb")
    assert "missing column(s): denominator_n" in message
    assert "unexpected column(s): comment" in message


def test_non_utf8_file_is_reported(data_copy, tmp_path):
    path = data_copy / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Wales", "Gw\u00eales").encode("latin-1"))
    assert "organisations.csv" in (msg := _problems(data_copy, tmp_path / "x.duckdb")) and "not UTF-8" in msg


def test_bom_is_accepted(data_copy, tmp_path):
    path = data_copy / "programmes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    build.build(data_copy, tmp_path / "ok.duckdb")


def test_every_problem_is_reported_at_once(data_copy, tmp_path):
    _edit(data_copy, "inspections.csv", 0, overall_rating="Great")
    _edit(data_copy, "findings.csv", 3, unit="kg")
    message = _problems(data_copy, tmp_path / "x.duckdb")
    assert "2 problem(s)" in message
    assert "inspections.csv:2" in message and "findings.csv:5" in message


def test_failed_build_leaves_existing_database_untouched(data_copy, tmp_path):
    target = tmp_path / "live.duckdb"
    build.build(data_copy, target)
    before = target.read_bytes()
    _edit(data_copy, "inspections.csv", 0, overall_rating="Brilliant")
    _problems(data_copy, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".live")] == []


def test_cli_exit_codes(data_copy, tmp_path, capsys):
    assert build.main(["--data", str(data_copy), "--db", str(tmp_path / "a.duckdb")]) == 0
    _edit(data_copy, "inspections.csv", 0, overall_rating="Poor")
    assert build.main(["--data", str(data_copy), "--check"]) == 1
    assert "inspections.csv:2" in capsys.readouterr().err


def test_two_units_on_one_hexagon_is_a_validation_problem(data_copy, tmp_path):
    rows = _rows(data_copy / "hex_pdu.csv")
    _edit(data_copy, "hex_pdu.csv", 5, hex_q=rows[0]["hex_q"], hex_r=rows[0]["hex_r"])
    message = _problems(data_copy, tmp_path / "x.duckdb")
    assert "hex_pdu.csv:7" in message and "already used on line 2" in message


def test_stray_spaces_in_free_text_are_reported(data_copy, tmp_path):
    _edit(data_copy, "organisations.csv", 3, note="inferred ")
    message = _problems(data_copy, tmp_path / "x.duckdb")
    assert "organisations.csv:5 [note]" in message and "leading or trailing spaces" in message


# ---- one lock and one recovery for every writer ----------------------------------------------

def test_build_after_a_killed_import_rolls_it_back_first(data_copy, tmp_path):
    from explorer import journal
    before = half_committed_import(data_copy)
    build.build(data_copy, tmp_path / "db.duckdb")  # would fail on "half,done" without the recovery
    assert (data_copy / "inspections.csv").read_bytes() == before
    assert not (data_copy / journal.JOURNAL).exists()
    con = db.connect(tmp_path / "db.duckdb")
    version = db.run(con, "build_info")["data_version"].iloc[0]
    con.close()
    assert version == build.data_version(data_copy)


def test_check_after_a_killed_import_reads_the_whole_old_state(data_copy):
    half_committed_import(data_copy)
    assert build.main(["--data", str(data_copy), "--check"]) == 0


def test_a_killed_build_leaves_nothing_the_next_build_keeps(data_copy, tmp_path):
    db_path = tmp_path / "db.duckdb"
    strays = [tmp_path / f".db.duckdb.{tag}.building" for tag in ("a1b2", "c3d4")]
    for p in strays:
        p.write_bytes(b"half a database")
    (tmp_path / ".db.duckdb.a1b2.building.wal").write_bytes(b"wal")
    unrelated = tmp_path / "notes.building"
    unrelated.write_text("not ours")
    build.build(data_copy, db_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb", "notes.building"]


def test_build_waits_for_the_import_lock(data_copy, tmp_path):
    """While another writer holds the lock, a build does not start; it runs once the lock is free."""
    import threading

    from explorer import journal
    db_path = tmp_path / "db.duckdb"
    started = threading.Event()
    finished = threading.Event()

    def run():
        started.set()
        build.build(data_copy, db_path)
        finished.set()

    with journal.locked(data_copy):
        worker = threading.Thread(target=run)
        worker.start()
        started.wait()
        assert not finished.wait(1.0) and not db_path.exists()  # blocked on the lock, not built
    worker.join(120)
    assert finished.is_set() and db_path.exists()


def test_the_version_of_an_imported_build_is_the_version_of_its_data(data_copy, tmp_path):
    """A build made inside an import names the data it was built from, not the data before it."""
    from explorer import imports
    lines = (data_copy / "inspections.csv").read_text().splitlines(keepends=True)
    row = next(line for line in lines if line.startswith("p2-wal-dyfedpowys,"))
    (data_copy / "inspections.csv").write_text("".join(line for line in lines if line != row))
    db_path = tmp_path / "db.duckdb"
    build.build(data_copy, db_path)
    old = build.data_version(data_copy)
    imports.import_file(data_copy, db_path, "inspections", "dyfed.csv", (lines[0] + row).encode(), "test")
    con = db.connect(db_path)
    version = db.run(con, "build_info")["data_version"].iloc[0]
    con.close()
    assert version == build.data_version(data_copy) != old


# Cells made up for this test: one for each reason cell_problem gives, and some it clears.
UNSAFE_CELLS = ["x" * 4001, "Lon\u200bdon", "a\x07b", "Year \u0662\u0660\u0662\u0664", "<b>bold</b>",
                "JavaScript:alert(1)", "&#60;", "=SUM(A1)", "+44", "-3", "@name", "\tindent"]
SAFE_CELLS = ["", "Brighton and Hove", "Ynys Môn", "it’s", "50%", "3 < 4?", "Q&A", "2024-05-01", "e-mail"]


@pytest.mark.parametrize("cell", UNSAFE_CELLS)
def test_a_column_with_any_unsafe_cell_is_checked_cell_by_cell(cell):
    """column_is_safe only lets a column skip the per-cell rule when the rule would pass every cell."""
    from explorer.validate import cell_problem, column_is_safe
    if cell_problem(cell) is None:
        pytest.fail(f"{cell!r} should be unsafe")
    assert not column_is_safe(["Leeds", cell, "York"])


def test_a_clean_column_skips_the_per_cell_rule():
    from explorer.validate import cell_problem, column_is_safe
    assert all(cell_problem(c) is None for c in SAFE_CELLS)
    assert column_is_safe(SAFE_CELLS)
    assert column_is_safe(["-3", "12"], "int")  # a number column may start with "-"
    assert not column_is_safe(["-3", "12"], "text")


def test_stray_spaces_are_found_in_a_column_cleared_as_safe(tmp_path):
    """The whole-column shortcut for free text still reports a cell with a leading space, on its line."""
    from explorer.validate import SPECS, Problem, Table, _check_rows
    spec = SPECS["organisations"]
    free = next(c for c in spec.columns if c.kind == "text" and not c.pattern and not c.required)
    table = Table(spec)
    for line, value in ((2, "fine"), (3, " padded"), (4, "")):
        table.rows.append({c.name: (value if c is free else "") for c in spec.columns})
        table.lines.append(line)
    problems: list[Problem] = []
    _check_rows("organisations.csv", table, problems, dt.date(2026, 12, 1))
    assert [(p.line, p.column) for p in problems if p.column == free.name] == [(3, free.name)]


def test_a_bad_value_repeated_is_reported_on_every_line_it_is_on():
    """Each distinct value is checked once (a 100x build has millions of cells), yet every line
    holding a bad value is named, in the order of the file, and good lines are not."""
    from explorer.validate import SPECS, Problem, Table, _check_rows
    spec = SPECS["organisations"]
    choice = next(c for c in spec.columns if c.kind == "choice")
    good = next(c for c in choice.choices if c)
    table = Table(spec)
    for line, value in ((2, "bogus"), (3, good), (4, "bogus"), (5, "other bogus")):
        table.rows.append({c.name: (value if c is choice else "") for c in spec.columns})
        table.lines.append(line)
    problems: list[Problem] = []
    _check_rows("organisations.csv", table, problems, dt.date(2026, 12, 1))
    named = [(p.line, p.reason.split(" is not")[0]) for p in problems if p.column == choice.name]
    assert named == [(2, '"bogus"'), (4, '"bogus"'), (5, '"other bogus"')]
