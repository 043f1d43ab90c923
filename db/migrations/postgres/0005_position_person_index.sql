-- 0005: a person's topics, found from their stances directly (PostgreSQL).
CREATE INDEX ix_statement_positions_person ON statement_positions (person_id, topic_id, sort_utc_ms);
