-- 0005: a person's topics, found from their stances directly, so their positions page in SQL rather than in memory.
CREATE INDEX ix_statement_positions_person ON statement_positions (person_id, topic_id, sort_utc_ms);
