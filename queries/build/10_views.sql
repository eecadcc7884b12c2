-- 10_views.sql: derived tables over the base tables, materialised at build time (the data is
-- read-only after the build, so queries read them instead of recomputing a view each time).
-- Returns: nothing. Parameters: none.

-- Provider types as shown on screen, in display order.
CREATE TABLE provider_types AS
SELECT * FROM (VALUES
    ('crc',          'CRC (private)',                 1, 'crc-nps'),
    ('nps_division', 'NPS division (public)',         2, 'crc-nps'),
    ('nps_region',   'NPS region (public, 2020-21)',  3, 'crc-nps'),
    ('region',       'Probation Service region',      4, 'unified'),
    ('pdu',          'Probation Delivery Unit (PDU)', 5, 'unified'),
    ('national',     'National (HMPPS)',              6, 'unified')
) AS t(org_type, provider_label, display_order, era);

-- Every inspection with a usable date: published_date is the first day of the published
-- period (precision says how exact it is); sort_date falls back to fieldwork, then to the
-- programme's last publication month, so undated rows still order sensibly.
CREATE TABLE inspections_dated AS
SELECT
    i.*,
    CASE
        WHEN i.published_on IS NULL THEN NULL
        WHEN length(i.published_on) = 4 THEN make_date(CAST(i.published_on AS INTEGER), 1, 1)
        WHEN length(i.published_on) = 7 THEN CAST(i.published_on || '-01' AS DATE)
        ELSE CAST(i.published_on AS DATE)
    END AS published_date,
    CASE
        WHEN i.published_on IS NULL THEN 'not published in our data'
        WHEN length(i.published_on) = 4 THEN 'year'
        WHEN length(i.published_on) = 7 THEN 'month'
        ELSE 'day'
    END AS published_precision,
    COALESCE(
        CASE
            WHEN i.published_on IS NULL THEN NULL
            WHEN length(i.published_on) = 4 THEN make_date(CAST(i.published_on AS INTEGER), 7, 1)
            WHEN length(i.published_on) = 7 THEN CAST(i.published_on || '-01' AS DATE)
            ELSE CAST(i.published_on AS DATE)
        END,
        CASE WHEN i.fieldwork_start IS NOT NULL THEN CAST(i.fieldwork_start || '-01' AS DATE) + INTERVAL 4 MONTH END,
        CAST(p.last_published || '-01' AS DATE)
    )::DATE AS sort_date,
    o.org_type,
    o.name AS org_name,
    o.parent_org_id,
    r.rank AS overall_rank,
    p.name AS programme_name
FROM inspections AS i
JOIN organisations AS o USING (org_id)
JOIN programmes AS p ON p.programme_id = i.programme
LEFT JOIN rating_scale AS r ON r.rating = i.overall_rating;

-- The most recent inspection of each organisation (by sort_date, then id for ties).
CREATE TABLE latest_inspection AS
SELECT * FROM inspections_dated
QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC, inspection_id DESC) = 1;

-- Each inspection with the organisation's previous inspection, for change over time.
CREATE TABLE inspection_changes AS
SELECT
    d.*,
    lag(d.inspection_id) OVER w AS previous_inspection_id,
    lag(d.overall_rating) OVER w AS previous_rating,
    lag(d.overall_rank) OVER w AS previous_rank,
    lag(d.published_on) OVER w AS previous_published_on
FROM inspections_dated AS d
WINDOW w AS (PARTITION BY d.org_id ORDER BY d.sort_date, d.inspection_id);
