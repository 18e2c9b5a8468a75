-- What inspectors ask councils to improve, by theme.

-- One row per improvement and theme it has (an improvement no rule matches: one row, theme NULL), with its
-- event and LA. The themes are `improvement_tags`, tagged by the rules of theme_rules when the item was loaded.
CREATE OR REPLACE VIEW improvement_themes AS
WITH tagged AS (
    SELECT t.document_id, t.position, t.theme, r.label
    FROM improvement_tags AS t
    JOIN (SELECT DISTINCT theme, label FROM theme_rules) AS r USING (theme)
)
SELECT
    i.document_id, i.position, i.text, i.priority, t.theme, t.label,
    e.la_code, la.name AS local_authority, la.region, e.kind, e.event_date, year(e.event_date) AS year,
    i.national_framework
FROM improvements AS i
JOIN events AS e USING (document_id)
LEFT JOIN local_authorities AS la USING (la_code)
LEFT JOIN tagged AS t ON t.document_id = i.document_id AND t.position = i.position;

-- How often each theme was asked, by year, in England and in each region, for events from `since` on:
-- `items` tagged with the theme, `reports` and `councils` asking it, and `share` the part of the reports with
-- any improvement in that year and area that asked it.
CREATE OR REPLACE MACRO theme_counts(since) AS TABLE
WITH dated AS (
    SELECT * FROM improvement_themes WHERE event_date >= CAST(since AS DATE)
),
areas AS (
    SELECT *, 'England' AS area FROM dated
    UNION ALL
    SELECT *, region AS area FROM dated WHERE region IS NOT NULL
),
reports AS (
    SELECT year, area, count(DISTINCT document_id) AS reports_with_items FROM areas GROUP BY year, area
)
SELECT
    a.year, a.area, a.theme, a.label,
    count(*) AS items,
    count(DISTINCT a.document_id) AS reports,
    count(DISTINCT a.la_code) AS councils,
    round(count(DISTINCT a.document_id) / any_value(r.reports_with_items), 3) AS share
FROM areas AS a
JOIN reports AS r USING (year, area)
WHERE a.theme IS NOT NULL
GROUP BY a.year, a.area, a.theme, a.label
ORDER BY a.year, a.area <> 'England', a.area, items DESC, a.theme;

-- The Children's Social Care: National Framework references of what Ofsted asks councils to improve (ILACS
-- reports from 2025 tag each item with an outcome, enabler or principle): items and reports by year and code, for
-- England, each region and each LA. `level` says which: 'England' (region and LA NULL), 'region' (LA NULL) or
-- 'local_authority'. Items citing no reference are not counted.
CREATE OR REPLACE VIEW national_framework_references AS
WITH cited AS (
    SELECT year(e.event_date) AS year, la.region, e.la_code, la.name AS local_authority, i.national_framework,
        i.document_id
    FROM improvements AS i
    JOIN events AS e USING (document_id)
    LEFT JOIN local_authorities AS la USING (la_code)
    WHERE i.national_framework IS NOT NULL
)
SELECT
    CASE
        WHEN grouping(region) = 1 THEN 'England'
        WHEN grouping(la_code) = 1 THEN 'region'
        ELSE 'local_authority'
    END AS level,
    year, region, la_code, local_authority, national_framework,
    count(*) AS items,
    count(DISTINCT document_id) AS reports
FROM cited
GROUP BY GROUPING SETS (
    (year, national_framework),
    (year, region, national_framework),
    (year, region, la_code, local_authority, national_framework)
)
ORDER BY year, level, region, local_authority, national_framework;
