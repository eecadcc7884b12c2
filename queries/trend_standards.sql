-- trend_standards.sql: every standard any programme rated, with how many ratings of it we hold.
-- Returns: standard, standard_name, first_position, programmes, ratings_held.
-- Parameters: none.
SELECT
    ps.standard,
    min(ps.standard_name) AS standard_name,
    min(ps.position) AS first_position,
    string_agg(DISTINCT ps.programme_id, ', ' ORDER BY ps.programme_id) AS programmes,
    (
        SELECT count(*) FROM standard_ratings AS r
        WHERE r.standard = ps.standard
    ) AS ratings_held
FROM programme_standards AS ps
GROUP BY ps.standard
ORDER BY min(ps.programme_id), first_position;
