-- A small practice database, as pulled from the practice-management system: patients typed in by
-- hand (phones with and without +39, tax codes in lower case and with spaces, dates as dd/MM/yyyy)
-- and their appointments. Synthetic people; the tax codes are well-formed and their check
-- characters are right.
CREATE TABLE pazienti (
    id              INTEGER PRIMARY KEY,
    nome            TEXT NOT NULL,
    cognome         TEXT NOT NULL,
    telefono        TEXT,
    codice_fiscale  TEXT,
    email           TEXT,
    nascita         TEXT,
    operatore       TEXT NOT NULL
);
INSERT INTO pazienti VALUES
    (1, ' Ada ', 'Lovelace', '06 1234 5678', 'qqq jjj 80a01 z999h', ' Ada@Example.COM', '01/01/1980', 'rossi'),
    (2, 'Bruno', 'Rossi  ', '+39 333 123 4567', 'QQQJJJ80A41Z999L', 'bruno@example.org', '01/01/1980', 'bianchi'),
    (3, 'Carla', 'Verdi', '(02) 8765 4321', NULL, NULL, '29/02/1984', 'rossi');

CREATE TABLE appuntamenti (
    id          INTEGER PRIMARY KEY,
    paziente_id INTEGER NOT NULL REFERENCES pazienti (id),
    inizio      TEXT NOT NULL,
    piano_cura  TEXT NOT NULL,
    operatore   TEXT NOT NULL
);
INSERT INTO appuntamenti VALUES
    (10, 1, '2026-03-29 09:30', 'ORTO', 'rossi'),
    (11, 2, '2026-10-25 16:00', 'IGIENE', 'bianchi'),
    (12, 3, '2026-11-30 11:15', 'ORTO', 'rossi');
