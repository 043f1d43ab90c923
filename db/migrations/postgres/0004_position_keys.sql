-- 0004: each stance carries its statement's person and timeline key (PostgreSQL; conventions in 0001). Triggers
-- keep the copies equal to the statement's, whoever writes, as SQLite's do.

ALTER TABLE statement_positions ADD COLUMN person_id TEXT COLLATE "C" REFERENCES people (id);
ALTER TABLE statement_positions ADD COLUMN sort_utc_ms BIGINT;
ALTER TABLE statement_positions ADD COLUMN precision_rank BIGINT;

UPDATE statement_positions AS sp
   SET person_id = s.person_id, sort_utc_ms = s.sort_utc_ms, precision_rank = s.precision_rank
  FROM statements AS s
 WHERE s.id = sp.statement_id;

CREATE INDEX ix_statement_positions_latest
    ON statement_positions (topic_id, person_id, sort_utc_ms DESC, precision_rank DESC, statement_id DESC);

-- A new stance takes its statement's keys before it is stored, whatever the writer gave.
CREATE FUNCTION statement_positions_take_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT s.person_id, s.sort_utc_ms, s.precision_rank
      INTO NEW.person_id, NEW.sort_utc_ms, NEW.precision_rank
      FROM statements AS s
     WHERE s.id = NEW.statement_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER statement_positions_take_keys BEFORE INSERT ON statement_positions
    FOR EACH ROW EXECUTE FUNCTION statement_positions_take_keys();

CREATE FUNCTION statement_positions_follow_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statement_positions
       SET person_id = NEW.person_id, sort_utc_ms = NEW.sort_utc_ms, precision_rank = NEW.precision_rank
     WHERE statement_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER statement_positions_follow_statement AFTER UPDATE OF person_id, sort_utc_ms, precision_rank ON statements
    FOR EACH ROW EXECUTE FUNCTION statement_positions_follow_statement();
