-- org_standard_ratings.sql: for every inspection of the chosen organisations, each standard of
-- that programme's framework with the rating our data holds. in_framework is false when the
-- standard does not apply to the organisation ("Not rated"; which standards apply comes from
-- the semantic layer's inspection_standards); a NULL rating of a standard in the framework is
-- "Not published" (rated by HMIP, not in our data).
-- Returns: inspection_id, org_id, programme, position, standard, standard_name, domain,
--          in_framework, rating, source_url, confidence.
-- Parameters: $orgs (list of org ids).
-- Example: {"orgs": ["crc-c03", "nps-n02"]}
-- Example: {"orgs": ["pdu-n57kecl", "region-n57"]}
-- Example: {"orgs": ["nps-n58"]}
SELECT
    i.inspection_id,
    i.org_id,
    i.programme,
    ps.position,
    ps.standard,
    ps.standard_name,
    ps.domain,
    s.rating,
    s.source_url,
    s.confidence,
    s.standard IS NOT NULL AS in_framework
FROM inspections_dated AS i
INNER JOIN programme_standards AS ps ON i.programme = ps.programme_id
LEFT JOIN inspection_standards AS s ON i.inspection_id = s.inspection_id AND ps.standard = s.standard
WHERE list_contains($orgs, i.org_id)
ORDER BY i.sort_date, i.inspection_id, ps.position;
