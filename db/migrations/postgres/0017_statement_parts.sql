-- 0017: each statement keeps its sources, topics and stances as one document beside its row (PostgreSQL; conventions
-- in 0001; why, and what NULL means, in SQLite's 0017). One trigger function clears the document of the statement
-- at either end of any change to the three tables, whoever writes; the service writes it again.

ALTER TABLE statements ADD COLUMN parts TEXT COLLATE "C";

-- The statement's row is locked even when its document is missing already: a service write that reads the three
-- tables to write the document then waits for this transaction, and reads its rows, instead of writing a document
-- without them that nothing would clear.
CREATE FUNCTION statement_parts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM 1 FROM statements WHERE id = OLD.statement_id FOR NO KEY UPDATE;
        UPDATE statements SET parts = NULL WHERE id = OLD.statement_id AND parts IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM 1 FROM statements WHERE id = NEW.statement_id FOR NO KEY UPDATE;
        UPDATE statements SET parts = NULL WHERE id = NEW.statement_id AND parts IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sources_clear_parts AFTER INSERT OR UPDATE OR DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION statement_parts_clear();

CREATE TRIGGER statement_topics_clear_parts AFTER INSERT OR UPDATE OR DELETE ON statement_topics
    FOR EACH ROW EXECUTE FUNCTION statement_parts_clear();

-- Not on the person and timeline key a stance copies from its statement (0004): those are not shown.
CREATE TRIGGER statement_positions_clear_parts AFTER INSERT OR DELETE OR UPDATE OF statement_id, topic_id, stance ON statement_positions
    FOR EACH ROW EXECUTE FUNCTION statement_parts_clear();

-- TRUNCATE fires no row triggers: emptying any of the three tables clears every document.
CREATE FUNCTION statement_parts_clear_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statements SET parts = NULL WHERE parts IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER sources_clear_parts_truncate AFTER TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION statement_parts_clear_all();

CREATE TRIGGER statement_topics_clear_parts_truncate AFTER TRUNCATE ON statement_topics
    FOR EACH STATEMENT EXECUTE FUNCTION statement_parts_clear_all();

CREATE TRIGGER statement_positions_clear_parts_truncate AFTER TRUNCATE ON statement_positions
    FOR EACH STATEMENT EXECUTE FUNCTION statement_parts_clear_all();

-- The documents name topics by slug, which the service never changes; a slug changed at the table clears the
-- documents of every statement about the topic or taking a stance on it.
CREATE FUNCTION topics_clear_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statements SET parts = NULL
     WHERE parts IS NOT NULL
       AND id IN (SELECT statement_id FROM statement_topics WHERE topic_id = NEW.id
                  UNION SELECT statement_id FROM statement_positions WHERE topic_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER topics_clear_parts AFTER UPDATE OF slug ON topics
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION topics_clear_parts();

-- The documents of the statements already stored are written at the next start (Maintenance/MaintenanceTasks.cs).
INSERT INTO maintenance_tasks (name, requested_at) VALUES
    ('fill_statement_parts', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
