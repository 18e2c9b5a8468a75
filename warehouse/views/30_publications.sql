-- When documents count as published, and the digest's macros over a period or a day.

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

-- A document's LA: its event's; for a document with no event (quarantined, unreadable, not an outcome) its
-- provider on the reports site, else the LA its current extracted record names (NULL when none is known).
CREATE OR REPLACE VIEW document_authorities AS
SELECT
    d.document_id,
    coalesce(
        e.la_code,
        (SELECT la.la_code FROM local_authorities AS la WHERE la.urn = d.provider_urn),
        (SELECT json_extract_string(v.record, '$.local_authority.la_code') FROM document_versions AS v
         WHERE v.document_id = d.document_id ORDER BY v.version DESC LIMIT 1)
    ) AS la_code
FROM documents AS d
LEFT JOIN events AS e USING (document_id);

-- The one improvement a digest quotes for a document: its first priority, else its first item; `priority` says
-- which it is.
CREATE OR REPLACE VIEW improvement_quotes AS
SELECT document_id, arg_min(text, (NOT priority, position)) AS quote, bool_or(priority) AS priority
FROM improvements
GROUP BY document_id;

-- The digest's rows: the events, judgement changes and deteriorations of documents published in the range.
-- row_type 'event': one per event (area 'overall'); 'change': one per graded area with a previous
-- judgement; 'deterioration': one per row of the deteriorations view. `framework` and `grades_overall` say
-- whether a full inspection's framework makes an overall judgement (false from April 2026: grade NULL then).
CREATE OR REPLACE MACRO changes_between(start_date, end_date) AS TABLE
WITH in_range AS (
    SELECT p.*, e.la_code, e.kind, e.event_date, e.inspection_start, e.inspection_end, e.lead_inspector,
        e.overall, e.visit_progress, e.visit_number, coalesce(pa.priority_actions, 0) AS priority_actions,
        coalesce(e.send_outcome_text, CASE WHEN q.priority THEN q.quote END, pa.first_priority_action, q.quote)
            AS quote,
        la.name AS local_authority, la.region, e.send_outcome, e.send_outcome_text, e.jtai_theme, e.framework,
        f.grades_overall, e.visit_focus
    FROM document_publication AS p
    JOIN events AS e USING (document_id)
    LEFT JOIN frameworks AS f USING (framework)
    LEFT JOIN event_priority_actions AS pa USING (document_id)
    LEFT JOIN improvement_quotes AS q USING (document_id)
    LEFT JOIN local_authorities AS la USING (la_code)
    WHERE p.published BETWEEN CAST(start_date AS DATE) AND CAST(end_date AS DATE)
),
rows AS (
    SELECT 'event' AS row_type, r.document_id, 'overall' AS area, h.previous_grade, h.previous_date,
        r.overall AS grade,
        CASE WHEN h.grade_rank < h.previous_rank THEN 'better' WHEN h.grade_rank > h.previous_rank THEN 'worse'
             WHEN h.previous_rank IS NOT NULL THEN 'same' END AS direction,
        CAST(NULL AS VARCHAR) AS reason, h.combined, h.previous_combined, CAST(NULL AS VARCHAR) AS detail,
        CAST(NULL AS INTEGER) AS position
    FROM in_range AS r
    LEFT JOIN judgement_history AS h ON h.document_id = r.document_id AND h.judged_area = 'overall'
    UNION ALL
    SELECT 'change', c.document_id, c.area, c.previous_grade, c.previous_date, c.grade, c.direction, NULL,
        c.combined, c.previous_combined, NULL, NULL
    FROM judgement_changes AS c SEMI JOIN in_range USING (document_id)
    UNION ALL
    -- An area SEND outcome against the LA's previous one: area 'area_send', the outcomes in the grade columns.
    SELECT 'change', s.document_id, 'area_send', s.previous_outcome, s.previous_date, s.outcome, s.direction, NULL,
        NULL, NULL, NULL, NULL
    FROM send_outcome_history AS s SEMI JOIN in_range USING (document_id)
    WHERE s.previous_outcome IS NOT NULL
    UNION ALL
    SELECT 'deterioration', d.document_id, d.area, d.previous_grade, d.previous_date, d.grade, NULL, d.reason,
        d.combined, d.previous_combined, d.detail, d.position
    FROM deteriorations AS d SEMI JOIN in_range USING (document_id)
)
SELECT
    rows.row_type, r.la_code, r.local_authority, r.region, r.kind, rows.area,
    rows.previous_grade, rows.previous_date, rows.grade, r.event_date, rows.direction, rows.reason,
    r.visit_progress AS progress, r.visit_number, r.priority_actions, r.quote,
    r.document_url, r.site_label, r.published, r.inspection_start, r.inspection_end, r.lead_inspector,
    r.document_id, rows.combined, rows.previous_combined, r.send_outcome, r.send_outcome_text, r.jtai_theme,
    rows.detail, r.framework, r.grades_overall, r.visit_focus
FROM rows
JOIN in_range AS r USING (document_id)
-- Whole, so the same warehouse gives the same rows in the same order (a visit's reasons, a letter's weaknesses):
-- the site's pages are known unchanged by what they show.
ORDER BY r.published, r.local_authority, r.document_id, rows.row_type, rows.area, rows.reason, rows.position,
    rows.detail;

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
