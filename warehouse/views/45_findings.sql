-- What a report found, from its passages (docs/search.md): the opening summary the site shows under each document,
-- and what a report says about a judgement area, which the digest and the alerts quote when that area went down.

-- The summary a document leads with: its section headed as a summary (a visit letter's "Headline findings", a
-- SIF's "Executive summary", ...; a children's summary only when there is no other), else the section it opens
-- with (an ILACS report's summary under its grid of grades, a letter's opening; never a pre-SIF report's, which
-- opens with the area's context). Only passages that are whole sentences and no title block, grid of grades or
-- boilerplate. The first of them, and the next while the ones shown stay within 1,000 characters, keep an LA
-- page of 100 documents within the site's page budget; `passages` counts them all, so the page can say it shows
-- the first few.
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
                -- A pre-SIF report opens with the area's context and the inspection's purpose: no finding.
                WHEN e.kind <> 'pre_sif' THEN 3 + first
            END AS preference
        FROM sections
        JOIN events AS e USING (document_id)
    )
    WHERE preference IS NOT NULL
    GROUP BY document_id
),
-- An ILACS report's first passage can run from its title through its grid into the summary: the summary is
-- what follows the grid's last grade, overall effectiveness's (or, since April 2026, care leavers').
summary AS (
    SELECT p.document_id, p.position, p.page, c.section,
        CASE WHEN p.text LIKE 'Inspection of %' THEN regexp_replace(p.text,
            '^.*\b(Overall effectiveness|progress of (children |young people )?care leavers|leaving care):? '
            || '(Outstanding|Good|Requires improvement to be good|Inadequate)\s+', '')
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
        AND NOT regexp_matches(text, '\b(Outstanding|Good|Requires [Ii]mprovement( to be good)?|Inadequate) [A-Z0-9]')
        AND NOT regexp_matches(text, 'Inspection dates?:|Lead inspector:|Report published:')
        -- The SIF's standard sentence on what Ofsted expects of every LA, printed in every report.
        AND NOT starts_with(text, 'It is Ofsted''s expectation')
)
SELECT document_id, position, page, section, text, rank, passages
FROM findings
WHERE rank = 1 OR chars_before + length(text) <= 1000;

-- What a document found about each judgement area, for the digest's and the alerts' quote on an area that went
-- down: the first passages (three at most) of the document's part about the area, in order, with the page each
-- starts on (the quote links to it). `rank` 1 is the first; a later one stands in when the first is no sentence.
-- `area` is the comparable area (judgement_history's: a SIF's leadership_management_governance is `leaders`, an
-- ILACS grade for children in care and care leavers together counts for both), `judged_area` the report's.
-- Only a part whose heading names the area and its grade ("The experiences and progress of care leavers:
-- inadequate"): a sub-heading inside a list of recommendations or strengths, or about one aspect ("Educational
-- outcomes for looked after children require improvement"), may give its text an area it is not about.
-- A recommendation under an area's heading is no finding either: a passage that starts as one of the
-- document's improvements is left out.
CREATE OR REPLACE VIEW area_findings AS
SELECT document_id, area, judged_area, rank, page, text
FROM (
    SELECT p.document_id, h.area, h.judged_area, p.page, p.text,
        row_number() OVER (PARTITION BY p.document_id, h.area ORDER BY p.position) AS rank
    FROM passages AS p
    JOIN judgement_history AS h ON h.document_id = p.document_id AND h.judged_area = p.area
    WHERE regexp_matches(lower(p.section), '\b(outstanding|good|requires? improvement|inadequate)\b')
        AND regexp_matches(lower(p.section), CASE h.judged_area
            WHEN 'help_and_protection' THEN 'help and protection'
            WHEN 'in_care' THEN 'children in care'
            WHEN 'looked_after_permanence' THEN 'looked after'
            WHEN 'care_leavers' THEN 'care leavers'
            WHEN 'leaders' THEN 'impact of leaders'
            WHEN 'leadership_management_governance' THEN 'leadership'
            WHEN 'adoption' THEN 'adoption'
            WHEN 'lscb' THEN 'lscb|safeguarding children board'
            ELSE '^$' END)
        AND NOT EXISTS (
            SELECT 1 FROM improvements AS i
            WHERE i.document_id = p.document_id AND starts_with(p.text, left(i.text, 60))
        )
)
WHERE rank <= 3;
