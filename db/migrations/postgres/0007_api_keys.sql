-- 0007: API keys for writes (PostgreSQL; conventions in 0001). Only a key's SHA-256 hash is kept.

CREATE TABLE api_keys (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL UNIQUE,
    scope         TEXT COLLATE "C" NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    key_hash      TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at    TEXT COLLATE "C" NOT NULL,
    last_used_at  TEXT COLLATE "C",
    revoked_at    TEXT COLLATE "C"
);
