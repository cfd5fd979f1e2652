-- The server's own tables, beside the engine's state in the same database, with their own Flyway
-- history (ferry_server_schema_history). Kept column-for-column equal to the PostgreSQL flavour.
-- Times are epoch milliseconds, as in the engine's tables.

-- API tokens: only a SHA-256 hash of each token is kept; the token itself is shown once.
CREATE TABLE ferry_api_token (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    role        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    last_used_at BIGINT,
    revoked_at  BIGINT
);

-- Every change and every trigger: who, what, when, from where, and how it ended. Never secrets.
CREATE TABLE ferry_audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT,
    action      TEXT    NOT NULL,
    target      TEXT,
    address     TEXT,
    outcome     TEXT    NOT NULL,
    detail      TEXT
);
CREATE INDEX ferry_audit_by_time ON ferry_audit (at);
