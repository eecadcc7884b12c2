-- source_summary.sql: for each table, how many rows, how many distinct sources, and how
-- many rows are verified in HMIP's (or the MoJ's) own text versus secondary or conflicting.
-- Returns: table_name, rows, sources, verified, secondary, conflict, other.
-- Parameters: none.
WITH source_rows AS (
    SELECT
        'inspections' AS table_name,
        source_url,
        confidence
    FROM inspections
    UNION ALL
    SELECT
        'standard_ratings' AS table_name,
        source_url,
        confidence
    FROM standard_ratings
    UNION ALL
    SELECT
        'findings' AS table_name,
        source_url,
        confidence
    FROM findings
    UNION ALL
    SELECT
        'organisations' AS table_name,
        source_url,
        confidence
    FROM organisations
    UNION ALL
    SELECT
        'organisation_areas' AS table_name,
        source_url,
        confidence
    FROM organisation_areas
    UNION ALL
    SELECT
        'programmes' AS table_name,
        source_url,
        confidence
    FROM programmes
    UNION ALL
    SELECT
        'programme_standards' AS table_name,
        source_url,
        confidence
    FROM programme_standards
    UNION ALL
    SELECT
        'published_totals' AS table_name,
        source_url,
        confidence
    FROM published_totals
    UNION ALL
    SELECT
        'lad_pfa_lookup' AS table_name,
        source_url,
        confidence
    FROM lad_pfa_lookup
    UNION ALL
    SELECT
        'rating_scale' AS table_name,
        source_url,
        confidence
    FROM rating_scale
)

SELECT
    table_name,
    count(*) AS "rows",
    count(DISTINCT source_url) AS sources,
    count(*) FILTER (WHERE confidence = 'verified') AS verified,
    count(*) FILTER (WHERE confidence = 'secondary') AS secondary,
    count(*) FILTER (WHERE confidence = 'conflict') AS "conflict",
    count(*) FILTER (WHERE confidence NOT IN ('verified', 'secondary', 'conflict')) AS other
FROM source_rows
GROUP BY table_name
ORDER BY "rows" DESC;
