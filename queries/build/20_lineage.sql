-- 20_lineage.sql: builds pdu_pfa (police force areas each PDU covers) and lineage (which CRC
-- and NPS division covered each PDU's ground before June 2021), from the geography tables.
-- Returns: nothing. Parameters: none.
--
-- How: a PDU's districts (organisation_areas, area_type 'lad'; a "(part)" suffix is stripped)
-- are placed in police force areas by lad_pfa_lookup (both district vintages, unioned); a CRC or
-- NPS division is linked to a PDU when it covered one of those police force areas
-- (organisation_areas, area_type 'pfa').
-- Fallback, only for PDUs with no districts in our data: a significant word of the PDU's name
-- (compass points and "and" dropped) is matched as a whole word against police force area names
-- first, then ONS county names, then district names (e.g. "East Berkshire" -> the district
-- "West Berkshire" -> Thames Valley). Only the best level that matches is kept.

CREATE TABLE pdu_pfa AS
WITH lad_pfa AS (
    SELECT DISTINCT
        lad_code,
        pfa_code,
        pfa_name
    FROM lad_pfa_lookup
),

by_district AS (
    SELECT
        a.org_id AS pdu_org_id,
        l.pfa_code,
        l.pfa_name,
        count(DISTINCT replace(a.area_code, '(part)', '')) AS districts,
        'district in police force area' AS basis
    FROM organisation_areas AS a
    INNER JOIN organisations AS o ON a.org_id = o.org_id AND o.org_type = 'pdu'
    INNER JOIN lad_pfa AS l ON l.lad_code = replace(a.area_code, '(part)', '')
    WHERE a.area_type = 'lad'
    GROUP BY ALL
),

unplaced AS (
    SELECT
        o.org_id,
        o.name,
        w.word
    FROM organisations AS o,
        unnest(string_split(lower(regexp_replace(o.name, '[^A-Za-z ]', ' ', 'g')), ' ')) AS w (word)
    WHERE
        o.org_type = 'pdu'
        AND o.org_id NOT IN (SELECT bd.pdu_org_id FROM by_district AS bd)
        AND w.word NOT IN ('', 'north', 'south', 'east', 'west', 'central', 'and', 'the', 'of', 'city')
),

places AS (
    SELECT DISTINCT
        1 AS "level",
        'police force area' AS kind,
        pfa_name AS place,
        pfa_code,
        pfa_name
    FROM lad_pfa_lookup
    UNION ALL
    SELECT DISTINCT
        2 AS "level",
        'county' AS kind,
        county_name,
        pfa_code,
        pfa_name
    FROM lad_pfa_lookup
    WHERE county_name IS NOT NULL
    UNION ALL
    SELECT DISTINCT
        3 AS "level",
        'district' AS kind,
        lad_name,
        pfa_code,
        pfa_name
    FROM lad_pfa_lookup
),

place_words AS (
    -- each place name split into words once, so matching is an equality join
    SELECT
        p.*,
        w.word
    FROM places AS p,
        unnest(string_split(lower(regexp_replace(p.place, '[^A-Za-z ]', ' ', 'g')), ' ')) AS w (word)
    WHERE w.word <> ''
),

name_matches AS (
    SELECT DISTINCT
        u.org_id,
        p.level,
        p.kind,
        p.place,
        p.pfa_code,
        p.pfa_name
    FROM unplaced AS u
    INNER JOIN place_words AS p ON u.word = p.word
    QUALIFY p.level = min(p.level) OVER (PARTITION BY u.org_id)
),

by_name AS (
    SELECT
        org_id AS pdu_org_id,
        pfa_code,
        pfa_name,
        0 AS districts,
        'fallback (no districts in our data): PDU name matches ' || min(kind) || ' name "'
        || string_agg(DISTINCT place, '", "' ORDER BY place) || '"' AS basis
    FROM name_matches
    GROUP BY org_id, pfa_code, pfa_name
)

SELECT * FROM by_district
UNION ALL
SELECT * FROM by_name
ORDER BY pdu_org_id, pfa_code;

-- One row per (successor, predecessor) pair. Successors are PDUs and, through their PDUs,
-- regions; predecessors are CRCs and NPS divisions. successor_districts counts the successor's
-- districts in our data (0 for a PDU placed by the name fallback).
CREATE TABLE lineage AS
WITH pdu_pred AS (
    SELECT
        pp.pdu_org_id,
        pp.pfa_code,
        pp.basis,
        pred.org_id AS predecessor_org_id,
        pred.org_type AS predecessor_type
    FROM pdu_pfa AS pp
    INNER JOIN organisation_areas AS pa ON pa.area_type = 'pfa' AND pp.pfa_code = pa.area_code
    INNER JOIN organisations AS pred ON pa.org_id = pred.org_id AND pred.org_type IN ('crc', 'nps_division')
),

districts AS (
    SELECT
        o.org_id,
        o.parent_org_id,
        replace(a.area_code, '(part)', '') AS lad_code
    FROM organisations AS o
    INNER JOIN organisation_areas AS a ON o.org_id = a.org_id AND a.area_type = 'lad'
    WHERE o.org_type = 'pdu'
),

pdu_rows AS (
    SELECT
        p.pdu_org_id AS successor_org_id,
        p.predecessor_org_id,
        p.predecessor_type,
        count(DISTINCT p.pfa_code) AS shared_pfas,
        (
            SELECT count(DISTINCT d.lad_code) FROM districts AS d
            WHERE d.org_id = p.pdu_org_id)
            AS successor_districts,
        min(p.basis) AS basis
    FROM pdu_pred AS p
    GROUP BY p.pdu_org_id, p.predecessor_org_id, p.predecessor_type
),

region_rows AS (
    SELECT
        o.parent_org_id AS successor_org_id,
        p.predecessor_org_id,
        p.predecessor_type,
        count(DISTINCT p.pfa_code) AS shared_pfas,
        (
            SELECT count(DISTINCT d.lad_code) FROM districts AS d
            WHERE d.parent_org_id = o.parent_org_id)
            AS successor_districts,
        'via the region''s PDUs' AS basis
    FROM pdu_pred AS p
    INNER JOIN organisations AS o ON p.pdu_org_id = o.org_id
    INNER JOIN organisations AS region ON o.parent_org_id = region.org_id AND region.org_type = 'region'
    GROUP BY o.parent_org_id, p.predecessor_org_id, p.predecessor_type
)

SELECT * FROM pdu_rows
UNION ALL
SELECT * FROM region_rows
ORDER BY successor_org_id, predecessor_type, predecessor_org_id;
