-- Ferry state schema, SQLite flavour. Kept column-for-column equal to the PostgreSQL one.
-- Times are epoch milliseconds so both engines store and compare them the same way.

CREATE TABLE ferry_stream (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline    TEXT    NOT NULL,
    stream      TEXT    NOT NULL,
    checkpoint  TEXT,
    updated_at  BIGINT  NOT NULL,
    UNIQUE (pipeline, stream)
);

CREATE TABLE ferry_row_hash (
    stream_id   BIGINT  NOT NULL REFERENCES ferry_stream (id) ON DELETE CASCADE,
    row_key     TEXT    NOT NULL,
    hash        BLOB    NOT NULL,
    PRIMARY KEY (stream_id, row_key)
) WITHOUT ROWID;

CREATE TABLE ferry_run (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline    TEXT    NOT NULL,
    trigger_by  TEXT    NOT NULL,
    started_at  BIGINT  NOT NULL,
    ended_at    BIGINT,
    status      TEXT    NOT NULL,
    error       TEXT
);
CREATE INDEX ferry_run_by_pipeline ON ferry_run (pipeline, id);

CREATE TABLE ferry_run_stream (
    run_id        BIGINT  NOT NULL REFERENCES ferry_run (id) ON DELETE CASCADE,
    stream        TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    rows_read     BIGINT  NOT NULL,
    rows_written  BIGINT  NOT NULL,
    rows_deleted  BIGINT  NOT NULL,
    rows_failed   BIGINT  NOT NULL,
    rows_skipped  BIGINT  NOT NULL,
    PRIMARY KEY (run_id, stream)
);

CREATE TABLE ferry_run_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      BIGINT  NOT NULL REFERENCES ferry_run (id) ON DELETE CASCADE,
    at          BIGINT  NOT NULL,
    level       TEXT    NOT NULL,
    stream      TEXT,
    message     TEXT    NOT NULL
);
CREATE INDEX ferry_run_log_by_run ON ferry_run_log (run_id, id);
