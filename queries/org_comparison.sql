-- org_comparison.sql: for each programme one organisation was inspected under, the ratings of
-- organisations of the same type in that programme, nationally and (for PDUs) in the same region.
-- Each organisation counts once per programme (its latest inspection in it).
-- Returns: programme, programme_name, scope ('national' | 'region'), scope_name, rating, count, n.
-- Parameters: $org (organisation id).
-- Example: {"org": "pdu-n57kecl"}
-- Example: {"org": "crc-c03"}
WITH me AS (
    SELECT DISTINCT
        programme,
        org_type,
        parent_org_id
    FROM inspections_dated
    WHERE org_id = $org
),

peers AS (
    SELECT * FROM inspections_dated
    WHERE overall_rating IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY org_id, programme ORDER BY sort_date DESC, inspection_id DESC) = 1
),

scoped AS (
    SELECT
        p.programme,
        p.programme_name,
        'national' AS scope,
        'England and Wales' AS scope_name,
        p.overall_rating,
        p.overall_rank
    FROM peers AS p INNER JOIN me ON p.programme = me.programme AND p.org_type = me.org_type
    UNION ALL
    SELECT
        p.programme,
        p.programme_name,
        'region' AS scope,
        r.name AS scope_name,
        p.overall_rating,
        p.overall_rank
    FROM peers AS p
    INNER JOIN me ON p.programme = me.programme AND p.org_type = me.org_type AND p.parent_org_id = me.parent_org_id
    INNER JOIN organisations AS r ON me.parent_org_id = r.org_id
)

SELECT
    programme,
    programme_name,
    scope,
    scope_name,
    overall_rating AS rating,
    count(*) AS count,
    sum(count(*)) OVER (PARTITION BY programme, scope) AS n
FROM scoped
GROUP BY programme, programme_name, scope, scope_name, overall_rating, overall_rank
ORDER BY programme ASC, scope ASC, overall_rank DESC;
