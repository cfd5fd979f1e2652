-- Which remote object (a SaaS API's id) each source record became, per pipeline and destination
-- object type. Not tied to a stream's state: resetting a stream must not forget objects that exist.
CREATE TABLE ferry_key_map (
    pipeline    TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    source_key  TEXT    NOT NULL,
    remote_id   TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (pipeline, target, source_key)
);
