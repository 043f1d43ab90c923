-- 0013: each person's current stance on each topic as a derived row (PostgreSQL; SQLite's 0013 says why and what).
-- Kept in step by Positions/PositionStore.cs in every write's transaction.

CREATE TABLE current_stances (
    person_id       TEXT COLLATE "C" NOT NULL,
    topic_id        TEXT COLLATE "C" NOT NULL,
    person_slug     TEXT COLLATE "C" NOT NULL,
    statement_id    TEXT COLLATE "C" NOT NULL,
    stance          TEXT COLLATE "C" NOT NULL,
    sort_utc_ms     BIGINT NOT NULL,
    precision_rank  BIGINT NOT NULL,
    since_id        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (person_id, topic_id)
);

CREATE UNIQUE INDEX ix_current_stances_topic ON current_stances (topic_id, person_slug);
CREATE INDEX ix_current_stances_sort ON current_stances (sort_utc_ms);

CREATE INDEX ix_statement_positions_stance
    ON statement_positions (topic_id, person_id, stance, sort_utc_ms DESC, precision_rank DESC, statement_id DESC);

-- Backfill. A frozen copy of the rule; PositionStore.RebuildCurrentSql is the living one.
WITH steps AS (
    SELECT person_id, topic_id, statement_id, stance, sort_utc_ms, precision_rank,
           LAG(stance) OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms, precision_rank, statement_id) AS previous,
           ROW_NUMBER() OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC) AS from_last
      FROM statement_positions
),
run_starts AS (
    SELECT person_id, topic_id, statement_id,
           ROW_NUMBER() OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC) AS from_last
      FROM steps
     WHERE previous IS NULL OR previous <> stance
)
INSERT INTO current_stances (person_id, topic_id, person_slug, statement_id, stance, sort_utc_ms, precision_rank, since_id)
SELECT l.person_id, l.topic_id, p.slug, l.statement_id, l.stance, l.sort_utc_ms, l.precision_rank, r.statement_id
  FROM steps AS l
  JOIN run_starts AS r ON r.person_id = l.person_id AND r.topic_id = l.topic_id AND r.from_last = 1
  JOIN people AS p ON p.id = l.person_id
 WHERE l.from_last = 1;
