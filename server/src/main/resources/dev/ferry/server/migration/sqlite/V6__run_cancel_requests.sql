-- A cancel asked of a node that does not run the run: the node that does looks here every second
-- and stops the run at its next batch boundary. Kept column-for-column equal to the PostgreSQL flavour.
CREATE TABLE ferry_run_cancel (
    run_id       BIGINT  PRIMARY KEY,
    requested_by TEXT    NOT NULL,
    requested_at BIGINT  NOT NULL
);
