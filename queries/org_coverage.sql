-- org_coverage.sql: for one organisation, every programme that covered its type, with the
-- coverage state (rated · narrative · inspected, rating not in our data · not known whether
-- inspected · not inspected in this programme · did not exist then) and the basis for it.
-- Returns: programme_id, programme_name, rating_kind, state, state_label, basis,
--          coverage_description, coverage_source_url.
-- Parameters: $org (organisation id).
-- Example: {"org": "pdu-ldnhkr"}
-- Example: {"org": "region-n58"}
SELECT
    c.programme_id,
    w.programme_name,
    w.rating_kind,
    c.state,
    c.state_label,
    c.basis,
    w.coverage_description,
    c.coverage_source_url
FROM programme_coverage AS c
INNER JOIN programme_windows AS w USING (programme_id)
WHERE c.org_id = $org
ORDER BY w.first_day NULLS LAST, c.programme_id;
