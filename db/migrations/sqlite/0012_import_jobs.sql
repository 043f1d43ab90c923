-- 0012: bulk imports run as jobs. A job row says what was asked for and, once it has run, what came of it; the
-- errors it found are kept line by line (up to a cap per job) for the client to page through.

CREATE TABLE import_jobs (
    id             TEXT PRIMARY KEY,
    status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    format         TEXT NOT NULL,
    create_people  INTEGER NOT NULL DEFAULT 0,
    dry_run        INTEGER NOT NULL DEFAULT 0,
    file_name      TEXT,
    bytes          INTEGER,
    records        INTEGER NOT NULL DEFAULT 0,
    created        INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    skipped        INTEGER NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0,
    by_type        TEXT,                  -- JSON {"statement":{"created":1,"updated":0,"unchanged":2},...}
    message        TEXT,                  -- why a job failed as a whole
    recorded_by    TEXT,
    created_at     TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT
);

CREATE INDEX ix_import_jobs_created ON import_jobs (created_at DESC, id DESC);

CREATE TABLE import_errors (
    job_id   TEXT NOT NULL REFERENCES import_jobs (id),
    seq      INTEGER NOT NULL,
    line     INTEGER NOT NULL,
    field    TEXT NOT NULL,
    message  TEXT NOT NULL,
    skipped  INTEGER NOT NULL DEFAULT 0,   -- 1: left out on purpose by a dataset mapping's rule, not an error
    PRIMARY KEY (job_id, seq)
);
