"""The Add data page: read-only without a configured token, refuses a wrong token, and with the
right one checks an upload, previews it, imports it (shown on the other pages) and undoes it.

Every test points the app at a tmp copy of data/ and a tmp database."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer import build, imports, journal
from tests.conftest import half_committed_import
from tests.import_corpus import good_rows, to_csv
from tests.test_pages import html_of, open_page

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-made-up"


@pytest.fixture()
def app_env(data_copy, tmp_path, monkeypatch):
    db_path = tmp_path / "probation.duckdb"
    build.build(data_copy, db_path)
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data_copy))
    monkeypatch.setenv("PROBATION_DB", str(db_path))
    monkeypatch.delenv(imports.TOKEN_ENV, raising=False)
    return data_copy, db_path


def _infos(at) -> str:
    return "\n".join(i.value for i in at.info)


def test_without_a_token_the_page_is_read_only_in_public_words(app_env):
    at = open_page("add_data.py")
    assert not at.exception
    assert "Read-only" in _infos(at) and "README" in _infos(at)
    for private in (imports.TOKEN_ENV, "secrets.toml", "python -m", "make "):  # for maintainers, in the README
        assert private not in _infos(at)
    assert len(at.file_uploader) == 0 and len(at.text_input) == 0
    assert [b.label for b in at.get("download_button")][:1] == ["Excel template (all tables)"]
    assert "Columns of inspections" in [e.label for e in at.expander]


def test_wrong_token_is_refused_and_right_token_opens_the_upload(app_env, monkeypatch):
    monkeypatch.setenv(imports.TOKEN_ENV, TOKEN)
    at = open_page("add_data.py")
    assert len(at.file_uploader) == 0
    at.text_input(key="import_token").set_value("not-the-token").run()
    assert any("not right" in e.value for e in at.error)
    assert len(at.file_uploader) == 0
    at.text_input(key="import_token").set_value(TOKEN).run()
    assert not at.error and len(at.file_uploader) == 1


def test_token_from_streamlit_secrets(app_env):
    at = open_page("add_data.py")
    at.secrets[imports.TOKEN_SECRET] = TOKEN
    at.run()
    at.text_input(key="import_token").set_value(TOKEN).run()
    assert len(at.file_uploader) == 1


def _authorised(monkeypatch, **params):
    monkeypatch.setenv(imports.TOKEN_ENV, TOKEN)
    at = open_page("add_data.py", **params)
    at.text_input(key="import_token").set_value(TOKEN).run()
    at.text_input(key="import_by").set_value("Page tester").run()
    return at


def test_bad_upload_lists_every_problem_with_row_and_column(app_env, monkeypatch):
    data_dir, _ = app_env
    ins = good_rows(data_dir)["inspections"]
    bad = to_csv([dict(ins, overall_rating="Inadeq uate"), dict(ins, inspection_id="test-2", org_id="pdu-zz")])
    at = _authorised(monkeypatch)
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("problem(s) in bad.csv; nothing was imported" in e.value for e in at.error)
    html = html_of(at)
    assert 'Did you mean &quot;Inadequate&quot;' in html or 'Did you mean "Inadequate"' in html
    assert "pdu-zz" in html
    assert not [b for b in at.button if b.label.startswith("Import")]


def test_good_upload_previews_imports_shows_everywhere_and_undoes(app_env, monkeypatch):
    data_dir, db_path = app_env
    lines = (data_dir / "inspections.csv").read_text().splitlines(keepends=True)
    row = next(line for line in lines if line.startswith("p2-wal-dyfedpowys,"))
    (data_dir / "inspections.csv").write_text("".join(line for line in lines if line != row))
    build.build(data_dir, db_path)
    csv_before = (data_dir / "inspections.csv").read_bytes()

    overview = open_page("overview.py")
    assert "2025-10-28" not in html_of(overview)
    methods = open_page("methods.py")
    rated_before = [m.value for m in methods.metric if m.label == "Rated inspections"]

    at = _authorised(monkeypatch, table="inspections")
    at.file_uploader[0].set_value(("dyfed.csv", (lines[0] + row).encode(), "text/csv")).run()
    assert not at.error, [e.value for e in at.error]
    assert "Preview" in [s.value for s in at.subheader]
    assert any("Dyfed Powys" in m.value for m in at.markdown)
    assert (data_dir / "inspections.csv").read_bytes() == csv_before  # nothing written before confirming
    button = next(b for b in at.button if b.label == "Import 1 row(s)")
    button.click().run()
    assert not at.exception
    assert any("Imported 1 row(s) into inspections" in s.value for s in at.success)
    assert (data_dir / "inspections.csv").read_bytes() == csv_before + row.encode()
    assert len(at.file_uploader) == 1  # a fresh, empty uploader: no accidental second import

    # the new row is on the other pages (caches are keyed by the database version)
    assert "2025-10-28" in html_of(open_page("overview.py"))
    methods = open_page("methods.py")
    rated_after = [m.value for m in methods.metric if m.label == "Rated inspections"]
    assert int(rated_after[0]) == int(rated_before[0]) + 1
    for page in sorted(p.name for p in (ROOT / "pages").glob("*.py")):
        assert not open_page(page).exception, page

    # log and undo
    assert "dyfed.csv" in html_of(at)
    newest = imports.read_log(data_dir)[-1]["import_id"]
    picker = next(s for s in at.selectbox if s.label == "Import to undo")
    assert picker.value == newest  # the list opens on the import just made
    older = next(o for o in picker.options if o != newest)
    next(c for c in at.checkbox if newest in c.label).check().run()
    # choosing another import withdraws the confirmation: it named the import it confirmed
    next(s for s in at.selectbox if s.label == "Import to undo").select(older).run()
    assert not any(c.value for c in at.checkbox if older in c.label)
    assert next(b for b in at.button if b.label == "Undo import").disabled
    next(s for s in at.selectbox if s.label == "Import to undo").select(newest).run()
    next(c for c in at.checkbox if newest in c.label).check().run()
    next(b for b in at.button if b.label == "Undo import").click().run()
    assert any("removed 1 row(s)" in s.value for s in at.success), [s.value for s in at.success]
    assert (data_dir / "inspections.csv").read_bytes() == csv_before
    assert "2025-10-28" not in html_of(open_page("overview.py"))
    assert [r["action"] for r in imports.read_log(data_dir)][-2:] == ["import", "undo"]


def test_interrupted_import_is_rolled_back_when_the_page_opens(app_env):
    data_dir, _db_path = app_env
    before = half_committed_import(data_dir)
    at = open_page("add_data.py")
    assert any("rolled back" in w.value for w in at.warning)
    assert (data_dir / "inspections.csv").read_bytes() == before
    assert not (data_dir / journal.JOURNAL).exists()


def test_unknown_table_in_url_is_explained(app_env, monkeypatch):
    monkeypatch.setenv(imports.TOKEN_ENV, TOKEN)
    at = open_page("add_data.py", table="prisons")
    at.text_input(key="import_token").set_value(TOKEN).run()
    assert not at.exception
    assert any('"prisons"' in w.value for w in at.warning)


def test_a_short_configured_token_keeps_importing_off(app_env, monkeypatch):
    monkeypatch.setenv(imports.TOKEN_ENV, "x" * (imports.MIN_TOKEN_LENGTH - 1))
    at = open_page("add_data.py")
    assert "Read-only" in _infos(at) and len(at.text_input) == 0


def test_wrong_tokens_are_slowed_counted_once_each_and_lock_the_session_out(app_env, monkeypatch):
    monkeypatch.setenv(imports.TOKEN_ENV, TOKEN)
    attempts = []
    delay = imports.failure_delay
    monkeypatch.setattr(imports, "failure_delay", lambda n: attempts.append(n) or 0.0)  # record, do not wait
    at = open_page("add_data.py")
    at.text_input(key="import_token").set_value("wrong-1").run()
    at.run()  # a rerun with the same wrong value is not a new attempt
    assert attempts == [1]
    for i in range(2, imports.MAX_TOKEN_FAILURES + 1):
        at.text_input(key="import_token").set_value(f"wrong-{i}").run()
    assert attempts == list(range(1, imports.MAX_TOKEN_FAILURES + 1))
    assert delay(1) < delay(3) < delay(5) == delay(9) == 8.0  # each wrong try waits longer, up to 8 s
    assert any("Too many wrong import tokens" in e.value for e in at.error)
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0  # not even the right token now


def test_token_check_refuses_what_is_not_a_string():
    good = "t" * imports.MIN_TOKEN_LENGTH
    assert imports.token_ok(good, good)
    for given in (None, 0, ["t"], {"a": 1}, b"t" * 16, ""):
        assert not imports.token_ok(given, good)
    assert not imports.token_ok("short", "short")
