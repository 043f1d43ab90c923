-- 0008: settings the service keeps for itself, in the database it serves, so that every node on this database and
-- every restart (and a restored backup) agree on them. The first is the key that signs list cursors
-- (name 'cursor_key', base64), made at start-up when missing unless StatementTracker:CursorKey is configured.

CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
