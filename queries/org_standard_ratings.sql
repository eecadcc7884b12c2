-- org_standard_ratings.sql: for every inspection of the chosen organisations, each standard of
-- that programme's framework with the rating our data holds. in_framework is false when the
-- standard does not apply to the organisation's type ("Not rated"); a NULL rating of a standard
-- in the framework is "Not published" (rated by HMIP, not in our data).
-- Returns: inspection_id, org_id, programme, position, standard, standard_name, domain,
--          in_framework, rating, source_url.
-- Parameters: $orgs (list of org ids).
-- Example: {"orgs": ["crc-c03", "nps-n02"]}
-- Example: {"orgs": ["pdu-n57kecl", "region-n57"]}
SELECT
    i.inspection_id, i.org_id, i.programme, ps.position, ps.standard, ps.standard_name, ps.domain,
    (ps.applies_to IS NULL OR ps.applies_to = i.org_type
     -- the 2020/21 NPS regions were rated on the NPS standards of the framework
     OR (ps.applies_to = 'nps_division' AND i.org_type = 'nps_region')) AS in_framework,
    sr.rating, sr.source_url
FROM inspections_dated AS i
JOIN programme_standards AS ps ON ps.programme_id = i.programme
LEFT JOIN standard_ratings AS sr ON sr.inspection_id = i.inspection_id AND sr.standard = ps.standard
WHERE list_contains($orgs, i.org_id)
ORDER BY i.sort_date, i.inspection_id, ps.position;
