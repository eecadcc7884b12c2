-- map_pfa.sql: one row per police force area hexagon (all 43), with the CRC or NPS division
-- that covered it and that organisation's rating (overall, or one standard) in a programme.
-- A PFA whose organisation has no inspection in the programme keeps its row with NULL
-- inspection columns ("No rating in our data"); nothing is dropped or filled.
-- in_framework is FALSE when the standard asked for is not part of that organisation's
-- framework (e.g. court work for a CRC) — shown as "Not rated"; NULL when not inspected.
-- Returns: area_code, area_name, hex_q, hex_r, label, org_id, org_name, org_type,
--          inspection_id, programme, overall_rating, standard_rating, standard_name,
--          in_framework, published_on, total_score, max_score, source_url, confidence,
--          coverage_state, coverage_label (programme_coverage: why a unit has no rating).
-- Parameters: $programme (programme id), $provider ('crc' or 'nps_division'),
--             $standard (standard key, or NULL for the overall rating).
-- Example: {"programme": "crc-nps-2018", "provider": "crc", "standard": null}
-- Example: {"programme": "crc-nps-2018", "provider": "nps_division", "standard": "court_work"}
-- Example: {"programme": "crc-nps-2019", "provider": "crc", "standard": "planning"}
WITH cover AS (
    SELECT
        a.area_code,
        o.org_id,
        o.name AS org_name,
        o.org_type
    FROM organisation_areas AS a
    INNER JOIN organisations AS o USING (org_id)
    WHERE a.area_type = 'pfa' AND o.org_type = $provider
),

chosen AS (
    SELECT * FROM inspections_dated
    WHERE programme = $programme AND org_type = $provider
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1
)

SELECT
    h.area_code,
    h.area_name,
    h.hex_q,
    h.hex_r,
    h.label,
    c.org_id,
    c.org_name,
    c.org_type,
    i.inspection_id,
    i.programme,
    i.overall_rating,
    sr.rating AS standard_rating,
    ps.standard_name,
    i.published_on,
    i.total_score,
    i.max_score,
    cov.state AS coverage_state,
    cov.state_label AS coverage_label,
    CASE
        WHEN i.inspection_id IS NULL THEN NULL
        WHEN $standard IS NULL THEN TRUE
        ELSE s.standard IS NOT NULL
    END AS in_framework,
    CASE WHEN $standard IS NOT NULL AND sr.rating IS NOT NULL THEN sr.source_url ELSE i.source_url END AS source_url,
    CASE WHEN $standard IS NOT NULL AND sr.rating IS NOT NULL THEN sr.confidence ELSE i.confidence END AS confidence
FROM hex_pfa AS h
LEFT JOIN cover AS c ON h.area_code = c.area_code
LEFT JOIN chosen AS i ON c.org_id = i.org_id
LEFT JOIN programme_coverage AS cov ON cov.programme_id = $programme AND c.org_id = cov.org_id
LEFT JOIN inspection_standards AS s ON i.inspection_id = s.inspection_id AND s.standard = $standard
LEFT JOIN standard_ratings AS sr ON i.inspection_id = sr.inspection_id AND sr.standard = $standard
LEFT JOIN programme_standards AS ps ON i.programme = ps.programme_id AND ps.standard = $standard
ORDER BY h.hex_r DESC, h.hex_q ASC;
