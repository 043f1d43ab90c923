-- 0010: on SQLite, a view of how many statements hold each word (FTS5's vocabulary), which the search planner reads
-- to choose between walking in date order and collecting matches first. PostgreSQL's planner makes that choice
-- itself from the GIN index's statistics, so there is nothing to create; the number is kept so both engines' schema
-- versions stay the same. Fresh statistics for the planner instead:
ANALYZE statements;
