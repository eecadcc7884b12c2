-- completeness.sql: how complete our data is, per programme: rated inspections, and how
-- many have a publication date, a score, a case count, standard ratings, findings.
-- Returns: programme_id, programme_name, inspections, with_overall_rating, with_exact_date,
--          with_score, with_cases, with_standard_ratings, standard_ratings,
--          expected_standard_ratings, with_findings.
-- Parameters: none.
WITH std AS (
    SELECT
        inspection_id,
        count(*) AS n
    FROM standard_ratings
    GROUP BY ALL
),

fnd AS (
    SELECT DISTINCT inspection_id FROM findings
    WHERE inspection_id IS NOT NULL
),

expected AS (
    -- standards that apply to each inspection (the semantic layer's inspection_standards)
    SELECT
        inspection_id,
        count(*) AS n
    FROM inspection_standards
    GROUP BY ALL
)

SELECT
    p.programme_id,
    p.name AS programme_name,
    count(i.inspection_id) AS inspections,
    count(i.overall_rating) AS with_overall_rating,
    count(*) FILTER (WHERE i.published_precision = 'day') AS with_exact_date,
    count(i.total_score) AS with_score,
    count(i.cases_inspected) AS with_cases,
    count(std.inspection_id) AS with_standard_ratings,
    coalesce(sum(std.n), 0)::BIGINT AS standard_ratings,
    coalesce(sum(e.n), 0)::BIGINT AS expected_standard_ratings,
    count(fnd.inspection_id) AS with_findings
FROM programmes AS p
LEFT JOIN inspections_dated AS i ON p.programme_id = i.programme
LEFT JOIN std ON i.inspection_id = std.inspection_id
LEFT JOIN fnd ON i.inspection_id = fnd.inspection_id
LEFT JOIN expected AS e ON i.inspection_id = e.inspection_id
GROUP BY p.programme_id, p.name, p.first_published
ORDER BY p.first_published;
