-- database_tables.sql: every table of the database, for the Data page's downloads.
-- Returns: table_name, table_type, columns (number of columns). Parameters: none.
SELECT
    t.table_name,
    t.table_type,
    count(c.column_name) AS "columns"
FROM information_schema.tables AS t
INNER JOIN information_schema.columns AS c
    ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE t.table_schema = 'main'
GROUP BY t.table_name, t.table_type
ORDER BY t.table_name;
