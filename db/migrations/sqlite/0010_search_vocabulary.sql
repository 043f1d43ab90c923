-- 0010: how many statements hold each word, read from the full-text index itself (FTS5's vocabulary view; it
-- stores nothing). A search sorted by date checks each statement in date order against the index when its words
-- are common, and collects the matches first when they are rare; the counts here tell which (Search/SearchPlan.cs).
CREATE VIRTUAL TABLE statements_fts_vocabulary USING fts5vocab(statements_fts, 'row');
