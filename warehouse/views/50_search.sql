-- Searching the passages (docs/search.md): each passage with what a result shows about its document, and the
-- SQL route to the search `ofsted-watch search` runs, for analysts on the published snapshot.

-- One row per passage of a loaded document: the rows `search` indexes and the site's search page lists.
CREATE OR REPLACE VIEW passage_documents AS
SELECT
    p.document_id,
    coalesce(v.record->>'file', regexp_extract(p.document_id, '[^/]+$')) AS file,
    la.name AS local_authority,
    e.la_code,
    la.region,
    e.kind,
    e.inspection_end,
    dp.published,
    e.overall,
    p.position,
    p.page,
    p.section,
    p.area,
    p.text
FROM passages AS p
JOIN events AS e USING (document_id)
JOIN documents AS d USING (document_id)
JOIN document_versions AS v ON v.document_id = d.document_id AND v.version = d.version
JOIN document_publication AS dp USING (document_id)
LEFT JOIN local_authorities AS la ON la.la_code = e.la_code;

-- The words and "quoted phrases" of a query as regular expressions: each whole, in any case, its spaces and
-- hyphens matching any run of spaces and hyphens (so "multi agency" finds "multi-agency" and a phrase
-- wrapped over two lines). The same reading as warehouse/search.py's `terms`.
CREATE OR REPLACE MACRO search_terms(query) AS (
    list_transform(
        list_filter(
            regexp_extract_all(replace(replace(query, '“', '"'), '”', '"'), '"[^"]*"|[^\s"]+'),
            lambda term: regexp_matches(term, '[\pL\pN]')
        ),
        lambda term: '(?i)(^|[^\pL\pN])'
            || regexp_replace(
                regexp_replace(trim(replace(term, '’', ''''), '" -'), '([.^$*+?()\[\]{}|\\])', '\\\1', 'g'),
                '[\s-]+', '[\\s\\-]+', 'g')
            || '($|[^\pL\pN])'
    )
);

-- `search_passages('"private fostering" arrangements')`: the passages holding every word and phrase, ranked by
-- BM25 (k1 1.2, b 0.75, over every passage) as `ofsted-watch search` ranks them; `score` higher is better.
-- A scan of every passage, not an index: seconds on a long history, where the command answers in milliseconds.
CREATE OR REPLACE MACRO search_passages(query) AS TABLE
WITH terms AS (
    SELECT unnest(search_terms(query)) AS pattern
),
stats AS (
    SELECT count(*) AS passages, avg(len(regexp_extract_all(text, '[\pL\pN]+'))) AS mean_words
    FROM passages
),
matched AS (
    SELECT p.*, t.pattern, len(regexp_extract_all(p.text, t.pattern)) AS hits
    FROM passage_documents AS p, terms AS t
    WHERE regexp_matches(p.text, t.pattern)
),
frequency AS (
    SELECT pattern, count(*) AS holding FROM matched GROUP BY pattern
),
scored AS (
    SELECT m.document_id, m.position,
        sum(ln(1 + (s.passages - f.holding + 0.5) / (f.holding + 0.5))
            * m.hits * 2.2 / (m.hits + 1.2 * (0.25 + 0.75 * len(regexp_extract_all(m.text, '[\pL\pN]+'))
                                                      / s.mean_words))) AS score,
        count(*) AS terms_found
    FROM matched AS m JOIN frequency AS f USING (pattern), stats AS s
    GROUP BY m.document_id, m.position
)
SELECT p.document_id, p.file, p.local_authority, p.la_code, p.region, p.kind, p.inspection_end, p.published,
    p.page, p.section, p.area, p.text AS snippet, round(s.score, 4) AS score, p.position
FROM scored AS s
JOIN passage_documents AS p USING (document_id, position)
WHERE s.terms_found = (SELECT count(*) FROM terms)
ORDER BY s.score DESC, p.document_id, p.position;
