-- export_build_info.sql: the build record for the Data page's downloads: when the database was
-- built, its row counts and data version (the build folder is a server detail and left out).
-- Returns: built_at, row_counts (JSON text), data_version. Parameters: none.
SELECT
    built_at,
    row_counts,
    data_version
FROM build_info
ORDER BY built_at DESC;
