-- 0015: a stance is written once. 0004's trigger copied the statement's person and timeline key into every new
-- stance by updating the row just inserted, so each stance was written twice: its row and its five indexes, then
-- again the row and the three indexes that hold the keys. That second write was the dearest step of recording a
-- stance (a third of an import's statement lines, and of POST /v1/statements with positions). Writers now insert the
-- keys with the stance (PositionStore.AddAsync), and the trigger rewrites the row only when the keys it was given
-- are missing or differ from the statement's, so the copies stay equal to the statement's whoever writes, as before.
-- PostgreSQL's trigger sets the keys before the row is stored, so it never wrote twice (its 0015 changes nothing).

DROP TRIGGER statement_positions_take_keys;

CREATE TRIGGER statement_positions_take_keys AFTER INSERT ON statement_positions
    WHEN (NEW.person_id, NEW.sort_utc_ms, NEW.precision_rank) IS NOT
         (SELECT s.person_id, s.sort_utc_ms, s.precision_rank FROM statements AS s WHERE s.id = NEW.statement_id)
BEGIN
    UPDATE statement_positions
       SET (person_id, sort_utc_ms, precision_rank) =
           (SELECT s.person_id, s.sort_utc_ms, s.precision_rank FROM statements AS s WHERE s.id = NEW.statement_id)
     WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END;
