-- last_updated.sql: how up to date our data is: the newest publication we hold (as every page
-- shows a publication date) and when the database was built.
-- Returns: built_at, data_version, newest_published. Parameters: none.
SELECT
    b.built_at,
    b.data_version,
    (
        SELECT arg_max(i.published_label, i.published_on) FROM inspections_dated AS i
        WHERE i.published_on IS NOT NULL
    ) AS newest_published
FROM build_info AS b
ORDER BY b.built_at DESC
LIMIT 1
