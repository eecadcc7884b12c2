-- programme_standards.sql: the standards each programme's framework rates, in order.
-- Returns: programme_id, position, standard, standard_name, domain, applies_to,
--          ratings_held (how many standard ratings our data holds for it).
-- Parameters: none.
SELECT
    ps.programme_id, ps.position, ps.standard, ps.standard_name, ps.domain, ps.applies_to,
    count(sr.rating) AS ratings_held
FROM programme_standards AS ps
LEFT JOIN inspections AS i ON i.programme = ps.programme_id
LEFT JOIN standard_ratings AS sr ON sr.inspection_id = i.inspection_id AND sr.standard = ps.standard
GROUP BY ALL
ORDER BY ps.programme_id, ps.position;
