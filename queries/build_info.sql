-- build_info.sql: when the database was built, from which folder, with how many rows, and the
-- data version (a content hash of the source CSVs: the same data always has the same version).
-- Returns: built_at, data_dir, row_counts (JSON text), data_version. Parameters: none.
SELECT
    built_at,
    data_dir,
    row_counts,
    data_version
FROM build_info
ORDER BY built_at DESC LIMIT 1;
