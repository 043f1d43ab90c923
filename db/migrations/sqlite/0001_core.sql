-- 0001: people, statements with their sources, and typed links between statements.
-- Instants are ISO 8601 UTC text; what the user wrote (said_at) is kept beside what we computed from it.

CREATE TABLE people (
    id           TEXT PRIMARY KEY,          -- opaque and stable; foreign keys point here, never at the slug
    slug         TEXT NOT NULL UNIQUE,      -- the person's id in URLs
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL,             -- lower case, accents removed: what ?q= matches against
    description  TEXT,
    wikidata_id  TEXT UNIQUE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE person_aliases (
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    alias         TEXT NOT NULL,
    alias_folded  TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
);

CREATE TABLE statements (
    id                TEXT PRIMARY KEY,
    person_id         TEXT NOT NULL REFERENCES people (id),
    quote             TEXT NOT NULL,
    summary           TEXT,
    said_at           TEXT NOT NULL,        -- exactly as written: 2017, 2017-07, 2017-07-09, 2017-07-09T19:45:13-05:00
    date_precision    TEXT NOT NULL CHECK (date_precision IN ('year', 'month', 'day', 'minute', 'second')),
    precision_rank    INTEGER NOT NULL,     -- 0 year .. 4 second: coarser sorts first on equal instants
    said_at_utc       TEXT,                 -- the UTC instant, only where a time of day is known
    utc_offset_min    INTEGER,              -- the speaker's own offset, only where a time of day is known
    sort_utc_ms       INTEGER NOT NULL,     -- the UTC instant the statement covers (start of its year, month or day)
    medium            TEXT NOT NULL,
    venue             TEXT,
    language          TEXT NOT NULL,
    external_id       TEXT UNIQUE,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- The timeline's keyset: (person, instant, precision, id) in one index, walked forwards or backwards.
CREATE INDEX ix_statements_timeline ON statements (person_id, sort_utc_ms, precision_rank, id);

CREATE TABLE sources (
    statement_id  TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    url           TEXT NOT NULL,
    title         TEXT,
    publisher     TEXT,
    published_at  TEXT,
    archive_url   TEXT,
    PRIMARY KEY (statement_id, position)
);

-- A link is read "statement_id <relation> target_id": the later statement reverses, answers, ... the earlier one.
CREATE TABLE links (
    id            TEXT PRIMARY KEY,
    statement_id  TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    target_id     TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    relation      TEXT NOT NULL CHECK (relation IN ('reverses', 'walks_back', 'clarifies', 'reaffirms', 'repeats',
                                                    'responds_to', 'contradicts', 'supports')),
    note          TEXT,
    created_at    TEXT NOT NULL,
    CHECK (statement_id <> target_id),
    UNIQUE (statement_id, target_id, relation)
);

CREATE INDEX ix_links_target ON links (target_id);
