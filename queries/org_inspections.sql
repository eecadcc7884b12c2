-- org_inspections.sql: every inspection our data holds for the chosen organisations, oldest
-- first, with the programme that rated it (for comparing organisations side by side).
-- Returns: inspection_id, org_id, org_name, org_type, provider_label, programme, programme_name,
--          overall_rating, overall_rank, total_score, max_score, published_on,
--          published_precision, sort_date, source_url, confidence.
-- Parameters: $orgs (list of org ids).
-- Example: {"orgs": ["crc-c03", "nps-n02"]}
-- Example: {"orgs": ["pdu-n57kecl"]}
SELECT
    d.inspection_id, d.org_id, d.org_name, d.org_type, t.provider_label, d.programme,
    d.programme_name, d.overall_rating, d.overall_rank, d.total_score, d.max_score,
    d.published_on, d.published_precision, d.sort_date, d.source_url, d.confidence
FROM inspections_dated AS d
JOIN provider_types AS t USING (org_type)
WHERE list_contains($orgs, d.org_id)
ORDER BY d.sort_date, d.inspection_id;
