-- A run's page lists the rows that run set aside.
CREATE INDEX ferry_quarantine_by_run ON ferry_quarantine (run_id, id);
