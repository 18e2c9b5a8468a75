-- Version 8: each improvement's themes as rows, tagged when the item is loaded (ofsted_watch/themes.py), so
-- reading them costs a join: matching every rule in SQL compiles a pattern once per row (3.5 s on the corpus).

CREATE TABLE IF NOT EXISTS improvement_tags (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,  -- the improvement's
    theme       VARCHAR NOT NULL,
    PRIMARY KEY (document_id, position, theme)
);

-- Items loaded before this version: tagged once here, by the same rules in DuckDB's dialect.
INSERT OR IGNORE INTO improvement_tags
SELECT DISTINCT i.document_id, i.position, r.theme
FROM improvements AS i
JOIN theme_rules AS r
    ON regexp_matches(i.text, r.pattern, 'i') AND NOT coalesce(regexp_matches(i.text, r.unless, 'i'), false);
