"""Area profile: the story of one organisation over time, its place across the June 2021
reorganisation, how fresh its rating is, and how it compares with the national and regional
picture. URL: /area?org=<id>&months=<freshness threshold>.

Every fact here (status, latest rating, dates, ages, coverage, which standards apply) is read
from the semantic layer through named queries; the page words it and draws it."""
import html

import streamlit as st

from explorer import charts, league, measures, places, profile, ratings, spine, tables, ui, urlstate
from explorer.ratings import badge_html
from explorer.tables import Col, is_blank

st.title("Area profile")
st.markdown("The story of one probation organisation over time: every inspection, its standards and "
            "findings, and which organisations covered the same ground before or after June 2021.")

orgs = ui.query("organisations")
known = set(orgs["org_id"])
raw = st.query_params.get("org")
if raw and raw not in known:
    ui.warn(profile.unknown_org_message(raw, orgs))
    ui.set_param("org", None)

# ---- find by place: /area?place=Brighton opens the one current PDU covering it -------------
index = ui.query("place_index")
place = ui.text_param("Find by town, district, county or name", "place",
                      placeholder="e.g. Brighton, Middlesbrough, Dorset",
                      help="ONS district, county and police force area names, and organisation names.")
found = ui.derived(places.search, index, place) if place else None
if found is not None and found.empty:
    hints = places.spelling(index, place)
    ui.warn(f'No place or organisation called "{urlstate.shown(place)}" in our data.'
            + (f" Did you mean: {'; '.join(hints)}?" if hints else "")
            + " Districts, counties and police force areas use their ONS names (e.g. Brighton and Hove).")
elif found is not None and not st.query_params.get("org") and found.single_current_pdu():
    st.query_params["org"] = found.single_current_pdu()

options = {"": "Choose an organisation…"} | profile.org_options(orgs)
org_id = ui.select_param("Organisation (type to search)", "org", options, "",
                         help="Any CRC, NPS division, Probation Service region or PDU.")
default_months, freshness_reason = ui.policy("freshness_months")
months_read = urlstate.read_int(st.query_params, "months", default_months, 1, 120)
ui.warn(months_read.message)
threshold = months_read.value

if found is not None and not found.empty:
    where = "; ".join(f"{r.place} ({r.place_kind}, {r.pfa_name} police force area)"
                      if r.place_kind != "police force area" else f"{r.place} ({r.place_kind})"
                      for r in found.places.itertuples()) or "organisation names"
    with st.expander(f"Organisations covering “{urlstate.shown(place)}” ({len(found.orgs)})", expanded=not org_id):
        st.markdown(f"Matched: {ui.escape_md(where)}. The Probation Service first, then the CRC and NPS division "
                    "that covered the same ground before June 2021.")
        ui.table(found.orgs.assign(name=found.orgs["org_name"]),
                 [Col("org_name", "Organisation", "area", row_header=True), Col("provider_label", "Type"),
                  Col("status_label", "Status"), Col("how", "Why it is listed", wide=True)],
                 caption=f"Organisations covering {where}")

if not org_id:
    ui.empty("Choose an organisation above, or follow a name from the Overview or League tables. "
             "Example: Redcar, Cleveland and Middlesbrough PDU, or Durham Tees Valley CRC.")
    ui.source_note()
    st.stop()

org = orgs.set_index("org_id").loc[org_id]
facts = ui.query("organisation_facts").set_index("org_id").loc[org_id]
inspections = ui.query("org_inspections", orgs=[org_id])
st.header(ui.escape_md(org["name"]))
valid = f"from {org['valid_from']:%B %Y}" if not is_blank(org["valid_from"]) else ""
st.caption(ui.escape_md(f"{org['provider_label']}" + (f" · {valid}" if valid else "")
           + f" · {facts['status_label']}"
           + (f" · region: {org['parent_name']}" if not is_blank(org["parent_name"]) else "")))

# ---- headline: latest rating, age, freshness ------------------------------------------------
if is_blank(facts["inspection_id"]):
    label = ratings.cell_label(None, facts["coverage_label"])
    where = f" ({html.escape(str(facts['coverage_programme']))})" if not is_blank(facts["coverage_programme"]) else ""
    # st.html, not st.markdown: values are HTML-escaped and never read as Markdown
    st.html(f"<p>Latest overall rating: {badge_html(html.escape(label))}{where}.</p>")
else:
    rating = ratings.cell_label(facts["overall_rating"], ratings.NOT_PUBLISHED)
    programme_name = inspections.set_index("inspection_id").loc[facts["inspection_id"], "programme_name"]
    mark = ratings.source_mark(rating, facts.get("confidence"))  # † secondary, ‡ disputed, as in every table
    marked = f" {mark[0]} ({html.escape(mark[1])})" if mark else ""
    st.html(f"<p>Latest overall rating: {badge_html(html.escape(rating))}{marked} published "
            f"{html.escape(str(facts['published_label']))} ({html.escape(str(programme_name))}).</p>")
fresh = profile.freshness(facts.to_dict(), threshold)
if fresh.overdue:
    st.warning(f"**Freshness:** {ui.escape_md(fresh.text)}", icon=":material/schedule:")
else:
    st.info(f"**Freshness:** {ui.escape_md(fresh.text)}", icon=":material/schedule:")
if fresh.applies:
    st.caption(f"Threshold: {threshold} months. {freshness_reason}")

# ---- coverage: which programmes inspected it ------------------------------------------------
coverage = ui.query("org_coverage", org=org_id)
if not coverage.empty:
    with st.expander("Which inspection programmes covered it", expanded=is_blank(facts["inspection_id"])):
        ui.table(coverage.assign(name=org["name"]),
                 [Col("programme_name", "Programme", row_header=True), Col("state_label", "Coverage", "rating"),
                  Col("basis", "How we know"),
                  Col("coverage_source_url", "Source of the programme's design", "source")],
                 caption=f"Whether each programme inspected {org['name']}")
        st.caption("“Inspected, rating not in our data”: HMIP's design says it was inspected, but we do not hold "
                   "the rating. “Not known whether inspected”: the programme inspected only some organisations. "
                   "“Not inspected in this programme”: the programme did not reach it.")

# ---- every inspection ---------------------------------------------------------------------
st.subheader("Every inspection in our data")
if inspections.empty:
    ui.empty("No inspection of this organisation is in our data. It may not have been inspected "
             "yet, or its result has not been added.")
else:
    shown_ins = inspections.assign(
        score=[f"{int(t)} of {int(m)}" if not is_blank(t) else None
               for t, m in zip(inspections["total_score"], inspections["max_score"], strict=True)],
        shown_rating=[ratings.cell_label(r,
                                         ratings.COVERAGE["narrative"] if k == "narrative" else ratings.NOT_PUBLISHED)
                      for r, k in zip(inspections["overall_rating"], inspections["rating_kind"], strict=True)],
        name=org["name"])
    ui.table(shown_ins, [Col("published_label", "Published", row_header=True), Col("age_label", "Age"),
                         Col("programme_name", "Programme"),
                         Col("shown_rating", "Overall rating", "rating", strength="confidence"),
                         Col("score", "Score"), Col("cases_inspected", "Cases inspected", "number"),
                         Col("fieldwork_start", "Fieldwork began"), Col("name_in_source", "Name in source"),
                         Col("source_url", "Source report", "source")],
             caption=f"Inspections of {org['name']}, oldest first")
    notes = inspections[inspections["rating_kind"] == "narrative"]
    for row in notes.itertuples():
        st.info(f"**{ui.escape_md(row.programme_name)}** ({ui.escape_md(row.published_label)}): "
                "ends in a narrative judgement by HMIP's "
                "Chief Inspector, not a four-point rating, so it counts as an inspection for freshness but "
                "never as a rating. " + (ui.escape_md(row.note) if isinstance(row.note, str) else ""),
                icon=":material/article:")
    ui.download_csv(inspections, f"inspections-{org_id}.csv", "Download inspections (CSV)")

# ---- standards grid -----------------------------------------------------------------------
    st.subheader("Standards by inspection")
    grid, columns = profile.standard_grid(ui.query("org_standard_grid", org=org_id))
    grid_cols = [Col("standard_name", "Standard", row_header=True)] + [
        Col(c, c, "rating", strength=tables.strength_col(c)) for c in columns]
    ui.table(grid, grid_cols, caption=f"Standard ratings of {org['name']} by inspection")
    st.caption("“Not published”: HMIP rated the standard but the rating is not in our data (the "
               "ratings tables sit inside the reports). “Not rated”: not part of that inspection's framework.")
    ui.download_csv(tables.shown_frame(grid, grid_cols), f"standards-{org_id}.csv", "Download standards grid (CSV)")

# ---- comparison ---------------------------------------------------------------------------
    st.subheader("Against the national and regional picture")
    comparison = ui.query("org_comparison", org=org_id)
    if comparison.empty:
        ui.empty("No comparable ratings in our data for the same programmes.")
    else:
        for sentence in profile.comparison_sentences(inspections, comparison, org["name"]):
            st.markdown(f"- {ui.escape_md(sentence)}")
        counts = profile.comparison_counts(comparison)
        st.plotly_chart(ui.derived(charts.band_bar, counts, group_col="group", value="percent"),
                        config=ui.PLOTLY_CONFIG)
        st.caption("Bars count organisations of the same type rated in the same programme "
                   "(each once, its latest inspection in that programme), including this one. Counts are of "
                   "ratings in our data; see Methods for the known gaps.")
        with st.expander("Table of this chart"):
            ui.table(counts, [Col("label", "Programme and area", row_header=True), Col("rating", "Rating", "rating"),
                              Col("count", "Organisations", "number"), Col("n", "Of", "number"),
                              Col("percent", "Share", "percent")],
                     caption="Ratings of comparable organisations by programme")
            ui.download_csv(counts.drop(columns="group"), f"comparison-{org_id}.csv", "Download comparison (CSV)")

# ---- spine chart: every standard and finding against the rest ----------------------------
    if not is_blank(facts["inspection_id"]):
        programme = inspections.set_index("inspection_id").loc[facts["inspection_id"], "programme"]
        programme_label = inspections.set_index("inspection_id").loc[facts["inspection_id"], "programme_name"]
        st.subheader("Every standard and finding against the rest")
        rows = ui.derived(spine.rating_rows,
                          {"org_id": org_id, "org_type": org["org_type"], "parent_org_id": org["parent_org_id"],
                           "region_name": org["parent_name"]},
                          ui.query("ratings_in_period", programme=programme),
                          league.framework(ui.query("programme_standards"), programme),
                          ui.query("standard_ratings_in_programme", programme=programme))
        st.markdown(f"**Ratings: {ui.escape_md(org['name'])} against organisations of its type in "
                    f"{ui.escape_md(programme_label)}**")
        st.plotly_chart(ui.derived(spine.rating_figure, rows, org["name"]), config=ui.PLOTLY_CONFIG,
                        key="spine_ratings")
        st.caption("Each bar shares out the ratings our data holds for that standard (counts on the bar); the "
                   "black diamond is this organisation's rating, also written above its bar. Each row "
                   "says how many organisations in the programme's scope it rests on: most standard ratings sit "
                   "inside HMIP's reports and are not yet in our data, so a short count is thin evidence.")
        shown_rows = rows.assign(this=[ratings.cell_label(v, ratings.NOT_PUBLISHED) for v in rows["this"]],
                                 rests_on=[f"{h} of {n}" for h, n in zip(rows["held"], rows["scope"], strict=True)])
        spine_cols = [Col("row", "Standard", row_header=True), Col("level", "Compared with"),
                      Col("this", "This organisation", "rating"), Col("rests_on", "Rated in our data")] + [
            Col(word, word, "number") for word in ratings.RATINGS]
        with st.expander("Table of this chart"):
            ui.table(shown_rows, spine_cols, caption=f"Ratings of {org['name']} and of comparable organisations")
            ui.download(tables.shown_frame(shown_rows, spine_cols), f"spine-ratings-{org_id}",
                        title=f"Spine chart (ratings): {org['name']}", filters=f"programme: {programme_label}")
        all_measured = ui.derived(spine.finding_rows, org_id,
                                  ui.derived(measures.findings_table, ui.query("followup_findings")))
        measured = spine.comparable(all_measured)
        if len(all_measured) > len(measured):
            alone = len(all_measured) - len(measured)
            st.caption(f"{alone} of its {len(all_measured)} percentage figures have no figure from another area "
                       "for the same measure in our data, so they are not drawn against the rest; they are in the "
                       "Findings table below.")
        if not measured.empty:
            st.markdown(f"**Findings: {ui.escape_md(org['name'])} against every area with the same measure**")
            st.plotly_chart(ui.derived(spine.finding_figure, measured, org["name"]), config=ui.PLOTLY_CONFIG,
                            key="spine_findings")
            st.caption("Light bar: lowest to highest area; dark bar: the middle half; line: the median area; open "
                       "circle: the national figure where HMIP published one; black diamond: this organisation "
                       "(its value written above its bar). Measures that count a shortfall are flipped so that higher "
                       "is better, as on Follow-up. Each row says how many areas it rests on.")
            with st.expander("Table of this chart"):
                finding_cols = [Col("row", "Measure", row_header=True), Col("this", "This organisation (%)", "number"),
                                Col("areas", "Areas with this measure", "number"), Col("low", "Lowest", "number"),
                                Col("median", "Median", "number"), Col("high", "Highest", "number"),
                                Col("national", "National figure", "number")]
                ui.table(measured, finding_cols, caption=f"Findings of {org['name']} against every area's")

# ---- findings -----------------------------------------------------------------------------
    findings = ui.query("org_findings", org=org_id)
    st.subheader("Findings")
    if findings.empty:
        ui.empty("No figures from this organisation's inspections are in our data.")
    else:
        findings["shown_value"] = [profile.shown_value(v, u, w) for v, u, w in
                                   zip(findings["value"], findings["unit"], findings["stated_as"], strict=True)]
        findings["name"] = org["name"]
        ui.table(findings, [Col("measure", "Measure (as worded in the source)", row_header=True),
                            Col("shown_value", "Value"), Col("denominator_n", "Cases or people behind it", "number"),
                            Col("cases_inspected", "Cases inspected", "number"), Col("topic", "Topic"),
                            Col("period", "Period"), Col("source_url", "Source", "source")],
                 caption=f"Figures from the inspections of {org['name']}")
        st.caption("A measure written with NOT in capitals counts the shortfall. “—”: not stated in the source.")
        ui.download_csv(findings, f"findings-{org_id}.csv", "Download findings (CSV)")

# ---- family and lineage -------------------------------------------------------------------
latest_all = ui.query("ratings_in_period", programme=None)
parent, children = profile.family(latest_all, org_id, org["parent_org_id"])
if not parent.empty or not children.empty:
    st.subheader("Region and PDUs")
    fam_cols = [Col("name", "Organisation", "area", row_header=True), Col("provider_label", "Type"),
                Col("overall_rating", "Latest overall rating", "rating", strength="confidence"),
                Col("published_on", "Published"), Col("source_url", "Source", "source")]
    if not parent.empty:
        ui.table(parent, fam_cols, caption="Its region", missing_label=charts.NO_RATING)
    if not children.empty:
        ui.table(children, fam_cols, caption=f"PDUs of {org['name']}", missing_label=charts.NO_RATING)

lineage = ui.query("org_lineage", org=org_id)
st.subheader("Before and after June 2021")
if lineage.empty:
    ui.empty("No lineage for this organisation: lineage links PDUs and regions to the CRCs and NPS "
             "divisions that covered the same police force areas.")
else:
    for direction, title in (("predecessor", "Who covered this area before June 2021"),
                             ("successor", "Which PDUs cover this area now")):
        part = lineage[lineage["direction"] == direction]
        if part.empty:
            continue
        ui.table(part, [Col("name", "Organisation", "area", row_header=True), Col("provider_label", "Type"),
                        Col("overall_rating", "Latest overall rating", "rating", strength="confidence"),
                        Col("published_on", "Published"), Col("history", "Ratings in our data"),
                        Col("shared_pfas", "Shared police force areas", "number"),
                        Col("basis", "How linked"), Col("source_url", "Source", "source")],
                 caption=title, missing_label=charts.NO_RATING)
    st.caption("Built from the geography: each PDU's local authority districts are placed in police force "
               "areas (ONS), and a CRC or NPS division is linked when it covered one of those police force "
               "areas. Twelve PDUs have no districts in our data and are placed by their name (see "
               "“How linked”). Providers before and after 2021 supervised different caseloads under "
               "different frameworks, so their ratings are not strictly comparable.")
    ui.download_csv(lineage, f"lineage-{org_id}.csv", "Download lineage (CSV)")

# ---- sources ------------------------------------------------------------------------------
sources = ui.query("org_sources", org=org_id)
if not sources.empty:
    st.subheader("Source reports")
    ui.table(sources.assign(name=sources["inspections"]),
             [Col("inspections", "Inspection", row_header=True), Col("supports", "Supports"),
              Col("rows", "Rows", "number"), Col("source_url", "Source", "source")],
             caption=f"Every source behind this profile of {org['name']}")
ui.source_note()
