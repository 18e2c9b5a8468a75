-- Version 4: which improvements are priorities, and the rules that tag improvements with themes.

-- A SIF 'Priority and immediate action' or a visit's area for priority action. Rows loaded before this version
-- were not read for priorities: false until their documents are read again (`reprocess`).
ALTER TABLE improvements ADD COLUMN IF NOT EXISTS priority BOOLEAN DEFAULT false;

-- The theme taxonomy as rules (reference data from ofsted_watch/data/improvement_themes.csv, replaced on every
-- writable open when it differs): an improvement has a theme when one of the theme's rules matches its text,
-- its pattern found and its `unless` not.
CREATE TABLE IF NOT EXISTS theme_rules (
    theme   VARCHAR NOT NULL,  -- code, e.g. 'workforce'
    label   VARCHAR NOT NULL,  -- e.g. 'Workforce and caseloads'
    pattern VARCHAR NOT NULL,  -- a regular expression (RE2), matched case-insensitively
    unless  VARCHAR,           -- a regular expression that, found in the text, stops this rule (RE2 has no look-around)
    PRIMARY KEY (theme, pattern)
);
