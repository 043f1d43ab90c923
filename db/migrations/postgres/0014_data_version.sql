-- 0014: a counter that moves on with every committed write (PostgreSQL; conventions in 0001), so that each node's
-- read cache (src/StatementTracker.Api/Caching) can tell with one indexed read whether anything changed since it kept
-- an answer, whichever node or command wrote. DbSession bumps it inside every write transaction, just before the
-- commit (Caching/DataVersion.cs), so the new value becomes visible exactly when the write does, on every node.
-- One row; its value means nothing but "not the same as before".

CREATE TABLE data_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO data_version (id, version) VALUES (1, 1);
