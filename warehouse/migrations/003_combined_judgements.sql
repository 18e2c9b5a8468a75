-- Combined judgements. Until the 2023 framework, ILACS graded "the experiences and progress of children in
-- care and care leavers" as one area: the record keeps that grade as `in_care` (care leavers stay empty) and
-- says so in `combined_judgements`; the loader copies it here, and judgement_history counts the grade as the
-- judgement of every area it covers.
ALTER TABLE judgements ADD COLUMN IF NOT EXISTS combined_with VARCHAR[];  -- other areas the grade also covers

-- Rows loaded before this column existed were read from documents that are not re-read here. The framework
-- decides them: an ILACS inspection that started before 2023 grading children in care and no care leavers
-- separately graded the combined area (every such report in the verified corpus does; no later one does).
-- The next extraction of the document (a backfill after the extractor changed, or a reprocess) writes what
-- the label said, through the loader.
UPDATE judgements AS j
SET combined_with = ['care_leavers']
FROM events AS e
WHERE e.document_id = j.document_id
  AND j.area = 'in_care'
  AND j.combined_with IS NULL
  AND e.kind IN ('ilacs_standard', 'ilacs_short')
  AND e.inspection_start < DATE '2023-01-01'
  AND NOT EXISTS (
      SELECT 1 FROM judgements AS separate WHERE separate.document_id = j.document_id AND separate.area = 'care_leavers'
  );
