-- map_pdu.sql: one row per Probation Delivery Unit hexagon (all in the layout), with the
-- rating (overall, or one standard) of the PDU itself or of its region, in a programme or
-- (programme NULL) the most recent inspection in our data.
-- A unit with no inspection keeps its row with NULL inspection columns ("No rating in our
-- data"). in_framework is FALSE when the standard is not in the framework of the
-- programme that rated it ("Not rated"); NULL when not inspected.
-- coverage_label says why a unit has no rating (programme_coverage for a programme,
-- current_coverage for the latest: a superseded PDU "did not exist then").
-- Returns: org_id, name, region_org_id, region_name, hex_q, hex_r, label, rated_org_id,
--          rated_name, rated_type, inspection_id, programme, overall_rating, standard_rating,
--          standard_name, in_framework, published_on, total_score, max_score, source_url,
--          confidence, coverage_state, coverage_label, status_label.
-- Parameters: $programme (programme id, or NULL for the latest), $rated_by ('pdu' or
--             'region': whose rating colours each PDU), $standard (standard key, or NULL
--             for the overall rating).
-- Example: {"programme": null, "rated_by": "pdu", "standard": null}
-- Example: {"programme": "pdu-2021", "rated_by": "pdu", "standard": "planning"}
-- Example: {"programme": "regional-2023", "rated_by": "region", "standard": null}
-- Example: {"programme": null, "rated_by": "pdu", "standard": "court_work"}
WITH units AS (
    SELECT
        h.*,
        r.name AS region_name,
        CASE WHEN $rated_by = 'region' THEN h.region_org_id ELSE h.org_id END AS rated_org_id
    FROM hex_pdu AS h
    LEFT JOIN organisations AS r ON h.region_org_id = r.org_id
),

cov AS (
    SELECT
        org_id,
        state,
        state_label
    FROM programme_coverage
    WHERE programme_id = $programme
    UNION ALL
    SELECT
        org_id,
        state,
        state_label
    FROM current_coverage
    WHERE $programme IS NULL
),

chosen AS (
    SELECT * FROM inspections_dated
    WHERE
        rating_kind = 'four-point' AND ($programme IS NULL OR programme = $programme)
        AND org_type = CASE WHEN $rated_by = 'region' THEN 'region' ELSE 'pdu' END
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1
)

SELECT
    u.org_id,
    u.name,
    u.region_org_id,
    u.region_name,
    u.hex_q,
    u.hex_r,
    u.label,
    u.rated_org_id,
    rated.name AS rated_name,
    rated.org_type AS rated_type,
    i.inspection_id,
    i.programme,
    i.overall_rating,
    sr.rating AS standard_rating,
    ps.standard_name,
    i.published_on,
    i.total_score,
    i.max_score,
    st.status_label,
    CASE
        WHEN i.inspection_id IS NULL THEN NULL
        WHEN $standard IS NULL THEN TRUE
        ELSE s.standard IS NOT NULL
    END AS in_framework,
    CASE WHEN $standard IS NOT NULL AND sr.rating IS NOT NULL THEN sr.source_url ELSE i.source_url END AS source_url,
    CASE WHEN $standard IS NOT NULL AND sr.rating IS NOT NULL THEN sr.confidence ELSE i.confidence END AS confidence,
    coalesce(cov.state, 'did_not_exist') AS coverage_state,
    coalesce(cov.state_label, cs.label) AS coverage_label
FROM units AS u
INNER JOIN organisations AS rated ON u.rated_org_id = rated.org_id
LEFT JOIN chosen AS i
    ON
        u.rated_org_id = i.org_id
        AND NOT (
            $programme IS NULL AND u.org_id IN (
                SELECT org_id FROM organisation_status
                WHERE status = 'superseded'
            )
        )
LEFT JOIN cov ON u.rated_org_id = cov.org_id
LEFT JOIN coverage_states AS cs ON cs.state = 'did_not_exist'
INNER JOIN organisation_status AS st ON u.org_id = st.org_id
LEFT JOIN inspection_standards AS s ON i.inspection_id = s.inspection_id AND s.standard = $standard
LEFT JOIN standard_ratings AS sr ON i.inspection_id = sr.inspection_id AND sr.standard = $standard
LEFT JOIN programme_standards AS ps ON i.programme = ps.programme_id AND ps.standard = $standard
ORDER BY u.region_name, u.name;
