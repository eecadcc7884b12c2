-- record_build.sql: notes when and from where the database was built, and which data it holds.
-- Returns: nothing. Parameters: $built_at (timestamp), $data_dir (text), $row_counts (JSON text),
-- $data_version (text: content hash of the source CSVs).
INSERT INTO build_info (built_at, data_dir, row_counts, data_version)
VALUES ($built_at, $data_dir, $row_counts, $data_version);
