-- rating_changes.sql: every rated inspection with its publication date, the organisation's
-- previous rating in our data and the direction of change, newest first; for "what changed"
-- on Overview and the Atom feed of new ratings.
-- Returns: inspection_id, org_id, org_name, org_type, provider_label, programme, programme_name,
--          published_on, published_date (first day of the published period), published_precision
--          ('day' | 'month' | 'year' | 'not published in our data'), overall_rating, previous_rating,
--          previous_published_on, change ('improved' | 'declined' | 'same' | 'first in our data'),
--          source_url, confidence.
-- Parameters: none.
SELECT
    c.inspection_id,
    c.org_id,
    c.org_name,
    c.org_type,
    t.provider_label,
    c.programme,
    c.programme_name,
    c.published_on,
    c.published_date,
    c.published_precision,
    c.overall_rating,
    c.previous_rating,
    c.previous_published_on,
    c.source_url,
    c.confidence,
    CASE
        WHEN c.previous_rank IS NULL THEN 'first in our data'
        WHEN c.overall_rank > c.previous_rank THEN 'improved'
        WHEN c.overall_rank < c.previous_rank THEN 'declined'
        ELSE 'same'
    END AS "change"
FROM inspection_changes AS c
INNER JOIN provider_types AS t USING (org_type)
WHERE c.overall_rating IS NOT NULL
ORDER BY c.published_date IS NULL, c.published_date DESC, c.published_precision = 'day' DESC, c.inspection_id;
