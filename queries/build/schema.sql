-- schema.sql: creates every base table of data/probation.duckdb.
-- Returns: nothing. Parameters: none.
-- Columns are in the same order as the CSV files in data/ (see explorer/validate.py SPECS);
-- blanks in the CSVs are NULL here: "not in our data", never zero.

CREATE TABLE rating_scale (
    rating VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,          -- rating | state (not rated, not published, not inspected)
    rank INTEGER,                   -- 4 Outstanding .. 1 Inadequate; NULL for states
    short_label VARCHAR NOT NULL,
    description VARCHAR,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE provider_types (
    org_type VARCHAR PRIMARY KEY,
    provider_label VARCHAR NOT NULL,
    short_label VARCHAR NOT NULL,
    plural_label VARCHAR NOT NULL,
    display_order INTEGER NOT NULL,
    era VARCHAR NOT NULL,        -- crc-nps (2015-2021) | unified (since 26 June 2021)
    era_ended DATE,                    -- last day of the era, for types that no longer exist
    framework_type VARCHAR NOT NULL,        -- the org type whose framework standards apply
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR
);

CREATE TABLE policy (
    setting VARCHAR PRIMARY KEY,         -- freshness_months | small_sample_cases
    value INTEGER NOT NULL,
    unit VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE coverage_states (
    state VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    display_order INTEGER NOT NULL,
    counts_as_inspected VARCHAR NOT NULL,   -- true | false
    description VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE programmes (
    programme_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    org_types VARCHAR NOT NULL,   -- ';'-separated org types the programme rated
    first_published VARCHAR,            -- YYYY-MM
    last_published VARCHAR,
    standards VARCHAR,
    points_per_standard VARCHAR,            -- 'unknown' where no source confirmed it
    max_points VARCHAR,
    banding VARCHAR,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR,
    rating_kind VARCHAR NOT NULL,       -- four-point | narrative (a judgement, no rating)
    began VARCHAR,                -- YYYY-MM the programme began, where published
    began_source_url VARCHAR
);

CREATE TABLE programme_standards (
    programme_id VARCHAR NOT NULL REFERENCES programmes (programme_id),
    position INTEGER NOT NULL,
    standard VARCHAR NOT NULL,
    standard_name VARCHAR NOT NULL,
    domain VARCHAR,
    applies_to VARCHAR,                  -- blank: every org type of the programme
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (programme_id, standard)
);

CREATE TABLE organisations (
    org_id VARCHAR PRIMARY KEY,
    org_type VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    delius_code VARCHAR,
    parent_org_id VARCHAR,
    owner VARCHAR,                  -- CRCs: owner when contracts were let (February 2015)
    owner_source_url VARCHAR,
    valid_from DATE,
    valid_to DATE,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR
);

CREATE TABLE coverage_rules (
    programme_id VARCHAR PRIMARY KEY REFERENCES programmes (programme_id),
    design VARCHAR NOT NULL,          -- every_organisation | regions_in_round | sample_in_each_region | partial
    round_group VARCHAR NOT NULL,          -- programmes of one round (a region's PDUs, then the region)
    description VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE organisation_successions (
    predecessor_org_id VARCHAR NOT NULL REFERENCES organisations (org_id),
    successor_org_id VARCHAR NOT NULL REFERENCES organisations (org_id),
    changed_from VARCHAR,             -- YYYY-MM: earliest month the change can have happened
    changed_to VARCHAR,             -- YYYY-MM: latest month
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (predecessor_org_id, successor_org_id)
);

CREATE TABLE organisation_areas (
    org_id VARCHAR NOT NULL REFERENCES organisations (org_id),
    area_type VARCHAR NOT NULL,            -- pfa | lad
    area_code VARCHAR NOT NULL,            -- may end "(part)" when a district is split
    area_name VARCHAR,
    basis VARCHAR,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    PRIMARY KEY (org_id, area_type, area_code)
);

CREATE TABLE lad_pfa_lookup (
    lad_vintage VARCHAR NOT NULL,
    lad_code VARCHAR NOT NULL,
    lad_name VARCHAR NOT NULL,
    pfa_code VARCHAR NOT NULL,
    pfa_name VARCHAR NOT NULL,
    county_code VARCHAR,
    county_name VARCHAR,
    method VARCHAR,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    PRIMARY KEY (lad_vintage, lad_code)
);

CREATE TABLE inspections (
    inspection_id VARCHAR PRIMARY KEY,
    org_id VARCHAR NOT NULL REFERENCES organisations (org_id),
    programme VARCHAR NOT NULL REFERENCES programmes (programme_id),
    name_in_source VARCHAR NOT NULL,
    fieldwork_start VARCHAR,                -- YYYY-MM
    published_on VARCHAR,                -- YYYY, YYYY-MM or YYYY-MM-DD (precision varies)
    overall_rating VARCHAR,
    total_score INTEGER,
    max_score INTEGER,
    cases_inspected INTEGER,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    date_basis VARCHAR,                -- blank: dates stated in source_url; report_address; secondary_repost
    note VARCHAR
);

CREATE TABLE standard_ratings (
    inspection_id VARCHAR NOT NULL REFERENCES inspections (inspection_id),
    standard VARCHAR NOT NULL,
    standard_name VARCHAR NOT NULL,
    rating VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (inspection_id, standard)
);

CREATE TABLE findings (
    finding_id VARCHAR PRIMARY KEY,
    inspection_id VARCHAR REFERENCES inspections (inspection_id),
    organisation VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value DOUBLE,                   -- NULL when the source gives the share only in words
    unit VARCHAR NOT NULL,
    denominator_n DOUBLE,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    stated_as VARCHAR                   -- the source's words, for shares stated only in words
);

-- Cell corrections applied through the import path (explorer.imports update).
CREATE TABLE corrections (
    correction_id VARCHAR PRIMARY KEY,
    import_id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    row_key VARCHAR NOT NULL,         -- the corrected row's key (finding_id, inspection_id, ...)
    column_name VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR,
    source_url VARCHAR NOT NULL,         -- source of the new value
    confidence VARCHAR NOT NULL,
    note VARCHAR
);

CREATE TABLE published_totals (
    programme_id VARCHAR NOT NULL REFERENCES programmes (programme_id),
    org_type VARCHAR NOT NULL,
    rating VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (programme_id, org_type, rating)
);

-- Results HMIP says exist that our data does not hold (or may not): a published count for a
-- period, beside how many of those results our data holds where that could be established.
CREATE TABLE known_gaps (
    gap_id VARCHAR PRIMARY KEY,
    programme_id VARCHAR NOT NULL REFERENCES programmes (programme_id),
    org_type VARCHAR NOT NULL,
    period VARCHAR NOT NULL,       -- as HMIP states it, e.g. "February 2024 to February 2025"
    published_count INTEGER NOT NULL,
    published_detail VARCHAR NOT NULL,      -- e.g. "10 Requires improvement, 14 Inadequate"
    held_count INTEGER,                -- NULL: could not be established from the sources read
    held_basis VARCHAR,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    note VARCHAR
);

CREATE TABLE build_info (
    built_at TIMESTAMP NOT NULL,
    data_dir VARCHAR NOT NULL,
    row_counts VARCHAR NOT NULL,       -- JSON: table -> rows loaded
    data_version VARCHAR NOT NULL        -- first 12 hex digits of the SHA-256 of every source CSV
);

-- Hex-cartogram layouts (generated by scripts/make_hex_layouts.py from ONS boundaries):
-- pointy-top axial cells, r growing northwards (see explorer/hexmap.py).
CREATE TABLE hex_pfa (
    area_code VARCHAR PRIMARY KEY,         -- police force area (E23…/W15…)
    area_name VARCHAR NOT NULL,
    hex_q INTEGER NOT NULL,
    hex_r INTEGER NOT NULL,
    label VARCHAR NOT NULL,            -- short label drawn in the cell
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    method VARCHAR,
    UNIQUE (hex_q, hex_r)
);

CREATE TABLE hex_pdu (
    org_id VARCHAR PRIMARY KEY REFERENCES organisations (org_id),
    name VARCHAR NOT NULL,
    region_org_id VARCHAR NOT NULL REFERENCES organisations (org_id),
    hex_q INTEGER NOT NULL,
    hex_r INTEGER NOT NULL,
    label VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,
    method VARCHAR,
    UNIQUE (hex_q, hex_r)
);
