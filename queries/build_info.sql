-- build_info.sql: when the database was built, from which folder, with how many rows.
-- Returns: built_at, data_dir, row_counts (JSON text). Parameters: none.
SELECT built_at, data_dir, row_counts FROM build_info ORDER BY built_at DESC LIMIT 1;
