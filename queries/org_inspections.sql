-- org_inspections.sql: every rated inspection of one organisation, oldest first.
-- Returns: inspection_id, org_id, programme, programme_name, name_in_source, fieldwork_start,
--          published_on, published_date, published_precision, sort_date, overall_rating,
--          overall_rank, total_score, max_score, cases_inspected, source_url, confidence.
-- Parameters: $org (organisation id).
-- Example: {"org": "pdu-n57kecl"}
-- Example: {"org": "crc-c03"}
SELECT inspection_id, org_id, programme, programme_name, name_in_source, fieldwork_start,
       published_on, published_date, published_precision, sort_date, overall_rating, overall_rank,
       total_score, max_score, cases_inspected, source_url, confidence
FROM inspections_dated
WHERE org_id = $org
ORDER BY sort_date, inspection_id;
