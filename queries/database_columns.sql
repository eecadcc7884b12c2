-- database_columns.sql: every column of every table of the database, with its type, for the
-- data dictionary of the Data page's downloads.
-- Returns: table_name, column_name, position, data_type, is_nullable. Parameters: none.
SELECT
    table_name,
    column_name,
    ordinal_position AS "position",
    data_type,
    is_nullable
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position;
