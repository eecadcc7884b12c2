-- org_inspections.sql: every inspection our data holds for the chosen organisations, oldest
-- first, with the programme that rated it (area profiles pass one id; comparisons several).
-- Narrative inspections (dynamic inspections of public protection) are included: rating_kind
-- 'narrative', no overall rating by design. Dates and ages are the semantic layer's.
-- Returns: inspection_id, org_id, org_name, org_type, provider_label, programme, programme_name,
--          rating_kind, name_in_source, fieldwork_start, published_on, published_label,
--          published_date, published_precision, sort_date, age_label, overall_rating,
--          overall_rank, total_score, max_score, cases_inspected, date_basis, note, source_url,
--          confidence.
-- Parameters: $orgs (list of org ids).
-- Example: {"orgs": ["crc-c03", "nps-n02"]}
-- Example: {"orgs": ["pdu-n57kecl"]}
SELECT
    d.inspection_id,
    d.org_id,
    d.org_name,
    d.org_type,
    t.provider_label,
    d.programme,
    d.programme_name,
    d.rating_kind,
    d.name_in_source,
    d.fieldwork_start,
    d.published_on,
    d.published_label,
    d.published_date,
    d.published_precision,
    d.sort_date,
    d.overall_rating,
    d.overall_rank,
    d.total_score,
    d.max_score,
    d.cases_inspected,
    d.date_basis,
    d.note,
    d.source_url,
    d.confidence,
    age_label(d.sort_date, d.date_precision) AS age_label
FROM inspections_dated AS d
INNER JOIN provider_types AS t USING (org_type)
WHERE list_contains($orgs, d.org_id)
ORDER BY d.sort_date, d.inspection_id;
