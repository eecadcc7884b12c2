-- org_lineage.sql: one organisation's place across the June 2021 reorganisation. For a PDU or
-- region: the CRCs and NPS divisions that covered its area before; for a CRC or NPS division:
-- the PDUs that cover its area now. Each linked organisation comes with its latest rating in our
-- data and its rating history.
-- Returns: direction ('predecessor' | 'successor'), org_id, name, org_type, provider_label, shared_pfas,
--          successor_districts, basis, inspections, overall_rating, published_on, programme,
--          history, source_url, confidence (of the latest rating).
-- Parameters: $org (organisation id).
-- Example: {"org": "pdu-n54cle"}
-- Example: {"org": "crc-c03"}
-- Example: {"org": "region-n54"}
WITH links AS (
    SELECT
        'predecessor' AS direction,
        l.predecessor_org_id AS org_id,
        l.shared_pfas,
        l.successor_districts,
        l.basis
    FROM lineage AS l
    WHERE l.successor_org_id = $org
    UNION ALL
    SELECT
        'successor' AS direction,
        l.successor_org_id,
        l.shared_pfas,
        l.successor_districts,
        l.basis
    FROM lineage AS l
    INNER JOIN organisations AS s ON l.successor_org_id = s.org_id AND s.org_type = 'pdu'
    WHERE l.predecessor_org_id = $org
),

history AS (
    SELECT
        org_id,
        count(*) AS inspections,
        string_agg(
            coalesce(published_on, 'undated') || ': ' || coalesce(overall_rating, 'no overall rating'),
            '; ' ORDER BY sort_date
        ) AS history
    FROM inspections_dated
    GROUP BY org_id
)

SELECT
    k.direction,
    k.org_id,
    o.name,
    o.org_type,
    t.provider_label,
    k.shared_pfas,
    k.successor_districts,
    k.basis,
    li.overall_rating,
    li.published_on,
    li.programme,
    h.history,
    li.source_url,
    li.confidence,
    coalesce(h.inspections, 0) AS inspections
FROM links AS k
INNER JOIN organisations AS o ON k.org_id = o.org_id
INNER JOIN provider_types AS t ON o.org_type = t.org_type
LEFT JOIN latest_inspection AS li ON k.org_id = li.org_id
LEFT JOIN history AS h ON k.org_id = h.org_id
ORDER BY k.direction, o.org_type, o.name;
