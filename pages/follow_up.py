"""Follow-up: a watchlist of organisations that need follow-up, each with every reason that
applies (rules switched on and off, thresholds set, all in the URL), and how far the published
figures behind them can be trusted (Wilson intervals, funnel plot, small-numbers rule)."""
import functools

import streamlit as st

from explorer import followup, funnel_charts, measures, ratings, stats, ui, urlstate
from explorer.tables import Col

st.title("Follow-up watchlist")
st.markdown(
    "Organisations that may need follow-up, with **every reason that applies**. Switch each rule on "
    "or off and set its threshold; the list updates and the settings are kept in the link, so a copied "
    "link shows the same list. Reasons come only from ratings and findings in our data, each with its source."
)

orgs = ui.query("organisation_facts")
freshness, freshness_reason = ui.policy("freshness_months")
standards = ui.query("followup_standard_ratings")
lineage = ui.query("lineage_all")
findings = ui.derived(measures.findings_table, ui.query("followup_findings"))

# ---- settings (URL state) ----------------------------------------------------------------
st.subheader("Rules")
scope = ui.select_param("Organisations", "scope", followup.SCOPES, "current",
                        help="CRCs and NPS divisions ended in June 2021 and cannot be followed up; "
                             "include them to see their history.")
read = followup.read_rules(st.query_params)
ui.warn(read.message)
left, right = st.columns(2)
where = {"inadequate": left, "standard_inadequate": left, "declined": left, "stale": left,
         "predecessor": right, "finding_below": right, "no_rating": right}
enabled = []
for key, rule in followup.RULES.items():
    box = where[key]
    weight = f"severity {rule.severity}" if rule.complete_data else "evidence held, not scored"
    if box.toggle(f"{rule.label} ({weight})", value=key in read.value, key=f"rule_{key}",
                  help=rule.help):
        enabled.append(key)
    if key == "declined":
        steps = int(ui.select_param("Declined by at least", "steps", {"1": "1 rating step", "2": "2 rating steps",
                                                                       "3": "3 rating steps"}, "1", container=box))
    elif key == "stale":
        months_read = urlstate.read_int(st.query_params, "months", freshness, *followup.MONTHS_RANGE)
        ui.warn(months_read.message)
        months = int(box.number_input(
            "Not inspected within (months)", *followup.MONTHS_RANGE, value=months_read.value, step=1,
            key="url_months", help=f"Default {freshness}. {freshness_reason}"))
        ui.set_param("months", months, freshness)
    elif key == "predecessor":
        mode = ui.select_param("Compared with its predecessors", "pred", followup.PREDECESSOR_MODES, "all",
                               container=box)
    elif key == "finding_below":
        level_key = ui.select_param("Significance level", "level",
                                    {"95": "95% (outside the inner funnel)",
                                     "99.8": "99.8% (outside the outer funnel)"},
                                    "95", container=box)
ui.set_param("rules", followup.rules_param(enabled))

# ---- the watchlist -----------------------------------------------------------------------
scoped = followup.in_scope(orgs, scope)
reasons = ui.derived(followup.run_rules, scoped, enabled=enabled, standards=standards, lineage=lineage,
                     findings=findings, months=months, steps=steps, mode=mode, level=followup.LEVELS[level_key],
                     all_orgs=orgs)
watch = ui.derived(followup.combine, scoped, reasons)

st.subheader("Organisations that need follow-up")
c = st.columns(3)
c[0].metric("Organisations in scope", f"{len(scoped):,}")
c[1].metric("Need follow-up", f"{len(watch):,}")
c[2].metric("Rules switched on", f"{len(enabled)} of {len(followup.RULES)}")
if not enabled:
    ui.empty("Every rule is switched off, so no organisation is listed. Switch a rule on above.")
elif watch.empty:
    ui.empty("No organisation in scope meets any of the rules switched on. Try other thresholds or rules.")
else:
    scored = "; ".join(f"{r.label.lower()} {r.severity}" for k, r in followup.RULES.items() if r.complete_data)
    st.caption(f"Sorted by severity score, the sum of the severities of its scored reasons ({scored}), then by "
               "number of reasons. The score counts only evidence every organisation in scope could have: a "
               "standard rated Inadequate or a finding below the benchmark is shown under “Evidence held” and "
               "not scored, because we hold standard ratings and case counts for only some organisations. "
               "Select a name for its area profile. Evidence strength is the number of cases the judgement "
               "rests on, where HMIP published it.")
    shown_watch = watch.assign(latest=ratings.cell_labels(watch["overall_rating"], watch["coverage_label"]))
    ui.table(ui.paged(shown_watch, "watch", size=ui.ORGS_PER_PAGE, noun="organisations"),
             [Col("name", "Organisation", "area", row_header=True),
                           Col("latest", "Latest rating", "rating", strength="confidence"),
                           Col("reasons", "Reasons (scored)", wide=True),
                           Col("severity", "Severity score", "number"),
                           Col("evidence_held", "Evidence held (not scored)", wide=True),
                           Col("evidence", "Evidence strength"), Col("source_url", "Source", "source")],
             caption=f"Organisations that need follow-up ({len(watch)}), most severe first",
             missing_label="—", table_id="watchlist")
    ui.download_csv(functools.partial(followup.download_frame, watch, reasons), "follow-up-watchlist.csv",
                    "Download the list with reasons and sources (CSV)")

# ---- how far can the figures be trusted? -------------------------------------------------
st.header("How far can the figures be trusted?")
props = findings
with_n = props[props["n"].notna()]
st.markdown(
    f"HMIP bases each judgement on a sample of cases. A percentage of a small sample is uncertain, so for "
    f"every finding with a published number of cases we show the **Wilson score interval** at 95% and 99.8% "
    f"(the method Fingertips and ONS use for proportions). Figures based on **fewer than "
    f"{stats.SMALL_N_THRESHOLD} cases** are flagged *small*: at that size a finding of 50% is compatible with "
    f"true values from under a third to over two-thirds. Of the **{len(props)}** findings in our data "
    "that are proportions (percentages, or counts out of a stated "
    f"number of cases), "
    f"only **{len(with_n)}** publish the number of cases; the rest say *n not published*, have no interval "
    f"and cannot count as significantly below anything."
)
st.markdown(
    "Measures that count the shortfall (e.g. checks **NOT** made) are flipped to the “sufficient” direction "
    "(value → 100 − value) before they are compared, and every flipped row says so. Measures recur under "
    "slightly different wordings; they are grouped only where the wording says the same thing, and each row "
    "shows its own wording."
)

st.subheader("Funnel plot")
options = measures.funnel_measures(props)
if not options:
    ui.empty("No measure in our data has both a benchmark and an area finding with a published number of cases.")
else:
    measure = ui.select_param("Measure", "measure", options, next(iter(options)),
                              help="Only measures with a benchmark and at least one area finding with n.")
    points = measures.funnel_points(props, measure)
    bench = points.iloc[0]
    st.markdown(f"**{options[measure]}**: each area's percentage against its number of cases")
    st.plotly_chart(ui.derived(funnel_charts.funnel_figure, points, bench["benchmark_pct"],
                               benchmark_label="Benchmark"),
                    config=ui.PLOTLY_CONFIG, key="funnel")
    st.caption(
        f"Benchmark — {bench['benchmark_basis']}. Control limits are exact binomial limits (Spiegelhalter 2005) "
        "around the benchmark; a point outside the dotted lines is unlikely (under 1 in 40 on each side) "
        "to differ from the benchmark by chance alone, outside the dashed lines under 1 in 1,000. Whether a point "
        "is outside is decided by the exact binomial test, the same test the follow-up rule uses. "
        "Only area findings with a published number of cases can be drawn.")
    group_rows = ui.derived(measures.for_display, props[props["group_key"] == measure])
    with st.expander("Table of this chart, and the measure's other findings", expanded=False):
        ui.table(group_rows.sort_values(["is_national", "n"], ascending=[False, False]),
                 [Col("who", "Organisation or source", row_header=True), Col("wording", "Published wording"),
                  Col("period", "Period"), Col("percent", "Value (oriented)", "percent"), Col("n_text", "Cases (n)"),
                  Col("ci_95", "95% interval"), Col("ci_998", "99.8% interval"), Col("evidence", "Evidence"),
                  Col("funnel_class", "Against the benchmark"), Col("source_url", "Source", "source")],
                 caption=f"Findings for: {options[measure]}", table_id="funnel-table")

st.subheader("Every finding with its interval")
st.markdown("**Findings with a published number of cases**: value with its 95% (thick) and 99.8% (thin) "
            "Wilson interval. Colour and legend say how an area compares with its measure's benchmark.")
st.plotly_chart(ui.derived(funnel_charts.error_bar_figure, with_n),
                config=ui.PLOTLY_CONFIG, key="intervals")
table = ui.derived(measures.for_display, props).sort_values(["n", "finding_id"], na_position="last")
ui.table(ui.paged(table, "findings", noun="findings"),
         [Col("who", "Organisation or source", row_header=True), Col("wording", "Published wording"),
          Col("period", "Period"), Col("percent", "Value (oriented)", "percent"), Col("n_text", "Cases (n)"),
          Col("ci_95", "95% interval"), Col("ci_998", "99.8% interval"), Col("evidence", "Evidence"),
          Col("vs_benchmark", "Against the benchmark"), Col("source_url", "Source", "source")],
         caption=f"Percentage findings with Wilson intervals (n not published: no interval), {len(table)} in all",
         table_id="intervals")
ui.download_csv(table[["finding_id", "inspection_id", "org_id", "who", "level", "period", "topic", "measure", "unit",
                       "value", "flipped", "flip_note", "group_key", "group_label", "percent", "n", "successes",
                       "lower_95", "upper_95", "lower_998", "upper_998", "evidence", "small_sample",
                       "benchmark_pct", "benchmark_basis", "funnel_class", "vs_benchmark", "source_url",
                       "confidence"]],
                "findings-with-intervals.csv", "Download findings with intervals (CSV)")
ui.source_note()
