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

-- Every area is kept (a SIF adoption grade is still the LA's latest of it); `current` says whether the framework
-- in force still grades the area (current_areas), so a page or a query can put the others under "no longer graded".
CREATE OR REPLACE VIEW latest_judgements AS
SELECT la_code, local_authority, area, grade, event_date, kind, judged_area, grade_rank, region, document_id, combined,
    area IN (SELECT area FROM current_areas) AS current
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
    previous_document_id,
    combined,
    previous_combined,
    previous_judged_area
FROM judgement_history
WHERE previous_grade IS NOT NULL;
