-- org_standard_grid.sql: standards by inspection for one organisation: every standard of any
-- programme it was inspected under, against each of its inspections. in_framework is false when
-- the standard was not part of that inspection's framework (shown "Not rated"); a NULL rating
-- in the framework means HMIP rated it but the rating is not in our data ("Not published").
-- Returns: inspection_id, programme, sort_date, published_on, standard, standard_name,
--          standard_order, in_framework, rating, source_url, confidence.
-- Parameters: $org (organisation id).
-- Example: {"org": "crc-c03"}
-- Example: {"org": "pdu-n57kecl"}
WITH ins AS (
    SELECT
        inspection_id,
        programme,
        sort_date,
        published_on,
        org_type
    FROM inspections_dated
    WHERE org_id = $org
),

frame AS (
    -- the standards that applied to its inspections (the semantic layer's inspection_standards)
    SELECT DISTINCT
        s.programme AS programme_id,
        s.standard,
        s.standard_name,
        s.position
    FROM inspection_standards AS s
    WHERE s.org_id = $org
),

standards AS (
    SELECT
        standard,
        min(standard_name) AS standard_name,
        min(position) AS standard_order
    FROM frame
    GROUP BY standard
)

SELECT
    i.inspection_id,
    i.programme,
    i.sort_date,
    i.published_on,
    s.standard,
    s.standard_name,
    s.standard_order,
    r.rating,
    r.source_url,
    r.confidence,
    exists(
        SELECT 1 FROM frame AS f
        WHERE f.programme_id = i.programme AND f.standard = s.standard)
        AS in_framework
FROM ins AS i
CROSS JOIN standards AS s
LEFT JOIN standard_ratings AS r ON i.inspection_id = r.inspection_id AND s.standard = r.standard
ORDER BY s.standard_order, s.standard, i.sort_date, i.inspection_id;
