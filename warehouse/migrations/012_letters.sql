-- Version 12 (issue 35): what letters and joint inspections say beyond their outcome. Safe on a warehouse of any
-- earlier version: every statement adds what is missing and keeps what is there.

-- What a focused visit looked at (common.record.VISIT_FOCUSES; NULL when the letter names no focus).
ALTER TABLE events ADD COLUMN IF NOT EXISTS visit_focus VARCHAR;
-- The inspectorates that carried out a JTAI, in the order ofsted, cqc, hmicfrs, hmip.
ALTER TABLE events ADD COLUMN IF NOT EXISTS jtai_inspectorates VARCHAR[];
-- Which judgement a visit letter's prior judgement is: 'overall', or the area the letter names (an area of the
-- judgements table). The checks compare it with that same judgement.
ALTER TABLE events ADD COLUMN IF NOT EXISTS prior_judgement_area VARCHAR;
-- An area SEND report's previous full inspection (its first day) and that inspection's revisit, as its
-- 'Dates of previous inspection' line gives them: never the report's own dates.
ALTER TABLE events ADD COLUMN IF NOT EXISTS send_previous_inspection_date DATE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS send_previous_revisit_date DATE;
-- The framework of a full inspection (issue 33 adds it in migration 011; harmless when both exist): the visit
-- tables read an LA's grade by judgement where its framework states no overall grade.
ALTER TABLE events ADD COLUMN IF NOT EXISTS framework VARCHAR;

-- Until now every prior judgement a letter stated was read as the overall one, and every filled one is.
UPDATE events SET prior_judgement_area = 'overall' WHERE prior_judgement IS NOT NULL AND prior_judgement_area IS NULL;
