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

-- Text as the search compares it: lower case, each run of spaces and hyphens one space, every other sign a
-- word of its own, with a space at each end. So a term is found where its words stand whole and in order,
-- with any spaces, hyphens and line breaks between them ("multi agency" finds "multi-agency"), and never
-- across a full stop ("care leavers" does not find "care. Leavers"): warehouse/search.py's `term_pattern`.
CREATE OR REPLACE MACRO search_text(value) AS (
    ' ' || trim(regexp_replace(regexp_replace(lower(value), '([^\pL\pN\s\-])', ' \1 ', 'g'), '[\s\-]+', ' ', 'g'))
        || ' '
);

-- The words and "quoted phrases" of a query (quotes straight or curly), each as `search_text` reads it.
CREATE OR REPLACE MACRO search_terms(query) AS (
    list_transform(
        list_filter(
            regexp_extract_all(replace(replace(replace(query, '“', '"'), '”', '"'), '’', ''''), '"[^"]*"|[^\s"]+'),
            lambda term: regexp_matches(term, '[\pL\pN]')
        ),
        lambda term: search_text(trim(term, '" -'))
    )
);

-- `search_passages('"private fostering" arrangements')`: the passages holding every word and phrase, ranked by
-- BM25 (k1 1.2, b 0.75, over every passage) as `ofsted-watch search` ranks them; `score` higher is better.
-- A scan of every passage, not an index: a second or two on the corpus and longer on a long history, where
-- the command answers in milliseconds.
CREATE OR REPLACE MACRO search_passages(query) AS TABLE
WITH terms AS (
    SELECT DISTINCT unnest(search_terms(query)) AS term
),
texts AS (
    SELECT document_id, position, search_text(text) AS words,
        len(regexp_extract_all(text, '[\pL\pN]+')) AS length
    FROM passages
),
stats AS (
    SELECT count(*) AS passages, avg(length) AS mean_length FROM texts
),
matched AS (
    SELECT x.document_id, x.position, x.length, t.term,
        (length(x.words) - length(replace(x.words, t.term, ''))) // length(t.term) AS hits
    FROM texts AS x, terms AS t
    WHERE contains(x.words, t.term)
),
frequency AS (
    SELECT term, count(*) AS holding FROM matched GROUP BY term
),
scored AS (
    SELECT m.document_id, m.position, count(*) AS terms_found,
        sum(ln(1 + (s.passages - f.holding + 0.5) / (f.holding + 0.5))
            * m.hits * 2.2 / (m.hits + 1.2 * (0.25 + 0.75 * m.length / s.mean_length))) AS score
    FROM matched AS m JOIN frequency AS f USING (term), stats AS s
    GROUP BY m.document_id, m.position
)
SELECT p.document_id, p.file, p.local_authority, p.la_code, p.region, p.kind, p.inspection_end, p.published,
    p.page, p.section, p.area, p.text AS snippet, round(s.score, 4) AS score, p.position
FROM scored AS s
JOIN passage_documents AS p USING (document_id, position)
WHERE s.terms_found = (SELECT count(*) FROM terms)
ORDER BY s.score DESC, p.document_id, p.position;
