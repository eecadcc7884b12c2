-- programmes.sql: every inspection programme (framework) in date order, with how many
-- rated inspections our data holds for it.
-- Returns: programme_id, name, org_types, first_published, last_published, standards,
--          points_per_standard, max_points, banding, source_url, confidence, note,
--          rating_kind, era ('crc-nps' before June 2021, 'unified' after), inspections, rated.
-- Parameters: none.
SELECT
    p.programme_id,
    p.name,
    p.org_types,
    p.first_published,
    p.last_published,
    p.standards,
    p.points_per_standard,
    p.max_points,
    p.banding,
    p.source_url,
    p.confidence,
    p.note,
    p.rating_kind,
    CASE WHEN p.programme_id LIKE 'crc-nps-%' THEN 'crc-nps' ELSE 'unified' END AS era,
    count(i.inspection_id) AS inspections,
    count(i.overall_rating) AS rated
FROM programmes AS p
LEFT JOIN inspections AS i ON p.programme_id = i.programme
GROUP BY ALL
ORDER BY p.first_published, p.programme_id;
