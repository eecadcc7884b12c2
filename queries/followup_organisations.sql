-- followup_organisations.sql: every organisation with its most recent inspection in our data
-- and the inspection before it (NULLs when our data holds none), for the follow-up rules.
-- The latest inspection is the one with the latest sort_date (see 10_views.sql: publication
-- date, else fieldwork + 4 months, else the programme's last publication month).
-- Returns: org_id, name, org_type, provider_label, display_order, era, valid_to, region_name,
--          inspection_id, programme, overall_rating, overall_rank, published_on,
--          published_precision, sort_date, cases_inspected, source_url,
--          previous_inspection_id, previous_programme, previous_rating, previous_rank,
--          previous_published_on, previous_source_url.
-- Parameters: none.
WITH latest AS (
    SELECT * FROM inspection_changes
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1
)
SELECT
    o.org_id, o.name, o.org_type, t.provider_label, t.display_order, t.era, o.valid_to,
    region.name AS region_name,
    c.inspection_id, c.programme, c.overall_rating, c.overall_rank, c.published_on,
    c.published_precision, c.sort_date, c.cases_inspected, c.source_url,
    c.previous_inspection_id, prev.programme AS previous_programme, c.previous_rating,
    c.previous_rank, c.previous_published_on, prev.source_url AS previous_source_url
FROM organisations AS o
JOIN provider_types AS t USING (org_type)
LEFT JOIN organisations AS region ON region.org_id = o.parent_org_id
LEFT JOIN latest AS c ON c.org_id = o.org_id
LEFT JOIN inspections AS prev ON prev.inspection_id = c.previous_inspection_id
ORDER BY t.display_order, o.name;
