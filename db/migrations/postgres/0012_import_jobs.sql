-- 0012: bulk imports run as jobs (PostgreSQL; conventions in 0001).

CREATE TABLE import_jobs (
    id             TEXT COLLATE "C" PRIMARY KEY,
    status         TEXT COLLATE "C" NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    format         TEXT COLLATE "C" NOT NULL,
    create_people  BIGINT NOT NULL DEFAULT 0,
    dry_run        BIGINT NOT NULL DEFAULT 0,
    file_name      TEXT COLLATE "C",
    bytes          BIGINT,
    records        BIGINT NOT NULL DEFAULT 0,
    created        BIGINT NOT NULL DEFAULT 0,
    updated        BIGINT NOT NULL DEFAULT 0,
    unchanged      BIGINT NOT NULL DEFAULT 0,
    skipped        BIGINT NOT NULL DEFAULT 0,
    errors         BIGINT NOT NULL DEFAULT 0,
    by_type        TEXT COLLATE "C",
    message        TEXT COLLATE "C",
    recorded_by    TEXT COLLATE "C",
    created_at     TEXT COLLATE "C" NOT NULL,
    started_at     TEXT COLLATE "C",
    finished_at    TEXT COLLATE "C"
);

CREATE INDEX ix_import_jobs_created ON import_jobs (created_at DESC, id DESC);

CREATE TABLE import_errors (
    job_id   TEXT COLLATE "C" NOT NULL REFERENCES import_jobs (id),
    seq      BIGINT NOT NULL,
    line     BIGINT NOT NULL,
    field    TEXT COLLATE "C" NOT NULL,
    message  TEXT COLLATE "C" NOT NULL,
    skipped  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, seq)
);
