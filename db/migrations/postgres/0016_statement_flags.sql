-- 0016: each statement says what else it has (PostgreSQL; conventions in 0001; why, and what each bit means, in
-- SQLite's 0016). statement_flags is the one definition of the bits. A new link, reversal or review sets its bits at
-- both ends (a statement's row is written only when it lacks one); only a row deleted or moved to other statements
-- works the flags of its ends out again from the view. Retracting a link or closing a reversal leaves the bits set.
-- PostgreSQL has many writers at once where SQLite has one, so the functions lock the statements' rows (below).

ALTER TABLE statements ADD COLUMN flags BIGINT NOT NULL DEFAULT 0;

-- Every link from a statement, retracted or not, by the statement: what the view's second bit asks. The links'
-- other indexes start with the relation, or hold only live links.
CREATE INDEX ix_links_statement ON links (statement_id);

CREATE VIEW statement_flags (id, flags) AS
SELECT s.id,
       CASE WHEN EXISTS (SELECT 1 FROM links AS f WHERE f.relation = 'repeats' AND f.statement_id = s.id)
                 OR EXISTS (SELECT 1 FROM links AS b WHERE b.target_id = s.id AND b.relation = 'repeats')
            THEN 1 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM links AS ol WHERE ol.statement_id = s.id)
                 OR EXISTS (SELECT 1 FROM links AS il WHERE il.target_id = s.id)
            THEN 2 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM reversals AS lr WHERE lr.later_id = s.id)
                 OR EXISTS (SELECT 1 FROM reversals AS er WHERE er.earlier_id = s.id)
            THEN 4 ELSE 0 END
     + CASE WHEN EXISTS (SELECT 1 FROM reviews AS rv WHERE rv.statement_id = s.id) THEN 8 ELSE 0 END
  FROM statements AS s;

-- Sets bits on these statements, writing only the rows that lack one. Both functions lock the statements' rows first,
-- even where no bit changes: a deletion that works a statement's flags out again while another transaction inserts
-- a link to it would otherwise read a snapshot without that link, and clear the bit the insert relies on. Under
-- READ COMMITTED the statement after the lock sees every write committed before the lock was granted.
CREATE FUNCTION statement_flags_set(ids TEXT[], bits BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM statements WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE statements SET flags = flags | bits WHERE id = ANY (ids) AND flags & bits <> bits;
END
$$;

-- Works these statements' flags out again from the view.
CREATE FUNCTION statement_flags_refresh(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM statements WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE statements AS s
       SET flags = (SELECT f.flags FROM statement_flags AS f WHERE f.id = s.id)
     WHERE s.id = ANY (ids);
END
$$;

CREATE FUNCTION links_flag_statements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM statement_flags_set(ARRAY[NEW.statement_id, NEW.target_id], CASE WHEN NEW.relation = 'repeats' THEN 3 ELSE 2 END);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM statement_flags_refresh(ARRAY[OLD.statement_id, OLD.target_id]);
    ELSE
        PERFORM statement_flags_refresh(ARRAY[OLD.statement_id, OLD.target_id, NEW.statement_id, NEW.target_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER links_flag_statements AFTER INSERT OR DELETE OR UPDATE OF statement_id, target_id, relation ON links
    FOR EACH ROW EXECUTE FUNCTION links_flag_statements();

CREATE FUNCTION reversals_flag_statements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM statement_flags_set(ARRAY[NEW.earlier_id, NEW.later_id], 4);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM statement_flags_refresh(ARRAY[OLD.earlier_id, OLD.later_id]);
    ELSE
        PERFORM statement_flags_refresh(ARRAY[OLD.earlier_id, OLD.later_id, NEW.earlier_id, NEW.later_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reversals_flag_statements AFTER INSERT OR DELETE OR UPDATE OF earlier_id, later_id ON reversals
    FOR EACH ROW EXECUTE FUNCTION reversals_flag_statements();

CREATE FUNCTION reviews_flag_statements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM statement_flags_set(ARRAY[NEW.statement_id], 8);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM statement_flags_refresh(ARRAY[OLD.statement_id]);
    ELSE
        PERFORM statement_flags_refresh(ARRAY[OLD.statement_id, NEW.statement_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reviews_flag_statements AFTER INSERT OR DELETE OR UPDATE OF statement_id ON reviews
    FOR EACH ROW EXECUTE FUNCTION reviews_flag_statements();

-- The statements that already have any of these; every other one keeps the 0 it was given.
UPDATE statements AS s
   SET flags = f.flags
  FROM statement_flags AS f
 WHERE f.id = s.id
   AND s.id IN (SELECT statement_id FROM links UNION SELECT target_id FROM links
                UNION SELECT earlier_id FROM reversals UNION SELECT later_id FROM reversals
                UNION SELECT statement_id FROM reviews);
