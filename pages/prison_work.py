"""Prison work: probation work with people in prison and on release — the CRCs' Through the
Gate ratings (2018–21), the regions' Resettlement ratings (2024 on) and figures from the reports,
each with what our data covers and a link to its source."""
import streamlit as st

from explorer import prison, ui
from explorer.tables import Col

st.title("Probation work in prisons and on release")
st.markdown(
    "Probation staff start work with people before they leave prison: planning where they will live, "
    "work and get help, and supervising them on licence after release. HMIP rated this work as "
    "**Through the Gate** in its inspections of the 21 Community Rehabilitation Companies (CRCs, 2018 "
    "to 2021), and rates **Resettlement** in its inspections of the Probation Service's 12 regions "
    "(from 2024). The two standards are not the same framework: compare them with care."
)

ttg = ui.derived(prison.with_labels, ui.query("prison_work_ratings", standard="through_the_gate", org_type="crc"))
res = ui.derived(prison.with_labels, ui.query("prison_work_ratings", standard="resettlement", org_type="region"))

COLS = [Col("name", "Organisation", "area", row_header=True), Col("shown", "Rating", "rating", strength="confidence"),
        Col("programme_name", "Inspection programme"), Col("published_on", "Published"),
        Col("source_url", "Source", "source")]
SECTIONS = [(ttg, "CRC", "Through the Gate", "Through the Gate: CRCs, 2018 to 2021", "2018 to 2021"),
            (res, "region", "Resettlement", "Resettlement: regions, from 2024", "from 2024")]

# The two lenses side by side: what our data covers; the full tables follow.
for where, (frame, noun, standard, title, _) in zip(st.columns(2, gap="large"), SECTIONS, strict=True):
    with where:
        st.subheader(title)
        st.markdown(ui.derived(prison.coverage, frame, noun, standard))
        counts = prison.rating_counts(frame)
        st.markdown(f"Ratings in our data: {counts}." if counts else "No ratings of this standard are in our data yet.")

for frame, noun, standard, _title, years in SECTIONS:
    slug = standard.lower().replace(" ", "-")
    ui.table(ui.paged(frame, f"prison_{slug.replace('-', '_')}", size=ui.ORGS_PER_PAGE, noun="organisations"),
             COLS, caption=f"{standard} rating of every {noun}, {years}", table_id=f"prison-{slug}")
    ui.download_csv(frame.drop(columns=["shown"]), f"{slug}-ratings.csv", f"Download {standard} ratings (CSV)")

st.caption("“Not published”: HMIP rated this standard in the inspection, but the rating is not in our data "
           "(the reports' ratings tables could not be read when the data was compiled). “No rating in our "
           "data”: no inspection of this organisation under the programme is in our data.")

st.subheader("Figures about work before and after release")
found = ui.query("prison_work_findings")
st.markdown("Figures from inspection reports whose measure mentions resettlement, Through the Gate, prison, "
            "custody, licence cases, post-release supervision or people released. Counts describe the "
            "cases or people the inspectors looked at, not performance against a target.")
if found.empty:
    ui.empty("No figures about work before or after release are in our data yet.")
else:
    ui.table(found, [Col("organisation", "Organisation", row_header=True), Col("period", "Period"),
                     Col("measure", "Measure", wide=True), Col("value", "Value", "number"), Col("unit", "Unit"),
                     Col("denominator_n", "Out of", "number"), Col("source_url", "Source", "source")],
             caption=f"{len(found)} figures about work before and after release", table_id="prison-findings")
    ui.download_csv(found, "prison-work-findings.csv", "Download these figures (CSV)")
ui.source_note()
