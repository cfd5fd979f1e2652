-- Each ended run keeps the rows its streams wrote (set when it finishes or is found interrupted), so
-- charts of the run history add up days of runs from one index (start time, state, end, rows)
-- without visiting their streams. NULL while a run runs.
ALTER TABLE ferry_run ADD COLUMN rows_written BIGINT;
UPDATE ferry_run SET rows_written = (SELECT coalesce(sum(s.rows_written), 0) FROM ferry_run_stream s
                                     WHERE s.run_id = ferry_run.id)
WHERE ended_at IS NOT NULL;
CREATE INDEX ferry_run_totals ON ferry_run (started_at, status, ended_at, rows_written);
