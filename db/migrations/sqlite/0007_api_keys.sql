-- 0007: API keys for writes (and for reads, when anonymous reads are switched off).
-- A key is shown once, when it is made; only its SHA-256 hash is kept, so a copy of this file lets nobody in.

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,     -- who holds it ("ci", "newsroom-bot"); recorded beside what they write
    scope         TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    key_hash      TEXT NOT NULL UNIQUE,     -- lower-case hex SHA-256 of the key's UTF-8 text: how a request finds its key
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,                     -- refreshed at most about once a minute, not on every request
    revoked_at    TEXT                      -- a revoked key stays listed, so its name keeps meaning who wrote what
);
