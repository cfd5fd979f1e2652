-- Deals as a CRM exports them: its own stage names and numeric status codes.
CREATE TABLE deals (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    dealstage   TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    amount      NUMERIC NOT NULL
);
INSERT INTO deals VALUES
    (1, 'Rinnovo licenze', 'closedwon', 3, 1200),
    (2, 'Nuovo studio', 'ClosedLost', 2, 800),
    (3, 'Manutenzione', 'appointmentscheduled', 1, 450),
    (4, 'Prova gratuita', 'qualifiedtobuy', 1, 0);
