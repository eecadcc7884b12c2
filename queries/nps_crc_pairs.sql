-- nps_crc_pairs.sql: each NPS division paired with every CRC that covered at least one of the
-- same police force areas (from organisation_areas, area_type 'pfa'), with the count and names
-- of the shared areas, so "the CRCs in the division's own area" is computed, not typed.
-- Returns: nps_org_id, nps_name, crc_org_id, crc_name, shared_pfas, shared_pfa_names,
--          nps_pfas (how many PFAs the division covered), crc_pfas (how many the CRC covered).
-- Parameters: none.
WITH pfa AS (
    SELECT
        a.org_id,
        o.org_type,
        o.name,
        a.area_code,
        a.area_name
    FROM organisation_areas AS a
    INNER JOIN organisations AS o USING (org_id)
    WHERE a.area_type = 'pfa' AND o.org_type IN ('nps_division', 'crc')
),

sizes AS (
    SELECT
        org_id,
        count(DISTINCT area_code) AS n
    FROM pfa
    GROUP BY org_id
)

SELECT
    n.org_id AS nps_org_id,
    n.name AS nps_name,
    c.org_id AS crc_org_id,
    c.name AS crc_name,
    count(DISTINCT n.area_code) AS shared_pfas,
    string_agg(DISTINCT n.area_name, '; ' ORDER BY n.area_name) AS shared_pfa_names,
    any_value(ns.n) AS nps_pfas,
    any_value(cs.n) AS crc_pfas
FROM pfa AS n
INNER JOIN pfa AS c ON n.area_code = c.area_code AND c.org_type = 'crc'
INNER JOIN sizes AS ns ON n.org_id = ns.org_id
INNER JOIN sizes AS cs ON c.org_id = cs.org_id
WHERE n.org_type = 'nps_division'
GROUP BY n.org_id, n.name, c.org_id, c.name
ORDER BY n.name, c.name;
