-- When each stream of a run started and ended (epoch milliseconds), and the error that failed it,
-- so a run's history shows which stream failed, why, and how long each took. NULL for runs recorded
-- before, and ended_at stays NULL while the stream runs.
ALTER TABLE ferry_run_stream ADD COLUMN started_at BIGINT;
ALTER TABLE ferry_run_stream ADD COLUMN ended_at BIGINT;
ALTER TABLE ferry_run_stream ADD COLUMN error TEXT;
-- Run lists filter by start time.
CREATE INDEX ferry_run_by_start ON ferry_run (started_at);
