-- prison_work_ratings.sql: every organisation of one type against its inspections under the
-- programmes whose framework includes one standard (e.g. Through the Gate for CRCs, Resettlement
-- for regions), with that standard's rating where our data holds it. An organisation with no
-- such inspection in our data is listed once with a NULL inspection (state 'not in our data');
-- an inspection whose framework had the standard but whose rating we do not hold has state
-- 'not published' (HMIP rated it; the rating is not in our data).
-- Returns: org_id, name, inspection_id, programme, programme_name, published_on, sort_date,
--          standard_name, rating, state ('rated' | 'not published' | 'not in our data'),
--          source_url (the rating's source, else the inspection's), confidence.
-- Parameters: $standard (standard key), $org_type (organisation type).
-- Example: {"standard": "through_the_gate", "org_type": "crc"}
-- Example: {"standard": "resettlement", "org_type": "region"}
WITH frame AS (
    SELECT programme_id, standard_name
    FROM programme_standards
    WHERE standard = $standard AND (applies_to IS NULL OR applies_to = $org_type)
),
ins AS (
    SELECT d.org_id, d.inspection_id, d.programme, d.programme_name, d.published_on, d.sort_date,
           f.standard_name, d.source_url, d.confidence
    FROM inspections_dated AS d
    JOIN frame AS f ON f.programme_id = d.programme
    WHERE d.org_type = $org_type
)
SELECT o.org_id, o.name, i.inspection_id, i.programme, i.programme_name, i.published_on, i.sort_date,
       coalesce(i.standard_name, (SELECT min(standard_name) FROM frame)) AS standard_name,
       r.rating,
       CASE WHEN r.rating IS NOT NULL THEN 'rated'
            WHEN i.inspection_id IS NOT NULL THEN 'not published'
            ELSE 'not in our data' END AS state,
       coalesce(r.source_url, i.source_url) AS source_url,
       coalesce(r.confidence, i.confidence) AS confidence
FROM organisations AS o
LEFT JOIN ins AS i ON i.org_id = o.org_id
LEFT JOIN standard_ratings AS r ON r.inspection_id = i.inspection_id AND r.standard = $standard
WHERE o.org_type = $org_type
ORDER BY o.name, i.sort_date, i.inspection_id;
