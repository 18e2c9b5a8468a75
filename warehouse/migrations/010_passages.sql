-- Version 10: every passage of every loaded report and letter (tasks/parsing/passages.py), for `search`, the
-- site's search page and the findings quoted beside grades. Split as each document loads; documents loaded
-- before this version are split by `reprocess` (the splitter is part of the extractor's fingerprint), from the
-- raw store, with no download.

CREATE TABLE IF NOT EXISTS passages (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,   -- the passage's order in the document, from 1
    page        INTEGER NOT NULL,   -- the page it starts on, from 1
    section     VARCHAR,            -- the heading above it, as printed (on one line)
    area        VARCHAR,            -- the judgement area its part is about (judgements.area codes), if one
    text        VARCHAR NOT NULL,   -- on one line, without page furniture, paragraph numbers or bullet glyphs
    loaded_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (document_id, position)
);
