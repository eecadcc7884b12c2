-- place_index.sql: every searchable name (organisation, district, county, police force area)
-- with each organisation it leads to and why (explorer.places matches the search).
-- Returns: place, place_kind, pfa_name, org_id, org_name, org_type, how, provider_label,
--          is_current, status_label, era_order.
-- Parameters: none.
SELECT
    p.place,
    p.place_kind,
    p.pfa_name,
    p.org_id,
    p.org_name,
    p.org_type,
    p.how,
    p.provider_label,
    p.is_current,
    p.status_label,
    p.era_order
FROM place_index AS p
ORDER BY p.place, p.place_kind, p.era_order, p.org_name
