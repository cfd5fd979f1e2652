-- Counts as the destination reported them: rows inserted and rows updated (rows_written stays their
-- sum, rows_skipped holds the rows found unchanged). Runs recorded before this migration have 0 in
-- both, since their writers did not tell the two apart.
ALTER TABLE ferry_run_stream ADD COLUMN rows_inserted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ferry_run_stream ADD COLUMN rows_updated BIGINT NOT NULL DEFAULT 0;

-- The rows an incremental stream committed at the top of its cursor (within the look-back below
-- the stored checkpoint), rewritten with the checkpoint in one transaction: the next run reads them
-- again (its read is inclusive) and skips those whose content hash is unchanged.
CREATE TABLE ferry_cursor_boundary (
    stream_id   BIGINT  NOT NULL REFERENCES ferry_stream (id) ON DELETE CASCADE,
    row_key     TEXT    NOT NULL,
    hash        BYTEA   NOT NULL,
    cursor_value TEXT   NOT NULL,
    PRIMARY KEY (stream_id, row_key)
);
