-- Notifications: the global targets set through the API, the failure streak of each pipeline (so a
-- restart neither sends a notice again nor forgets one), and the log of notices and their delivery.
-- Kept column-for-column equal to the PostgreSQL flavour. Times are epoch milliseconds.

-- One row (id = 1): the global settings as JSON. Secrets appear only as env: or file: references,
-- never as values.
CREATE TABLE ferry_notify_settings (
    id          INTEGER PRIMARY KEY,
    settings    TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);

-- The failure streak of each pipeline: failing = 1 from the failure notice until the recovery notice.
-- last_run_id is the newest run counted, so an event seen twice is counted once.
CREATE TABLE ferry_notify_streak (
    pipeline          TEXT    PRIMARY KEY,
    failing           INTEGER NOT NULL,
    first_failed_run  BIGINT,
    failed_runs       INTEGER NOT NULL,
    failed_streams    TEXT,
    last_run_id       BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL
);

-- One row per notice and target: what was sent where, and how its delivery ended. A webhook target is
-- kept as its scheme, host and port only, since many webhook URLs carry a token in their path.
CREATE TABLE ferry_notify_delivery (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  BIGINT  NOT NULL,
    pipeline    TEXT    NOT NULL,
    run_id      BIGINT  NOT NULL,
    event       TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    error       TEXT,
    finished_at BIGINT
);
CREATE INDEX ferry_notify_delivery_by_pipeline ON ferry_notify_delivery (pipeline, id);
