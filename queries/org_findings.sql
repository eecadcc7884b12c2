-- org_findings.sql: figures from one organisation's inspections, with the cases behind each
-- (denominator where stated, else the inspection's published number of cases inspected).
-- Returns: finding_id, inspection_id, published_on, period, topic, measure, value, unit,
--          denominator_n, cases_inspected, source_url, confidence, stated_as (the source's words
--          when value is NULL: a share published only in words).
-- Parameters: $org (organisation id).
-- Example: {"org": "crc-c18"}
SELECT
    f.finding_id,
    f.inspection_id,
    i.published_on,
    f.period,
    f.topic,
    f.measure,
    f.value,
    f.unit,
    f.denominator_n,
    i.cases_inspected,
    f.source_url,
    f.confidence,
    f.stated_as
FROM findings AS f
INNER JOIN inspections_dated AS i USING (inspection_id)
WHERE i.org_id = $org
ORDER BY i.sort_date, f.topic, f.finding_id;
