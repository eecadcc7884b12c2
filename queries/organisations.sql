-- organisations.sql: every organisation that was or is rated, with its provider label,
-- parent (a PDU's region) and how many inspections our data holds for it.
-- Returns: org_id, org_type, provider_label, display_order, era, name, delius_code,
--          parent_org_id, parent_name, owner, owner_source_url, valid_from, valid_to, source_url,
--          confidence, note,
--          inspections.
-- Parameters: none.
SELECT
    o.org_id,
    o.org_type,
    t.provider_label,
    t.display_order,
    t.era,
    o.name,
    o.delius_code,
    o.parent_org_id,
    parent.name AS parent_name,
    o.owner,
    o.owner_source_url,
    o.valid_from,
    o.valid_to,
    o.source_url,
    o.confidence,
    o.note,
    count(i.inspection_id) AS inspections
FROM organisations AS o
INNER JOIN provider_types AS t USING (org_type)
LEFT JOIN organisations AS parent ON o.parent_org_id = parent.org_id
LEFT JOIN inspections AS i ON o.org_id = i.org_id
GROUP BY ALL
ORDER BY t.display_order, o.name;
