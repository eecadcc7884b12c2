-- prison_work_ratings.sql: every organisation of one type against each programme whose framework
-- includes one standard for that type (e.g. Through the Gate for CRCs, Resettlement for regions),
-- with that standard's rating where our data holds it. States: 'rated'; 'not published' (our data
-- holds the inspection but not this standard's rating: HMIP rated it, the rating is not in our
-- data); otherwise the programme's coverage state (programme_coverage: not known whether
-- inspected, not inspected in this programme, ...). Organisations that did not exist during a
-- programme are left out of it.
-- Returns: org_id, name, programme, programme_name, inspection_id, published_on, sort_date,
--          standard_name, rating, state ('rated' | 'not published' | a coverage state),
--          state_label (the coverage state's words; NULL for 'rated' and 'not published'),
--          source_url (the rating's source, else the inspection's, else the programme design's),
--          confidence.
-- Parameters: $standard (standard key), $org_type (organisation type).
-- Example: {"standard": "through_the_gate", "org_type": "crc"}
-- Example: {"standard": "resettlement", "org_type": "region"}
SELECT
    c.org_id,
    o.name,
    c.programme_id AS programme,
    w.programme_name,
    i.inspection_id,
    i.published_on,
    pts.standard_name,
    s.rating,
    coalesce(i.sort_date, w.last_day) AS sort_date,
    CASE
        WHEN s.rating IS NOT NULL THEN 'rated'
        WHEN i.inspection_id IS NOT NULL THEN 'not published'
        ELSE c.state
    END AS state,
    CASE WHEN i.inspection_id IS NULL THEN c.state_label END AS state_label,
    coalesce(s.source_url, i.source_url, c.coverage_source_url) AS source_url,
    coalesce(s.confidence, i.confidence) AS confidence
FROM programme_type_standards AS pts
INNER JOIN programme_coverage AS c ON pts.programme_id = c.programme_id AND pts.org_type = c.org_type
INNER JOIN programme_windows AS w ON c.programme_id = w.programme_id
INNER JOIN organisations AS o ON c.org_id = o.org_id
LEFT JOIN inspections_dated AS i ON c.programme_id = i.programme AND c.org_id = i.org_id
LEFT JOIN inspection_standards AS s ON i.inspection_id = s.inspection_id AND pts.standard = s.standard
WHERE pts.standard = $standard AND pts.org_type = $org_type AND c.state <> 'did_not_exist'
ORDER BY w.first_day, c.programme_id, o.name, i.inspection_id;
