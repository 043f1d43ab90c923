-- 0016: each statement says what else it has. A page of statements (a timeline, a search, one statement) shows each
-- one's links, repeat chain, reversals and fact-checks, which most statements do not have. Until now every page asked,
-- for each statement, seven index seeks into links, reversals and reviews to find which ones have any: more than half
-- the CPU of an uncached timeline page of 50 at 1,000,000 statements. statements.flags keeps the answer, kept in step
-- by the triggers below whoever writes, so a page reads it with the row it reads anyway. The bits
-- (Statements/StatementFlags.cs), each of which a row once written sets for good:
--   1  a repeats link from or to it, retracted or not: its repeat chain may be longer than itself;
--   2  a link from or to it, retracted or not: it may have links to show;
--   4  a reversal at either end, live or closed: it may take part in one now;
--   8  a fact-check, retracted or not.
-- A bit only tells a reader where to look; the reads it steers decide what is shown, so a bit left by a retracted link
-- or a closed reversal costs a page one query, never a wrong answer. That is why retracting and closing, which a
-- correction does to every reversal around it, need no trigger: a write only ever sets bits, which is one row
-- update at most and no seek. Only a deleted row (a cascade, or a writer at the tables) or one moved to other
-- statements works them out again, from statement_flags, the one place their definition lives.

ALTER TABLE statements ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;

-- Every link from a statement, retracted or not, by the statement: what the view's second bit asks. The links'
-- other indexes start with the relation, or hold only live links.
CREATE INDEX ix_links_statement ON links (statement_id);

CREATE VIEW statement_flags (id, flags) AS
SELECT s.id,
       CASE WHEN EXISTS (SELECT 1 FROM links AS f WHERE f.relation = 'repeats' AND f.statement_id = s.id)
                 -- relation || '' keeps SQLite on the target's index: on the relation's it reads every repeats link.
                 OR EXISTS (SELECT 1 FROM links AS b WHERE b.target_id = s.id AND b.relation || '' = 'repeats')
            THEN 1 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM links AS ol WHERE ol.statement_id = s.id)
                 OR EXISTS (SELECT 1 FROM links AS il WHERE il.target_id = s.id)
            THEN 2 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM reversals AS lr WHERE lr.later_id = s.id)
                 OR EXISTS (SELECT 1 FROM reversals AS er WHERE er.earlier_id = s.id)
            THEN 4 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM reviews AS rv WHERE rv.statement_id = s.id) THEN 8 ELSE 0 END
  FROM statements AS s;

-- A new row sets its bits at both ends; a statement's row is written only when it lacks one of them.
CREATE TRIGGER links_flag_insert AFTER INSERT ON links
BEGIN
    UPDATE statements SET flags = flags | CASE WHEN NEW.relation = 'repeats' THEN 3 ELSE 2 END
     WHERE id IN (NEW.statement_id, NEW.target_id)
       AND flags & CASE WHEN NEW.relation = 'repeats' THEN 3 ELSE 2 END <> CASE WHEN NEW.relation = 'repeats' THEN 3 ELSE 2 END;
END;

CREATE TRIGGER reversals_flag_insert AFTER INSERT ON reversals
BEGIN
    UPDATE statements SET flags = flags | 4 WHERE id IN (NEW.earlier_id, NEW.later_id) AND flags & 4 = 0;
END;

CREATE TRIGGER reviews_flag_insert AFTER INSERT ON reviews
BEGIN
    UPDATE statements SET flags = flags | 8 WHERE id = NEW.statement_id AND flags & 8 = 0;
END;

-- A row deleted or moved to other statements: the statements at its old and new ends are worked out again.
CREATE TRIGGER links_flag_update AFTER UPDATE OF statement_id, target_id, relation ON links
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id IN (OLD.statement_id, OLD.target_id, NEW.statement_id, NEW.target_id);
END;

CREATE TRIGGER links_flag_delete AFTER DELETE ON links
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id IN (OLD.statement_id, OLD.target_id);
END;

CREATE TRIGGER reversals_flag_update AFTER UPDATE OF earlier_id, later_id ON reversals
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id IN (OLD.earlier_id, OLD.later_id, NEW.earlier_id, NEW.later_id);
END;

CREATE TRIGGER reversals_flag_delete AFTER DELETE ON reversals
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id IN (OLD.earlier_id, OLD.later_id);
END;

CREATE TRIGGER reviews_flag_update AFTER UPDATE OF statement_id ON reviews
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id IN (OLD.statement_id, NEW.statement_id);
END;

CREATE TRIGGER reviews_flag_delete AFTER DELETE ON reviews
BEGIN
    UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
     WHERE id = OLD.statement_id;
END;

-- The statements that already have any of these; every other one keeps the 0 it was given.
UPDATE statements SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = statements.id)
 WHERE id IN (SELECT statement_id FROM links UNION SELECT target_id FROM links
              UNION SELECT earlier_id FROM reversals UNION SELECT later_id FROM reversals
              UNION SELECT statement_id FROM reviews);
