-- Connections stored through the API (PUT /api/connections/{name}), which pipelines may name without
-- declaring them. Kept column-for-column equal between the SQLite and PostgreSQL flavours.
-- Times are epoch milliseconds.

-- Everything but secrets, as written: env and file references (dollar-brace env:NAME) are kept as references
-- (they are not secrets) and resolved when the connection is used.
CREATE TABLE ferry_connection (
    name        TEXT    NOT NULL PRIMARY KEY,
    type        TEXT,
    url         TEXT    NOT NULL,
    user_name   TEXT,
    password_reference TEXT,
    properties  TEXT    NOT NULL,
    options     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);

-- Passwords and secret properties, encrypted with Tink AEAD (AES256_GCM) under a keyset kept outside
-- this database; the associated data names the connection and the field, so a ciphertext cannot be
-- moved to another connection. key_id is the keyset key that sealed it, for key rotation.
CREATE TABLE ferry_connection_secret (
    connection  TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    sealed      TEXT    NOT NULL,
    key_id      BIGINT  NOT NULL,
    PRIMARY KEY (connection, field)
);
