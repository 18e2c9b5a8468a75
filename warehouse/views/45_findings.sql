-- What a report found, from its passages (docs/search.md): the opening summary the site shows under each document,
-- and what a report says about a judgement area, which the digest and the alerts quote when that area went down.

-- The summary a document leads with: its section headed as a summary (ILACS letters' "Headline findings", SIFs'
-- "Executive summary", ...; a children's summary only when there is no other), else the section it opens with
-- (an ILACS report's summary under its grid of grades, a letter's opening). Only passages that end a sentence:
-- the grid of grades and the letter's address are no finding. The first of them, and the next while the ones
-- shown stay under 1,000 characters, keep an LA page with 100 documents within the site's page budget;
-- `passages` counts them all, so the page can say it shows the first few.
CREATE OR REPLACE VIEW headline_findings AS
WITH sections AS (
    SELECT document_id, coalesce(section, '') AS section, min(position) AS first
    FROM passages
    GROUP BY ALL
),
chosen AS (
    SELECT document_id, arg_min(section, (preference, first)) AS section
    FROM (
        SELECT *,
            CASE
                WHEN lower(rtrim(section, '?: ')) IN ('headline findings', 'executive summary', 'summary of findings',
                    'summary of judgements', 'findings and evaluation of progress') THEN 1
                WHEN lower(rtrim(section, '?: ')) = 'summary for children and young people' THEN 2
                ELSE 3 + first
            END AS preference
        FROM sections
    )
    GROUP BY document_id
),
-- An ILACS report's first passage can run from its title through its grid into the summary: the summary is
-- what follows the overall grade.
summary AS (
    SELECT p.document_id, p.position, p.page, c.section,
        CASE WHEN p.text LIKE 'Inspection of %' THEN regexp_replace(p.text,
            '^.*\bOverall effectiveness:? (Outstanding|Good|Requires improvement to be good|Inadequate)\s+', '')
        ELSE p.text END AS text
    FROM passages AS p
    JOIN chosen AS c ON c.document_id = p.document_id AND c.section = coalesce(p.section, '')
),
findings AS (
    SELECT document_id, position, page, section, text,
        row_number() OVER (PARTITION BY document_id ORDER BY position) AS rank,
        coalesce(sum(length(text)) OVER (PARTITION BY document_id ORDER BY position
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS chars_before,
        count(*) OVER (PARTITION BY document_id) AS passages
    FROM summary
    -- A sentence, from its start to its end, and no part of a title block or a grid of grades (a grade run into
    -- the next label: "Inadequate The effectiveness of ...").
    WHERE regexp_matches(text, '^[A-Z"“‘(]') AND regexp_matches(text, '[.!?]["”’)]?$')
        AND NOT regexp_matches(text, '\b(Outstanding|Good|Requires improvement( to be good)?|Inadequate) [A-Z]')
        AND NOT regexp_matches(text, 'Inspection dates?:|Lead inspector:|Report published:')
)
SELECT document_id, position, page, section, text, rank, passages
FROM findings
WHERE rank = 1 OR chars_before + length(text) <= 1000;

-- What a document found about each judgement area, for the digest's and the alerts' quote on an area that went
-- down: the first passages (three at most) of the document's part about the area, in order, with the page each
-- starts on (the quote links to it). `rank` 1 is the first; a later one stands in when the first is no sentence.
CREATE OR REPLACE VIEW area_findings AS
SELECT document_id, area, rank, page, text
FROM (
    SELECT document_id, area, page, text, row_number() OVER (PARTITION BY document_id, area ORDER BY position) AS rank
    FROM passages
    WHERE area <> ''
)
WHERE rank <= 3;
