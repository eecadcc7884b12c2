"""Add data: import newly published results from a CSV or Excel file (validated, previewed,
all or nothing, logged, undoable). Only holders of the import token can write; everyone
else sees the template, the column descriptions and the import log."""
import logging
import os
import time

import pandas as pd
import streamlit as st

from explorer import config, imports, ui
from explorer.tables import Col
from explorer.validate import SPECS

LOG = logging.getLogger("probation.add_data")

TABLE_LABELS = {"inspections": "Inspections (overall ratings)", "standard_ratings": "Standard ratings",
                "findings": "Findings (figures from reports)"}

st.title("Add data")
st.markdown(
    "Add results HMIP has published since this data was compiled, without editing the CSV files by hand. "
    "A file is checked in full before anything is written; you see every problem at once, with its row and "
    "column, then a preview of what would be added. The import adds rows only (no existing row is edited), "
    "updates the data files and the database together or not at all, and is recorded in the import log "
    "below, from where it can be undone."
)

data_dir, db_path = config.data_dir(), config.db_path()
rolled_back = imports.recover(data_dir, db_path, blocking=False)
if rolled_back:
    st.warning(rolled_back, icon=":material/restore:")
    ui.clear_caches()

# ---- template -----------------------------------------------------------------------------
st.header("Template")
st.markdown(
    "Use the same columns as the data files. The template holds one sheet (or CSV) per table; its second row "
    "is a **real row already in our data**, shown as a worked example: replace it with your new rows "
    "(importing it unchanged is refused as a duplicate). CSV files must be UTF-8 (with or without BOM); "
    f"at most {imports.MAX_BYTES // 2**20} MB and {imports.MAX_ROWS:,} rows per file."
)
cols = st.columns(len(imports.TABLES) + 1)
cols[0].download_button("Excel template (all tables)", ui.derived(imports.template_xlsx, data_dir),
                        file_name="probation-import-template.xlsx", icon=":material/download:",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
for col, table in zip(cols[1:], imports.TABLES, strict=True):
    col.download_button(f"CSV: {table}", ui.derived(imports.template_csv, data_dir, table),
                        file_name=f"{table}-template.csv",
                        mime="text/csv", icon=":material/download:", key=f"tpl_{table}")
for table in imports.TABLES:
    with st.expander(f"Columns of {table}"):
        ui.table(pd.DataFrame(imports.column_help(table)),
                 [Col("column", "Column", row_header=True), Col("required", "Required"), Col("meaning", "Meaning")],
                 caption=f"Columns of {table} ({SPECS[table].file})")

# ---- import -------------------------------------------------------------------------------
st.header("Import a file")
token = imports.configured_token(os.environ, st.secrets)
authorised = False
if not imports.token_usable(token):
    # how to switch importing on is for maintainers, in the README, not on a public page
    st.info("**Read-only.** Importing is switched off on this site, so this page only shows the template and "
            "the import log. The site's maintainers can switch it on (see the project's README).",
            icon=":material/lock:")
    if token is not None:
        LOG.warning("import token refused: shorter than %d characters; importing stays off",
                    imports.MIN_TOKEN_LENGTH)
elif time.time() < st.session_state.get("token_locked_until", 0):
    minutes = max(1, round((st.session_state["token_locked_until"] - time.time()) / 60))
    st.error(f"Too many wrong import tokens from this browser session. Try again in about {minutes} minute(s).",
             icon=":material/block:")
else:
    given = st.text_input("Import token", type="password", key="import_token",
                          help="Ask the dashboard's maintainers for the token.")
    authorised = imports.token_ok(given, token)
    if given and not authorised:
        if given != st.session_state.get("token_last_wrong"):  # count each attempt once, not every rerun
            st.session_state["token_last_wrong"] = given
            failures = st.session_state["token_failures"] = st.session_state.get("token_failures", 0) + 1
            LOG.warning("import token: wrong attempt %d from session %s", failures, ui.session_id())
            time.sleep(imports.failure_delay(failures))  # slows guessing; only this session waits
            if failures >= imports.MAX_TOKEN_FAILURES:
                st.session_state["token_locked_until"] = time.time() + imports.LOCKOUT_SECONDS
                LOG.warning("import token: session %s locked out for %d s", ui.session_id(), imports.LOCKOUT_SECONDS)
                st.rerun()
        st.error("That import token is not right. Nothing can be imported or undone without it.",
                 icon=":material/block:")
    elif not given:
        st.info("Enter the import token to import or undo. Without it this page is read-only.", icon=":material/lock:")

done = st.session_state.pop("import_done", None)
if done:
    st.success(done, icon=":material/check_circle:")

if authorised:
    table = ui.select_param("Table to add rows to", "table", TABLE_LABELS, "inspections")
    by = st.text_input("Your name (recorded in the import log)", key="import_by", max_chars=80)
    round_ = st.session_state.setdefault("upload_round", 0)
    upload = st.file_uploader("CSV or Excel file", type=["csv", "xlsx"], key=f"upload_{round_}",
                              max_upload_size=imports.MAX_BYTES // 2**20,
                              help=f"At most {imports.MAX_BYTES // 2**20} MB and {imports.MAX_ROWS:,} rows.")
    if upload is not None:
        raw = upload.getvalue()
        # checked once per file and data version, not again on every rerun while it is selected
        check = ui.derived(imports.check_upload, data_dir, table, upload.name, raw)
        if not check.ok:
            st.error(f"**{len(check.problems)} problem(s) in {ui.escape_md(upload.name)}; nothing was imported.** "
                     "Fix them all and upload the file again.", icon=":material/error:")
            ui.table(pd.DataFrame([{"row": p.line or "", "column": p.column or "(whole file)", "problem": p.reason}
                                   for p in check.problems]),
                     [Col("row", "Row"), Col("column", "Column"), Col("problem", "Problem")],
                     caption=f"Problems found in {upload.name} (row 1 is the header)")
        else:
            before, after = check.counts[table]
            st.subheader("Preview")
            st.markdown(f"**{len(check.upload.rows)} new row(s)** for {table}: {before} → {after} rows. "
                        "No existing row is changed.")
            for line in check.changes:
                st.markdown(f"- {ui.escape_md(line)}")
            spec = SPECS[table]
            kinds = {"overall_rating": "rating", "rating": "rating", "source_url": "source"}
            ui.table(pd.DataFrame(check.upload.rows, columns=spec.column_names),
                     [Col(c, c, kinds.get(c, "text"), row_header=(c == spec.key[0])) for c in spec.column_names],
                     caption=f"Rows that would be added to {table}")
            if not by.strip():
                st.warning("Enter your name above to import.", icon=":material/person:")
            if st.button(f"Import {len(check.upload.rows)} row(s)", type="primary", disabled=not by.strip()):
                try:
                    import_id, _ = imports.import_file(data_dir, db_path, table, upload.name, raw, by)
                except imports.ImportRefused as err:
                    st.error(f"Nothing was imported: {ui.escape_md(err)}", icon=":material/error:")
                except OSError as err:
                    st.error(f"Nothing was imported: the files could not be written ({err.strerror}).",
                             icon=":material/error:")
                else:
                    ui.clear_caches()
                    st.session_state["import_done"] = (
                        f"Imported {len(check.upload.rows)} row(s) into {table} as **{import_id}**. "
                        "Every page now shows them.")
                    st.session_state["upload_round"] = round_ + 1
                    st.rerun()

# ---- log and undo -------------------------------------------------------------------------
st.header("Import log")
log = imports.read_log(data_dir)
if not log:
    ui.empty("No imports yet: every row in the data was compiled by hand from published sources.")
else:
    frame = pd.DataFrame(log[::-1])
    frame["rows"] = [imports.log_count(r).replace("-", "−") for r in log[::-1]]
    frame["status"] = [f"undone by {r['undone_by']}" if r["undone_by"] else
                       (f"undoes {r['undoes']}" if r["undoes"] else "") for r in log[::-1]]
    frame["sha"] = frame["sha256"].str[:16] + "…"
    ui.table(frame, [Col("import_id", "Id", row_header=True), Col("at", "When"), Col("by", "By"),
                     Col("action", "Action"), Col("table_name", "Table"), Col("rows", "Rows"),
                     Col("file_name", "File"), Col("sha", "SHA-256 (first 16)"), Col("status", "Status")],
             caption="Import log, newest first (append-only: an undo is a new line)")
    ui.download_csv(frame[list(imports.LOG_COLUMNS)], "import_log.csv", "Download the full log (CSV)")
    undoable = [r["import_id"] for r in log if r["action"] in ("import", "update") and not r["undone_by"]]
    if authorised and undoable:
        st.subheader("Undo an import")
        # keyed by the log's length: after every import or undo the list is a new widget that opens
        # on the newest import, and the confirmation below is tied to the import it names
        choice = st.selectbox("Import to undo", undoable[::-1], key=f"undo_choice_{len(log)}")
        is_update = next(r["action"] for r in log if r["import_id"] == choice) == "update"
        sure = st.checkbox(f"Restore the values {choice} corrected" if is_update else f"Remove the rows {choice} added",
                           key=f"undo_sure_{choice}")
        if st.button("Undo import", disabled=not (sure and by.strip())):
            try:
                n = imports.undo(data_dir, db_path, choice, by)
            except imports.ImportRefused as err:
                st.error(f"Not undone: {ui.escape_md(err)}", icon=":material/error:")
            else:
                ui.clear_caches()
                st.session_state["import_done"] = (f"Undid {choice}: restored {n} value(s)." if is_update
                                                   else f"Undid {choice}: removed {n} row(s).")
                st.rerun()
        if not by.strip():
            st.caption("Enter your name above to undo.")
ui.source_note()
