-- age_of.sql: the one age rule applied to one date: whole calendar months from $earlier to
-- $later, and the age as every page words it for a date of precision $precision (day, month,
-- year, year_from_address, estimated, unknown). For checks and for any caller outside SQL.
-- Returns: months, age_label (age_label is relative to today, as on the pages).
-- Parameters: $earlier (date or NULL), $later (date), $precision (text).
-- Example: {"earlier": "2023-11-30", "later": "2025-11-01", "precision": "day"}
-- Example: {"earlier": null, "later": "2025-11-01", "precision": "unknown"}
SELECT
    months_between(cast($earlier AS DATE), cast($later AS DATE)) AS months,
    age_label(cast($earlier AS DATE), $precision) AS age_label;
