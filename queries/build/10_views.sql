-- 10_views.sql: the semantic layer. Every domain fact that more than one page shows is derived
-- here, once, with the database; queries/*.sql read these tables and macros and never work the
-- facts out again. Materialised at build time (the data is read-only after the build).
-- Returns: nothing. Parameters: none.
--
-- Layers (dbt style): base tables (schema.sql, loaded from data/*.csv)
--   -> programme_windows, organisation_status, inspections_dated, inspection_standards,
--      programme_scope, programme_coverage, latest_inspection, latest_rating, inspection_changes
--   -> what pages read (queries/*.sql).

-- ---- one age rule ------------------------------------------------------------------------
-- Whole calendar months from a reference date to a later date (a month is counted only once
-- its day of the month is reached). Every age on every page is this macro.
CREATE MACRO months_between(earlier, later) AS
CASE
    WHEN earlier IS NULL OR later IS NULL THEN NULL
    ELSE greatest(
        0, date_diff('month', earlier, later)
        - CASE WHEN day(later) < day(earlier) THEN 1 ELSE 0 END
    )
END;

-- How old an inspection is today, in words that say how exact its date is.
CREATE MACRO age_label(reference_date, date_precision) AS
CASE
    WHEN reference_date IS NULL THEN 'Date not in our data'
    WHEN date_precision IN ('day', 'month')
        THEN
            cast(months_between(reference_date, current_date) AS varchar)
            || CASE WHEN months_between(reference_date, current_date) = 1 THEN ' month' ELSE ' months' END
    WHEN date_precision IN ('year', 'year_from_address')
        THEN
            'about ' || cast(months_between(reference_date, current_date) AS varchar)
            || ' months (year known only)'
    WHEN date_precision = 'after_programme_began'
        THEN
            'at most ' || cast(months_between(reference_date, current_date) AS varchar)
            || ' months (date not published; its programme began '
            || strftime(reference_date, '%B %Y') || ')'
    ELSE
        'about ' || cast(months_between(reference_date, current_date) AS varchar)
        || ' months (estimated: publication date not in our data)'
END;

-- A publication date as shown on every page.
CREATE MACRO date_label(published_on, date_precision, date_basis) AS
CASE
    WHEN date_precision = 'year_from_address' THEN published_on || ' (from the report''s web address)'
    WHEN date_precision = 'after_programme_began' THEN 'Date not published'
    WHEN published_on IS NULL THEN 'Date not in our data'
    WHEN date_basis = 'secondary_repost' THEN published_on || ' (date from a secondary repost)'
    ELSE published_on
END;

-- ---- programmes ---------------------------------------------------------------------------
-- Each programme's publication window (first and last day) and how it ends.
CREATE TABLE programme_windows AS
SELECT
    p.programme_id,
    p.name AS programme_name,
    p.rating_kind,
    string_split(p.org_types, ';') AS org_types,
    cast(p.first_published || '-01' AS date) AS first_day,
    last_day(cast(p.last_published || '-01' AS date)) AS last_day,
    cast(p.began || '-01' AS date) AS began_day,
    r.design AS coverage_design,
    r.round_group,
    r.description AS coverage_description,
    r.source_url AS coverage_source_url
FROM programmes AS p
LEFT JOIN coverage_rules AS r USING (programme_id);

-- ---- organisations: validity, succession, status -----------------------------------------
CREATE TABLE organisation_status AS
WITH successors AS (
    SELECT
        s.predecessor_org_id AS org_id,
        list(s.successor_org_id ORDER BY s.successor_org_id) AS successor_ids,
        string_agg(o.name, ', ' ORDER BY o.name) AS successor_names,
        cast(min(s.changed_from) || '-01' AS date) AS superseded_from,
        last_day(cast(max(s.changed_to) || '-01' AS date)) AS superseded_by
    FROM organisation_successions AS s
    INNER JOIN organisations AS o ON s.successor_org_id = o.org_id
    GROUP BY s.predecessor_org_id
),

predecessors AS (
    SELECT
        s.successor_org_id AS org_id,
        list(s.predecessor_org_id ORDER BY s.predecessor_org_id) AS predecessor_ids,
        string_agg(o.name, ', ' ORDER BY o.name) AS predecessor_names,
        cast(min(s.changed_from) || '-01' AS date) AS created_from,
        last_day(cast(max(s.changed_to) || '-01' AS date)) AS created_by
    FROM organisation_successions AS s
    INNER JOIN organisations AS o ON s.predecessor_org_id = o.org_id
    GROUP BY s.successor_org_id
)

SELECT
    o.org_id,
    o.org_type,
    t.era,
    -- a successor created by a regrouping exists from the earliest month it can have happened
    coalesce(o.valid_from, p.created_from) AS valid_from,
    -- ended: its own end date, else the end of its era, else when its successors took over
    coalesce(o.valid_to, t.era_ended, s.superseded_by) AS valid_to,
    CASE
        WHEN s.org_id IS NOT NULL THEN 'superseded'
        WHEN coalesce(o.valid_to, t.era_ended) IS NOT NULL THEN 'ceased'
        ELSE 'current'
    END AS status,
    CASE
        WHEN s.org_id IS NOT NULL THEN 'Replaced by ' || s.successor_names
        WHEN coalesce(o.valid_to, t.era_ended) IS NOT NULL
            THEN 'Ceased ' || strftime(coalesce(o.valid_to, t.era_ended), '%-d %B %Y')
        ELSE 'Current'
    END AS status_label,
    s.successor_ids,
    s.successor_names,
    s.superseded_from,
    p.predecessor_ids,
    p.predecessor_names,
    p.created_from
FROM organisations AS o
INNER JOIN provider_types AS t USING (org_type)
LEFT JOIN successors AS s USING (org_id)
LEFT JOIN predecessors AS p USING (org_id);

-- ---- inspections: dates and their precision -----------------------------------------------
-- date_precision: day | month | year | year_from_address (only the year, read from the
-- report's web address) | estimated (no publication date: fieldwork + 4 months, else the
-- programme's last publication month) | after_programme_began (no date of its own or of its
-- programme's publications: only that it came after the programme began) | unknown.
-- sort_date (the reference date for ages and ordering): the publication day; the first of
-- the month; 1 July for a year-only date; else the estimate.
CREATE TABLE inspections_dated AS
WITH base AS (
    SELECT
        i.*,
        CASE
            WHEN i.published_on IS NULL THEN NULL
            WHEN length(i.published_on) = 4 THEN make_date(cast(i.published_on AS integer), 1, 1)
            WHEN length(i.published_on) = 7 THEN cast(i.published_on || '-01' AS date)
            ELSE cast(i.published_on AS date)
        END AS published_date,
        CASE
            WHEN i.published_on IS NOT NULL AND length(i.published_on) = 4 AND i.date_basis = 'report_address'
                THEN 'year_from_address'
            WHEN i.published_on IS NOT NULL AND length(i.published_on) = 4 THEN 'year'
            WHEN i.published_on IS NOT NULL AND length(i.published_on) = 7 THEN 'month'
            WHEN i.published_on IS NOT NULL THEN 'day'
            WHEN i.fieldwork_start IS NOT NULL OR w.last_day IS NOT NULL THEN 'estimated'
            WHEN w.began_day IS NOT NULL THEN 'after_programme_began'
            ELSE 'unknown'
        END AS date_precision
    FROM inspections AS i
    INNER JOIN programme_windows AS w ON i.programme = w.programme_id
)

SELECT
    b.*,
    -- the old name, kept for the queries that say "published_precision"
    b.date_precision AS published_precision,
    CASE
        WHEN b.date_precision IN ('year', 'year_from_address')
            THEN make_date(year(b.published_date), 7, 1)
        WHEN b.published_date IS NOT NULL THEN b.published_date
        WHEN b.fieldwork_start IS NOT NULL
            THEN cast(cast(b.fieldwork_start || '-01' AS date) + INTERVAL 4 MONTH AS date)
        WHEN w.last_day IS NOT NULL THEN cast(date_trunc('month', w.last_day) AS date)
        -- no date of its own: the day its programme began, the earliest it can be (so its age
        -- is an upper bound, and a freshness test on it never overstates how recent it is)
        ELSE w.began_day
    END AS sort_date,
    date_label(b.published_on, b.date_precision, b.date_basis) AS published_label,
    w.rating_kind,
    o.org_type,
    o.name AS org_name,
    o.parent_org_id,
    r.rank AS overall_rank,
    w.programme_name
FROM base AS b
INNER JOIN organisations AS o USING (org_id)
INNER JOIN programme_windows AS w ON b.programme = w.programme_id
LEFT JOIN rating_scale AS r ON b.overall_rating = r.rating;

-- ---- which standards apply to each inspection ----------------------------------------------
-- A standard applies when it has no applies_to (every org type of the programme) or its
-- applies_to is the organisation's framework type (NPS regions of 2020/21 were rated on the
-- NPS division standards: provider_types.framework_type). One row per applicable standard,
-- with the rating our data holds (NULL: rated by HMIP, not in our data).
CREATE TABLE inspection_standards AS
SELECT
    i.inspection_id,
    i.org_id,
    i.org_type,
    i.programme,
    ps.position,
    ps.standard,
    ps.standard_name,
    ps.domain,
    sr.rating,
    sr.source_url,
    sr.confidence,
    sr.note
FROM inspections_dated AS i
INNER JOIN provider_types AS t ON i.org_type = t.org_type
INNER JOIN programme_standards AS ps
    ON i.programme = ps.programme_id AND (ps.applies_to IS NULL OR t.framework_type = ps.applies_to)
LEFT JOIN standard_ratings AS sr ON i.inspection_id = sr.inspection_id AND ps.standard = sr.standard;

-- Standards of a programme that apply to an organisation type (also for organisations with no
-- inspection in our data): the grid columns of league tables and maps.
CREATE TABLE programme_type_standards AS
SELECT
    w.programme_id,
    t.org_type,
    ps.position,
    ps.standard,
    ps.standard_name,
    ps.domain,
    ps.applies_to
FROM programme_windows AS w
INNER JOIN provider_types AS t ON list_contains(w.org_types, t.org_type)
INNER JOIN programme_standards AS ps
    ON w.programme_id = ps.programme_id AND (ps.applies_to IS NULL OR t.framework_type = ps.applies_to);

-- ---- who each programme covered -----------------------------------------------------------
-- In scope: organisations of the programme's types that existed during its window.
CREATE TABLE programme_scope AS
SELECT
    w.programme_id,
    s.org_id,
    s.org_type,
    (w.last_day IS NULL OR s.valid_from IS NULL OR s.valid_from <= w.last_day)
    AND (w.first_day IS NULL OR s.valid_to IS NULL OR s.valid_to >= w.first_day) AS existed
FROM programme_windows AS w
INNER JOIN organisation_status AS s ON list_contains(w.org_types, s.org_type);

-- One row per programme and organisation of its types: the coverage state (see
-- data/coverage_states.csv) and why. Derived from our rows plus the programme's stated design
-- (data/coverage_rules.csv).
CREATE TABLE programme_coverage AS
WITH inspected AS (
    SELECT
        programme,
        org_id,
        max(overall_rating IS NOT NULL) AS has_rating
    FROM inspections_dated
    GROUP BY ALL
),

regions_in_round AS (
    -- a region is in a round when our data holds an inspection of it or of one of its PDUs
    -- in any programme of that round
    SELECT DISTINCT
        w.round_group,
        CASE WHEN i.org_type = 'region' THEN i.org_id ELSE i.parent_org_id END AS region_id
    FROM inspections_dated AS i
    INNER JOIN programme_windows AS w ON i.programme = w.programme_id
    WHERE w.coverage_design = 'regions_in_round'
),

states AS (
    SELECT
        sc.programme_id,
        sc.org_id,
        sc.org_type,
        CASE
            WHEN ins.org_id IS NOT NULL AND w.rating_kind = 'narrative' THEN 'narrative'
            WHEN ins.org_id IS NOT NULL AND ins.has_rating THEN 'rated'
            WHEN ins.org_id IS NOT NULL THEN 'inspected_not_in_data'
            WHEN NOT sc.existed THEN 'did_not_exist'
            WHEN w.coverage_design = 'every_organisation' THEN 'inspected_not_in_data'
            WHEN w.coverage_design = 'regions_in_round' AND rr.region_id IS NOT NULL THEN 'inspected_not_in_data'
            WHEN w.coverage_design = 'regions_in_round' THEN 'not_inspected'
            ELSE 'not_known'
        END AS state,
        CASE
            WHEN ins.org_id IS NOT NULL THEN 'an inspection in our data'
            WHEN NOT sc.existed THEN 'the organisation''s dates'
            WHEN w.coverage_design = 'regions_in_round' AND rr.region_id IS NOT NULL
                THEN 'its region was in this round'
            WHEN w.coverage_design = 'regions_in_round' THEN 'its region was not reached in this round'
            ELSE w.coverage_description
        END AS basis,
        w.coverage_source_url
    FROM programme_scope AS sc
    INNER JOIN programme_windows AS w USING (programme_id)
    INNER JOIN organisations AS o ON sc.org_id = o.org_id
    LEFT JOIN inspected AS ins ON sc.programme_id = ins.programme AND sc.org_id = ins.org_id
    LEFT JOIN regions_in_round AS rr
        ON
            w.round_group = rr.round_group
            AND rr.region_id = CASE WHEN sc.org_type = 'region' THEN sc.org_id ELSE o.parent_org_id END
)

SELECT
    st.*,
    cs.label AS state_label,
    cs.display_order AS state_order,
    cs.counts_as_inspected = 'true' AS counts_as_inspected
FROM states AS st
INNER JOIN coverage_states AS cs USING (state);

-- ---- latest inspection and latest rating --------------------------------------------------
-- The most recent inspection of any kind (rated or narrative): what freshness rests on.
CREATE TABLE latest_inspection AS
SELECT * FROM inspections_dated
QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC NULLS LAST, inspection_id DESC) = 1;

-- The most recent inspection of a programme that rates (four-point): what "latest rating" means.
CREATE TABLE latest_rating AS
SELECT * FROM inspections_dated
WHERE rating_kind = 'four-point'
QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC NULLS LAST, inspection_id DESC) = 1;

-- The same as of any date (for "what changed since"): inspections published (or, undated,
-- estimated) on or before $as_of.
CREATE MACRO latest_rating_as_of(as_of) AS TABLE
    SELECT * FROM inspections_dated
    WHERE rating_kind = 'four-point' AND sort_date <= as_of
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY sort_date DESC NULLS LAST, inspection_id DESC) = 1;

-- Each rated inspection with the organisation's previous rated inspection, for change over time.
CREATE TABLE inspection_changes AS
SELECT
    d.*,
    lag(d.inspection_id) OVER w AS previous_inspection_id,
    lag(d.overall_rating) OVER w AS previous_rating,
    lag(d.overall_rank) OVER w AS previous_rank,
    lag(d.published_on) OVER w AS previous_published_on
FROM inspections_dated AS d
WHERE d.rating_kind = 'four-point'
WINDOW w AS (PARTITION BY d.org_id ORDER BY d.sort_date, d.inspection_id);

-- The tool's settings (data/policy.csv) as one row, so every query reads the same threshold.
CREATE TABLE settings AS
SELECT
    max(value) FILTER (WHERE setting = 'freshness_months') AS freshness_months,
    max(value) FILTER (WHERE setting = 'small_sample_cases') AS small_sample_cases
FROM policy;

-- Each organisation's coverage now (for "latest" views): rated when our data holds a rating;
-- a superseded organisation "did not exist then" (it shows in its own programmes); otherwise
-- the coverage state of the most recent four-point programme that covered it while it existed.
CREATE TABLE current_coverage AS
WITH latest_state AS (
    SELECT
        c.org_id,
        c.state,
        c.programme_id
    FROM programme_coverage AS c
    INNER JOIN programme_windows AS w USING (programme_id)
    WHERE w.rating_kind = 'four-point' AND c.state <> 'did_not_exist'
    QUALIFY row_number() OVER (PARTITION BY c.org_id ORDER BY w.last_day DESC NULLS LAST, c.programme_id DESC) = 1
),

states AS (
    SELECT
        o.org_id,
        CASE
            WHEN s.status = 'superseded' THEN 'did_not_exist'
            WHEN lr.overall_rating IS NOT NULL THEN 'rated'
            ELSE coalesce(ls.state, 'not_known')
        END AS state,
        CASE
            WHEN s.status = 'superseded' THEN NULL
            WHEN lr.overall_rating IS NOT NULL THEN lr.programme
            ELSE ls.programme_id
        END AS state_programme
    FROM organisations AS o
    INNER JOIN organisation_status AS s USING (org_id)
    LEFT JOIN latest_rating AS lr USING (org_id)
    LEFT JOIN latest_state AS ls USING (org_id)
)

SELECT
    st.*,
    cs.label AS state_label,
    cs.display_order AS state_order
FROM states AS st
INNER JOIN coverage_states AS cs USING (state);
