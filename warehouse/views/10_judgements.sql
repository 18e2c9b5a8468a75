-- Judgements over time: each graded area against the same LA's previous judgement of its comparable area.
-- Every file in warehouse/views/ is the current definition: edit it in place (see warehouse/db.py apply_views).

-- Every graded judgement (overall included) with its LA, the area it compares under, and the same LA's
-- previous judgement of that comparable area, whatever framework gave it. A combined judgement (ILACS's
-- "children in care and care leavers" until 2023: `in_care` with `combined_with` ['care_leavers']) is the
-- judgement of each area it covers, so it has one row under each, both with `combined` true.
CREATE OR REPLACE VIEW judgement_history AS
WITH covered AS (
    SELECT document_id, area AS judged_area, grade, grade_rank, combined_with IS NOT NULL AS combined,
        unnest(list_prepend(area, coalesce(combined_with, []))) AS covered_area
    FROM judgements
)
SELECT
    e.la_code,
    la.name AS local_authority,
    la.region,
    a.comparable_area AS area,
    c.judged_area,
    c.grade,
    c.grade_rank,
    e.event_date,
    e.kind,
    e.document_id,
    lag(c.grade) OVER w AS previous_grade,
    lag(c.grade_rank) OVER w AS previous_rank,
    lag(e.event_date) OVER w AS previous_date,
    lag(e.document_id) OVER w AS previous_document_id,
    c.combined,
    lag(c.combined) OVER w AS previous_combined,
    lag(c.judged_area) OVER w AS previous_judged_area
FROM covered AS c
JOIN events AS e USING (document_id)
JOIN areas AS a ON a.area = c.covered_area
LEFT JOIN local_authorities AS la USING (la_code)
WINDOW w AS (PARTITION BY e.la_code, a.comparable_area ORDER BY e.event_date, e.document_id);

-- The comparable areas the framework in force (ILACS) still grades: an area is current when any area compared
-- under it is graded by ILACS (`frameworks` 'ilacs, sif') or by every framework ('all'). So the SIF's leadership
-- grade stays current (ILACS grades leaders), while its adoption performance and LSCB judgements, and the older
-- frameworks' capacity to improve, are no longer graded: an LA's last grade of those is history, not standing.
CREATE OR REPLACE VIEW current_areas AS
SELECT DISTINCT comparable_area AS area
FROM areas
WHERE frameworks = 'all' OR list_contains(string_split(frameworks, ', '), 'ilacs');

-- What each framework judges, as comparable areas (`overall` where it grades one): the `frameworks` rows
-- (common/data/frameworks.csv) through `areas`, a combined grade counting for each area it covers.
CREATE OR REPLACE VIEW framework_areas AS
WITH graded AS (
    SELECT framework, unnest(list_concat(graded_areas, CASE WHEN grades_overall THEN ['overall'] ELSE [] END)) AS area
    FROM frameworks
    UNION ALL
    SELECT framework, string_split(unnest(combined_areas), ':')[2] FROM frameworks
)
SELECT DISTINCT g.framework, a.comparable_area AS area
FROM graded AS g
JOIN areas AS a USING (area);

-- Every full inspection (the frameworks' kinds), with its framework: the inspections a standing grade follows.
CREATE OR REPLACE VIEW full_inspections AS
SELECT e.la_code, e.event_date, e.document_id, e.kind, e.framework, f.grades_overall
FROM events AS e
LEFT JOIN frameworks AS f USING (framework)
WHERE e.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif');

-- Every area is kept (a SIF adoption grade is still the LA's latest of it); `current` says whether it is the LA's
-- standing grade: the framework in force still grades the area (current_areas) and the LA's latest full
-- inspection judged it. An LA last inspected under a framework that makes no overall judgement (ILACS from April
-- 2026) keeps its last overall grade here as history, `current` false: a page shows it under "no longer graded".
-- `framework` is the framework of the grade's own inspection; `latest_framework` that of the LA's latest.
CREATE OR REPLACE VIEW latest_judgements AS
WITH latest_inspection AS (
    SELECT la_code, framework AS latest_framework, event_date AS latest_inspection_date
    FROM full_inspections
    QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY event_date DESC, document_id DESC) = 1
)
SELECT h.la_code, h.local_authority, h.area, h.grade, h.event_date, h.kind, h.judged_area, h.grade_rank, h.region,
    h.document_id, h.combined,
    h.area IN (SELECT area FROM current_areas)
        AND (i.latest_framework IS NULL OR h.event_date >= i.latest_inspection_date OR f.area IS NOT NULL) AS current,
    e.framework, i.latest_framework, i.latest_inspection_date
FROM judgement_history AS h
JOIN events AS e USING (document_id)
LEFT JOIN latest_inspection AS i ON i.la_code = h.la_code
LEFT JOIN framework_areas AS f ON f.framework = i.latest_framework AND f.area = h.area
QUALIFY row_number() OVER (PARTITION BY h.la_code, h.area ORDER BY h.event_date DESC, h.document_id DESC) = 1;

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
    previous_document_id,
    combined,
    previous_combined,
    previous_judged_area
FROM judgement_history
WHERE previous_grade IS NOT NULL;
