-- The process that runs a run (host name and process id), so that a second run of the pipeline can
-- name the one it waits for, and a run whose process died can be told apart and named when it is
-- marked INTERRUPTED. NULL for runs recorded before.
ALTER TABLE ferry_run ADD COLUMN host TEXT;
ALTER TABLE ferry_run ADD COLUMN pid BIGINT;
-- Every state store open looks for runs left RUNNING; this keeps that look-up off the whole history.
CREATE INDEX ferry_run_running ON ferry_run (pipeline) WHERE status = 'RUNNING';
