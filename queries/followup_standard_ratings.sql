-- followup_standard_ratings.sql: every standard rating in our data with the organisation
-- it belongs to (the follow-up page keeps those of each organisation's latest inspection).
-- Returns: inspection_id, org_id, standard, standard_name, rating, source_url.
-- Parameters: none.
SELECT
    s.inspection_id,
    i.org_id,
    s.standard,
    s.standard_name,
    s.rating,
    s.source_url
FROM standard_ratings AS s
INNER JOIN inspections AS i USING (inspection_id)
ORDER BY i.org_id, s.inspection_id, s.standard;
