-- org_sources.sql: every distinct source behind what the profile shows for one organisation
-- (its inspections, standard ratings and findings), with what each supports.
-- Returns: source_url, supports, inspections (publication and programme), rows.
-- Parameters: $org (organisation id).
-- Example: {"org": "crc-c18"}
WITH ins AS (
    SELECT
        inspection_id,
        source_url,
        coalesce(published_on, 'undated') || ' (' || programme || ')' AS "label"
    FROM inspections
    WHERE org_id = $org
),

cited AS (
    SELECT
        source_url,
        'overall rating' AS supports,
        label
    FROM ins
    UNION ALL
    SELECT
        r.source_url,
        'standard ratings' AS supports,
        ins.label
    FROM standard_ratings AS r INNER JOIN ins USING (inspection_id)
    UNION ALL
    SELECT
        f.source_url,
        'findings' AS supports,
        ins.label
    FROM findings AS f INNER JOIN ins USING (inspection_id)
)

SELECT
    source_url,
    string_agg(DISTINCT supports, ', ' ORDER BY supports) AS supports,
    string_agg(DISTINCT label, '; ' ORDER BY label) AS inspections,
    count(*) AS "rows"
FROM cited
GROUP BY source_url
ORDER BY min(label), source_url;
