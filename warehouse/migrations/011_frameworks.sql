-- Version 11: Ofsted's inspection frameworks as data, each full inspection's framework, and the National
-- Framework reference of each improvement (docs/frameworks.md).

-- One row per framework (reference data from common/data/frameworks.csv, replaced on every writable open when
-- it differs). `in_force_until` is the first day of the framework that replaced it; NULL while in force.
CREATE TABLE IF NOT EXISTS frameworks (
    framework      VARCHAR PRIMARY KEY,  -- pre_sif | sif | ilacs_2018 | ilacs_2023 | ilacs_2026
    label          VARCHAR NOT NULL,
    kinds          VARCHAR[] NOT NULL,   -- the document kinds inspected under it
    in_force_from  DATE NOT NULL,
    in_force_until DATE,
    graded_areas   VARCHAR[] NOT NULL,   -- judgements.area codes, `overall` apart
    grades_overall BOOLEAN NOT NULL,     -- false from April 2026: no overall effectiveness judgement
    grade_scale    VARCHAR[] NOT NULL,   -- best first
    combined_areas VARCHAR[],            -- 'in_care:care_leavers': one grade covers both (ILACS 2018-23)
    optional_areas VARCHAR[]             -- areas a report may leave "not judged" (no children in care)
);

-- The framework a full inspection was made under, read from the report's grid; NULL for every other kind.
ALTER TABLE events ADD COLUMN IF NOT EXISTS framework VARCHAR;

-- Events loaded before this version: every ILACS report then held had an overall grade (those without were
-- quarantined), so the grid was 2018's when one grade covered children in care and care leavers, else 2023's.
UPDATE events AS e
SET framework = CASE
    WHEN e.kind IN ('sif', 'pre_sif') THEN e.kind
    WHEN EXISTS (
        SELECT 1 FROM judgements AS j WHERE j.document_id = e.document_id AND j.combined_with IS NOT NULL
    ) THEN 'ilacs_2018'
    ELSE 'ilacs_2023'
END
WHERE e.framework IS NULL AND e.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif');

-- The outcome, enabler or principle of the Children's Social Care: National Framework an item cites
-- (outcome_1..outcome_4, enabler_1..enabler_3, principle_1..principle_6), or NULL. Items loaded before this
-- version are read again by `reprocess` (the extractor changed).
ALTER TABLE improvements ADD COLUMN IF NOT EXISTS national_framework VARCHAR;
