-- trend_ratings.sql: every rated inspection with its year for trends: the publication year, or,
-- where our data has no publication date, the year of sort_date (fieldwork + 4 months, else
-- the programme's last publication month), marked in year_basis. $standard NULL gives the
-- overall rating; a standard key gives that standard's rating for every inspection whose
-- framework includes it (NULL rating = rated by HMIP but not in our data).
-- Returns: inspection_id, org_id, org_name, org_type, provider_label, display_order, region_id,
--          region_name, programme, programme_name, year, year_basis, rating, source_url, confidence.
-- Parameters: $standard (standard key, or NULL for the overall rating).
-- Example: {"standard": null}
-- Example: {"standard": "leadership"}
SELECT
    i.inspection_id,
    i.org_id,
    i.org_name,
    i.org_type,
    t.provider_label,
    t.display_order,
    i.programme,
    i.programme_name,
    CASE
        WHEN i.org_type = 'region' THEN i.org_id
        WHEN i.org_type = 'pdu' THEN i.parent_org_id
    END AS region_id,
    CASE
        WHEN i.org_type = 'region' THEN i.org_name
        WHEN i.org_type = 'pdu' THEN parent.name
    END AS region_name,
    year(coalesce(i.published_date, i.sort_date)) AS "year",
    CASE
        WHEN i.published_date IS NULL THEN 'estimated (no publication date in our data)'
        ELSE 'published'
    END AS year_basis,
    CASE WHEN $standard IS NULL THEN i.overall_rating ELSE r.rating END AS rating,
    CASE WHEN $standard IS NULL THEN i.source_url ELSE r.source_url END AS source_url,
    CASE WHEN $standard IS NULL THEN i.confidence ELSE r.confidence END AS confidence
FROM inspections_dated AS i
INNER JOIN provider_types AS t USING (org_type)
LEFT JOIN organisations AS parent ON i.parent_org_id = parent.org_id
LEFT JOIN standard_ratings AS r ON i.inspection_id = r.inspection_id AND r.standard = $standard
WHERE
    i.rating_kind = 'four-point'
    AND (
        $standard IS NULL
        OR EXISTS (
            SELECT 1 FROM inspection_standards AS s
            WHERE s.inspection_id = i.inspection_id AND s.standard = $standard
        )
    )
ORDER BY "year", i.programme, t.display_order, i.org_name;
