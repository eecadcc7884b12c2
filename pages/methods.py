"""Methods and sources: where every figure comes from, how complete it is, how the
frameworks changed, the caveats, and the accessibility statement."""
import json

import streamlit as st

from explorer import a11y, stats, ui
from explorer.tables import Col

AXE_VERSION = a11y.pinned_axe_version()  # the tests check the installed copy is this version

st.title("Methods and sources")
st.markdown(
    "Every rating, score and figure in this tool comes from a published source, and every row of "
    "our data carries the address of that source. Nothing is estimated or filled in: **a blank means "
    "the value is not in our data**, not that it is zero or that HMIP did not rate it."
)

# a long page: what is on it first, each part one link away
st.markdown("**On this page:** [Sources and licences](#sources-and-licences) · "
            "[How complete the data is](#how-complete-the-data-is) · "
            "[Inspection frameworks](#inspection-frameworks-and-how-they-changed) · [Caveats](#caveats) · "
            "[Accessibility statement](#accessibility-statement)")
st.caption(f"**Last updated.** {ui.escape_md(ui.last_updated())}")

st.header("Sources and licences")
st.markdown(
    "- **Ratings, scores and findings**: HM Inspectorate of Probation inspection reports, press releases "
    "and news items, reused under the [Open Government Licence v3.0]"
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). Where HMIP's own text "
    "could not be read, a secondary source (news, commentators, parliamentary answers) is cited and the "
    "row is marked *secondary*; where sources disagree the row keeps the stronger source's value and is "
    "marked *conflict*. Wherever a rating shows, a secondary one carries † and a disputed one ‡ beside its "
    "word (with a note under the table), and every download carries the same in its “Source strength” "
    "or “confidence” column.\n"
    "- **Organisations** (CRCs, NPS divisions, regions, PDUs and their nDelius codes): Ministry of Justice "
    "reference data published in its open-source repositories, and HMIP's descriptions.\n"
    "- **Geography** (police force areas, local authority districts): Office for National Statistics, "
    "Open Government Licence v3.0. *Source: Office for National Statistics licensed under the Open "
    "Government Licence v.3.0. Contains OS data © Crown copyright and database right 2023.* Which districts "
    "each PDU covers, and which police force areas each CRC and NPS division covered, are mostly inferred "
    "from the organisations' names and HMIP's descriptions; each row says how."
)
summary = ui.query("source_summary")
ui.table(summary, [Col("table_name", "Table", row_header=True), Col("rows", "Rows", "number"),
                   Col("sources", "Distinct sources", "number"), Col("verified", "Verified", "number"),
                   Col("secondary", "Secondary", "number"), Col("conflict", "Conflict", "number"),
                   Col("other", "Derived or defined", "number")],
         caption="Rows and sources per table")
st.caption("*Derived*: computed from ONS boundaries (the district to police force area lookup). "
           "*Defined*: the non-rated states this tool shows (not published, no rating in our data, not rated).")

st.header("How complete the data is")
comp = ui.query("completeness")
total = comp[["inspections", "with_standard_ratings", "with_findings", "standard_ratings",
              "expected_standard_ratings"]].sum()
c = st.columns(3)
c[0].metric("Rated inspections", int(total["inspections"]))
c[1].metric("With any standard rating", int(total["with_standard_ratings"]))
c[2].metric("With findings", int(total["with_findings"]))
ui.table(comp, [Col("programme_name", "Programme", row_header=True), Col("inspections", "Inspections", "number"),
                Col("with_overall_rating", "Overall rating", "number"),
                Col("with_exact_date", "Exact publication date", "number"),
                Col("with_score", "Published score", "number"), Col("with_cases", "Cases inspected", "number"),
                Col("with_standard_ratings", "Any standard rating", "number"),
                Col("standard_ratings", "Standard ratings held", "number"),
                Col("expected_standard_ratings", "Standard ratings HMIP gave", "number"),
                Col("with_findings", "With findings", "number")],
         caption="Completeness by programme")
st.markdown(
    f"Standard-level ratings are sparse: we hold **{int(total['standard_ratings'])}** of the "
    f"**{int(total['expected_standard_ratings'])}** standard ratings HMIP gave in these inspections, "
    "because the ratings tables sit inside the reports. Where a rating is not held the tool says "
    "**Not published** (meaning: not published in our data). Known gaps: the Yorkshire and the Humber "
    "regional rating and Hull and East Riding 2024 were not found; one CRC rated Good in 2019/20 is not "
    "identified (HMIP counted four Good that year; we hold three); many 2024–25 publication dates are "
    "known only to the year or not at all. Results can be added on the *Add data* page."
)

ui.known_gaps()

st.header("Inspection frameworks and how they changed")
progs = ui.query("programmes")
ui.table(progs, [Col("name", "Programme", row_header=True),
                 Col("first_published", "First published"), Col("last_published", "Last published"),
                 Col("org_types", "Rated"), Col("points_per_standard", "Points per rating"),
                 Col("max_points", "Maximum score"), Col("banding", "Overall banding rule"),
                 Col("note", "Notes"), Col("source_url", "Source", "source")],
         caption="Inspection programmes")
st.markdown(
    "- **2018**: HMIP's new standards: domain 1 organisational delivery (leadership; staff; services; "
    "information and facilities), domain 2 case supervision (assessment; planning; implementation and "
    "delivery; reviewing), and domain 3 standards specific to the NPS (court work; statutory victim work) "
    "or to CRCs (unpaid work; Through the Gate).\n"
    "- **2021**: after unification, PDU inspections rated nine standards, with published totals out of 27 "
    "for some PDUs.\n"
    "- **2023**: every PDU of a region inspected, rating seven standards, followed by a regional inspection "
    "of court work, unpaid work, victim work, resettlement and the aggregated casework.\n"
    "- **2025**: a national inspection of HMPPS's arrangements for probation.\n\n"
    "Where HMIP's points and banding rules were not confirmed by a source they are shown as *unknown*, "
    "not guessed. Ratings under different frameworks are **not strictly comparable**."
)
std = ui.query("programme_standards")
with st.expander("Standards rated by each programme, and how many ratings we hold"):
    programme_names = dict(zip(progs["programme_id"], progs["name"], strict=True))
    ui.table(std.assign(programme=std["programme_id"].map(programme_names)),
             [Col("programme", "Programme", row_header=True), Col("standard_name", "Standard"),
              Col("domain", "Domain"), Col("applies_label", "Only for"), Col("ratings_held", "Ratings held", "number")],
             caption="Standards by programme")

st.header("Caveats")
st.markdown(
    "- **CRCs and the NPS supervised different people.** The NPS supervised people assessed as high risk "
    "of serious harm; CRCs supervised low- and medium-risk cases. A CRC-versus-NPS comparison compares "
    "different caseloads, not only different providers.\n"
    "- **Samples.** Each judgement rests on a sample of cases (often 100–250 per area, fewer for some "
    "questions); where the number of cases is published we show it.\n"
    "- **Dates.** Publication dates are as precise as the source: a day, a month or only a year.\n"
    "- **Geography.** The link between PDUs and the CRC and NPS areas before June 2021 is built from "
    "districts inside police force areas; several memberships are inferred from names.\n"
    "- **Not in our data.** An organisation with no rating in our data may not have been inspected in that "
    "period, or its result may not have been added yet."
)
st.markdown(
    f"- **Small numbers.** A percentage based on fewer than **{stats.SMALL_N_THRESHOLD} cases** is flagged "
    "*small*: below that the 95% Wilson interval around 50% is wider than ±17 percentage points. Every finding "
    "with a published number of cases is shown with its Wilson interval at 95% and 99.8%; where the number is "
    "not published we say *n not published* and show no interval (see the Follow-up page)."
)

st.header("Accessibility statement")
st.markdown(
    "This service aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as UK "
    "public-sector websites must. Ratings are always written as words, never shown by colour alone; colours "
    "come from the Okabe–Ito colour-blind-safe palette in the conventional order, and the text on every "
    "coloured cell and bar meets the 4.5:1 contrast ratio. Tables are real HTML tables with captions, column "
    "and row headers; wide tables scroll sideways inside a region you can reach with the Tab key. Every chart "
    "has a table alternative underneath it, with the same figures and a CSV download."
)
st.subheader("How it is tested")
st.markdown(
    f"- **Automated checks** on every page, at desktop (1280 px) and phone (375 px) widths, with every "
    f"expandable section opened: axe-core {AXE_VERSION} (Deque Systems) in headless Chromium, for the WCAG "
    "2.0, 2.1 and 2.2 A and AA rules. Any serious or critical problem fails the build.\n"
    "- **Keyboard**: a *Skip to main content* link comes first; the page links in the sidebar are reached with "
    "Tab and opened with Enter; the Period list is opened, changed and confirmed with the arrow keys and "
    "Enter, and the page address updates; tables and expandable sections are reached and operated with the "
    "keyboard.\n"
    "- **Contrast** of every rating colour against its text, computed with the WCAG formula.\n"
    "- **Charts**: every chart is followed by a table with a caption."
)
st.subheader("Known limitations")
st.markdown(
    "- The interactive charts (drawn with Plotly) are not usable with a screen reader; use the table under "
    "each chart, which holds the same figures.\n"
    "- The page is built with Streamlit. Its grouped page navigation puts section headings inside the list of "
    "links, which breaks the list for screen readers, so this service uses a single ungrouped list instead.\n"
    "- Automated checks find only some accessibility problems; this service has not yet been tested by "
    "people using assistive technologies. Please report any problem you meet to the team that publishes it."
)

info = ui.query("build_info")
if not info.empty:
    counts = json.loads(info.loc[0, "row_counts"])
    st.caption(f"Database built {info.loc[0, 'built_at']:%d %B %Y %H:%M} from "
               f"{sum(counts.values()):,} rows in {len(counts)} source files.")
ui.source_note()
