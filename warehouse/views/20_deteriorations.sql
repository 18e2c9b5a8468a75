-- What got worse: downgrades, first inadequate judgements, visits reporting concerns, and area SEND concerns.

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

-- Area SEND rows (send_concerns) have no area or grade: `send_outcome` is the outcome, `previous_send_outcome`
-- and `previous_date` the LA's previous SEND outcome, `detail` the outcome's sentence or the weakness as printed.
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
    previous_combined,
    CAST(NULL AS VARCHAR) AS send_outcome,
    CAST(NULL AS VARCHAR) AS previous_send_outcome,
    CAST(NULL AS VARCHAR) AS detail,
    CAST(NULL AS INTEGER) AS position  -- an area SEND weakness's place in its letter
FROM judgement_history
WHERE grade_rank > previous_rank OR (previous_grade IS NULL AND grade = 'inadequate')
UNION ALL
SELECT
    v.la_code, la.name, v.event_date, v.kind, CAST(NULL AS VARCHAR), v.prior_judgement, CAST(NULL AS VARCHAR),
    v.reason, v.prior_judgement_date, v.visit_progress, v.priority_actions, la.region, v.document_id,
    CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN), NULL, NULL, NULL, NULL
FROM visit_concerns AS v
LEFT JOIN local_authorities AS la USING (la_code)
UNION ALL
SELECT
    s.la_code, la.name, s.event_date, s.kind, NULL, NULL, NULL, s.reason, h.previous_date, NULL, 0, la.region,
    s.document_id, NULL, NULL, s.send_outcome, h.previous_outcome, s.detail, s.position
FROM send_concerns AS s
LEFT JOIN send_outcome_history AS h USING (document_id)
LEFT JOIN local_authorities AS la ON la.la_code = s.la_code;
