"""Map: ratings where they are — equal-area hex maps of both eras (the default, no download
needed) and, when ONS boundaries are available, a geographic map of the same ratings."""
import logging
from pathlib import Path

import streamlit as st

from explorer import config, geo, maps, ratings, ui
from explorer.tables import Col

LOG = logging.getLogger("probation.map")

st.title("Map of ratings")
st.markdown(
    "The hex map (the default) gives every area one hexagon of equal size, so small urban areas count "
    "as much as large rural ones; the geographic map shows the real boundaries. Before June 2021 "
    "probation was split between private CRCs and public NPS divisions, both built "
    "from police force areas; since then one Probation Service runs Probation Delivery Units (PDUs) "
    "in 12 regions. Select a hexagon or an area for its profile."
)

programmes = ui.query("programmes")
standards = ui.query("programme_standards")

cols = st.columns(3)
level = ui.select_param("Level and era", "level", maps.LEVELS, maps.DEFAULT_LEVEL, container=cols[0])
# A period of another level (left in the link after switching level) is not an error.
if st.query_params.get("period") in maps.map_periods() and not maps.period_fits(level, st.query_params.get("period")):
    del st.query_params["period"]
    st.session_state.pop("url_period", None)
periods = maps.period_options(level, programmes)
period = ui.select_param("Period", "period", periods, next(iter(periods)), container=cols[1],
                         help="One inspection programme (or, for PDUs, each one's latest rating).")
colours = maps.colour_options(level, period, standards)
if st.query_params.get("colour") not in (None,
                                         *colours) and st.query_params.get("colour") in set(standards["standard"]):
    del st.query_params["colour"]  # a standard of another framework: fall back quietly to overall
    st.session_state.pop("url_colour", None)
colour = ui.select_param("Colour by", "colour", colours, maps.OVERALL, container=cols[2],
                         help="The overall rating, or the rating of one standard. "
                              "Standard ratings are sparse in our data.")
cols = st.columns(3)
provider = maps.DEFAULT_PROVIDER
if level == "pfa":
    provider = ui.select_param("Whose rating colours each area", "provider", maps.PROVIDERS, maps.DEFAULT_PROVIDER,
                               container=cols[0], help="CRCs and NPS divisions covered the same ground.")
elif "provider" in st.query_params:
    del st.query_params["provider"]
kind = ui.select_param("Map", "kind", maps.KINDS, maps.DEFAULT_KIND, container=cols[1])

colour_name = "Overall rating" if colour == maps.OVERALL else colours[colour].removeprefix("Standard: ").split(" (")[0]
name, params = maps.query_for(level, period, provider, colour)
prepared = ui.derived(maps.prepare, ui.query(name, **params), level, colour, colour_name)
what = {"pfa": f"{maps.PROVIDERS[provider]} rating by police force area",
        "pdu": "PDU ratings", "region": "Regional ratings, shown on each region's PDUs"}[level]
title = f"{colour_name}: {what}, {periods[period]}"

figure = None
if kind == "geo":
    folder = config.boundaries_dir()

    @st.cache_data(show_spinner="Preparing boundaries…", max_entries=16)
    def _geo(level: str, provider: str, folder: str, stamp: tuple) -> dict:
        return geo.level_geojson(level, provider, ui.query("map_area_members"), Path(folder))

    try:
        found = geo.find_boundaries(folder)
        stamp = tuple(p.stat().st_mtime for p in (found.pfa, found.lad))
        shapes = _geo(level, provider, str(folder), stamp)
    except geo.BoundaryError as err:
        # the reason and the fix are for the site's maintainers (server log, README), not for visitors
        LOG.warning("geographic map unavailable: %s", err)
        st.info("**The geographic map is not available on this site just now**, so the hex map is shown instead: "
                "it places every area on the same grid, with the same colours and table.", icon=":material/map:")
    else:
        orgs = maps.organisations_of(prepared)
        figure = maps.choropleth_figure(orgs, shapes["geojson"], shared=shapes["shared"],
                                        height=700 if level != "pfa" else 650)
        not_drawn = orgs[~orgs["org_id"].isin(shapes["drawn"])]
        if len(not_drawn):
            not_drawn_names = ui.escape_md(", ".join(sorted(not_drawn["org_name"])))
            st.caption(f"Not drawn (no districts in our data): {not_drawn_names}. "
                       "They are in the table below.")
hex_drawn = figure is None  # the hex map: chosen, or shown because boundaries are unavailable
if figure is None:
    outline = {"pfa": f"{maps.PROVIDERS[provider].split(' (')[0]} boundary"}.get(level, "Region boundary")
    figure = ui.derived(maps.hex_figure, prepared, outline_groups=True, outline_name=outline)

st.markdown(f"**{ui.escape_md(title)}**")
covered = maps.coverage(prepared, level, colour_name)
if maps.coverage_is_thin(prepared):
    st.warning(f"**Read with care: most areas have no rating here.** {ui.escape_md(covered)} The coloured areas show "
               "which ratings our data holds, not a national pattern.")
event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key=f"map_{kind}",
                        config={**ui.PLOTLY_CONFIG, "scrollZoom": False})
st.caption(("" if maps.coverage_is_thin(prepared) else covered + " ")
           + "Hover over or select a hexagon or an area for the organisation, rating, date and score."
           + (" Each hexagon carries a short code for its area (for example "
              + ui.escape_md(f"{prepared['label'].iloc[0]} = {prepared['unit_name'].iloc[0]}")
              + "); the table of this map lists every code with its name." if hex_drawn else ""))
picked = maps.selected_org(event, prepared)
if picked:
    st.page_link("pages/area.py", label=f"Open the area profile for {picked[1]}", icon=":material/location_on:",
                 query_params={"org": picked[0]})
if level == "pfa":
    st.caption("CRCs supervised low- and medium-risk cases and NPS divisions high-risk cases in the same "
               "areas: their ratings are not a like-for-like comparison. Which police force areas each "
               "organisation covered is partly inferred (see Methods).")

with st.expander("Table of this map", expanded=False):
    table = maps.table_frame(prepared)
    unit = {"pfa": "Police force area", "pdu": "PDU", "region": "PDU"}[level]
    org_header = maps.PROVIDERS[provider] if level == "pfa" else "Region"
    if level == "pdu":
        columns = [Col("unit_name", unit, "area", row_header=True), Col("group", "Region")]
    else:
        columns = [Col("unit_name", unit, row_header=True), Col("org_name", org_header, "area")]
    if hex_drawn:
        columns.insert(1, Col("label", "Code on the map"))
    columns += [Col("state", colour_name, "rating", strength="confidence"), Col("published", "Published"),
                Col("score", "Score"),
                Col("source_url", "Source", "source")]
    ui.table(table, columns, caption=f"{title}: every {unit} on the map",
             missing_label=ratings.NO_RATING)
    ui.download_csv(table.drop(columns=["tooltip", "x", "y"]), f"map-{level}-{period}-{colour}.csv")

st.caption("Hex layouts and boundaries derived from ONS boundaries. " + maps.ONS_ATTRIBUTION)
ui.source_note()
