-- 0013: each person's current stance on each topic as a derived row, so "who stands where now" reads one index range
-- instead of ranking every stance stored. One row per (person, topic) with a stance: the latest statement by the
-- timeline (sort_utc_ms, precision_rank, statement id), its stance and key, and since_id, the first statement of the
-- unbroken run of that stance the latest ends. Retracted statements have no stances, so they have no say. Kept in step
-- by Positions/PositionStore.cs in every write's transaction, one (person, topic) at a time; person_slug is copied
-- (slugs never change) so a topic's page is a range of (topic_id, person_slug).

CREATE TABLE current_stances (
    person_id       TEXT NOT NULL,
    topic_id        TEXT NOT NULL,
    person_slug     TEXT NOT NULL,
    statement_id    TEXT NOT NULL,
    stance          TEXT NOT NULL,
    sort_utc_ms     INTEGER NOT NULL,
    precision_rank  INTEGER NOT NULL,
    since_id        TEXT NOT NULL,
    PRIMARY KEY (person_id, topic_id)
);

CREATE UNIQUE INDEX ix_current_stances_topic ON current_stances (topic_id, person_slug);
-- The latest instant any stance was said: whether an asOf is at or after all of them, so these rows answer it.
CREATE INDEX ix_current_stances_sort ON current_stances (sort_utc_ms);

-- The last earlier stance that differs from a given one, found by one seek per other stance on the scale rather than a
-- walk back over the run of equal ones: keeping since_id in step costs the same whatever the history.
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
