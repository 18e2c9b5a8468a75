-- Views and macros over the tables. A later migration changes one with CREATE OR REPLACE.

-- Every graded judgement (overall included) with its LA, the area it compares under, and the same LA's
-- previous judgement of that comparable area, whatever framework gave it.
CREATE OR REPLACE VIEW judgement_history AS
SELECT
    e.la_code,
    la.name AS local_authority,
    la.region,
    a.comparable_area AS area,
    j.area AS judged_area,
    j.grade,
    j.grade_rank,
    e.event_date,
    e.kind,
    e.document_id,
    lag(j.grade) OVER w AS previous_grade,
    lag(j.grade_rank) OVER w AS previous_rank,
    lag(e.event_date) OVER w AS previous_date,
    lag(e.document_id) OVER w AS previous_document_id
FROM judgements AS j
JOIN events AS e USING (document_id)
JOIN areas AS a USING (area)
LEFT JOIN local_authorities AS la USING (la_code)
WINDOW w AS (PARTITION BY e.la_code, a.comparable_area ORDER BY e.event_date, e.document_id);

CREATE OR REPLACE VIEW latest_judgements AS
SELECT la_code, local_authority, area, grade, event_date, kind, judged_area, grade_rank, region, document_id
FROM judgement_history
QUALIFY row_number() OVER (PARTITION BY la_code, area ORDER BY event_date DESC, document_id DESC) = 1;

CREATE OR REPLACE VIEW judgement_changes AS
SELECT
    la_code,
    local_authority,
    area,
    previous_grade,
    previous_date,
    grade,
    event_date,
    CASE
        WHEN grade_rank < previous_rank THEN 'better'
        WHEN grade_rank > previous_rank THEN 'worse'
        ELSE 'same'
    END AS direction,
    kind,
    judged_area,
    region,
    document_id,
    previous_document_id
FROM judgement_history
WHERE previous_grade IS NOT NULL;

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
    document_id
FROM judgement_history
WHERE grade_rank > previous_rank OR (previous_grade IS NULL AND grade = 'inadequate')
UNION ALL
SELECT
    v.la_code, la.name, v.event_date, v.kind, CAST(NULL AS VARCHAR), v.prior_judgement, CAST(NULL AS VARCHAR),
    v.reason, v.prior_judgement_date, v.visit_progress, v.priority_actions, la.region, v.document_id
FROM visit_concerns AS v
LEFT JOIN local_authorities AS la USING (la_code);

-- When a document counts as published: the site's date, else the date printed in it, else first seen.
CREATE OR REPLACE VIEW document_publication AS
SELECT
    d.document_id,
    CASE WHEN d.document_id LIKE 'http%' THEN d.document_id END AS document_url,
    d.site_label,
    coalesce(d.published, e.published, CAST(d.first_seen_at AS DATE)) AS published,
    d.status,
    d.reason,
    d.status_at
FROM documents AS d
LEFT JOIN events AS e USING (document_id);

-- The digest's rows: the events, judgement changes and deteriorations of documents published in the range.
-- row_type 'event': one per event (area 'overall'); 'change': one per graded area with a previous
-- judgement; 'deterioration': one per row of the deteriorations view.
CREATE OR REPLACE MACRO changes_between(start_date, end_date) AS TABLE
WITH in_range AS (
    SELECT p.*, e.la_code, e.kind, e.event_date, e.inspection_start, e.inspection_end, e.lead_inspector,
        e.overall, e.visit_progress, e.visit_number, coalesce(pa.priority_actions, 0) AS priority_actions,
        coalesce(pa.first_priority_action, imp.text) AS quote,
        la.name AS local_authority, la.region
    FROM document_publication AS p
    JOIN events AS e USING (document_id)
    LEFT JOIN event_priority_actions AS pa USING (document_id)
    LEFT JOIN improvements AS imp ON imp.document_id = e.document_id AND imp.position = 0
    LEFT JOIN local_authorities AS la USING (la_code)
    WHERE p.published BETWEEN CAST(start_date AS DATE) AND CAST(end_date AS DATE)
),
rows AS (
    SELECT 'event' AS row_type, r.document_id, 'overall' AS area, h.previous_grade, h.previous_date,
        r.overall AS grade,
        CASE WHEN h.grade_rank < h.previous_rank THEN 'better' WHEN h.grade_rank > h.previous_rank THEN 'worse'
             WHEN h.previous_rank IS NOT NULL THEN 'same' END AS direction,
        CAST(NULL AS VARCHAR) AS reason
    FROM in_range AS r
    LEFT JOIN judgement_history AS h ON h.document_id = r.document_id AND h.judged_area = 'overall'
    UNION ALL
    SELECT 'change', c.document_id, c.area, c.previous_grade, c.previous_date, c.grade, c.direction, NULL
    FROM judgement_changes AS c SEMI JOIN in_range USING (document_id)
    UNION ALL
    SELECT 'deterioration', d.document_id, d.area, d.previous_grade, d.previous_date, d.grade, NULL, d.reason
    FROM deteriorations AS d SEMI JOIN in_range USING (document_id)
)
SELECT
    rows.row_type, r.la_code, r.local_authority, r.region, r.kind, rows.area,
    rows.previous_grade, rows.previous_date, rows.grade, r.event_date, rows.direction, rows.reason,
    r.visit_progress AS progress, r.visit_number, r.priority_actions, r.quote,
    r.document_url, r.site_label, r.published, r.inspection_start, r.inspection_end, r.lead_inspector,
    r.document_id
FROM rows
JOIN in_range AS r USING (document_id)
ORDER BY r.published, r.local_authority, r.document_id, rows.row_type, rows.area;

-- Documents whose problem was recorded, or which were published, in the range: one row per quarantine
-- failure, one per failed or unreadable document.
CREATE OR REPLACE MACRO problems_between(start_date, end_date) AS TABLE
SELECT
    p.document_id, p.document_url, p.site_label, p.published, p.status, p.reason,
    q.rule, q.field, q.value, coalesce(q.reason, p.reason) AS detail, p.status_at
FROM document_publication AS p
LEFT JOIN quarantine AS q USING (document_id)
WHERE p.status IN ('quarantined', 'unreadable', 'fetch_failed')
  AND (CAST(p.status_at AS DATE) BETWEEN CAST(start_date AS DATE) AND CAST(end_date AS DATE)
       OR p.published BETWEEN CAST(start_date AS DATE) AND CAST(end_date AS DATE))
ORDER BY p.status_at, p.document_id, q.rule, q.field;

-- Each LA's overall grade as it stood on a day: for the digest's national picture.
CREATE OR REPLACE MACRO overall_grades_on(day) AS TABLE
SELECT la_code, local_authority, region, grade, event_date, kind
FROM judgement_history
WHERE judged_area = 'overall' AND event_date <= CAST(day AS DATE)
QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY event_date DESC, document_id DESC) = 1;
