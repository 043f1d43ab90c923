-- 0014: nothing to create on SQLite. PostgreSQL keeps a data_version row that every write transaction moves on, so
-- the nodes' read caches see each other's writes (src/StatementTracker.Api/Caching). SQLite has that counter built
-- in: PRAGMA data_version changes whenever another connection, in this process or any other, commits to the file
-- (Caching/DataVersion.cs), so no table and no extra write per transaction is needed. The file exists so that both
-- engines keep the same migration numbers.
SELECT 1;
