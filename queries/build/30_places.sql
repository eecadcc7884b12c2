-- 30_places.sql: builds place_index, the one home of "which organisations cover this place":
-- every ONS district, county and police force area name in our geography, with each
-- organisation that covered it (PDUs through their districts, CRCs and NPS divisions through
-- their police force areas, regions through their PDUs). Search by place reads only this table.
-- Returns: nothing. Parameters: none.
--
-- Every organisation is also listed under its own name (place_kind 'organisation').
-- Columns: place (as ONS names it), place_kind (organisation | district | county | police force area),
-- pfa_name (the police force area it lies in), org_id, org_name, org_type, how (in words: why
-- the organisation is listed), provider_label, is_current, status_label, era_order (1 = the
-- Probation Service since June 2021, 2 = a CRC or NPS division before it).

CREATE TABLE place_index AS
WITH districts AS (
    -- one row per district and police force area (both district vintages; a name that changed
    -- between vintages is kept under each name)
    SELECT DISTINCT
        lad_code,
        lad_name,
        pfa_code,
        pfa_name,
        county_name
    FROM lad_pfa_lookup
),

place_districts AS (
    SELECT
        lad_name AS place,
        'district' AS place_kind,
        pfa_name,
        lad_code,
        pfa_code
    FROM districts
    UNION
    SELECT
        county_name AS place,
        'county' AS place_kind,
        pfa_name,
        lad_code,
        pfa_code
    FROM districts
    WHERE county_name IS NOT NULL
    UNION
    SELECT
        pfa_name AS place,
        'police force area' AS place_kind,
        pfa_name,
        lad_code,
        pfa_code
    FROM districts
),

pdu_districts AS (
    SELECT
        a.org_id,
        replace(a.area_code, '(part)', '') AS lad_code,
        a.area_code LIKE '%(part)' AS part
    FROM organisation_areas AS a
    INNER JOIN organisations AS o ON a.org_id = o.org_id AND o.org_type = 'pdu'
    WHERE a.area_type = 'lad'
),

pdu_links AS (
    -- a PDU covers a place when one of its districts lies in it
    SELECT
        p.place,
        p.place_kind,
        p.pfa_name,
        d.org_id,
        CASE
            WHEN p.place_kind = 'district' AND bool_or(d.part) THEN 'covers part of this district'
            WHEN p.place_kind = 'district' THEN 'covers this district'
            ELSE 'covers districts in this ' || p.place_kind
        END AS how
    FROM place_districts AS p
    INNER JOIN pdu_districts AS d ON p.lad_code = d.lad_code
    GROUP BY p.place, p.place_kind, p.pfa_name, d.org_id
    UNION
    -- PDUs with no districts in our data are placed by name (pdu_pfa's fallback): listed for
    -- every place in that police force area, saying so (which of them covers a given town is
    -- not in our data)
    SELECT DISTINCT
        p.place,
        p.place_kind,
        p.pfa_name,
        pp.pdu_org_id AS org_id,
        'a PDU of the ' || p.pfa_name || ' police force area (placed by its name: which of them '
        || 'covers this place is not in our data)' AS how
    FROM place_districts AS p
    INNER JOIN pdu_pfa AS pp ON p.pfa_code = pp.pfa_code AND pp.districts = 0
),

region_links AS (
    SELECT
        l.place,
        l.place_kind,
        l.pfa_name,
        o.parent_org_id AS org_id,
        'region of ' || string_agg(DISTINCT o.name, ', ' ORDER BY o.name)
        || CASE WHEN count(DISTINCT o.name) > 1 THEN ' PDUs' ELSE ' PDU' END AS how
    FROM pdu_links AS l
    INNER JOIN organisations AS o ON l.org_id = o.org_id
    INNER JOIN organisations AS r ON o.parent_org_id = r.org_id AND r.org_type = 'region'
    GROUP BY l.place, l.place_kind, l.pfa_name, o.parent_org_id
),

provider_links AS (
    -- a CRC or NPS division covered a place when it covered the police force area it lies in
    SELECT DISTINCT
        p.place,
        p.place_kind,
        p.pfa_name,
        a.org_id,
        'covered the ' || p.pfa_name || ' police force area' AS how
    FROM place_districts AS p
    INNER JOIN organisation_areas AS a ON a.area_type = 'pfa' AND p.pfa_code = a.area_code
    INNER JOIN organisations AS o ON a.org_id = o.org_id AND o.org_type IN ('crc', 'nps_division')
),

names AS (
    -- every organisation is found by its own name too
    SELECT
        o.name AS place,
        'organisation' AS place_kind,
        NULL AS pfa_name,
        o.org_id,
        'its name' AS how
    FROM organisations AS o
),

links AS (
    SELECT * FROM names
    UNION ALL
    SELECT * FROM pdu_links
    UNION ALL
    SELECT * FROM region_links
    UNION ALL
    SELECT * FROM provider_links
)

SELECT
    l.place,
    l.place_kind,
    l.pfa_name,
    l.org_id,
    o.name AS org_name,
    o.org_type,
    l.how,
    t.provider_label,
    s.status = 'current' AS is_current,
    s.status_label,
    CASE WHEN o.org_type IN ('crc', 'nps_division') THEN 2 ELSE 1 END AS era_order
FROM links AS l
INNER JOIN organisations AS o ON l.org_id = o.org_id
INNER JOIN organisation_status AS s ON l.org_id = s.org_id
INNER JOIN provider_types AS t ON o.org_type = t.org_type
ORDER BY l.place, l.place_kind, era_order, o.org_type, o.name;
