-- ratings_in_period.sql: the rating of every organisation in scope for a period.
-- A period is one programme, or NULL for "latest": each organisation's most recent
-- inspection in our data. Organisations in scope with no inspection are listed with
-- a NULL rating (shown as "No rating in our data"), not dropped.
-- In scope for a programme: its org types, and in existence during its publication window.
-- In scope for "latest": every organisation except the national body and NPS regions
-- that were never inspected.
-- Returns: org_id, name, org_type, provider_label, display_order, owner (CRCs), parent_org_id, region_name,
--          inspection_id, programme, programme_name, overall_rating, overall_rank, total_score,
--          max_score, cases_inspected, published_on, published_precision, published_date,
--          sort_date, months_since, source_url, confidence.
-- Parameters: $programme (programme id, or NULL for latest).
-- Example: {"programme": null}
-- Example: {"programme": "crc-nps-2018"}
-- Example: {"programme": "pdu-2023"}
WITH prog AS (
    SELECT programme_id, string_split(org_types, ';') AS types,
           CAST(first_published || '-01' AS DATE) AS first_day,
           last_day(CAST(last_published || '-01' AS DATE)) AS last_day
    FROM programmes
    WHERE programme_id = $programme
),
scope AS (
    SELECT o.*
    FROM organisations AS o
    WHERE ($programme IS NULL AND (o.org_type NOT IN ('national', 'nps_region')
                                   OR o.org_id IN (SELECT org_id FROM inspections)))
       OR EXISTS (
            SELECT 1 FROM prog
            WHERE list_contains(prog.types, o.org_type)
              AND (o.valid_from IS NULL OR o.valid_from <= prog.last_day)
              AND (o.valid_to IS NULL OR o.valid_to >= prog.first_day))
),
chosen AS (
    SELECT * FROM inspections_dated
    WHERE $programme IS NULL OR programme = $programme
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1
)
SELECT
    s.org_id, s.name, s.org_type, t.provider_label, t.display_order, s.owner, s.parent_org_id,
    parent.name AS region_name,
    c.inspection_id, c.programme, c.programme_name, c.overall_rating, c.overall_rank,
    c.total_score, c.max_score, c.cases_inspected, c.published_on, c.published_precision,
    c.published_date, c.sort_date,
    CASE WHEN c.sort_date IS NOT NULL
         THEN date_diff('month', c.sort_date, current_date) END AS months_since,
    c.source_url, c.confidence
FROM scope AS s
JOIN provider_types AS t USING (org_type)
LEFT JOIN organisations AS parent ON parent.org_id = s.parent_org_id
LEFT JOIN chosen AS c ON c.org_id = s.org_id
ORDER BY t.display_order, c.overall_rank DESC NULLS LAST, s.name;
