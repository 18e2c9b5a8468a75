-- The visit tables (issue 35): focused visits by focus, year and the LA's grade at the time; the days from a
-- visit's last day to its publication; JTAIs by theme; area SEND outcomes by year. docs/warehouse.md.

-- Each focused visit, and the LA's latest full inspection that ended before the visit began: its overall grade
-- (`grade_at_visit`) and framework. A framework that states no overall grade is read by judgement
-- (`focused_visit_grades`).
CREATE OR REPLACE VIEW focused_visits AS
WITH visits AS (
    SELECT e.document_id, e.la_code, e.inspection_start, e.inspection_end, e.event_date, e.visit_focus,
        coalesce(e.inspection_start, e.event_date) AS visit_start
    FROM events AS e
    WHERE e.kind = 'focused_visit'
),
prior AS (
    SELECT v.document_id, max_by(f.document_id, f.event_date) AS prior_document_id
    FROM visits AS v
    JOIN events AS f
        ON f.la_code = v.la_code
        AND f.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif')
        AND f.event_date < v.visit_start
    GROUP BY v.document_id
)
SELECT
    v.document_id,
    v.la_code,
    la.name AS local_authority,
    la.region,
    v.inspection_start,
    v.inspection_end,
    v.event_date,
    year(v.visit_start) AS year,
    v.visit_focus,
    p.prior_document_id,
    f.kind AS prior_kind,
    f.framework AS prior_framework,
    f.event_date AS prior_date,
    f.overall AS grade_at_visit
FROM visits AS v
LEFT JOIN prior AS p USING (document_id)
LEFT JOIN events AS f ON f.document_id = p.prior_document_id
LEFT JOIN local_authorities AS la ON la.la_code = v.la_code;

-- Focused visits by focus and year (`visit_focus` NULL: the letter names no focus).
CREATE OR REPLACE VIEW focused_visits_by_focus AS
SELECT year, visit_focus, count(*) AS visits
FROM focused_visits
GROUP BY ALL;

-- Each focused visit under the LA's grade at the time: its overall grade at the latest earlier full inspection;
-- where that inspection states no overall grade (the framework of 2026), one row per judgement it makes; and a
-- row with neither when the warehouse holds no earlier full inspection.
CREATE OR REPLACE VIEW focused_visit_grades AS
SELECT document_id, la_code, year, visit_focus, 'overall' AS judgement, grade_at_visit AS grade
FROM focused_visits
WHERE grade_at_visit IS NOT NULL
UNION ALL
SELECT v.document_id, v.la_code, v.year, v.visit_focus, j.area, j.grade
FROM focused_visits AS v
JOIN judgements AS j ON j.document_id = v.prior_document_id
WHERE v.grade_at_visit IS NULL AND j.area <> 'overall'
UNION ALL
SELECT document_id, la_code, year, visit_focus, NULL, NULL
FROM focused_visits
WHERE prior_document_id IS NULL;

-- Focused visits by the LA's grade at the time, focus and year.
CREATE OR REPLACE VIEW focused_visits_by_grade AS
SELECT year, visit_focus, judgement, grade, count(*) AS visits
FROM focused_visit_grades
GROUP BY ALL;

-- Days from the inspection's or visit's last day to its publication (the reports site's date, else the one
-- printed), for every kind of outcome, by the year of that last day.
CREATE OR REPLACE VIEW publication_days AS
WITH days AS (
    SELECT e.kind, year(e.inspection_end) AS year,
        date_diff('day', e.inspection_end, coalesce(d.published, e.published)) AS days
    FROM events AS e
    JOIN documents AS d USING (document_id)
    WHERE e.inspection_end IS NOT NULL AND coalesce(d.published, e.published) IS NOT NULL
)
SELECT kind, year, count(*) AS documents, median(days) AS median_days, min(days) AS min_days, max(days) AS max_days
FROM days
GROUP BY ALL;

-- JTAIs by theme (as printed) and year.
CREATE OR REPLACE VIEW jtais_by_theme AS
SELECT year(event_date) AS year, jtai_theme AS theme, count(*) AS jtais
FROM events
WHERE kind = 'jtai'
GROUP BY ALL;

-- Area SEND outcomes by year, framework and whether a revisit gave them.
CREATE OR REPLACE VIEW send_outcomes_by_year AS
SELECT year(event_date) AS year, send_framework AS framework, coalesce(send_revisit, false) AS revisit,
    send_outcome AS outcome, count(*) AS inspections
FROM events
WHERE kind = 'area_send'
GROUP BY ALL;
