-- 0017: each statement keeps its sources, topics and stances as one document beside its row (PostgreSQL; conventions
-- in 0001; why, and what NULL means, in SQLite's 0017). One trigger function clears the document of the statement
-- at either end of any change to the three tables, whoever writes; the service writes it again.

ALTER TABLE statements ADD COLUMN parts TEXT COLLATE "C";

CREATE FUNCTION statement_parts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE statements SET parts = NULL WHERE id = OLD.statement_id AND parts IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
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

-- The documents of the statements already stored are written at the next start (Maintenance/MaintenanceTasks.cs).
INSERT INTO maintenance_tasks (name, requested_at) VALUES
    ('fill_statement_parts', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
