"""Compare: CRCs against NPS divisions (2018-2021), any organisations side by side, and the
regions and PDUs of the unified Probation Service."""
import streamlit as st

from explorer import charts, compare, league, profile, tables, ui
from explorer.tables import Col

VIEWS = {"crc-nps": "CRC against NPS (2018-2021)", "orgs": "Organisations side by side",
         "regions": "Regions and PDUs (since 2021)"}

st.title("Compare")
view = ui.select_param("Comparison", "view", VIEWS, "crc-nps")
programmes = ui.query("programmes")
names = dict(zip(programmes["programme_id"], programmes["name"], strict=True))
orgs = ui.query("organisations")
org_names = dict(zip(orgs["org_id"], orgs["name"], strict=True))


def caveat() -> None:
    st.caption(f":material/info: {compare.CAVEAT}")


def crc_nps() -> None:
    periods = {p: names[p] for p in compare.CRC_NPS_PERIODS}
    period = ui.select_param("Period", "period", periods, compare.CRC_NPS_PERIODS[0])
    frame = ui.query("ratings_in_period", programme=period)
    st.subheader("Overall ratings by provider type")
    caveat()
    counts = charts.band_counts(frame)
    st.markdown(f"**Overall ratings: {ui.escape_md(names[period])}**")
    st.plotly_chart(ui.derived(charts.band_bar, counts), config=ui.PLOTLY_CONFIG)
    with st.expander("Table of this chart"):
        ui.table(counts, [Col("provider_label", "Provider type", row_header=True), Col("rating", "Rating"),
                          Col("count", "Organisations", "number"), Col("n", "Of", "number"),
                          Col("percent", "Share", "percent")],
                 caption=f"Organisations by overall rating and provider type: {names[period]}")

    st.subheader("Each standard by provider type")
    caveat()
    standards = league.framework(ui.query("programme_standards"), period)
    held = ui.query("standard_ratings_in_programme", programme=period)
    dist = ui.derived(compare.standard_distribution, frame, standards, held)
    published = int((dist["rating"] != "Not published").sum()) if not dist.empty else 0
    if dist.empty:
        ui.empty("No inspected organisations in our data for this period.")
    else:
        st.caption("Most standard-level ratings sit inside the reports and are not in our data yet: those "
                   "are counted as *Not published* (hatched), never guessed. Standards only one provider type "
                   "was rated on (court work and victim work for the NPS; unpaid work and Through the Gate "
                   "for CRCs) show one bar.")
        st.plotly_chart(ui.derived(compare.standard_figure, dist, f"Standard ratings: {names[period]}"),
                        config=ui.PLOTLY_CONFIG)
        with st.expander("Table of this chart"):
            ui.table(dist, [Col("standard_name", "Standard", row_header=True), Col("provider_label", "Provider type"),
                            Col("rating", "Rating", "rating"), Col("count", "Organisations", "number"),
                            Col("n", "Of", "number")],
                     caption=f"Standard ratings by provider type: {names[period]}")
    if published == 0 and not dist.empty:
        st.caption("No standard rating for this period is in our data.")

    st.subheader("An NPS division against the CRCs in its own area")
    pairs = ui.query("nps_crc_pairs")
    divisions = dict(zip(pairs["nps_org_id"], pairs["nps_name"], strict=True))
    division = ui.select_param("NPS division", "org", divisions, next(iter(divisions)))
    frames = {p: ui.query("ratings_in_period", programme=p) for p in ("crc-nps-2018", "crc-nps-2019")}
    table = compare.area_pairs(pairs, division, frames)
    caveat()
    st.caption("Pairs come from the police force areas each organisation covered (our geography table): a CRC "
               "is listed when it shares at least one police force area with the division.")
    grid_cols = {f"rating:{p}": compare.SHORT[p] for p in frames}
    st.plotly_chart(ui.derived(compare.rating_grid_figure, table, "name", grid_cols,
                               f"{divisions[division]} and its CRCs"),
                    config=ui.PLOTLY_CONFIG)
    cols = [Col("name", "Organisation", "area", row_header=True),
            Col("shared_pfas", "Shared police force areas", "number"),
            Col("shared_pfa_names", "Which")]
    for p in frames:
        cols += [Col(f"rating:{p}", f"{compare.SHORT[p]} rating", "rating",
                     strength=tables.strength_col(f"rating:{p}")),
                 Col(f"source:{p}", f"{compare.SHORT[p]} source", "source")]
    ui.table(table, cols, caption=f"{divisions[division]} and the CRCs sharing its police force areas",
             missing_label="No rating in our data")


def side_by_side() -> None:
    options = profile.org_options(orgs)
    chosen = ui.multiselect_param("Organisations (type to search)", "orgs", options, limit=8,
                                  help="Pick two or more organisations; the link keeps your choice.")
    if len(chosen) < 2:
        ui.empty("Choose two or more organisations to compare them. Example: "
                 "[Durham Tees Valley CRC and NPS North East division](compare?view=orgs&orgs=crc-c03,nps-n02).")
        if not chosen:
            return
    inspections = ui.query("org_inspections", orgs=chosen)
    rows = ui.query("org_standard_ratings", orgs=chosen)
    missing = [options[o] for o in chosen if o not in set(inspections["org_id"])]
    if missing:
        st.caption("No inspection in our data for: " + "; ".join(missing) + ".")
    if inspections.empty:
        return
    grid, headers = compare.side_by_side(inspections, rows)
    st.subheader("Every inspection, aligned by standard")
    st.caption("Frameworks changed over time: a standard outside an inspection's framework is *Not rated*; "
               "one HMIP rated but whose rating is not in our data is *Not published*.")
    ui.table(grid, [Col("standard_name", "Standard", row_header=True)] +
             [Col(i, h, "rating") for i, h in headers.items()],
             caption="Ratings of the chosen organisations, by standard and inspection", table_id="side-by-side")
    st.plotly_chart(ui.derived(compare.rating_grid_figure, grid, "standard_name", headers), config=ui.PLOTLY_CONFIG)
    st.caption("The chart shows the table above as coloured cells, each with its rating word.")
    if {"crc", "nps_division"} <= set(inspections["org_type"]):
        caveat()
    ui.table(inspections, [Col("org_name", "Organisation", row_header=True), Col("programme_name", "Programme"),
                           Col("overall_rating", "Overall rating", "rating", strength="confidence"),
                           Col("published_on", "Published"),
                           Col("source_url", "Source", "source")],
             caption="Inspections compared, with their sources")


def regions() -> None:
    region_ids = orgs[orgs["org_type"] == "region"]
    pdus = ui.query("ratings_in_period", programme="pdu-2023")
    regional = ui.query("ratings_in_period", programme="regional-2023")
    st.subheader("Regions compared")
    table = league.region_view(pdus, regional)
    counts = charts.band_counts(pdus, group_col="region_name")
    st.markdown(f"**PDUs by overall rating: {ui.escape_md(names['pdu-2023'])}**")
    st.plotly_chart(ui.derived(charts.band_bar, counts, group_col="region_name"), config=ui.PLOTLY_CONFIG)
    labels = ["Outstanding", "Good", "Requires improvement", "Inadequate", charts.NO_RATING]
    ui.table(table, [Col("name", "Region", "area", row_header=True),
                     Col("regional_rating", "Regional rating", "rating", strength="regional_confidence")]
             + [Col(label, label, "number") for label in labels]
             + [Col("pdus", "PDUs", "number"), Col("regional_source", "Source", "source")],
             caption="Regions: their own rating and their PDUs in each band (PDU programme from October 2023)",
             missing_label="No regional rating in our data")

    st.subheader("The PDUs of one region")
    choices = dict(zip(region_ids["org_id"], region_ids["name"], strict=True))
    region = ui.select_param("Region", "region", choices, next(iter(choices)))
    members = orgs[orgs["parent_org_id"] == region].sort_values("name")
    frames = {p: ui.query("ratings_in_period", programme=p) for p in compare.UNIFIED_PDU_PERIODS}
    wide = compare.ratings_wide(members, frames)
    grid_cols = {f"rating:{p}": compare.SHORT[p] for p in frames}
    st.plotly_chart(ui.derived(compare.rating_grid_figure, wide, "name", grid_cols, f"PDUs of {choices[region]}"),
                    config=ui.PLOTLY_CONFIG)
    cols = [Col("name", "PDU", "area", row_header=True)]
    for p in frames:
        cols += [Col(f"rating:{p}", f"{compare.SHORT[p]} rating", "rating",
                     strength=tables.strength_col(f"rating:{p}")),
                 Col(f"source:{p}", f"{compare.SHORT[p]} source", "source")]
    ui.table(wide, cols, caption=f"PDUs of {choices[region]}: overall rating in each PDU programme",
             missing_label="No rating in our data")
    st.caption("For every standard of these PDUs, pick them under “Organisations side by side”.")


if view == "orgs":
    side_by_side()
elif view == "regions":
    regions()
else:
    crc_nps()
ui.source_note()
