-- lineage_all.sql: every row of the lineage table (PDU or region -> predecessor CRC / NPS
-- division), with both organisations' names.
-- Returns: successor_org_id, successor_name, successor_type, predecessor_org_id, predecessor_name,
--          predecessor_type, shared_pfas, successor_districts, basis.
-- Parameters: none.
SELECT
    l.successor_org_id,
    s.name AS successor_name,
    s.org_type AS successor_type,
    l.predecessor_org_id,
    p.name AS predecessor_name,
    l.predecessor_type,
    l.shared_pfas,
    l.successor_districts,
    l.basis
FROM lineage AS l
INNER JOIN organisations AS s ON l.successor_org_id = s.org_id
INNER JOIN organisations AS p ON l.predecessor_org_id = p.org_id
ORDER BY l.successor_org_id, l.predecessor_type, l.predecessor_org_id;
