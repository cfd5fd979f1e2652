-- Rows set aside instead of failing their run: a transform rejected a value, or the destination
-- refused the row's data. The row is kept as the source gave it (each column's name, type and exact
-- text), so a retry runs it through the transforms of that later day. One entry per row key of a
-- stream: a row refused again replaces its entry (row_key is a hash of the row for keyless streams).
CREATE TABLE ferry_quarantine (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline        TEXT    NOT NULL,
    stream          TEXT    NOT NULL,
    row_key         TEXT    NOT NULL,
    run_id          BIGINT  NOT NULL,
    stage           TEXT    NOT NULL,
    error           TEXT    NOT NULL,
    row_json        TEXT    NOT NULL,
    quarantined_at  BIGINT  NOT NULL,
    UNIQUE (pipeline, stream, row_key)
);
CREATE INDEX ferry_quarantine_by_stream ON ferry_quarantine (pipeline, stream, id);
