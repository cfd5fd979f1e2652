-- Pipelines created through the API: their YAML text exactly as sent, so it reads back byte for
-- byte, and who created and last replaced them. Pipelines from files are never stored here.
CREATE TABLE ferry_pipeline (
    name        TEXT    NOT NULL PRIMARY KEY,
    yaml        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- Paused pipelines, from files or from the API alike: schedules and triggers skip them.
CREATE TABLE ferry_pipeline_pause (
    name        TEXT    NOT NULL PRIMARY KEY,
    paused_by   TEXT    NOT NULL,
    paused_at   BIGINT  NOT NULL
);
