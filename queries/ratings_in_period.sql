-- ratings_in_period.sql: the rating of every organisation in scope for a period, with its
-- coverage state, so a blank says why it is blank.
-- A period is one programme, or NULL for "latest": each organisation's most recent rating in
-- our data (four-point programmes only; narrative inspections are not ratings).
-- In scope for a programme: organisations of its types that existed during it (programme_scope);
-- state and state_label say rated · inspected, rating not in our data · not known whether
-- inspected · not inspected in this programme · did not exist then (programme_coverage).
-- In scope for "latest": every organisation except superseded ones (they show in their own
-- programmes) and the national body and NPS regions that were never inspected; an unrated one
-- carries its current_coverage state (that of the latest programme that covered it).
-- Returns: org_id, name, org_type, provider_label, display_order, owner (CRCs), parent_org_id,
--          region_name, status, status_label, inspection_id, programme, programme_name,
--          overall_rating, overall_rank, total_score, max_score, cases_inspected, published_on,
--          published_precision, published_label, published_date, sort_date, months_since,
--          age_label, state, state_label, state_programme, source_url, confidence.
-- Parameters: $programme (programme id, or NULL for latest).
-- Example: {"programme": null}
-- Example: {"programme": "crc-nps-2018"}
-- Example: {"programme": "pdu-2023"}
WITH scope AS (
    SELECT
        o.org_id,
        cc.state,
        cc.state_label,
        cc.state_programme
    FROM organisations AS o
    INNER JOIN organisation_status AS s USING (org_id)
    INNER JOIN current_coverage AS cc USING (org_id)
    WHERE
        $programme IS NULL
        AND s.status <> 'superseded'
        AND (o.org_type NOT IN ('national', 'nps_region') OR o.org_id IN (SELECT lr.org_id FROM latest_rating AS lr))
    UNION ALL
    SELECT
        c.org_id,
        c.state,
        c.state_label,
        c.programme_id
    FROM programme_coverage AS c
    WHERE c.programme_id = $programme AND c.state <> 'did_not_exist'
),

chosen AS (
    SELECT * FROM latest_rating
    WHERE $programme IS NULL
    UNION ALL
    SELECT * FROM inspections_dated
    WHERE programme = $programme
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1
)

SELECT
    o.org_id,
    o.name,
    o.org_type,
    t.provider_label,
    t.display_order,
    o.owner,
    o.parent_org_id,
    parent.name AS region_name,
    st.status,
    st.status_label,
    c.inspection_id,
    c.programme,
    c.programme_name,
    c.overall_rating,
    c.overall_rank,
    c.total_score,
    c.max_score,
    c.cases_inspected,
    c.published_on,
    c.published_precision,
    c.published_label,
    c.published_date,
    c.sort_date,
    c.source_url,
    c.confidence,
    months_between(c.sort_date, current_date) AS months_since,
    CASE WHEN c.inspection_id IS NOT NULL THEN age_label(c.sort_date, c.date_precision) END AS age_label,
    CASE WHEN c.overall_rating IS NOT NULL THEN 'rated' ELSE s.state END AS state,
    CASE WHEN c.overall_rating IS NOT NULL THEN 'Rated' ELSE s.state_label END AS state_label,
    CASE WHEN c.overall_rating IS NOT NULL THEN c.programme ELSE s.state_programme END AS state_programme
FROM scope AS s
INNER JOIN organisations AS o USING (org_id)
INNER JOIN organisation_status AS st USING (org_id)
INNER JOIN provider_types AS t ON o.org_type = t.org_type
LEFT JOIN organisations AS parent ON o.parent_org_id = parent.org_id
LEFT JOIN chosen AS c ON s.org_id = c.org_id
ORDER BY t.display_order ASC, c.sort_date DESC NULLS LAST, o.name ASC;
