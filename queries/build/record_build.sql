-- record_build.sql: notes when and from where the database was built.
-- Returns: nothing. Parameters: $built_at (timestamp), $data_dir (text), $row_counts (JSON text).
INSERT INTO build_info VALUES ($built_at, $data_dir, $row_counts);
