-- Credentials a connector renews while it works (a rotated OAuth refresh token), sealed with the
-- keyset of stored secrets, per pipeline and connection. Not tied to a stream's state.
CREATE TABLE ferry_credential (
    pipeline    TEXT    NOT NULL,
    connection  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    sealed      TEXT    NOT NULL,
    key_id      BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (pipeline, connection, name)
);
