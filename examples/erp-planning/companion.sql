-- The office's planning fields, edited by people (through NocoDB), beside the mirrored table.
-- Ferry writes only `conduces`; this table references its key and is never touched by a sync.
CREATE TABLE IF NOT EXISTS conduce_planning (
    conduce      bigint PRIMARY KEY REFERENCES conduces (conduce) DEFERRABLE INITIALLY DEFERRED,
    nota         text,
    ruta         text,
    hecho        boolean NOT NULL DEFAULT false,
    preparador   text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- What the office sees: the mirror and its plan side by side.
CREATE OR REPLACE VIEW conduces_con_plan AS
SELECT c.*, p.nota, p.ruta, p.hecho, p.preparador
FROM conduces c LEFT JOIN conduce_planning p USING (conduce);
