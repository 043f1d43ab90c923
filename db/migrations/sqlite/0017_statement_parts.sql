-- 0017: each statement keeps its sources, topics and stances as one document beside its row. A page of 50 statements
-- read them from three tables, about five index seeks a statement, most of them to pages no cache held: after
-- 0016, the larger part of what an uncached timeline page still cost the database. statements.parts holds them as
-- the service shows them (Statements/StatementParts.cs writes and reads it), so the page reads them with the row.
--
-- NULL means "not known": a reader then reads the three tables, as before, so an answer never depends on the
-- document being there. The service writes it at the end of every write of a statement (StatementCommands); the
-- triggers below clear it whenever any of the three tables changes under a statement, whoever writes, so it is
-- never stale, only missing. A restore, or rows loaded behind the service's back, leave it missing until
-- --rebuild-reversals (or the task below, on upgrade) writes it again.

ALTER TABLE statements ADD COLUMN parts TEXT;

CREATE TRIGGER sources_clear_parts_insert AFTER INSERT ON sources
BEGIN
    UPDATE statements SET parts = NULL WHERE id = NEW.statement_id AND parts IS NOT NULL;
END;

CREATE TRIGGER sources_clear_parts_update AFTER UPDATE ON sources
BEGIN
    UPDATE statements SET parts = NULL WHERE id IN (OLD.statement_id, NEW.statement_id) AND parts IS NOT NULL;
END;

CREATE TRIGGER sources_clear_parts_delete AFTER DELETE ON sources
BEGIN
    UPDATE statements SET parts = NULL WHERE id = OLD.statement_id AND parts IS NOT NULL;
END;

CREATE TRIGGER statement_topics_clear_parts_insert AFTER INSERT ON statement_topics
BEGIN
    UPDATE statements SET parts = NULL WHERE id = NEW.statement_id AND parts IS NOT NULL;
END;

CREATE TRIGGER statement_topics_clear_parts_update AFTER UPDATE ON statement_topics
BEGIN
    UPDATE statements SET parts = NULL WHERE id IN (OLD.statement_id, NEW.statement_id) AND parts IS NOT NULL;
END;

CREATE TRIGGER statement_topics_clear_parts_delete AFTER DELETE ON statement_topics
BEGIN
    UPDATE statements SET parts = NULL WHERE id = OLD.statement_id AND parts IS NOT NULL;
END;

CREATE TRIGGER statement_positions_clear_parts_insert AFTER INSERT ON statement_positions
BEGIN
    UPDATE statements SET parts = NULL WHERE id = NEW.statement_id AND parts IS NOT NULL;
END;

-- Not on the person and timeline key a stance copies from its statement (0004, 0015): those are not shown.
CREATE TRIGGER statement_positions_clear_parts_update AFTER UPDATE OF statement_id, topic_id, stance ON statement_positions
BEGIN
    UPDATE statements SET parts = NULL WHERE id IN (OLD.statement_id, NEW.statement_id) AND parts IS NOT NULL;
END;

CREATE TRIGGER statement_positions_clear_parts_delete AFTER DELETE ON statement_positions
BEGIN
    UPDATE statements SET parts = NULL WHERE id = OLD.statement_id AND parts IS NOT NULL;
END;

-- The documents name topics by slug, which the service never changes; a slug changed at the table clears the
-- documents of every statement about the topic or taking a stance on it.
CREATE TRIGGER topics_clear_parts AFTER UPDATE OF slug ON topics
    WHEN OLD.slug IS NOT NEW.slug
BEGIN
    UPDATE statements SET parts = NULL
     WHERE parts IS NOT NULL
       AND id IN (SELECT statement_id FROM statement_topics WHERE topic_id = NEW.id
                  UNION SELECT statement_id FROM statement_positions WHERE topic_id = NEW.id);
END;

-- The documents of the statements already stored are written at the next start (Maintenance/MaintenanceTasks.cs).
INSERT INTO maintenance_tasks (name, requested_at) VALUES ('fill_statement_parts', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
