-- standard_ratings_in_programme.sql: every standard rating our data holds for one programme's
-- inspections (sparse: a standard missing here was rated by HMIP but is "Not published" in our data).
-- Returns: inspection_id, org_id, org_type, standard, standard_name, rating, rating_rank,
--          source_url, confidence, note.
-- Parameters: $programme (programme id).
-- Example: {"programme": "crc-nps-2018"}
-- Example: {"programme": "pdu-2021"}
SELECT
    sr.inspection_id,
    i.org_id,
    o.org_type,
    sr.standard,
    sr.standard_name,
    sr.rating,
    r.rank AS rating_rank,
    sr.source_url,
    sr.confidence,
    sr.note
FROM standard_ratings AS sr
INNER JOIN inspections AS i USING (inspection_id)
INNER JOIN organisations AS o ON i.org_id = o.org_id
LEFT JOIN rating_scale AS r ON sr.rating = r.rating
WHERE i.programme = $programme
ORDER BY sr.inspection_id, sr.standard;
