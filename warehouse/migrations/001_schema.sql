-- The warehouse tables. Applied once, in order with the later files; the runner records the version.
-- No foreign keys: DuckDB cannot update or delete a referenced row, and a document's rows are replaced
-- as a whole inside one transaction by the loader.

CREATE TABLE local_authorities (
    la_code      VARCHAR PRIMARY KEY,  -- old three-digit DfE code
    name         VARCHAR NOT NULL,
    ons_code     VARCHAR,
    urn          VARCHAR,              -- the reports site's provider id
    region       VARCHAR,
    la_type      VARCHAR,
    variants     VARCHAR[],
    predecessors VARCHAR[],            -- la_codes this LA replaced
    successors   VARCHAR[],            -- la_codes that replaced this LA
    valid_from   DATE,
    valid_to     DATE
);

-- Every judgement area, and the area it is compared under across frameworks (SIF areas map to ILACS areas).
CREATE TABLE areas (
    area            VARCHAR PRIMARY KEY,
    label           VARCHAR NOT NULL,
    frameworks      VARCHAR NOT NULL,
    comparable_area VARCHAR NOT NULL
);
INSERT INTO areas VALUES
    ('overall',                          'Overall effectiveness',                     'all',          'overall'),
    ('leaders',                          'Impact of leaders',                         'ilacs',        'leaders'),
    ('leadership_management_governance', 'Leadership, management and governance',     'sif',          'leaders'),
    ('help_and_protection',              'Children who need help and protection',     'ilacs, sif',   'help_and_protection'),
    ('in_care',                          'Children in care',                          'ilacs',        'in_care'),
    ('looked_after_permanence',          'Children looked after, permanence',         'sif',          'in_care'),
    ('care_leavers',                     'Care leavers',                              'ilacs, sif',   'care_leavers'),
    ('adoption',                         'Adoption performance',                      'sif',          'adoption'),
    ('lscb',                             'Local Safeguarding Children Board',         'sif, lscb',    'lscb'),
    ('capacity_to_improve',              'Capacity to improve',                       'pre_sif',      'capacity_to_improve');

-- One row per document (source URL, or path for a folder source), describing its current version.
CREATE TABLE documents (
    document_id    VARCHAR PRIMARY KEY,
    version        INTEGER NOT NULL DEFAULT 0,  -- distinct contents seen; 0 while never fetched
    content_hash   VARCHAR,                     -- sha256 of the current version's bytes
    bytes          BIGINT,
    pages          INTEGER,
    fetched_at     TIMESTAMP,
    first_seen_at  TIMESTAMP NOT NULL,
    published      DATE,                        -- the site's publication date (from its label)
    site_label     VARCHAR,
    provider_urn   VARCHAR,
    status         VARCHAR NOT NULL,            -- loaded | quarantined | not_outcome | unreadable | fetch_failed
    reason         VARCHAR,                     -- why the status, in words
    status_at      TIMESTAMP NOT NULL,          -- when the status last changed
    record_hash    VARCHAR,                     -- what the extractor said; a change means re-extraction
    attempts       INTEGER NOT NULL DEFAULT 0,  -- failed fetch or read attempts since the last success
    fetch_error    VARCHAR,                     -- the last failed fetch of a document that has a good version
    fetch_error_at TIMESTAMP
);

-- Every version of every document, the current one included; a new content supersedes the old.
CREATE TABLE document_versions (
    document_id   VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    content_hash  VARCHAR NOT NULL,
    bytes         BIGINT,
    pages         INTEGER,
    fetched_at    TIMESTAMP,
    status        VARCHAR NOT NULL,
    reason        VARCHAR,
    record        JSON,       -- the extracted record, so a superseded version's outcome is never lost
    loaded_at     TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP,
    PRIMARY KEY (document_id, version)
);

-- One per inspection or visit: at most one per document.
CREATE TABLE events (
    document_id          VARCHAR PRIMARY KEY,
    la_code              VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL,
    inspection_start     DATE,
    inspection_end       DATE,
    letter_date          DATE,
    event_date           DATE NOT NULL,  -- the last day on site; the letter's date when no visit date is stated
    published            DATE,           -- as printed in the document
    lead_inspector       VARCHAR,
    overall              VARCHAR,
    visit_number         INTEGER,
    visit_progress       VARCHAR,        -- monitoring visits: insufficient | sufficient | good
    prior_judgement      VARCHAR,
    prior_judgement_date DATE,
    deterioration        BOOLEAN,
    content_hash         VARCHAR NOT NULL,
    loaded_at            TIMESTAMP NOT NULL
);

-- Long form: one row per graded area of an event, `overall` included.
CREATE TABLE judgements (
    document_id VARCHAR NOT NULL,
    area        VARCHAR NOT NULL,
    grade       VARCHAR NOT NULL,
    grade_rank  INTEGER NOT NULL,  -- 1 outstanding .. 4 inadequate; adequate ranks with requires_improvement
    PRIMARY KEY (document_id, area)
);

CREATE TABLE improvements (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE priority_actions (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (document_id, position)
);

-- Records that failed an expectation: never in events until a re-extraction passes.
CREATE TABLE quarantine (
    document_id    VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,
    rule           VARCHAR NOT NULL,  -- the failing expectation
    field          VARCHAR,
    value          VARCHAR,
    reason         VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);

CREATE TABLE runs (
    run_id           VARCHAR PRIMARY KEY,
    flow             VARCHAR NOT NULL,
    source           VARCHAR,
    status           VARCHAR NOT NULL,  -- running | completed | failed
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    duration_seconds DOUBLE,
    seen             INTEGER NOT NULL DEFAULT 0,
    new              INTEGER NOT NULL DEFAULT 0,  -- new documents and new versions
    unchanged        INTEGER NOT NULL DEFAULT 0,
    loaded           INTEGER NOT NULL DEFAULT 0,  -- documents whose event is now in events
    not_outcome      INTEGER NOT NULL DEFAULT 0,
    failed           INTEGER NOT NULL DEFAULT 0,
    quarantined      INTEGER NOT NULL DEFAULT 0,
    notes            VARCHAR
);

-- The digest is sent at most once per week and recipient unless forced.
CREATE TABLE digest_sends (
    week      VARCHAR NOT NULL,  -- ISO week, e.g. 2026-W47
    recipient VARCHAR NOT NULL,
    sent_at   TIMESTAMP NOT NULL,
    subject   VARCHAR,
    PRIMARY KEY (week, recipient)
);
