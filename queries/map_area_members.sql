-- map_area_members.sql: the ground of every mapped organisation as ONS area codes, for
-- dissolving boundaries: CRCs and NPS divisions by police force area, PDUs by local
-- authority district, and regions by the districts of their PDUs. A district split between
-- PDUs is listed (without its "(part)" suffix) for each PDU that shares it, with is_part.
-- Returns: org_id, org_type, name, area_type, area_code, area_name, is_part.
-- Parameters: none.
WITH parts AS (
    SELECT
        a.org_id,
        o.org_type,
        o.name,
        o.parent_org_id,
        a.area_type,
        a.area_name,
        replace(a.area_code, '(part)', '') AS area_code,
        a.area_code LIKE '%(part)' AS is_part
    FROM organisation_areas AS a
    INNER JOIN organisations AS o USING (org_id)
    WHERE
        (a.area_type = 'pfa' AND o.org_type IN ('crc', 'nps_division'))
        OR (a.area_type = 'lad' AND o.org_type = 'pdu')
)

SELECT
    org_id,
    org_type,
    name,
    area_type,
    area_code,
    area_name,
    is_part
FROM parts
UNION ALL
SELECT
    r.org_id,
    r.org_type,
    r.name,
    'lad' AS area_type,
    p.area_code,
    any_value(p.area_name) AS area_name,
    FALSE AS is_part
FROM parts AS p
INNER JOIN organisations AS r ON p.parent_org_id = r.org_id
WHERE p.org_type = 'pdu' AND r.org_type = 'region'
GROUP BY r.org_id, r.org_type, r.name, p.area_code
ORDER BY org_type, org_id, area_code;
