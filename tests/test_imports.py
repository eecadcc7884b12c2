"""Imports: every bad file gets its own message and changes nothing; a good file imports,
undoes cleanly and survives being killed mid-way; the import log is append-only.

All writes go to a tmp copy of data/ (``data_copy``) and a tmp database."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import build, db, imports, journal
from tests.import_corpus import bad_cases, good_rows, to_csv, to_xlsx

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date.today()
KSS = "p2-kss-region"  # a real inspection with standard ratings and findings that refer to it


def snapshot(*paths: Path) -> dict[str, str]:
    """SHA-256 of every file in the given folders/files (the whole state, hidden files too)."""
    out = {}
    for path in paths:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
            elif not f.exists():
                out[str(f)] = "absent"
    return out


@pytest.fixture()
def tmp_db(built_db, tmp_path) -> Path:
    """A private copy of the session database (built from the same CSVs as ``data_copy``)."""
    path = tmp_path / "db" / "probation.duckdb"
    path.parent.mkdir()
    shutil.copy(built_db, path)
    return path


def _take_out(folder: Path, file: str, predicate) -> bytes:
    """Remove the rows matching ``predicate`` from a CSV (raw lines); return them as an upload file."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0]
    taken = [line for line in lines[1:] if predicate(next(csv.reader([line])))]
    assert taken, f"nothing matched in {file}"
    path.write_text("".join(line for line in lines if line not in taken), encoding="utf-8")
    return (header + "".join(taken)).encode()


# ---- the bad-file corpus -----------------------------------------------------------------

CASES = bad_cases(ROOT / "data", TODAY)


def test_corpus_is_big_enough_and_its_base_rows_are_good(data_copy, tmp_db):
    assert len(CASES) >= 20
    assert len({c.expected for c in CASES}) == len(CASES)  # each case has its own message
    for table, row in good_rows(data_copy).items():
        check = imports.check_upload(data_copy, table, f"good-{table}.csv", to_csv([row]))
        assert check.ok, check.problems  # so each bad case fails for its one defect only


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_refused_with_its_message_and_changes_nothing(case, data_copy, tmp_db):
    before = snapshot(data_copy, tmp_db.parent)
    with pytest.raises(imports.ImportRefused) as err:
        imports.import_file(data_copy, tmp_db, case.table, case.file_name, case.raw, "tester")
    problems = err.value.problems
    matching = [p for p in problems if case.expected in p.reason or case.expected in str(p)]
    assert matching, "\n".join(map(str, problems))
    assert all(p.file == case.file_name for p in matching)
    if case.row:
        assert matching[0].line == case.row
    assert snapshot(data_copy, tmp_db.parent) == before


def test_every_problem_is_reported_at_once(data_copy):
    ins = good_rows(data_copy)["inspections"]
    rows = [dict(ins, overall_rating="Inadeq uate"),
            dict(ins, inspection_id="test-made-up-2", org_id="pdu-nowhere", published_on="2099-01-01"),
            dict(ins, inspection_id="test-made-up-3", source_url="")]
    check = imports.check_upload(data_copy, "inspections", "many.csv", to_csv(rows))
    found = {(p.line, p.column) for p in check.problems}
    assert {(2, "overall_rating"), (3, "org_id"), (3, "published_on"), (4, "source_url")} <= found


def test_bom_and_excel_uploads_are_accepted(data_copy):
    ins = good_rows(data_copy)["inspections"]
    assert imports.check_upload(data_copy, "inspections", "bom.csv", b"\xef\xbb\xbf" + to_csv([ins])).ok
    cols = list(ins)
    book = to_xlsx({"notes": [["ignored"]], "inspections": [cols, [ins[c] for c in cols]]})
    check = imports.check_upload(data_copy, "inspections", "two-sheets-one-named.xlsx", book)
    assert check.ok, check.problems
    assert check.upload.rows == [ins]


def test_template_is_real_rows_with_every_column_described(data_copy):
    for table in imports.TABLES:
        text = imports.template_csv(data_copy, table).decode("utf-8-sig")
        header, example = list(csv.reader(io.StringIO(text)))
        data_text = (data_copy / imports.SPECS[table].file).read_text(encoding="utf-8")
        assert ",".join(header) == data_text.splitlines()[0]
        assert example in list(csv.reader(io.StringIO(data_text)))  # a real row, not made up
        assert [h["column"] for h in imports.column_help(table)] == header
        # uploading the template unchanged is refused as a duplicate
        check = imports.check_upload(data_copy, table, "template.csv", text.encode())
        assert any("already in the data" in p.reason for p in check.problems)


# ---- a good file -------------------------------------------------------------------------

def test_good_file_imports_then_undoes_byte_for_byte(data_copy, tmp_path):
    upload = _take_out(data_copy, "inspections.csv", lambda r: r[0] == "p2-wal-dyfedpowys")
    target = tmp_path / "probation.duckdb"
    build.build(data_copy, target)
    csv_before = (data_copy / "inspections.csv").read_bytes()
    n_before = len(csv_before.decode("utf-8-sig").splitlines()) - 1
    logged_before = imports.read_log(data_copy)

    check = imports.check_upload(data_copy, "inspections", "dyfed.csv", upload)
    assert check.ok and check.counts["inspections"] == (n_before, n_before + 1)
    assert any(line.startswith("Dyfed Powys") for line in check.changes)

    import_id, _ = imports.import_file(data_copy, target, "inspections", "dyfed.csv", upload, "Tester")
    after = (data_copy / "inspections.csv").read_bytes()
    assert after == csv_before + upload.split(b"\n", 1)[1]  # appended; no existing byte rewritten
    assert sorted(after.splitlines()) == sorted((ROOT / "data" / "inspections.csv").read_bytes().splitlines())
    con = db.connect(target)
    recent = db.run(con, "recent_changes", limit=1)
    con.close()
    assert recent["inspection_id"].tolist() == ["p2-wal-dyfedpowys"]

    log = imports.read_log(data_copy)[len(logged_before):]
    assert [(r["import_id"], r["action"], r["by"], r["file_name"], r["rows_added"]) for r in log] == [
        (import_id, "import", "Tester", "dyfed.csv", "1")]
    assert log[0]["sha256"] == hashlib.sha256(upload).hexdigest()
    log_bytes = (data_copy / imports.LOG_FILE).read_bytes()

    assert imports.undo(data_copy, target, import_id, "Tester") == 1
    assert (data_copy / "inspections.csv").read_bytes() == csv_before
    assert (data_copy / imports.LOG_FILE).read_bytes().startswith(log_bytes)  # append-only
    log = imports.read_log(data_copy)[len(logged_before):]
    assert log[0]["undone_by"] == log[1]["import_id"] and log[1]["undoes"] == import_id
    con = db.connect(target)
    assert "p2-wal-dyfedpowys" not in db.run(con, "recent_changes", limit=200)["inspection_id"].tolist()
    con.close()
    with pytest.raises(imports.ImportRefused, match="already undone"):
        imports.undo(data_copy, target, import_id, "Tester")
    assert not [f for f in os.listdir(data_copy) if f.startswith(".")]  # no journal or stray files


def test_undo_is_refused_while_later_rows_refer_to_the_import(data_copy, tmp_path):
    files = {
        "findings": _take_out(data_copy, "findings.csv", lambda r: r[1] == KSS),
        "standard_ratings": _take_out(data_copy, "standard_ratings.csv", lambda r: r[0] == KSS),
        "inspections": _take_out(data_copy, "inspections.csv", lambda r: r[0] == KSS),
    }
    target = tmp_path / "probation.duckdb"
    build.build(data_copy, target)
    originals = snapshot(data_copy)
    logged_before = len(imports.read_log(data_copy))
    ids = {}
    for table in ("inspections", "standard_ratings", "findings"):
        ids[table], _ = imports.import_file(data_copy, target, table, f"{table}.csv", files[table], "Tester")
    for table in ("inspections", "standard_ratings", "findings"):
        file = imports.SPECS[table].file
        copied, original = (data_copy / file).read_bytes(), (ROOT / "data" / file).read_bytes()
        assert sorted(copied.splitlines()) == sorted(original.splitlines())
    state = snapshot(data_copy, target)
    with pytest.raises(imports.ImportRefused, match="refer to the removed ones"):
        imports.undo(data_copy, target, ids["inspections"], "Tester")
    assert snapshot(data_copy, target) == state
    for table in ("findings", "standard_ratings", "inspections"):
        imports.undo(data_copy, target, ids[table], "Tester")
    now = snapshot(data_copy)
    log_key = str(data_copy / imports.LOG_FILE)
    assert {k: v for k, v in now.items() if k != log_key} == {k: v for k, v in originals.items() if k != log_key}
    assert len(imports.read_log(data_copy)) == logged_before + 6


def test_unknown_import_id_gets_a_suggestion(data_copy, tmp_db):
    upload = to_csv([good_rows(data_copy)["inspections"]])
    import_id, _ = imports.import_file(data_copy, tmp_db, "inspections", "x.csv", upload, "T")
    with pytest.raises(imports.ImportRefused, match=f'Did you mean "{import_id}"'):
        imports.undo(data_copy, tmp_db, import_id[:-1] + "z", "T")


def test_names_in_the_log_cannot_smuggle_formulas_or_lines(data_copy, tmp_db):
    upload = to_csv([good_rows(data_copy)["inspections"]])
    imports.import_file(data_copy, tmp_db, "inspections", "=evil\n.csv", upload, "=cmd|' /C calc'!A0\nX")
    entry = imports.read_log(data_copy)[0]
    assert not entry["by"].startswith("=") and "\n" not in entry["by"]
    assert not entry["file_name"].startswith("=")


# ---- killed mid-import -------------------------------------------------------------------

def _cli(data_dir: Path, db_path: Path, *args: str, pause: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(journal.PAUSE_ENV, None)
    if pause:
        env[journal.PAUSE_ENV] = pause
    return subprocess.Popen([sys.executable, "-m", "explorer.imports", "--data", str(data_dir), "--db", str(db_path),
                             *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("step", ["staged", "journal", "renamed-1", "renamed-2", "renamed-3", "committed"])
def test_import_killed_at_any_step_leaves_all_before_or_all_after(step, data_copy, tmp_db, tmp_path):
    """SIGKILL a real import process at each step of the commit. Until the journal is deleted
    (the commit point) recovery rolls back to exactly the state before; after it the import is
    complete. Either way CSVs, log and database agree, and no stray files remain."""
    upload = tmp_path / "new.csv"
    upload.write_bytes(to_csv([good_rows(data_copy)["inspections"]]))
    before = snapshot(data_copy, tmp_db.parent)
    proc = _cli(data_copy, tmp_db, "add", str(upload), "--table", "inspections", "--yes", "--by", "crash test",
                pause=step)
    for line in proc.stdout:
        if line.startswith("PAUSED"):
            break
    assert line.strip() == f"PAUSED {step}", proc.stderr.read()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    mid = snapshot(data_copy, tmp_db.parent)
    if step.startswith("renamed"):
        assert mid != before  # really half-applied on disk before recovery

    done = _cli(data_copy, tmp_db, "log")  # any next command recovers first
    out, err = done.communicate()
    assert done.returncode == 0, err
    after = snapshot(data_copy, tmp_db.parent)
    if step == "committed":
        assert "An interrupted import" not in err
        assert "test-made-up-1" in (data_copy / "inspections.csv").read_text()
        assert "crash test" in out
        con = db.connect(tmp_db)
        assert "test-made-up-1" in db.run(con, "recent_changes", limit=500)["inspection_id"].tolist()
        con.close()
    else:
        if step != "staged":
            assert "was rolled back" in err
        assert after == before
    leftovers = [f.name for f in [*data_copy.iterdir(), *tmp_db.parent.iterdir()] if f.name.startswith(".")]
    assert leftovers == []


def test_an_import_waits_for_a_running_one_instead_of_interleaving(data_copy, tmp_db, tmp_path):
    upload = tmp_path / "new.csv"
    upload.write_bytes(to_csv([good_rows(data_copy)["inspections"]]))
    proc = _cli(data_copy, tmp_db, "add", str(upload), "--table", "inspections", "--yes", pause="renamed-1")
    assert any(line.startswith("PAUSED renamed-1") for line in proc.stdout)
    # the paused process holds the lock: a non-blocking recovery must not touch its journal
    assert imports.recover(data_copy, tmp_db, blocking=False) is None
    assert (data_copy / journal.JOURNAL).exists()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert "rolled back" in imports.recover(data_copy, tmp_db)


def test_a_build_during_an_import_waits_and_then_builds_the_whole_state(data_copy, tmp_db, tmp_path):
    """`make db` run while an import is half-way through its commit waits for the lock; when the
    import dies there, the build rolls it back first and builds from the whole old CSVs, so the
    database's data version is that of the CSVs on disk."""
    from explorer import build
    upload = tmp_path / "new.csv"
    upload.write_bytes(to_csv([good_rows(data_copy)["inspections"]]))
    before = (data_copy / "inspections.csv").read_bytes()
    proc = _cli(data_copy, tmp_db, "add", str(upload), "--table", "inspections", "--yes", pause="renamed-1")
    assert any(line.startswith("PAUSED renamed-1") for line in proc.stdout)
    builder = subprocess.Popen([sys.executable, "-m", "explorer.build", "--data", str(data_copy), "--db", str(tmp_db)],
                               cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with pytest.raises(subprocess.TimeoutExpired):
        builder.wait(timeout=3)  # blocked on the import's lock, not building from half-renamed files
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _out, err = builder.communicate(timeout=120)
    assert builder.returncode == 0, err
    assert (data_copy / "inspections.csv").read_bytes() == before
    con = db.connect(tmp_db)
    assert db.run(con, "build_info")["data_version"].iloc[0] == build.data_version(data_copy)
    con.close()
    assert not (data_copy / journal.JOURNAL).exists()


# ---- access ------------------------------------------------------------------------------

class _NoSecrets:
    def get(self, key):
        raise FileNotFoundError("no secrets.toml")


def test_token_comes_from_secrets_or_environment_and_is_compared_safely():
    assert imports.configured_token({}, _NoSecrets()) is None
    assert imports.configured_token({imports.TOKEN_ENV: "env-token"}, _NoSecrets()) == "env-token"
    assert imports.configured_token({imports.TOKEN_ENV: "env"}, {"import_token": "secret"}) == "secret"
    assert imports.configured_token({imports.TOKEN_ENV: "  "}, {}) is None
    secret = "a-long-enough-secret"  # MIN_TOKEN_LENGTH characters or more
    assert not imports.token_ok("anything", None)
    assert not imports.token_ok("", secret)
    assert not imports.token_ok(secret.upper(), secret)
    assert imports.token_ok(secret, secret)


def test_no_token_is_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked


def test_cli_check_only_writes_nothing_and_reports_rows(data_copy, tmp_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([dict(good_rows(data_copy)["inspections"], overall_rating="Goood")]))
    before = snapshot(data_copy, tmp_db.parent)
    proc = _cli(data_copy, tmp_db, "add", str(bad), "--table", "inspections", "--yes")
    _out, err = proc.communicate()
    assert proc.returncode == 1
    assert 'bad.csv:2 [overall_rating]: "Goood" is not one of' in err and 'Did you mean "Good"' in err
    assert snapshot(data_copy, tmp_db.parent) == before


# ---- corrections to existing cells (update) ----------------------------------------------

def _blank_cell(folder: Path, table: str, column: str) -> dict[str, str]:
    """A real row whose ``column`` is blank (which row does not matter; the test fills it)."""
    with (folder / imports.SPECS[table].file).open(newline="", encoding="utf-8-sig") as f:
        return next(r for r in csv.DictReader(f) if not r[column])


def _update_file(table: str, rows: list[dict[str, str]]) -> bytes:
    """An update file; every value in it is made up for the test."""
    header = [*imports.SPECS[table].key, *imports.UPDATE_FIELDS, "note"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({"confidence": "verified", "source_url": "https://example.org/made-up-for-a-test",
                         "note": "", **r})
    return buf.getvalue().encode()


def test_update_rewrites_only_its_row_records_the_correction_and_undoes_byte_for_byte(data_copy, tmp_db):
    row = _blank_cell(data_copy, "inspections", "cases_inspected")
    ins_before = (data_copy / "inspections.csv").read_bytes()
    corr_before = (data_copy / "corrections.csv").read_bytes()
    raw = _update_file("inspections", [{"inspection_id": row["inspection_id"], "column": "cases_inspected",
                                         "old_value": "", "new_value": "41"}])
    update_id, check = imports.update_file(data_copy, tmp_db, "inspections", "fix.csv", raw, "Tester")
    assert update_id.startswith("upd-") and [c["key"] for c in check.changes] == [row["inspection_id"]]

    after = (data_copy / "inspections.csv").read_bytes()
    changed = [(a, b) for a, b in zip(ins_before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(changed) == 1 and len(ins_before.splitlines()) == len(after.splitlines())
    with (data_copy / "inspections.csv").open(newline="", encoding="utf-8-sig") as f:
        now = next(r for r in csv.DictReader(f) if r["inspection_id"] == row["inspection_id"])
    assert now == dict(row, cases_inspected="41")
    with (data_copy / "corrections.csv").open(newline="", encoding="utf-8-sig") as f:
        recorded = list(csv.DictReader(f))
    assert recorded[-1]["import_id"] == update_id and recorded[-1]["row_key"] == row["inspection_id"]
    assert (recorded[-1]["column_name"], recorded[-1]["old_value"], recorded[-1]["new_value"]) == (
        "cases_inspected", "", "41")
    entry = imports.read_log(data_copy)[-1]
    assert (entry["action"], imports.log_count(entry)) == ("update", "~1")

    assert imports.undo(data_copy, tmp_db, update_id, "Tester") == 1
    assert (data_copy / "inspections.csv").read_bytes() == ins_before
    assert (data_copy / "corrections.csv").read_bytes() == corr_before
    assert imports.read_log(data_copy)[-1]["undoes"] == update_id


@pytest.mark.parametrize("change, expected", [
    ({"column": "cases_inspected", "old_value": "7", "new_value": "41"}, 'holds "", not "7"'),
    ({"column": "inspection_id", "old_value": "x", "new_value": "y"}, "part of the row's key"),
    ({"column": "cases_inspectd", "old_value": "", "new_value": "41"}, 'Did you mean "cases_inspected"'),
    ({"column": "cases_inspected", "old_value": "", "new_value": "lots"}, "would not validate"),
    ({"column": "note", "old_value": None, "new_value": "=HYPERLINK(1)"}, "run as a formula"),
    ({"column": "cases_inspected", "old_value": "", "new_value": "41", "source_url": "a friend"},
     "is not a web address"),
    ({"column": "cases_inspected", "old_value": "", "new_value": "41", "inspection_id": "no-such-inspection"},
     "no inspections row has the key"),
], ids=["stale old value", "key column", "unknown column", "invalid new value", "formula", "no source",
        "unknown row"])
def test_bad_update_is_refused_with_its_reason_and_changes_nothing(change, expected, data_copy, tmp_db):
    row = _blank_cell(data_copy, "inspections", "cases_inspected")
    change = dict(change)
    if change["old_value"] is None:
        change["old_value"] = row[change["column"]]
    raw = _update_file("inspections", [{"inspection_id": row["inspection_id"], **change}])
    before = snapshot(data_copy, tmp_db.parent)
    with pytest.raises(imports.ImportRefused) as err:
        imports.update_file(data_copy, tmp_db, "inspections", "fix.csv", raw, "Tester")
    assert any(expected in str(p) for p in err.value.problems), "\n".join(map(str, err.value.problems))
    assert snapshot(data_copy, tmp_db.parent) == before


def test_the_same_cell_twice_in_one_update_is_refused(data_copy):
    row = _blank_cell(data_copy, "inspections", "cases_inspected")
    one = {"inspection_id": row["inspection_id"], "column": "cases_inspected", "old_value": ""}
    check = imports.check_update(data_copy, "inspections", "fix.csv",
                                 _update_file("inspections", [dict(one, new_value="1"), dict(one, new_value="2")]))
    assert not check.ok and any("corrected twice" in p.reason for p in check.problems)


def test_update_of_a_standard_rating_uses_its_two_part_key(data_copy, tmp_db):
    with (data_copy / "standard_ratings.csv").open(newline="", encoding="utf-8-sig") as f:
        row = next(csv.DictReader(f))
    other = next(w for w in ("Good", "Inadequate") if w != row["rating"])
    raw = _update_file("standard_ratings", [{"inspection_id": row["inspection_id"], "standard": row["standard"],
                                              "column": "rating", "old_value": row["rating"], "new_value": other}])
    update_id, _ = imports.update_file(data_copy, tmp_db, "standard_ratings", "fix.csv", raw, "Tester")
    with (data_copy / "corrections.csv").open(newline="", encoding="utf-8-sig") as f:
        assert list(csv.DictReader(f))[-1]["row_key"] == f"{row['inspection_id']};{row['standard']}"
    assert imports.undo(data_copy, tmp_db, update_id, "Tester") == 1


@pytest.mark.parametrize("target", ["missing", "folder"])
def test_cli_says_why_it_cannot_read_a_path_without_a_traceback(target, data_copy, tmp_db, tmp_path):
    path = tmp_path / "nowhere.csv" if target == "missing" else tmp_path
    for command in ("add", "update"):
        proc = _cli(data_copy, tmp_db, command, str(path), "--table", "inspections", "--yes")
        _out, err = proc.communicate()
        assert proc.returncode == 1 and "Traceback" not in err
        assert ("no such file" if target == "missing" else "is a folder") in err


def test_the_excel_template_has_no_formula_even_when_an_example_starts_like_one(data_copy):
    """openpyxl writes a string starting with "=" as a formula unless told it is text; a MADE-UP
    note of that kind in the example row must stay text in the template."""
    import io

    import openpyxl

    path = data_copy / "inspections.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    example = imports.example_row(data_copy, "inspections")
    target = next(r for r in rows if r["inspection_id"] == example["inspection_id"])
    target["note"] = "=1+1"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    book = openpyxl.load_workbook(io.BytesIO(imports.template_xlsx(data_copy)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == "=1+1" for c in cells)
    assert all(c.data_type != "f" for c in cells)
