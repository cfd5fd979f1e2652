-- Incremental streams that remove missing rows scan the source's keys every N runs; this counts
-- the runs since the last scan.
ALTER TABLE ferry_stream ADD COLUMN runs_since_reconcile INTEGER NOT NULL DEFAULT 0;
