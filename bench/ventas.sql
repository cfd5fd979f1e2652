-- Creates and fills the benchmark table `ventas` exactly as SPEC.md ("The benchmark table")
-- defines it. Run with psql, giving the row count, the random seed and the table name as
-- variables (all optional; defaults 1000000, 0.42, ventas):
--
--   psql -X -v ON_ERROR_STOP=1 -v rows=1000000 -v seed=0.42 -d ferry_bench_src -f bench/ventas.sql
--
-- rows=0 creates the empty table with the same DDL; the benchmark uses that for destinations.
--
-- `monto` is the only random column; setseed() makes it the same on every run with the same
-- seed. The INSERT runs in one backend without parallel workers (INSERT ... SELECT is never
-- parallel in PostgreSQL 15), so random() is drawn in row order and the data is reproducible.

\if :{?rows}
\else
  \set rows 1000000
\endif
\if :{?seed}
\else
  \set seed 0.42
\endif
\if :{?table}
\else
  \set table ventas
\endif

drop table if exists :"table";

create table :"table" (
  conduce bigint primary key,
  fecha_emision date not null,
  facturado boolean not null,
  numero_factura varchar(20),
  codigo_cliente varchar(12) not null,
  cliente text not null,
  monto numeric(14,2) not null,
  notas text,
  ultima_modificacion timestamptz not null
);

-- setseed() returns void; keep its empty result row out of the output.
select setseed(:seed) \gset

insert into :"table"
select i,
       date '2020-01-01' + (i % 2000)::int,
       i % 3 = 0,
       case when i % 3 = 0 then 'F-' || lpad(i::text, 10, '0') end,
       'C' || lpad((i % 50000)::text, 6, '0'),
       'Cliente ' || md5(i::text),
       round((random() * 100000)::numeric, 2),
       case when i % 5 = 0 then repeat('nota ', (1 + i % 20)::int) end,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second'
from generate_series(1::bigint, :rows::bigint) as g(i);

vacuum analyze :"table";
