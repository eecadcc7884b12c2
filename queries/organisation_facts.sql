-- organisation_facts.sql: every organisation with its latest rating in our data and the
-- rating before it (NULLs when our data holds none), its latest inspection of any kind (a
-- narrative dynamic inspection counts as inspected for freshness, never as a rating), its age by
-- the one age rule, its status (current, superseded, ceased) and its coverage now.
-- Returns: org_id, name, org_type, provider_label, display_order, era, status, status_label,
--          valid_to, region_name, inspection_id, programme, overall_rating, overall_rank,
--          published_on, published_label, published_precision, sort_date, cases_inspected,
--          source_url, confidence, previous_inspection_id, previous_programme, previous_rating,
--          previous_rank, previous_published_on, previous_source_url,
--          last_inspection_id, last_programme_name, last_rating_kind, last_published_label,
--          last_precision, last_sort_date, age_months, age_label, last_source_url,
--          coverage_state, coverage_label, coverage_programme, freshness_months.
-- Parameters: none.
WITH latest AS (
    SELECT c.* FROM inspection_changes AS c
    INNER JOIN latest_rating USING (inspection_id)
)

SELECT
    o.org_id,
    o.name,
    o.org_type,
    t.provider_label,
    t.display_order,
    t.era,
    st.status,
    st.status_label,
    st.valid_to,
    region.name AS region_name,
    c.inspection_id,
    c.programme,
    c.overall_rating,
    c.overall_rank,
    c.published_on,
    c.published_label,
    c.published_precision,
    c.sort_date,
    c.cases_inspected,
    c.source_url,
    c.confidence,
    c.previous_inspection_id,
    prev.programme AS previous_programme,
    c.previous_rating,
    c.previous_rank,
    c.previous_published_on,
    prev.source_url AS previous_source_url,
    li.inspection_id AS last_inspection_id,
    li.programme_name AS last_programme_name,
    li.rating_kind AS last_rating_kind,
    li.published_label AS last_published_label,
    li.date_precision AS last_precision,
    li.sort_date AS last_sort_date,
    li.source_url AS last_source_url,
    cc.state AS coverage_state,
    cc.state_label AS coverage_label,
    pw.programme_name AS coverage_programme,
    s.freshness_months,
    months_between(li.sort_date, current_date) AS age_months,
    CASE WHEN li.inspection_id IS NOT NULL THEN age_label(li.sort_date, li.date_precision) END AS age_label
FROM organisations AS o
INNER JOIN provider_types AS t USING (org_type)
INNER JOIN organisation_status AS st USING (org_id)
INNER JOIN current_coverage AS cc USING (org_id)
CROSS JOIN settings AS s
LEFT JOIN programme_windows AS pw ON cc.state_programme = pw.programme_id
LEFT JOIN organisations AS region ON o.parent_org_id = region.org_id
LEFT JOIN latest AS c ON o.org_id = c.org_id
LEFT JOIN latest_inspection AS li ON o.org_id = li.org_id
LEFT JOIN inspections AS prev ON c.previous_inspection_id = prev.inspection_id
ORDER BY t.display_order, o.name;
