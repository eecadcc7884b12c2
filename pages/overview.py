"""Overview: the national picture for a period — ratings by provider type, the latest
rating of every organisation, what changed most recently, and HMIP's own totals."""
import streamlit as st

from explorer import charts, config, feed, imports, ratings, ui
from explorer.tables import Col

LATEST = "latest"

st.title("Probation inspection ratings, England and Wales")
st.markdown(
    "HM Inspectorate of Probation (HMIP) rates every probation provider **Outstanding**, **Good**, "
    "**Requires improvement** or **Inadequate**. From 2018 to June 2021 the providers were 21 private "
    "Community Rehabilitation Companies (CRCs) and 7 public National Probation Service (NPS) divisions; "
    "since then one Probation Service in 12 regions and about 100 Probation Delivery Units (PDUs)."
)

programmes = ui.query("programmes")
options = {LATEST: "Latest rating of each organisation (all years)"}
options |= dict(zip(programmes["programme_id"], programmes["name"], strict=True))
period = ui.select_param("Period", "period", options, LATEST,
                         help="One inspection programme, or each organisation's most recent rating.")
programme = None if period == LATEST else period

frame = ui.query("ratings_in_period", programme=programme)
rated = frame[frame["overall_rating"].notna()]

cols = st.columns(3)
cols[0].metric("Organisations in scope", f"{len(frame):,}")
cols[1].metric("With a rating in our data", f"{len(rated):,}")
latest_pub = rated["published_on"].dropna().max() if not rated.empty else None
cols[2].metric("Most recent publication", latest_pub or "—")
st.caption(f"**Last updated.** {ui.escape_md(ui.last_updated())}")

st.subheader("Ratings by provider type")
if rated.empty:
    ui.empty("No rated inspections in our data for this period. Choose another period above.")
else:
    counts = charts.band_counts(frame)
    st.markdown(f"**Overall ratings: {ui.escape_md(options[period])}**")
    st.plotly_chart(ui.derived(charts.band_bar, counts),
                    config=ui.PLOTLY_CONFIG)
    st.caption("Each bar counts organisations. Where there is no rating, the bar says why: "
               "“Inspected, rating not in our data” (HMIP inspected it but we do not hold the result), "
               "“Not inspected in this programme” (the programme did not reach it) or “Not known whether "
               "inspected” (the programme inspected only some organisations). "
               "CRCs supervised low- and medium-risk cases, the NPS high-risk cases: "
               "their ratings are not a like-for-like comparison.")
    with st.expander("Table of this chart"):
        ui.table(counts, [Col("provider_label", "Provider type", row_header=True), Col("rating", "Rating"),
                          Col("count", "Organisations", "number"), Col("n", "Of", "number"),
                          Col("percent", "Share", "percent")],
                 caption=f"Organisations by overall rating: {options[period]}")
        ui.download_csv(counts, f"rating-counts-{period}.csv")

if programme:
    check = ui.query("published_totals_check", programme=programme)
    if not check.empty:
        st.subheader("Checked against HMIP’s own totals")
        gaps = check[check["difference"] != 0]
        if gaps.empty:
            st.success("Our counts match the totals HMIP published for this programme.")
        else:
            missing = int(-gaps["difference"].sum())
            st.warning(f"HMIP published {missing} more rating(s) for this programme than our data holds; "
                       "the missing organisation(s) could not be identified from the sources read.")
        ui.table(check, [Col("provider_label", "Provider type", row_header=True), Col("rating", "Rating", "rating"),
                         Col("published_count", "HMIP published", "number"),
                         Col("our_count", "In our data", "number"), Col("source_url", "Source", "source")],
                 caption="HMIP's published count of ratings against ours")

ui.known_gaps(programme or None)

st.subheader("Rating of every organisation")
st.caption("Most recent first within each provider type. Select a name for its area profile.")
shown = frame.assign(shown_rating=ratings.cell_labels(frame["overall_rating"], frame["state_label"]))
for label, part in shown.groupby("provider_label", sort=False):
    with st.expander(ui.escape_md(f"{label}: {part['overall_rating'].notna().sum()} of {len(part)} rated"),
                     expanded=len(frame["provider_label"].unique()) <= 2):
        page = ui.paged(part, f"ratings_{part['org_type'].iloc[0]}", size=ui.ORGS_PER_PAGE, noun="organisations")
        ui.table(page, [Col("name", "Organisation", "area", row_header=True),
                        Col("region_name", "Region"),
                        Col("shown_rating", "Overall rating", "rating", strength="confidence"),
                        Col("published_label", "Published"), Col("age_label", "Age"),
                        Col("programme_name", "Programme"), Col("source_url", "Source", "source")],
                 caption=f"{label}: overall rating ({options[period]})",
                 missing_label="—")
ui.download(frame, f"ratings-{period}", "Download all ratings (CSV)", title=f"Ratings: {options[period]}",
            filters=f"period: {options[period]}")

st.subheader("What changed most recently")
changes = ui.query("recent_changes", limit=12)
ui.table(changes, [Col("org_name", "Organisation", row_header=True), Col("published_on", "Published"),
                   Col("overall_rating", "Rating", "rating", strength="confidence"),
                   Col("previous_rating", "Previous rating", "rating"),
                   Col("change", "Change"), Col("source_url", "Source", "source")],
         caption="The twelve most recent rated inspections in our data",
         missing_label="None in our data")
st.caption("Publication dates for many 2024–25 reports are known only to the year, or not at all; "
           "those are ordered by fieldwork date or programme. See Methods.")
ui.source_note()

st.subheader("What changed since a date")
all_ratings = ui.query("rating_changes")
log = ui.derived(imports.read_log, str(config.data_dir()))
start, problem = feed.read_since(st.query_params.get("since"), feed.default_since(all_ratings))
ui.warn(problem)
since = st.date_input("Show new and changed ratings since", value=start, format="YYYY-MM-DD", key="since_date")
ui.set_param("since", since.isoformat(), feed.default_since(all_ratings).isoformat())
certain, maybe = ui.derived(feed.changes_since, all_ratings, log, since)
if certain.empty:
    ui.empty(f"No ratings in our data were published or added since {since.day} {since:%B %Y}. Choose an earlier date.")
else:
    ui.table(certain, [Col("org_name", "Organisation", "area", row_header=True), Col("published_on", "Published"),
                       Col("overall_rating", "Rating", "rating", strength="confidence"), Col("event", "What changed"),
                       Col("source_url", "Source", "source")],
             caption=f"{len(certain)} ratings published or added to our data since {since.day} {since:%B %Y}",
             table_id="changes-since")
if not maybe.empty:
    st.caption(f"{len(maybe)} more rating(s) have a publication date known only to the month or year, a period "
               f"that includes {since.day} {since:%B %Y}: they may have been published since. See Methods.")
if feed.feed_state(None, str(ui.query("build_info")["data_version"].iloc[0])) != "missing":
    st.markdown("Follow new ratings in a feed reader: [Atom feed of the newest ratings](app/static/feed.xml).")
