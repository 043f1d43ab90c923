-- 0004: each stance carries its statement's person and timeline key, so "who stood where on a topic" ranks
-- stances from one index instead of joining every statement first. Triggers keep the copies equal to the
-- statement's, whoever writes.

ALTER TABLE statement_positions ADD COLUMN person_id TEXT REFERENCES people (id);
ALTER TABLE statement_positions ADD COLUMN sort_utc_ms INTEGER;
ALTER TABLE statement_positions ADD COLUMN precision_rank INTEGER;

UPDATE statement_positions
   SET (person_id, sort_utc_ms, precision_rank) =
       (SELECT s.person_id, s.sort_utc_ms, s.precision_rank FROM statements AS s WHERE s.id = statement_positions.statement_id);

CREATE INDEX ix_statement_positions_latest
    ON statement_positions (topic_id, person_id, sort_utc_ms DESC, precision_rank DESC, statement_id DESC);

CREATE TRIGGER statement_positions_take_keys AFTER INSERT ON statement_positions
BEGIN
    UPDATE statement_positions
       SET (person_id, sort_utc_ms, precision_rank) =
           (SELECT s.person_id, s.sort_utc_ms, s.precision_rank FROM statements AS s WHERE s.id = NEW.statement_id)
     WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END;

CREATE TRIGGER statement_positions_follow_statement AFTER UPDATE OF person_id, sort_utc_ms, precision_rank ON statements
BEGIN
    UPDATE statement_positions
       SET person_id = NEW.person_id, sort_utc_ms = NEW.sort_utc_ms, precision_rank = NEW.precision_rank
     WHERE statement_id = NEW.id;
END;
