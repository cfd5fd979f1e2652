-- The dashboard's people and their signed-in sessions. Passwords are kept only as Argon2id hashes
-- (PHC strings); a session is known by the SHA-256 of its cookie value, never the value itself.

CREATE TABLE ferry_ui_user (
    name          TEXT   NOT NULL PRIMARY KEY,
    role          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    last_sign_in_at BIGINT
);

-- kind: user (signed in with a password) or token (signed in with an API token, named by subject).
CREATE TABLE ferry_ui_session (
    id_hash     TEXT   NOT NULL PRIMARY KEY,
    subject     TEXT   NOT NULL,
    kind        TEXT   NOT NULL,
    role        TEXT   NOT NULL,
    csrf_token  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX ferry_ui_session_by_expiry ON ferry_ui_session (expires_at);
