-- known_gaps.sql: results HMIP's own publications say exist, beside how many our data holds,
-- so a gap shows as a gap and never as a filled value. All gaps, or one programme's.
-- Returns: gap_id, programme_id, programme_name, org_type, provider_label, period,
--          published_count, published_detail, held_count (NULL: not established),
--          missing (published_count - held_count; NULL when held_count is), held_basis,
--          source_url, confidence, note.
-- Parameters: $programme (programme id, or NULL for every gap).
-- Example: {"programme": null}
-- Example: {"programme": "pdu-2023"}
SELECT
    g.gap_id,
    g.programme_id,
    w.programme_name,
    g.org_type,
    t.provider_label,
    g.period,
    g.published_count,
    g.published_detail,
    g.held_count,
    g.held_basis,
    g.source_url,
    g.confidence,
    g.note,
    g.published_count - g.held_count AS missing
FROM known_gaps AS g
INNER JOIN programme_windows AS w ON g.programme_id = w.programme_id
INNER JOIN provider_types AS t ON g.org_type = t.org_type
WHERE $programme IS NULL OR g.programme_id = $programme
ORDER BY g.programme_id, g.gap_id;
