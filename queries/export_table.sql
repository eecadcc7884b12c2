-- export_table.sql: every row of one table, for the Data page's downloads (build_info is
-- exported by export_build_info, without the server folder it was built from).
-- Returns: the table's columns. Parameters: $table (a table name from database_tables).
-- Example: {"table": "inspections"}
-- Example: {"table": "lineage"}
SELECT * FROM query_table($table);
