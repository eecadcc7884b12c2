-- prison_work_findings.sql: figures from inspections about probation work before and after
-- release from prison: findings whose measure mentions resettlement, Through the Gate, prison,
-- custody, licence cases or post-release supervision, or men or women released (victim-contact
-- figures that mention "release" are statutory victim work, not work with people in prison, and
-- are left out). The words matched are listed on the page.
-- Returns: finding_id, inspection_id, org_id (NULL for national or aggregate figures), organisation,
--          level, period, topic, measure, value, unit, denominator_n, source_url, confidence.
-- Parameters: none.
SELECT
    f.finding_id,
    f.inspection_id,
    i.org_id,
    f.organisation,
    f.level,
    f.period,
    f.topic,
    f.measure,
    f.value,
    f.unit,
    f.denominator_n,
    f.source_url,
    f.confidence
FROM findings AS f
LEFT JOIN inspections AS i USING (inspection_id)
WHERE
    regexp_matches(
        lower(f.measure),
        'resettle|through the gate|prison|custody|licence cases|post-release|(men|women|people) released'
    )
ORDER BY f.organisation, f.period, f.finding_id;
