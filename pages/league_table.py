"""League tables: every organisation a programme rated, ranked, with its standard-by-standard
grid, filters and downloads; and a region view of the unified service."""
import functools

import streamlit as st

from explorer import charts, league, places, tables, ui
from explorer.tables import Col

VIEWS = {"table": "League table", "regions": "Regions of the Probation Service"}
ALL = "all"

st.title("League tables")
st.markdown(
    "Every organisation an inspection programme covered, with its overall rating and the rating of each "
    "standard of that programme's framework. Organisations the programme covered but with no rating in "
    "our data are listed too, unranked. Every row links to its source."
)

programmes = ui.query("programmes")
names = dict(zip(programmes["programme_id"], programmes["name"], strict=True))
top = st.columns([1, 2])
view = ui.select_param("View", "view", VIEWS, "table", container=top[0])
period = ui.select_param("Period or inspection programme", "period", names, league.default_period(programmes),
                         container=top[1])


def region_view() -> None:
    pdu_programme = "pdu-2021" if period == "pdu-2021" else "pdu-2023"
    if period not in ("pdu-2021", "pdu-2023", "regional-2023"):
        st.info(f"The region view covers the unified Probation Service (since June 2021), so it shows "
                f"“{ui.escape_md(names[pdu_programme])}” rather than {ui.escape_md(names[period])}. "
                "Choose a PDU or regional programme "
                "above to switch.", icon=":material/info:")
    pdus = ui.query("ratings_in_period", programme=pdu_programme)
    regional = ui.query("ratings_in_period", programme="regional-2023") if pdu_programme == "pdu-2023" else None
    table = league.region_view(pdus, regional if regional is not None else pdus.iloc[0:0])
    st.subheader(f"PDUs of each region by overall rating: {ui.escape_md(names[pdu_programme])}")
    counts = charts.band_counts(pdus, group_col="region_name")
    st.plotly_chart(ui.derived(charts.band_bar, counts, group_col="region_name"),
                    config=ui.PLOTLY_CONFIG)
    labels = ["Outstanding", "Good", "Requires improvement", "Inadequate", charts.NO_RATING]
    cols = [Col("name", "Region", "area", row_header=True)]
    if regional is not None:
        cols.append(Col("regional_rating", "Regional rating", "rating", strength="regional_confidence"))
    cols += [Col(label, label, "number") for label in labels] + [Col("pdus", "PDUs", "number")]
    if regional is not None:
        cols.append(Col("regional_source", "Source of regional rating", "source"))
    caption = f"PDUs per region in each rating band ({names[pdu_programme]})"
    ui.table(table, cols, caption=caption, missing_label="No regional rating in our data")
    if regional is None:
        st.caption("Regional inspections began in 2024, after the PDU programme from October 2023; "
                   "the 2021–23 programme had no regional ratings.")
    st.caption("Sources of the PDU ratings are in the league table of the same programme.")
    ui.download(functools.partial(tables.shown_frame, table, cols), f"regions-{pdu_programme}", "Download CSV",
                title=caption, filters=f"PDU programme: {names[pdu_programme]}", excel=True)


def league_view() -> None:
    frame = ui.query("ratings_in_period", programme=period)
    standards = league.framework(ui.query("programme_standards"), period)
    held = ui.query("standard_ratings_in_programme", programme=period)
    table = ui.derived(league.build_league_table, frame, standards, held)

    providers = dict(zip(frame["org_type"], frame["provider_label"], strict=True))
    regions = dict(sorted(
        {**dict(zip(frame.loc[frame["parent_org_id"].notna(), "parent_org_id"],
                    frame.loc[frame["parent_org_id"].notna(), "region_name"], strict=True)),
         **dict(zip(frame.loc[frame["org_type"] == "region", "org_id"],
                    frame.loc[frame["org_type"] == "region", "name"], strict=True))}.items(), key=lambda kv: kv[1]))
    sorts = {league.OVERALL: "Overall rating, then score"} | {
        s.standard: f"Standard: {s.standard_name}" for s in standards.itertuples()}

    with st.container(border=True):
        st.markdown("**Filter and sort**")
        row = st.columns(4)
        provider = ui.select_param("Provider type", "provider", {ALL: "All provider types"} | providers, ALL,
                                   container=row[0]) if len(providers) > 1 else None
        if len(providers) <= 1 and st.query_params.get("provider") not in (None, "", *providers):
            ui.warn(f'Provider "{st.query_params["provider"]}" is not covered by this programme, which rated '
                    f'only {", ".join(providers.values())}. Showing all.')
        region = None
        if regions:
            region = ui.select_param("Region", "region", {ALL: "All regions"} | regions, ALL, container=row[1])
        elif st.query_params.get("region"):
            ui.warn(f'The region filter applies to the Probation Service since June 2021; this programme has '
                    f'no regions, so "{st.query_params["region"]}" is ignored.')
        rating = ui.select_param("Overall rating", "rating", {ALL: "All ratings"} | league.RATING_SLUGS, ALL,
                                 container=row[2])
        sort = ui.select_param("Sort by", "sort", sorts, league.OVERALL, container=row[3])
        q = ui.text_param("Search by name or place", "q", placeholder="e.g. Durham, Brighton, Middlesbrough",
                          help="Organisation names, and ONS district, county and police force area names.")

    filters = league.Filters(provider=None if provider in (None, ALL) else provider,
                             region=None if region in (None, ALL) else region,
                             rating=None if rating == ALL else rating, q=q,
                             found=tuple(ui.derived(places.search, ui.query("place_index"), q).org_ids()) if q else ())
    shown = league.sort_table(league.apply_filters(table, filters), sort)
    note = filters.describe(providers, regions)
    ranked = int(table["rank"].notna().sum())

    rated = shown["rank"].notna().sum()
    st.markdown(f"**{len(shown)}** of {len(table)} organisations shown · **{rated}** with a rating in our data · "
                f"filters: {ui.escape_md(note)}")
    st.caption(f"Rank is among all {ranked} organisations of the programme with a rating in our data, by overall "
               "rating then published score; filters hide rows but never change a rank. Equal ratings share a rank, "
               "shown as “=7 (21 share this rank)”. Cells: the rating word on its colour; "
               "*Not published* = HMIP rated the "
               "standard but the rating is not in our data; *Not rated* = the standard is not in this "
               "organisation's framework. An organisation without a rating says why: "
               "*Inspected, rating not in our data*, "
               "*Not inspected in this programme* or *Not known whether inspected* (see Methods).")
    for text in league.band_notes(shown):
        st.caption(text)
    show_score = table["total_score"].notna().any()
    cols = league.columns(standards, show_region=bool(regions), show_score=bool(show_score),
                          show_owner=bool(table["owner"].notna().any()), show_provider=len(providers) > 1)
    if shown.empty:
        ui.empty("No organisation matches these filters. Clear the search or choose “All” above.")
    else:
        sortable = {"overall": league.OVERALL} | {league.std_col(s): s for s in sorts if s != league.OVERALL}
        links = tuple((key, ui.view_link(sort=None if value == league.OVERALL else value))
                      for key, value in sortable.items())
        ui.table(ui.paged(shown, "league", size=ui.ORGS_PER_PAGE, noun="organisations"), cols,
                 caption=f"League table: {names[period]} (sorted by {sorts[sort].lower()})",
                 missing_label="Not published", table_id="league-table", sort_links=links,
                 sorted_by=next(k for k, v in sortable.items() if v == sort))
        st.caption("Select a rating column's heading to sort by it, best first.")
    ui.download(functools.partial(league.download_frame, shown, cols), f"league-{period}", "Download CSV",
                title=f"League table: {names[period]}; rank among all {ranked} rated in the programme; "
                      f"sorted by {sorts[sort].lower()}",
                filters=note, excel=True)


if view == "regions":
    region_view()
else:
    league_view()
ui.source_note()
