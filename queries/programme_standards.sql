-- programme_standards.sql: the standards each programme's framework rates, in order, with the
-- organisation types each applies to (from the semantic layer's programme_type_standards, so no
-- page works out applicability again) and how many ratings of it our data holds.
-- Returns: programme_id, position, standard, standard_name, domain, applies_to,
--          org_types (list of org types it applies to), applies_label (e.g. "CRCs only";
--          NULL when it applies to every type of the programme), ratings_held.
-- Parameters: none.
WITH types AS (
    SELECT
        pts.programme_id,
        pts.standard,
        list(pts.org_type ORDER BY pt.display_order) AS org_types,
        string_agg(pt.plural_label, ' and ' ORDER BY pt.display_order) AS plural
    FROM programme_type_standards AS pts
    INNER JOIN provider_types AS pt USING (org_type)
    GROUP BY ALL
),

held AS (
    SELECT
        programme AS programme_id,
        standard,
        count(rating) AS ratings_held
    FROM inspection_standards
    GROUP BY ALL
)

SELECT
    ps.programme_id,
    ps.position,
    ps.standard,
    ps.standard_name,
    ps.domain,
    ps.applies_to,
    t.org_types,
    CASE WHEN ps.applies_to IS NOT NULL THEN t.plural || ' only' END AS applies_label,
    coalesce(h.ratings_held, 0) AS ratings_held
FROM programme_standards AS ps
LEFT JOIN types AS t USING (programme_id, standard)
LEFT JOIN held AS h USING (programme_id, standard)
ORDER BY ps.programme_id, ps.position;
