-- 0009: finding statements across people. Topics a statement is about without taking a stance on them (a
-- fact-check's subjects, a tweet about NATO), and a full-text index over quotes and summaries.

CREATE TABLE statement_topics (
    statement_id  TEXT NOT NULL REFERENCES statements (id),
    topic_id      TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (statement_id, topic_id)
);

CREATE INDEX ix_statement_topics_topic ON statement_topics (topic_id, statement_id);

-- Lists across people page by the timeline key, and filter by language and medium.
CREATE INDEX ix_statements_said ON statements (sort_utc_ms, precision_rank, id);

-- The full-text index: SQLite FTS5, its words folded for case and accents (remove_diacritics 2), the same rule
-- the query parser (Search/SearchQueryParser.cs) folds the user's words with. It indexes the statements table's
-- own columns (external content), kept in step by the triggers below in the writer's transaction, whoever writes.
CREATE VIRTUAL TABLE statements_fts USING fts5(
    quote, summary,
    content = 'statements', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'               -- word* searches read a prefix index instead of scanning the vocabulary
);

CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements
BEGIN
    INSERT INTO statements_fts (rowid, quote, summary) VALUES (NEW.rowid, NEW.quote, NEW.summary);
END;

CREATE TRIGGER statements_fts_update AFTER UPDATE OF quote, summary ON statements
BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, quote, summary) VALUES ('delete', OLD.rowid, OLD.quote, OLD.summary);
    INSERT INTO statements_fts (rowid, quote, summary) VALUES (NEW.rowid, NEW.quote, NEW.summary);
END;

CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements
BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, quote, summary) VALUES ('delete', OLD.rowid, OLD.quote, OLD.summary);
END;

INSERT INTO statements_fts (statements_fts) VALUES ('rebuild');
