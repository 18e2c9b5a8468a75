-- Area SEND outcomes over time, and the SEND findings that are deteriorations.

-- Every area SEND event with an outcome, against the same LA's previous one (whatever framework gave it):
-- `direction` is 'better' when the outcome's rank (send_outcomes) is lower, 'worse' when higher.
CREATE OR REPLACE VIEW send_outcome_history AS
SELECT
    e.la_code,
    la.name AS local_authority,
    la.region,
    e.event_date,
    e.send_framework AS framework,
    e.send_revisit AS revisit,
    e.send_outcome AS outcome,
    o.outcome_rank,
    e.send_outcome_text AS outcome_text,
    lag(e.send_outcome) OVER w AS previous_outcome,
    lag(o.outcome_rank) OVER w AS previous_rank,
    lag(e.event_date) OVER w AS previous_date,
    lag(e.document_id) OVER w AS previous_document_id,
    CASE
        WHEN lag(o.outcome_rank) OVER w IS NULL THEN NULL
        WHEN o.outcome_rank < lag(o.outcome_rank) OVER w THEN 'better'
        WHEN o.outcome_rank > lag(o.outcome_rank) OVER w THEN 'worse'
        ELSE 'same'
    END AS direction,
    e.document_id
FROM events AS e
JOIN send_outcomes AS o ON o.outcome = e.send_outcome
LEFT JOIN local_authorities AS la USING (la_code)
WHERE e.kind = 'area_send'
WINDOW w AS (PARTITION BY e.la_code ORDER BY e.event_date, e.document_id);

-- Each LA's latest area SEND outcome.
CREATE OR REPLACE VIEW latest_send_outcomes AS
SELECT la_code, local_authority, region, outcome, outcome_text, framework, revisit, event_date, previous_outcome,
    previous_date, direction, document_id
FROM send_outcome_history
QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY event_date DESC, document_id DESC) = 1;

-- SEND findings that are deteriorations, one row per reason: widespread and/or systemic failings, a written
-- statement of action required, and each area of significant weakness a revisit found insufficient progress in.
CREATE OR REPLACE VIEW send_concerns AS
SELECT e.document_id, e.la_code, e.event_date, e.kind, e.send_outcome, 'systemic_failings' AS reason,
    e.send_outcome_text AS detail, CAST(NULL AS INTEGER) AS position  -- a weakness's place in the letter
FROM events AS e
WHERE e.send_outcome = 'systemic_failings'
UNION ALL
SELECT e.document_id, e.la_code, e.event_date, e.kind, e.send_outcome, 'wsoa_required', e.send_outcome_text, NULL
FROM events AS e
WHERE e.wsoa_required
UNION ALL
SELECT e.document_id, e.la_code, e.event_date, e.kind, e.send_outcome, 'weakness_insufficient_progress', w.weakness,
    w.position
FROM events AS e
JOIN send_weaknesses AS w USING (document_id)
WHERE w.progress = 'insufficient';
