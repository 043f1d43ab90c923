-- 0006: history that is never lost. Every change to a statement, person, topic or link is an append-only
-- revision holding the record's whole state after the change; statements and links are retracted, never
-- deleted; reversals become temporal rows (valid from, valid to), so "as recorded at" reads see them as they were.

ALTER TABLE statements ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statements ADD COLUMN recorded_by TEXT;
ALTER TABLE statements ADD COLUMN retracted_at TEXT;
ALTER TABLE statements ADD COLUMN retraction_reason TEXT;
ALTER TABLE statements ADD COLUMN duplicate_of TEXT REFERENCES statements (id);

ALTER TABLE people ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE topics ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- Links are rebuilt: a pair may be linked again after its link was retracted, so uniqueness holds among live
-- links only, which a table constraint cannot say.
CREATE TABLE links_v6 (
    id                 TEXT PRIMARY KEY,
    statement_id       TEXT NOT NULL REFERENCES statements (id),
    target_id          TEXT NOT NULL REFERENCES statements (id),
    relation           TEXT NOT NULL CHECK (relation IN ('reverses', 'walks_back', 'clarifies', 'reaffirms', 'repeats',
                                                         'responds_to', 'contradicts', 'supports')),
    note               TEXT,
    created_at         TEXT NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    recorded_by        TEXT,
    retracted_at       TEXT,
    retraction_reason  TEXT,
    CHECK (statement_id <> target_id)
);
INSERT INTO links_v6 (id, statement_id, target_id, relation, note, created_at)
SELECT id, statement_id, target_id, relation, note, created_at FROM links;
DROP TABLE links;
ALTER TABLE links_v6 RENAME TO links;

CREATE UNIQUE INDEX ux_links_live ON links (statement_id, target_id, relation) WHERE retracted_at IS NULL;
CREATE INDEX ix_links_target ON links (target_id);
CREATE INDEX ix_links_relation ON links (relation, statement_id, target_id);

-- One row per change. snapshot is the record's whole editable state after the change, as JSON in the API's
-- own field names; the key columns copy what "as recorded" timelines filter and sort on.
CREATE TABLE revisions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type     TEXT NOT NULL CHECK (entity_type IN ('statement', 'person', 'topic', 'link')),
    entity_id       TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'correct', 'retract', 'restore')),
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT,
    reason          TEXT,
    snapshot        TEXT NOT NULL,
    person_id       TEXT,
    sort_utc_ms     INTEGER,
    precision_rank  INTEGER,
    medium          TEXT,
    retracted       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (entity_type, entity_id, revision)
);

CREATE INDEX ix_revisions_person ON revisions (person_id, entity_id) WHERE person_id IS NOT NULL;
CREATE INDEX ix_revisions_corrections ON revisions (seq) WHERE action <> 'create';

-- Append-only, whoever writes: the API never changes or removes a revision, and neither may anything else.
CREATE TRIGGER revisions_never_change BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revisions_never_go BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

-- Reversals as temporal rows: a change closes the rows it invalidates (valid_to_ms) and adds new ones, so the
-- live feed reads the rows still open and "as recorded at T" reads the rows open at T.
DROP TABLE reversal_topics;
DROP TABLE reversals;

CREATE TABLE reversals (
    id             INTEGER PRIMARY KEY,
    earlier_id     TEXT NOT NULL REFERENCES statements (id),
    later_id       TEXT NOT NULL REFERENCES statements (id),
    person_id      TEXT NOT NULL REFERENCES people (id),
    later_sort     INTEGER NOT NULL,
    later_rank     INTEGER NOT NULL,
    flip           TEXT NOT NULL CHECK (flip IN ('full_flop', 'half_flip')),
    link_id        TEXT,
    relation       TEXT CHECK (relation IN ('reverses', 'walks_back')),
    stances        TEXT,                    -- JSON [{"topicId","from","to"}]: the stance changes on this pair
    valid_from_ms  INTEGER NOT NULL,
    valid_to_ms    INTEGER
);

CREATE UNIQUE INDEX ux_reversals_live ON reversals (later_id, earlier_id) WHERE valid_to_ms IS NULL;
CREATE INDEX ix_reversals_live_earlier ON reversals (earlier_id) WHERE valid_to_ms IS NULL;
CREATE INDEX ix_reversals_feed ON reversals (later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC) WHERE valid_to_ms IS NULL;
CREATE INDEX ix_reversals_person ON reversals (person_id, later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC) WHERE valid_to_ms IS NULL;
CREATE INDEX ix_reversals_history ON reversals (later_sort DESC, valid_from_ms);
CREATE INDEX ix_reversals_history_of ON reversals (later_id);
CREATE INDEX ix_reversals_history_earlier ON reversals (earlier_id);

CREATE TABLE reversal_topics (
    reversal_id    INTEGER NOT NULL REFERENCES reversals (id),
    topic_id       TEXT NOT NULL REFERENCES topics (id),
    earlier_id     TEXT NOT NULL,
    later_id       TEXT NOT NULL,
    person_id      TEXT NOT NULL,
    later_sort     INTEGER NOT NULL,
    later_rank     INTEGER NOT NULL,
    valid_to_ms    INTEGER,
    PRIMARY KEY (reversal_id, topic_id)
);

CREATE INDEX ix_reversal_topics_feed ON reversal_topics (topic_id, later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC) WHERE valid_to_ms IS NULL;

-- Work the service finishes in C# after migrating (one copy of the rules for every engine): a first revision
-- for every record that has none, and the reversals derived again.
CREATE TABLE maintenance_tasks (
    name          TEXT PRIMARY KEY,
    requested_at  TEXT NOT NULL
);
INSERT INTO maintenance_tasks (name, requested_at) VALUES
    ('backfill_revisions', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('rebuild_reversals', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
