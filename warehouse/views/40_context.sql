-- Context for every judgement: statistical neighbours, the inspection cycle, and the national picture on a day.
-- Built on judgement_history (10_judgements.sql): areas compare across frameworks here exactly as there.

-- Full inspections under the frameworks in force since 2013 (SIF, then ILACS), in the five areas both grade:
-- each LA's judgement of each comparable area, one per day (two documents of one day: the later id, as in
-- latest_judgements).
CREATE OR REPLACE VIEW full_judgements AS
SELECT h.la_code, h.area, h.grade, h.grade_rank, h.kind, h.event_date, h.document_id, e.framework
FROM judgement_history AS h
JOIN events AS e USING (document_id)
WHERE h.kind IN ('sif', 'ilacs_standard', 'ilacs_short')
  AND h.area IN ('overall', 'help_and_protection', 'in_care', 'care_leavers', 'leaders')
QUALIFY row_number() OVER (PARTITION BY h.la_code, h.area, h.event_date ORDER BY h.document_id DESC) = 1;

-- The full inspections of those frameworks, graded or not: an inspection under a framework that makes no overall
-- judgement (ILACS from April 2026) is the LA's latest all the same.
CREATE OR REPLACE VIEW cycle_inspections AS
SELECT * FROM full_inspections WHERE kind IN ('sif', 'ilacs_standard', 'ilacs_short');

-- Each LA's latest full judgement of each area up to a day, and its latest full inspection up to the day. The
-- grade is `no_longer_graded` when that later inspection's framework makes no such judgement (an overall grade
-- from before April 2026, after an inspection under the changed ILACS): history, never the LA's standing.
CREATE OR REPLACE MACRO full_judgements_on(day) AS TABLE
WITH
latest AS (
    SELECT *
    FROM full_judgements
    WHERE event_date <= CAST(day AS DATE)
    QUALIFY row_number() OVER (PARTITION BY la_code, area ORDER BY event_date DESC) = 1
),
inspected AS (
    SELECT la_code, framework AS latest_framework, event_date AS latest_inspection_date
    FROM cycle_inspections
    WHERE event_date <= CAST(day AS DATE)
    QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY event_date DESC, document_id DESC) = 1
)
SELECT l.*, i.latest_framework, i.latest_inspection_date,
    coalesce(i.latest_inspection_date > l.event_date AND f.area IS NULL, false) AS no_longer_graded
FROM latest AS l
LEFT JOIN inspected AS i USING (la_code)
LEFT JOIN framework_areas AS f ON f.framework = i.latest_framework AND f.area = l.area;

-- The LAs that existed on a day: valid_from and valid_to are an LA's first and last days.
CREATE OR REPLACE MACRO authorities_on(day) AS TABLE
SELECT *
FROM local_authorities
WHERE coalesce(valid_from, DATE '0001-01-01') <= CAST(day AS DATE)
  AND coalesce(valid_to, DATE '9999-12-31') >= CAST(day AS DATE);


-- Statistical neighbours ------------------------------------------------------------------------------------

-- Each LA's statistical neighbours, most similar first, with the neighbour's overall grade at its latest full
-- inspection up to the day (NULL: none yet, e.g. a council new since a reorganisation, or none now: see
-- `no_longer_graded`). `framework` is the framework of the neighbour's latest full inspection, so a line compares
-- like with like; an overall grade that a later inspection under a framework without one left behind is NULL here,
-- `no_longer_graded` true, with the old grade as `last_overall` and its date `event_date`.
CREATE OR REPLACE MACRO neighbour_grades_on(day) AS TABLE
SELECT
    n.la_code, la.name AS local_authority, n.rank, n.neighbour_la_code, nb.name AS neighbour,
    nb.region AS neighbour_region,
    CASE WHEN NOT j.no_longer_graded THEN j.grade END AS grade,
    CASE WHEN NOT j.no_longer_graded THEN j.grade_rank END AS grade_rank,
    j.event_date, j.kind, j.document_id,
    coalesce(j.latest_framework, i.framework) AS framework,
    coalesce(j.no_longer_graded, NOT i.grades_overall, false) AS no_longer_graded,
    j.grade AS last_overall,
    CASE WHEN coalesce(j.no_longer_graded, NOT i.grades_overall, false) THEN 'no_longer_graded' ELSE j.grade END
        AS standing
FROM stat_neighbours AS n
LEFT JOIN local_authorities AS la USING (la_code)
LEFT JOIN local_authorities AS nb ON nb.la_code = n.neighbour_la_code
LEFT JOIN full_judgements_on(day) AS j ON j.la_code = n.neighbour_la_code AND j.area = 'overall'
LEFT JOIN (
    SELECT la_code, framework, grades_overall FROM cycle_inspections WHERE event_date <= CAST(day AS DATE)
    QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY event_date DESC, document_id DESC) = 1
) AS i ON i.la_code = n.neighbour_la_code
ORDER BY n.la_code, n.rank;

CREATE OR REPLACE VIEW neighbour_grades AS
SELECT * FROM neighbour_grades_on(current_date);


-- The inspection cycle --------------------------------------------------------------------------------------

-- Ofsted suspended routine inspection on 17 March 2020 (COVID-19) and restarted full ILACS inspections in the
-- summer of 2021 (the corpus's first full inspection after the pause began on 28 June 2021). For an inspection
-- before the pause, the ILACS clock is taken to have stopped while it lasted.
CREATE OR REPLACE MACRO inspection_pause_start() AS DATE '2020-03-17';
CREATE OR REPLACE MACRO inspection_pause_end() AS DATE '2021-06-27';

-- The day `months` after a full inspection that ended on `last_day`; with `stop_for_pause`, a day past the
-- pause's start moves on by the pause's length when the inspection came before it.
CREATE OR REPLACE MACRO ilacs_due(last_day, months, stop_for_pause := true) AS
CAST(CAST(last_day AS DATE) + to_months(months) AS DATE) + CASE
    WHEN stop_for_pause
        AND CAST(last_day AS DATE) < inspection_pause_start()
        AND CAST(CAST(last_day AS DATE) + to_months(months) AS DATE) >= inspection_pause_start()
    THEN CAST(inspection_pause_end() - inspection_pause_start() + 1 AS INTEGER)
    ELSE 0
END;

-- The ILACS rules: after good or outstanding a short inspection, after requires improvement a standard one,
-- each usually between six months before and six months after the third anniversary of the last; after
-- inadequate, monitoring visits and then a standard re-inspection with no fixed window.
CREATE OR REPLACE MACRO ilacs_expected_kind(last_rank) AS
CASE WHEN last_rank <= 2 THEN 'ilacs_short' WHEN last_rank IS NOT NULL THEN 'ilacs_standard' END;
CREATE OR REPLACE MACRO ilacs_window_start(last_day, last_rank, stop_for_pause := true) AS
CASE WHEN last_rank <= 3 THEN ilacs_due(last_day, 30, stop_for_pause) END;
CREATE OR REPLACE MACRO ilacs_window_end(last_day, last_rank, stop_for_pause := true) AS
CASE WHEN last_rank <= 3 THEN ilacs_due(last_day, 42, stop_for_pause) END;

-- One row per LA existing on the day: its last full inspection (SIF or ILACS) up to the day, the monitoring and
-- focused visits since, and the next full inspection the ILACS rules lead one to expect. An expectation, not a
-- schedule: Ofsted announces no dates.
CREATE OR REPLACE MACRO inspection_outlook_on(day) AS TABLE
WITH
last_full AS (
    SELECT i.la_code, i.kind, i.event_date, i.document_id, i.framework, i.grades_overall, j.grade, j.grade_rank
    FROM cycle_inspections AS i
    LEFT JOIN full_judgements AS j ON j.document_id = i.document_id AND j.area = 'overall'
    WHERE i.event_date <= CAST(day AS DATE)
    QUALIFY row_number() OVER (PARTITION BY i.la_code ORDER BY i.event_date DESC, i.document_id DESC) = 1
),
authorities AS (
    SELECT la.la_code, la.name, la.region, l.kind, l.event_date, l.grade, l.grade_rank, l.document_id, l.framework,
        l.grades_overall
    FROM authorities_on(day) AS la
    LEFT JOIN last_full AS l USING (la_code)
),
visits AS (
    SELECT
        a.la_code, count(*) AS visits_since,
        arg_max(v.kind, v.event_date) AS last_visit_kind,
        arg_max(v.visit_number, v.event_date) AS last_visit_number,
        arg_max(v.visit_progress, v.event_date) AS last_visit_progress,
        max(v.event_date) AS last_visit_date
    FROM authorities AS a
    JOIN events AS v
        ON v.la_code = a.la_code
        AND v.kind IN ('monitoring_visit', 'focused_visit')
        AND v.event_date > coalesce(a.event_date, DATE '0001-01-01')
        AND v.event_date <= CAST(day AS DATE)
    GROUP BY a.la_code
),
expected AS (
    SELECT
        a.*,
        ilacs_expected_kind(a.grade_rank) AS expected_kind,
        ilacs_window_start(a.event_date, a.grade_rank) AS window_start,
        ilacs_window_end(a.event_date, a.grade_rank) AS window_end
    FROM authorities AS a
)
SELECT
    e.la_code, e.name AS local_authority, e.region,
    e.kind AS last_kind, e.event_date AS last_date, e.grade AS last_overall, e.document_id AS last_document_id,
    coalesce(v.visits_since, 0) AS visits_since, v.last_visit_kind, v.last_visit_number, v.last_visit_progress,
    v.last_visit_date,
    e.expected_kind, e.window_start, e.window_end,
    CASE
        WHEN e.event_date IS NULL THEN 'never_inspected'
        -- The rules above follow an overall grade. Those for inspections under a framework with none (ILACS from
        -- April 2026) are not encoded here: the outlook says so rather than guess.
        WHEN NOT e.grades_overall THEN 'not_stated'
        WHEN e.grade_rank = 4 THEN 'monitoring'
        WHEN CAST(day AS DATE) < e.window_start THEN 'not_due'
        WHEN CAST(day AS DATE) <= e.window_end THEN 'in_window'
        ELSE 'overdue'
    END AS status,
    CAST(day AS DATE) AS as_at,
    CASE
        WHEN NOT e.grades_overall THEN 'The rules for the next inspection after one under this framework are not stated here'
        ELSE 'An expectation from the ILACS rules, not a date Ofsted has announced'
    END AS note,
    e.framework AS last_framework
FROM expected AS e
LEFT JOIN visits AS v USING (la_code)
ORDER BY e.la_code;

-- Today's outlook: "today" is DuckDB's current_date (the machine's date in its time zone).
CREATE OR REPLACE VIEW inspection_outlook AS
SELECT * FROM inspection_outlook_on(current_date);

-- Every ILACS inspection that followed an earlier full inspection (SIF or ILACS) of the same LA, against the
-- window the ILACS rules set from the earlier one: as the rule states, and with the clock stopped during the
-- 2020-21 pause. `timing` is early, inside, late, or after_inadequate (no window).
CREATE OR REPLACE VIEW reinspections AS
WITH inspections AS (
    -- Every inspection, graded overall or not: one under the April 2026 framework still follows the one before.
    SELECT
        i.la_code, i.kind, i.event_date, j.grade AS overall, i.document_id,
        lag(i.kind) OVER w AS previous_kind,
        lag(i.event_date) OVER w AS previous_date,
        lag(j.grade) OVER w AS previous_overall,
        lag(j.grade_rank) OVER w AS previous_rank
    FROM cycle_inspections AS i
    LEFT JOIN full_judgements AS j ON j.document_id = i.document_id AND j.area = 'overall'
    WINDOW w AS (PARTITION BY i.la_code ORDER BY i.event_date, i.document_id)
    QUALIFY row_number() OVER (PARTITION BY i.la_code, i.event_date ORDER BY i.document_id DESC) = 1
),
windows AS (
    SELECT
        *,
        ilacs_expected_kind(previous_rank) AS expected_kind,
        ilacs_window_start(previous_date, previous_rank, false) AS stated_window_start,
        ilacs_window_end(previous_date, previous_rank, false) AS stated_window_end,
        ilacs_window_start(previous_date, previous_rank) AS window_start,
        ilacs_window_end(previous_date, previous_rank) AS window_end
    FROM inspections
    WHERE previous_date IS NOT NULL AND kind IN ('ilacs_standard', 'ilacs_short')
)
SELECT
    la_code, kind, event_date, overall, document_id, previous_kind, previous_date, previous_overall,
    expected_kind, stated_window_start, stated_window_end, window_start, window_end,
    CASE
        WHEN previous_rank = 4 THEN 'after_inadequate'
        WHEN event_date < stated_window_start THEN 'early'
        WHEN event_date <= stated_window_end THEN 'inside'
        ELSE 'late'
    END AS stated_timing,
    CASE
        WHEN previous_rank = 4 THEN 'after_inadequate'
        WHEN event_date < window_start THEN 'early'
        WHEN event_date <= window_end THEN 'inside'
        ELSE 'late'
    END AS timing,
    datediff('month', previous_date, event_date) AS months_since_previous
FROM windows;


-- How well the rule held, per year of re-inspection (and for all years): ILACS re-inspections with a window,
-- how many fell early, inside or late as the rule states, how many inside with the clock stopped during the
-- 2020-21 pause, how many were of the expected kind, and the re-inspections after inadequate (no window).
CREATE OR REPLACE VIEW inspection_cycle AS
SELECT
    coalesce(CAST(year(event_date) AS VARCHAR), 'all') AS year,
    count(*) FILTER (WHERE timing <> 'after_inadequate') AS reinspections,
    count(*) FILTER (WHERE stated_timing = 'early') AS early,
    count(*) FILTER (WHERE stated_timing = 'inside') AS inside,
    count(*) FILTER (WHERE stated_timing = 'late') AS late,
    round(100.0 * count(*) FILTER (WHERE stated_timing = 'inside')
        / nullif(count(*) FILTER (WHERE timing <> 'after_inadequate'), 0), 1) AS percent_inside,
    count(*) FILTER (WHERE timing = 'inside') AS inside_pause_stopped,
    round(100.0 * count(*) FILTER (WHERE timing = 'inside')
        / nullif(count(*) FILTER (WHERE timing <> 'after_inadequate'), 0), 1) AS percent_inside_pause_stopped,
    round(100.0 * count(*) FILTER (WHERE timing <> 'after_inadequate' AND kind = expected_kind)
        / nullif(count(*) FILTER (WHERE timing <> 'after_inadequate'), 0), 1) AS percent_expected_kind,
    median(months_since_previous) FILTER (WHERE timing <> 'after_inadequate') AS median_months,
    count(*) FILTER (WHERE timing = 'after_inadequate') AS after_inadequate,
    median(months_since_previous) FILTER (WHERE timing = 'after_inadequate') AS median_months_after_inadequate
FROM reinspections
GROUP BY ROLLUP (year(event_date))
ORDER BY grouping(year(event_date)), year(event_date);

-- The national picture --------------------------------------------------------------------------------------

-- For each day of a list (`as_at`), for England and each region, and each of the five areas: the LAs existing
-- on the day, how many stood at each grade at their latest full inspection (SIF or ILACS) up to that day, how many
-- had none yet, and the share of those judged that were good or outstanding (a percentage, one decimal).
-- Grades count by rank: requires_improvement includes any `adequate`. `no_longer_graded` counts the LAs whose
-- latest inspection was under a framework that makes no such judgement (overall, from April 2026): their old
-- grade is not counted as standing, and they are neither judged nor "not yet judged".
CREATE OR REPLACE MACRO national_pictures(days) AS TABLE
WITH
asked AS (SELECT DISTINCT CAST(unnest(days) AS DATE) AS as_at),
areas_shown(area, position) AS (
    VALUES ('overall', 1), ('help_and_protection', 2), ('in_care', 3), ('care_leavers', 4), ('leaders', 5)
),
existing AS (
    SELECT a.as_at, la.la_code, la.region, s.area, s.position
    FROM asked AS a
    JOIN local_authorities AS la
        ON coalesce(la.valid_from, DATE '0001-01-01') <= a.as_at AND coalesce(la.valid_to, DATE '9999-12-31') >= a.as_at
    CROSS JOIN areas_shown AS s
),
graded AS (
    SELECT e.*, j.grade_rank, j.event_date AS graded_on
    FROM existing AS e
    ASOF LEFT JOIN full_judgements AS j
        ON j.la_code = e.la_code AND j.area = e.area AND e.as_at >= j.event_date
),
inspected AS (
    SELECT g.*, i.framework AS latest_framework, i.event_date AS inspected_on
    FROM graded AS g
    ASOF LEFT JOIN cycle_inspections AS i ON i.la_code = g.la_code AND g.as_at >= i.event_date
),
standing AS (
    -- A grade a later inspection's framework no longer gives is history: counted apart, never as standing.
    SELECT s.as_at, s.region, s.area, s.position,
        coalesce(s.inspected_on > s.graded_on AND f.area IS NULL, false) AS no_longer_graded,
        CASE WHEN NOT coalesce(s.inspected_on > s.graded_on AND f.area IS NULL, false) THEN s.grade_rank END
            AS grade_rank,
        s.inspected_on IS NOT NULL AND s.graded_on IS NULL AND f.area IS NULL AS never_graded_here
    FROM inspected AS s
    LEFT JOIN framework_areas AS f ON f.framework = s.latest_framework AND f.area = s.area
)
SELECT
    as_at,
    CASE WHEN grouping(region) = 1 THEN 'England' ELSE coalesce(region, 'Region not recorded') END AS region,
    area,
    count(*) AS authorities,
    count(grade_rank) AS judged,
    count(*) FILTER (WHERE grade_rank = 1) AS outstanding,
    count(*) FILTER (WHERE grade_rank = 2) AS good,
    count(*) FILTER (WHERE grade_rank = 3) AS requires_improvement,
    count(*) FILTER (WHERE grade_rank = 4) AS inadequate,
    count(*) - count(grade_rank) - count(*) FILTER (WHERE no_longer_graded OR never_graded_here) AS not_yet_judged,
    round(100.0 * count(*) FILTER (WHERE grade_rank <= 2) / nullif(count(grade_rank), 0), 1)
        AS percent_good_or_outstanding,
    count(*) FILTER (WHERE no_longer_graded OR never_graded_here) AS no_longer_graded
FROM standing
GROUP BY GROUPING SETS ((as_at, area, position), (as_at, region, area, position))
ORDER BY as_at, grouping(region) DESC, region, position;

-- The national picture on one day.
CREATE OR REPLACE MACRO national_picture(day) AS TABLE
SELECT * FROM national_pictures([CAST(day AS DATE)]);

-- The national picture at every quarter end from first_day to last_day: the share good or outstanding over time.
CREATE OR REPLACE MACRO national_picture_by_quarter(first_day, last_day) AS TABLE
SELECT * FROM national_pictures(list_transform(
    generate_series(
        date_trunc('quarter', CAST(first_day AS DATE)) + INTERVAL 3 MONTH,
        CAST(last_day AS DATE) + INTERVAL 1 DAY,
        INTERVAL 3 MONTH
    ),
    lambda quarter_start: CAST(quarter_start AS DATE) - 1
));
