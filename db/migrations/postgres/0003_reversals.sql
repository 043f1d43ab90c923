-- 0003: reversals kept as derived rows (PostgreSQL; conventions in 0001). SQLite's 0003 also backfills them with a
-- frozen copy of the derivation in SQL; a PostgreSQL database is never older than this version, so there is
-- nothing to backfill, and the one living copy of the rule is Reversals/ReversalWriter.cs (0006 asks the service
-- to run it once anyway).

CREATE TABLE reversals (
    earlier_id  TEXT COLLATE "C" NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    later_id    TEXT COLLATE "C" NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    person_id   TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    later_sort  BIGINT NOT NULL,
    later_rank  BIGINT NOT NULL,
    flip        TEXT COLLATE "C" NOT NULL CHECK (flip IN ('full_flop', 'half_flip')),
    link_id     TEXT COLLATE "C",
    relation    TEXT COLLATE "C" CHECK (relation IN ('reverses', 'walks_back')),
    stances     TEXT COLLATE "C",
    PRIMARY KEY (earlier_id, later_id)
);

CREATE TABLE reversal_topics (
    topic_id    TEXT COLLATE "C" NOT NULL REFERENCES topics (id),
    earlier_id  TEXT COLLATE "C" NOT NULL,
    later_id    TEXT COLLATE "C" NOT NULL,
    person_id   TEXT COLLATE "C" NOT NULL,
    later_sort  BIGINT NOT NULL,
    later_rank  BIGINT NOT NULL,
    PRIMARY KEY (topic_id, earlier_id, later_id),
    FOREIGN KEY (earlier_id, later_id) REFERENCES reversals (earlier_id, later_id) ON DELETE CASCADE
);
