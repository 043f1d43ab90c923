-- 0002: topics in a hierarchy, and the stance each statement takes on topics.

CREATE TABLE topics (
    id           TEXT PRIMARY KEY,          -- opaque and stable
    slug         TEXT NOT NULL UNIQUE,      -- the topic's id in URLs
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL,
    description  TEXT,
    parent_id    TEXT REFERENCES topics (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX ix_topics_parent ON topics (parent_id);

-- One stance per topic per statement; the scale runs from supports to opposes.
CREATE TABLE statement_positions (
    statement_id  TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    topic_id      TEXT NOT NULL REFERENCES topics (id),
    stance        TEXT NOT NULL CHECK (stance IN ('supports', 'leans_support', 'undecided', 'leans_oppose', 'opposes')),
    PRIMARY KEY (statement_id, topic_id)
);

-- Who stood where on a topic: positions by topic, then the statement for its person and time.
CREATE INDEX ix_statement_positions_topic ON statement_positions (topic_id, statement_id);

-- Reversal and repeat links are looked up by relation when the feed and the repeat chains are built.
CREATE INDEX ix_links_relation ON links (relation, statement_id, target_id);
