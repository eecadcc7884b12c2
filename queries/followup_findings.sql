-- followup_findings.sql: every published finding with the organisation and inspection it
-- comes from (organisation columns are NULL for national and aggregate rows, which have no
-- inspection, except the national inspection of HMPPS).
-- Returns: finding_id, inspection_id, organisation, level, period, topic, measure, value,
--          unit, denominator_n, source_url, confidence, stated_as, org_id, org_name, org_type,
--          programme, sort_date.
-- Parameters: none.
SELECT
    f.finding_id,
    f.inspection_id,
    f.organisation,
    f.level,
    f.period,
    f.topic,
    f.measure,
    f.value,
    f.unit,
    f.denominator_n,
    f.source_url,
    f.confidence,
    f.stated_as,
    d.org_id,
    d.org_name,
    d.org_type,
    d.programme,
    d.sort_date
FROM findings AS f
LEFT JOIN inspections_dated AS d USING (inspection_id)
ORDER BY f.finding_id;
