-- 0015: nothing to change on PostgreSQL. SQLite's 0004 trigger wrote every new stance twice (the row, then its keys);
-- SQLite's 0015 lets a writer insert the keys with the stance and rewrites only a row whose keys are missing or wrong.
-- Here 0004's BEFORE INSERT trigger sets the keys before the row is stored, so a stance was always written once. The
-- file exists so that both engines keep the same migration numbers.
SELECT 1;
