-- 0011: fact-checks. A statement can carry reviews (a publisher's verdict on it, as written and on one shared
-- scale), and says whether its text is the speaker's own words or a fact-checker's paraphrase of the claim.

ALTER TABLE statements ADD COLUMN wording TEXT NOT NULL DEFAULT 'exact' CHECK (wording IN ('exact', 'paraphrase'));

CREATE TABLE reviews (
    id                 TEXT PRIMARY KEY,
    statement_id       TEXT NOT NULL REFERENCES statements (id),
    publisher_name     TEXT NOT NULL,
    publisher_key      TEXT NOT NULL,        -- the name folded (case and accents): what reviewer= filters and facets on
    publisher_url      TEXT NOT NULL,
    author             TEXT,
    reviewed_at        TEXT,                 -- as written: a date, or a date-time with offset
    url                TEXT,
    rating             TEXT NOT NULL,        -- as the publisher wrote it: "Pants on Fire", "Four Pinocchios"
    normalised_rating  TEXT CHECK (normalised_rating IN ('true', 'mostly_true', 'half_true', 'mostly_false', 'false', 'pants_on_fire')),
    summary            TEXT,
    external_id        TEXT UNIQUE,
    raw                TEXT,                 -- the ClaimReview JSON-LD it was imported from, unknown fields included
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    recorded_by        TEXT,
    retracted_at       TEXT,
    retraction_reason  TEXT
);

CREATE INDEX ix_reviews_statement ON reviews (statement_id);
-- rating= and reviewer= on the statement list: from a verdict to the statements that carry it.
CREATE INDEX ix_reviews_rating ON reviews (normalised_rating, statement_id) WHERE retracted_at IS NULL;
CREATE INDEX ix_reviews_publisher ON reviews (publisher_key, statement_id) WHERE retracted_at IS NULL;

-- Reviews keep revisions like every other record. SQLite cannot change a CHECK constraint in place, so the
-- revisions table is rebuilt with 'review' allowed, every row copied as it was (seq included), and its indexes and
-- append-only triggers made again. Dropping the old table fires no trigger: SQLite drops triggers first.
CREATE TABLE revisions_v11 (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type     TEXT NOT NULL CHECK (entity_type IN ('statement', 'person', 'topic', 'link', 'review')),
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

INSERT INTO revisions_v11 (seq, entity_type, entity_id, revision, action, recorded_at, recorded_by, reason, snapshot,
                           person_id, sort_utc_ms, precision_rank, medium, retracted)
SELECT seq, entity_type, entity_id, revision, action, recorded_at, recorded_by, reason, snapshot,
       person_id, sort_utc_ms, precision_rank, medium, retracted
  FROM revisions;

DROP TABLE revisions;
ALTER TABLE revisions_v11 RENAME TO revisions;

CREATE INDEX ix_revisions_person ON revisions (person_id, entity_id) WHERE person_id IS NOT NULL;
CREATE INDEX ix_revisions_corrections ON revisions (seq) WHERE action <> 'create';

CREATE TRIGGER revisions_never_change BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revisions_never_go BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;
