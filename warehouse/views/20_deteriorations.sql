-- What got worse: downgrades, first inadequate judgements, and visits reporting concerns.

CREATE OR REPLACE VIEW event_priority_actions AS
SELECT document_id, count(*) AS priority_actions, min_by(text, position) AS first_priority_action
FROM priority_actions
GROUP BY document_id;

-- Visits and letters that report a worse position, one row per reason.
CREATE OR REPLACE VIEW visit_concerns AS
WITH reasons AS (
    SELECT e.*, coalesce(p.priority_actions, 0) AS priority_actions,
        unnest([
            CASE WHEN e.visit_progress = 'insufficient' THEN 'insufficient_progress' END,
            CASE WHEN e.deterioration THEN 'deterioration_reported' END,
            CASE WHEN p.priority_actions > 0 THEN 'priority_actions' END
        ]) AS reason
    FROM events AS e
    LEFT JOIN event_priority_actions AS p USING (document_id)
)
SELECT * FROM reasons WHERE reason IS NOT NULL;

CREATE OR REPLACE VIEW deteriorations AS
SELECT
    la_code, local_authority, event_date, kind, area, previous_grade, grade,
    CASE WHEN previous_grade IS NULL THEN 'first_inadequate' ELSE 'downgrade' END AS reason,
    previous_date,
    CAST(NULL AS VARCHAR) AS progress,
    0 AS priority_actions,
    region,
    document_id,
    combined,
    previous_combined
FROM judgement_history
WHERE grade_rank > previous_rank OR (previous_grade IS NULL AND grade = 'inadequate')
UNION ALL
SELECT
    v.la_code, la.name, v.event_date, v.kind, CAST(NULL AS VARCHAR), v.prior_judgement, CAST(NULL AS VARCHAR),
    v.reason, v.prior_judgement_date, v.visit_progress, v.priority_actions, la.region, v.document_id,
    CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN)
FROM visit_concerns AS v
LEFT JOIN local_authorities AS la USING (la_code);
