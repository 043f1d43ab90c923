-- 0003: reversals kept as derived rows, so the feed and the marks on statements read an index instead of
-- recomputing every stance change in the database on each request. A person's rows are rebuilt, in the same
-- transaction, whenever their statements, stances or reverses/walks_back links change (ReversalStore).

CREATE TABLE reversals (
    earlier_id  TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    later_id    TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id),
    later_sort  INTEGER NOT NULL,           -- the later statement's timeline key, copied for the feed's index
    later_rank  INTEGER NOT NULL,
    flip        TEXT NOT NULL CHECK (flip IN ('full_flop', 'half_flip')),
    link_id     TEXT,                       -- the editor's link, when there is one; its rating is the flip
    relation    TEXT CHECK (relation IN ('reverses', 'walks_back')),
    stances     TEXT,                       -- JSON [{"topicId","from","to"}]: the stance changes on this pair
    PRIMARY KEY (earlier_id, later_id)
);

CREATE INDEX ix_reversals_feed ON reversals (later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC);
CREATE INDEX ix_reversals_person ON reversals (person_id, later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC);
CREATE INDEX ix_reversals_later ON reversals (later_id);

-- Which topics each reversal is about, for the feed's topic filter.
CREATE TABLE reversal_topics (
    topic_id    TEXT NOT NULL REFERENCES topics (id),
    earlier_id  TEXT NOT NULL,
    later_id    TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    later_sort  INTEGER NOT NULL,
    later_rank  INTEGER NOT NULL,
    PRIMARY KEY (topic_id, earlier_id, later_id),
    FOREIGN KEY (earlier_id, later_id) REFERENCES reversals (earlier_id, later_id) ON DELETE CASCADE
);

CREATE INDEX ix_reversal_topics_feed ON reversal_topics (topic_id, later_sort DESC, later_rank DESC, later_id DESC, earlier_id DESC);
CREATE INDEX ix_reversal_topics_person ON reversal_topics (person_id);

-- Backfill what earlier versions computed on read. This is the rule as of this version (ReversalStore holds the
-- living copy): consecutive differing stances per person and topic, merged per pair with reverses/walks_back
-- links, the link's rating standing; a crossing between the support and the oppose side is a full flop.
WITH stance_steps AS (
    SELECT s.person_id, sp.topic_id, sp.stance, s.id AS statement_id,
           LAG(sp.stance) OVER steps AS prev_stance,
           LAG(s.id) OVER steps AS prev_id
      FROM statement_positions AS sp
      JOIN statements AS s ON s.id = sp.statement_id
    WINDOW steps AS (PARTITION BY s.person_id, sp.topic_id ORDER BY s.sort_utc_ms, s.precision_rank, s.id)
),
stance_pairs AS (
    SELECT prev_id AS earlier_id, statement_id AS later_id,
           json_group_array(json_object('topicId', topic_id, 'from', prev_stance, 'to', stance)) AS stances,
           MAX(prev_stance IN ('supports', 'leans_support') AND stance IN ('leans_oppose', 'opposes')
               OR prev_stance IN ('leans_oppose', 'opposes') AND stance IN ('supports', 'leans_support')) AS any_full_flop
      FROM stance_steps
     WHERE prev_stance IS NOT NULL AND prev_stance <> stance
     GROUP BY prev_id, statement_id
),
link_reversals AS (
    SELECT earlier_id, later_id, link_id, relation FROM (
        SELECT l.target_id AS earlier_id, l.statement_id AS later_id, l.id AS link_id, l.relation,
               ROW_NUMBER() OVER (PARTITION BY l.statement_id, l.target_id ORDER BY l.relation = 'reverses' DESC, l.id) AS n
          FROM links AS l
         WHERE l.relation IN ('reverses', 'walks_back')
    ) WHERE n = 1
),
pairs AS (
    SELECT earlier_id, later_id FROM stance_pairs
    UNION
    SELECT earlier_id, later_id FROM link_reversals
)
INSERT INTO reversals (earlier_id, later_id, person_id, later_sort, later_rank, flip, link_id, relation, stances)
SELECT p.earlier_id, p.later_id, later.person_id, later.sort_utc_ms, later.precision_rank,
       CASE WHEN r.relation = 'reverses' THEN 'full_flop'
            WHEN r.relation = 'walks_back' THEN 'half_flip'
            WHEN c.any_full_flop THEN 'full_flop'
            ELSE 'half_flip' END,
       r.link_id, r.relation, c.stances
  FROM pairs AS p
  JOIN statements AS later ON later.id = p.later_id
  LEFT JOIN stance_pairs AS c ON c.earlier_id = p.earlier_id AND c.later_id = p.later_id
  LEFT JOIN link_reversals AS r ON r.earlier_id = p.earlier_id AND r.later_id = p.later_id;

INSERT INTO reversal_topics (topic_id, earlier_id, later_id, person_id, later_sort, later_rank)
SELECT DISTINCT json_extract(j.value, '$.topicId'), r.earlier_id, r.later_id, r.person_id, r.later_sort, r.later_rank
  FROM reversals AS r, json_each(r.stances) AS j
 WHERE r.stances IS NOT NULL;
