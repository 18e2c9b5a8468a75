-- Documents checked against each other (docs/checks.md): what the warehouse holds that no one document has.
-- A finding never blocks a load; `ofsted-watch check`, the site's problems.csv and the digest's data-quality
-- note read the `findings` view.

-- Each visit letter, and the full inspection it follows: the same LA's latest full inspection that ended
-- before the visit began (NULLs when the warehouse holds none).
CREATE OR REPLACE VIEW letter_prior_inspections AS
WITH letters AS (
    SELECT document_id, la_code, coalesce(inspection_start, event_date) AS visit_start
    FROM events
    WHERE kind IN ('monitoring_visit', 'focused_visit')
)
SELECT
    l.document_id,
    l.la_code,
    l.visit_start,
    arg_max(f.document_id, f.event_date) AS prior_document_id,
    arg_max(f.overall, f.event_date) AS prior_overall,
    arg_max(f.inspection_start, f.event_date) AS prior_start,
    max(f.event_date) AS prior_end
FROM letters AS l
LEFT JOIN events AS f
    ON f.la_code = l.la_code
    AND f.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif')
    AND f.event_date < l.visit_start
GROUP BY l.document_id, l.la_code, l.visit_start;

-- Monitoring visits in order since the inadequate full inspection each follows, with the number the order
-- gives them (`expected_number`). A visit whose inadequate judgement the warehouse lacks is not numbered.
CREATE OR REPLACE VIEW monitoring_visit_order AS
WITH visits AS (
    SELECT
        v.document_id,
        v.la_code,
        v.visit_number,
        coalesce(v.inspection_start, v.event_date) AS visit_start,
        (
            SELECT max(f.event_date)
            FROM events AS f
            WHERE f.la_code = v.la_code AND f.overall = 'inadequate'
                AND f.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif')
                AND f.event_date < coalesce(v.inspection_start, v.event_date)
        ) AS inadequate_end
    FROM events AS v
    WHERE v.kind = 'monitoring_visit'
)
SELECT
    *,
    row_number() OVER (PARTITION BY la_code, inadequate_end ORDER BY visit_start, document_id) AS expected_number,
    count(*) OVER (PARTITION BY la_code, inadequate_end, visit_number) AS same_number
FROM visits
WHERE inadequate_end IS NOT NULL;

-- One row per finding: a document that disagrees with another, or with the warehouse's record.
CREATE OR REPLACE VIEW findings AS
WITH stated AS (
    -- The judgement the letter states, and the same judgement of the inspection it follows: the overall grade,
    -- or the grade of the area the letter names (a combined grade covers its other areas: in care and care
    -- leavers before 2023).
    SELECT e.document_id, e.la_code, e.kind, e.prior_judgement, e.prior_judgement_date, e.prior_judgement_source,
        coalesce(e.prior_judgement_area, 'overall') AS judged_area,
        p.visit_start, p.prior_document_id, p.prior_overall, p.prior_start, p.prior_end,
        CASE WHEN coalesce(e.prior_judgement_area, 'overall') = 'overall' THEN p.prior_overall ELSE (
            SELECT arg_max(j.grade, j.area = e.prior_judgement_area)
            FROM judgements AS j
            WHERE j.document_id = p.prior_document_id
                AND (j.area = e.prior_judgement_area OR list_contains(j.combined_with, e.prior_judgement_area))
        ) END AS prior_grade
    FROM events AS e
    JOIN letter_prior_inspections AS p USING (document_id)
),
letters AS (
    SELECT *,
        -- adequate (before 2018) and requires improvement rank alike, as in the judgements table
        CASE WHEN prior_judgement = 'adequate' THEN 'requires_improvement' ELSE prior_judgement END
            AS stated_grade,
        CASE WHEN prior_grade = 'adequate' THEN 'requires_improvement' ELSE prior_grade END AS held_grade
    FROM stated
),
found AS (
    -- The letter states a judgement the warehouse's latest earlier full inspection disagrees with: another
    -- grade of the same judgement, or a month outside that inspection (its first month to three months after
    -- its last day, when the report was published).
    SELECT document_id, la_code, 'prior_judgement_disagrees' AS rule,
        printf('the letter says %s%s (%s); the warehouse holds %s (inspection %s to %s, %s)',
            replace(prior_judgement, '_', ' '),
            CASE WHEN judged_area <> 'overall' THEN ' for ' || replace(judged_area, '_', ' ') ELSE '' END,
            strftime(prior_judgement_date, '%B %Y'), replace(prior_grade, '_', ' '), prior_start, prior_end,
            regexp_extract(prior_document_id, '[^/]+$')) AS detail
    FROM letters
    WHERE prior_judgement_source = 'letter' AND prior_grade IS NOT NULL
        AND (stated_grade IS DISTINCT FROM held_grade
            OR prior_judgement_date < date_trunc('month', coalesce(prior_start, prior_end))
            OR prior_judgement_date > prior_end + INTERVAL 3 MONTH)
    UNION ALL
    -- The warehouse holds no full inspection before the visit: the prior judgement cannot be checked or filled.
    SELECT document_id, la_code, 'prior_judgement_unchecked',
        CASE WHEN prior_judgement IS NULL
            THEN printf('the letter states no prior judgement and the warehouse holds no full inspection of '
                || 'this LA before %s: left empty', visit_start)
            ELSE printf('the letter says %s (%s), but the warehouse holds no full inspection of this LA before '
                || '%s to check it against', replace(prior_judgement, '_', ' '), strftime(prior_judgement_date, '%B %Y'), visit_start)
        END
    FROM letters
    WHERE prior_overall IS NULL
    UNION ALL
    -- Monitoring visits are numbered 1, 2, 3… in date order since the inadequate judgement they follow.
    SELECT document_id, la_code, 'visit_number_order',
        printf('numbered %d, but it is monitoring visit %d since the inadequate judgement ending %s by date%s',
            visit_number, expected_number, inadequate_end,
            CASE WHEN same_number > 1 THEN printf(', and %d visits carry that number', same_number) ELSE '' END)
    FROM monitoring_visit_order
    WHERE visit_number IS NOT NULL AND (visit_number <> expected_number OR same_number > 1)
    UNION ALL
    -- Every document's dates in order: start ≤ end ≤ letter date ≤ publication.
    SELECT e.document_id, e.la_code, 'dates_in_order',
        printf('start %s, end %s, letter %s, published %s', coalesce(CAST(e.inspection_start AS VARCHAR), '-'),
            coalesce(CAST(e.inspection_end AS VARCHAR), '-'), coalesce(CAST(e.letter_date AS VARCHAR), '-'),
            coalesce(CAST(coalesce(d.published, e.published) AS VARCHAR), '-'))
    FROM events AS e
    LEFT JOIN documents AS d USING (document_id)
    WHERE e.inspection_start > e.inspection_end
        OR e.inspection_end > e.letter_date
        OR coalesce(e.letter_date, e.inspection_end) > coalesce(d.published, e.published)
    UNION ALL
    -- Two full inspections of one LA never overlap: the later one is reported, naming the earlier.
    SELECT b.document_id, b.la_code, 'full_inspection_overlap',
        printf('%s to %s overlaps %s to %s (%s)', b.inspection_start, b.inspection_end, a.inspection_start,
            a.inspection_end, regexp_extract(a.document_id, '[^/]+$'))
    FROM events AS a
    JOIN events AS b
        ON a.la_code = b.la_code AND a.document_id <> b.document_id
        AND (a.inspection_start, a.document_id) < (b.inspection_start, b.document_id)
        AND b.inspection_start <= a.inspection_end
    WHERE a.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif')
        AND b.kind IN ('ilacs_standard', 'ilacs_short', 'sif', 'pre_sif')
)
SELECT f.document_id, regexp_extract(f.document_id, '[^/]+$') AS file, f.la_code, f.rule, f.detail
FROM found AS f
ORDER BY f.la_code, f.document_id, f.rule;
