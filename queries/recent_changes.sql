-- recent_changes.sql: the most recently published rated inspections, each with the
-- organisation's previous rating (if our data holds one) and the direction of change.
-- Inspections with a publication date come first (newest first); undated ones follow,
-- ordered by fieldwork or programme (sort_date fallback).
-- Returns: inspection_id, org_id, org_name, org_type, programme, programme_name,
--          published_on, published_precision, overall_rating, previous_rating,
--          previous_published_on, change ('improved', 'declined', 'same', 'first in our data'),
--          source_url, confidence.
-- Parameters: $limit (number of rows).
-- Example: {"limit": 10}
SELECT
    inspection_id,
    org_id,
    org_name,
    org_type,
    programme,
    programme_name,
    published_on,
    published_precision,
    overall_rating,
    previous_rating,
    previous_published_on,
    source_url,
    confidence,
    CASE
        WHEN previous_rank IS NULL THEN 'first in our data'
        WHEN overall_rank > previous_rank THEN 'improved'
        WHEN overall_rank < previous_rank THEN 'declined'
        ELSE 'same'
    END AS "change"
FROM inspection_changes
WHERE overall_rating IS NOT NULL
ORDER BY published_on IS NULL, sort_date DESC, published_precision = 'day' DESC, inspection_id
LIMIT $limit;
