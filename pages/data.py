"""Data: the whole dataset for download (every table as CSV or Parquet, with a data dictionary
and citation files, and the database file itself), with its version, build date and licence."""
import streamlit as st

from explorer import config, opendata, ui
from explorer.tables import Col

st.title("Download the data")
st.markdown(
    "Every table of the database behind this site, for your own analysis: the ratings, the standards "
    "rated, the figures from the reports, the organisations and the areas they cover. Each download "
    "includes a **data dictionary** (what every column means, its type and allowed values) and a "
    "**citation file**. Every row of a source table links to where it was read."
)

info = ui.query("build_info")
version = str(info["data_version"].iloc[0])
built = info["built_at"].iloc[0]
page_url = (st.context.url or "").split("?")[0]
bundle = ui.derived(opendata.build_bundle, str(config.db_path()), page_url, version)
names = bundle.file_names

cols = st.columns(3)
cols[0].metric("Data version", version, help="A fingerprint of the source data: the same data always "
               "has the same version. Quote it when you cite a figure.")
cols[1].metric("Built", f"{built.day} {built:%b %Y}", help=f"The database was built on {built.day} {built:%B %Y}.")
cols[2].metric("Tables", f"{len(bundle.tables)}", help=f"{sum(bundle.row_counts.values()):,} rows in all")

st.subheader("Downloads")
st.download_button("All tables as CSV (zip)", bundle.csv_zip, file_name=names["csv"], mime="application/zip",
                   icon=":material/download:", key="dl_csv_zip")
st.caption(f"{names['csv']}: one CSV file per table, the data dictionary, a README and citation files. "
           "Opens in any spreadsheet; text that a spreadsheet would run as a formula (starting = + - @) "
           "is stored with a leading apostrophe, as the dictionary says.")
st.download_button("All tables as Parquet (zip)", bundle.parquet_zip, file_name=names["parquet"],
                   mime="application/zip", icon=":material/download:", key="dl_parquet_zip")
st.caption(f"{names['parquet']}: the same tables with their exact types (dates, whole numbers), "
           "for R, Python and other analysis tools; values exactly as stored.")
st.download_button("The database file (DuckDB)", ui.derived(opendata.database_bytes, str(config.db_path()), version),
                   file_name=names["duckdb"], mime="application/octet-stream", icon=":material/download:",
                   key="dl_duckdb")
st.caption(f"{names['duckdb']}: the database this site reads, for DuckDB (duckdb.org).")
c1, c2 = st.columns(2)
c1.download_button("Data dictionary (CSV)", bundle.dictionary_csv, file_name=names["dictionary"], mime="text/csv",
                   icon=":material/download:", key="dl_dictionary")
c2.download_button("Citation (CITATION.cff)", bundle.citation.encode(), file_name=names["citation"],
                   mime="text/plain", icon=":material/download:", key="dl_citation")

st.subheader("Licence and how to cite")
st.markdown(
    f"Reuse is free under the [{opendata.LICENCE}]({opendata.LICENCE_URL}), with attribution. "
    + opendata.ATTRIBUTION
)
st.code(opendata.citation_text(version, built.date(), page_url), language=None, wrap_lines=True)

st.subheader("What is in it")
st.caption("Source tables are the project's CSV files, as checked at build; derived tables are worked out "
           "from them when the database is built (the app reads these). Blank means not in our data.")
ui.table(bundle.tables, [Col("name", "Table", row_header=True), Col("rows", "Rows", "number"),
                         Col("columns", "Columns", "number"), Col("kind", "Kind"),
                         Col("description", "What it holds", wide=True)],
         caption=f"Tables in data version {version}", table_id="data-tables")
ui.source_note()
