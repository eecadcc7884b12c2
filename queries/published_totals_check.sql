-- published_totals_check.sql: HMIP's own published count of ratings for a programme,
-- beside the count our data holds, so a gap is visible rather than hidden.
-- Returns: programme_id, org_type, provider_label, rating, published_count, our_count,
--          difference (ours minus published), source_url, confidence, note.
-- Parameters: $programme (programme id).
-- Example: {"programme": "crc-nps-2019"}
-- Example: {"programme": "pdu-2021"}
SELECT
    pt.programme_id,
    pt.org_type,
    t.provider_label,
    pt.rating,
    pt.count AS published_count,
    pt.source_url,
    pt.confidence,
    pt.note,
    count(i.inspection_id) AS our_count,
    count(i.inspection_id) - pt.count AS difference
FROM published_totals AS pt
INNER JOIN provider_types AS t USING (org_type)
INNER JOIN rating_scale AS r ON pt.rating = r.rating
LEFT JOIN inspections_dated AS i
    ON pt.programme_id = i.programme AND pt.org_type = i.org_type AND pt.rating = i.overall_rating
WHERE pt.programme_id = $programme
GROUP BY
    pt.programme_id, pt.org_type, t.provider_label, pt.rating, pt.count, pt.source_url,
    pt.confidence, pt.note, t.display_order, r.rank
ORDER BY t.display_order ASC, r.rank DESC;
