-- source_summary.sql: for each table, how many rows, how many distinct sources, and how
-- many rows are verified in HMIP's (or the MoJ's) own text versus secondary or conflicting.
-- Returns: table_name, rows, sources, verified, secondary, conflict, other.
-- Parameters: none.
WITH rows AS (
    SELECT 'inspections' AS table_name, source_url, confidence FROM inspections
    UNION ALL SELECT 'standard_ratings', source_url, confidence FROM standard_ratings
    UNION ALL SELECT 'findings', source_url, confidence FROM findings
    UNION ALL SELECT 'organisations', source_url, confidence FROM organisations
    UNION ALL SELECT 'organisation_areas', source_url, confidence FROM organisation_areas
    UNION ALL SELECT 'programmes', source_url, confidence FROM programmes
    UNION ALL SELECT 'programme_standards', source_url, confidence FROM programme_standards
    UNION ALL SELECT 'published_totals', source_url, confidence FROM published_totals
    UNION ALL SELECT 'lad_pfa_lookup', source_url, confidence FROM lad_pfa_lookup
    UNION ALL SELECT 'rating_scale', source_url, confidence FROM rating_scale
)
SELECT
    table_name,
    count(*) AS rows,
    count(DISTINCT source_url) AS sources,
    count(*) FILTER (WHERE confidence = 'verified') AS verified,
    count(*) FILTER (WHERE confidence = 'secondary') AS secondary,
    count(*) FILTER (WHERE confidence = 'conflict') AS conflict,
    count(*) FILTER (WHERE confidence NOT IN ('verified', 'secondary', 'conflict')) AS other
FROM rows
GROUP BY table_name
ORDER BY rows DESC;
