-- Version 5: what area SEND inspections and joint targeted area inspections concluded, and the history of every
-- record extracted from a document, with the extractor that produced it. Safe on a warehouse of any earlier
-- version: every statement adds what is missing and keeps what is there.

-- Area SEND outcomes (ofsted_watch.record.SEND_OUTCOMES): the framework that states each, and a rank to compare
-- an LA's outcomes over time (1 best). A lower rank than the LA's previous SEND outcome is an improvement.
CREATE TABLE IF NOT EXISTS send_outcomes (
    outcome      VARCHAR PRIMARY KEY,
    framework    VARCHAR NOT NULL,  -- '2023' area SEND, '2016' joint local area SEND (and its revisits)
    outcome_rank INTEGER NOT NULL,
    meaning      VARCHAR NOT NULL
);
INSERT OR REPLACE INTO send_outcomes VALUES
    ('positive',              '2023', 1, 'arrangements typically lead to positive experiences and outcomes'),
    ('inconsistent',          '2023', 2, 'arrangements lead to inconsistent experiences and outcomes'),
    ('systemic_failings',     '2023', 3, 'widespread and/or systemic failings leading to significant concerns'),
    ('no_wsoa',               '2016', 1, 'no written statement of action required'),
    ('wsoa_required',         '2016', 3, 'a written statement of action required: significant areas of weakness'),
    ('sufficient_progress',   '2016', 2, 'revisit: sufficient progress in every area of significant weakness'),
    ('insufficient_progress', '2016', 3, 'revisit: insufficient progress in at least one area of significant weakness');

ALTER TABLE events ADD COLUMN IF NOT EXISTS send_framework VARCHAR;     -- '2023' | '2016'
ALTER TABLE events ADD COLUMN IF NOT EXISTS send_revisit BOOLEAN;       -- a revisit after a WSOA
ALTER TABLE events ADD COLUMN IF NOT EXISTS send_outcome VARCHAR;       -- send_outcomes.outcome
ALTER TABLE events ADD COLUMN IF NOT EXISTS send_outcome_text VARCHAR;  -- the outcome's sentence as printed
ALTER TABLE events ADD COLUMN IF NOT EXISTS wsoa_required BOOLEAN;      -- 2016-framework inspections only
ALTER TABLE events ADD COLUMN IF NOT EXISTS jtai_theme VARCHAR;         -- as printed
ALTER TABLE events ADD COLUMN IF NOT EXISTS jtai_partners VARCHAR[];    -- ofsted_watch.record.JTAI_PARTNERS codes

-- The areas of significant weakness a WSOA names (progress NULL) or a revisit reports on, in order.
CREATE TABLE IF NOT EXISTS send_weaknesses (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    weakness    VARCHAR NOT NULL,
    progress    VARCHAR,  -- revisits: sufficient | insufficient
    PRIMARY KEY (document_id, position)
);

-- Which extractor (tasks.extract.extractor_version) read the current version; NULL: read before version 5.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS extractor VARCHAR;
ALTER TABLE document_versions ADD COLUMN IF NOT EXISTS extractor VARCHAR;

-- Every record extracted from a document version: re-reading the same bytes with a changed extractor adds a
-- record version and keeps the earlier ones (document_versions.record holds the latest).
CREATE TABLE IF NOT EXISTS record_versions (
    document_id    VARCHAR NOT NULL,
    version        INTEGER NOT NULL,  -- the document version read
    record_version INTEGER NOT NULL,  -- 1, 2, … per document version
    extractor      VARCHAR,           -- NULL: extracted before version 5
    record         JSON,
    record_hash    VARCHAR,           -- documents.record_hash when it was current
    status         VARCHAR NOT NULL,
    reason         VARCHAR,
    loaded_at      TIMESTAMP NOT NULL,
    superseded_at  TIMESTAMP,
    PRIMARY KEY (document_id, version, record_version)
);
-- The records held before version 5 become each document version's first record version.
INSERT INTO record_versions
SELECT dv.document_id, dv.version, 1, NULL, dv.record,
    CASE WHEN d.version = dv.version THEN d.record_hash END, dv.status, dv.reason, dv.loaded_at, dv.superseded_at
FROM document_versions AS dv
LEFT JOIN documents AS d USING (document_id)
WHERE NOT EXISTS (
    SELECT 1 FROM record_versions AS r WHERE r.document_id = dv.document_id AND r.version = dv.version
);
