-- pdu_police_force_areas.sql: the police force areas each PDU covers (build table pdu_pfa),
-- with how each was established.
-- Returns: pdu_org_id, pdu_name, pfa_code, pfa_name, districts, basis.
-- Parameters: none.
SELECT
    pp.pdu_org_id,
    o.name AS pdu_name,
    pp.pfa_code,
    pp.pfa_name,
    pp.districts,
    pp.basis
FROM pdu_pfa AS pp
INNER JOIN organisations AS o ON pp.pdu_org_id = o.org_id
ORDER BY pp.pdu_org_id, pp.pfa_code;
