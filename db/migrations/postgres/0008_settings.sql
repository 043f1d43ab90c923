-- 0008: settings the service keeps for itself, shared by every node on this database (PostgreSQL).

CREATE TABLE settings (
    name        TEXT COLLATE "C" PRIMARY KEY,
    value       TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
