"""Trends: rating distributions per publication year and programme, nationally or by provider
type or region, for the overall rating or one standard. URL: /trends?by=<national|provider|region>
&standard=<overall|standard key>."""
import streamlit as st

from explorer import trends, ui
from explorer.tables import Col

st.title("Trends")
st.markdown("How HMIP's ratings were spread, year by year and programme by programme. Each bar is one "
            "programme's ratings published in one year, drawn to 100%; the number in each segment and "
            "**n** above the bar count the organisations behind it.")

standards = ui.query("trend_standards")
standard_options = {trends.OVERALL: "Overall rating"} | {
    r.standard: f"{r.standard_name} ({r.ratings_held} ratings in our data)" for r in standards.itertuples()}
cols = st.columns(2)
by = ui.select_param("Show", "by", trends.BY, "national", container=cols[0])
standard = ui.select_param("Rating", "standard", standard_options, trends.OVERALL, container=cols[1],
                           help="The overall rating, or one standard (standard ratings are sparse in our data).")

frame = ui.query("trend_ratings", standard=None if standard == trends.OVERALL else standard)
what = standard_options[standard].split(" (")[0]
st.info(trends.COMPARABILITY + " " + ", ".join(f"**{t}**" for t in trends.FRAMEWORK_CHANGES.values()) + ".",
        icon=":material/history:")

if frame.empty:
    ui.empty(f"No inspection in our data rated {what}. Choose another rating above.")
    ui.source_note()
    st.stop()

counts = ui.derived(trends.aggregate, frame, by)
estimated = trends.undated(frame)
caption = ("Year = year of publication. ")
if estimated:
    caption += (f"{estimated} of {len(frame)} inspections have no publication date in our data; they are "
                "placed in the year of their fieldwork plus four months, or of their programme's last "
                "publication.")
if standard != trends.OVERALL:
    held = int(frame["rating"].notna().sum())
    caption += (f" “Not published”: HMIP rated {what} in that inspection but the rating is not in our data "
                f"(we hold {held} of {len(frame)}).")

programmes = ui.query("programmes")
programme_names = dict(zip(programmes["programme_id"], programmes["name"], strict=True))
for group, part in counts.groupby("group", sort=False):
    title = f"{what}: {group}" if by != "national" else f"{what}, England and Wales"
    st.subheader(ui.escape_md(group) if by != "national" else "England and Wales")
    st.plotly_chart(ui.derived(trends.figure, part, title=title), config=ui.PLOTLY_CONFIG, key=f"chart_{group}")
    with st.expander(f"Table of this chart: {ui.escape_md(group)}"):
        ui.table(trends.table_frame(part).assign(programme_name=lambda f: f["programme"].map(programme_names)),
                 [Col("year", "Year", row_header=True), Col("programme_name", "Programme"),
                  Col("rating", "Rating", "rating"), Col("count", "Organisations", "number"),
                  Col("n", "Of (n)", "number"), Col("percent", "Share", "percent")],
                 caption=f"{what} by year and programme: {group}")
st.caption(caption)
ui.download_csv(trends.table_frame(counts), f"trends-{by}-{standard}.csv",
                "Download the data behind these charts (CSV)")
with st.expander("Every inspection behind these charts"):
    ui.table(ui.paged(frame.assign(name=frame["org_name"]), "inspections", size=ui.ORGS_PER_PAGE,
                      noun="inspections"),
             [Col("org_name", "Organisation", "area", row_header=True), Col("provider_label", "Type"),
              Col("year", "Year"), Col("year_basis", "Year from"), Col("programme_name", "Programme"),
              Col("rating", "Rating", "rating", strength="confidence"), Col("source_url", "Source", "source")],
             caption=f"{what}: every inspection counted")
    ui.download_csv(frame, f"trends-inspections-{standard}.csv", "Download these inspections (CSV)")
ui.source_note()
