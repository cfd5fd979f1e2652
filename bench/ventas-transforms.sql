-- The `ventas` of the transforms benchmark (run-transforms.sh): the SPEC's table with three more
-- columns for the transforms to work on, and, beside it, the phone numbers the phone transform
-- must write. Run after ventas.sql has filled :base (default ventas_base), in the same database:
--
--   psql -X -v ON_ERROR_STOP=1 -v rows=1000000 -v table=ventas_base -d DB -f bench/ventas.sql
--   psql -X -v ON_ERROR_STOP=1 -d DB -f bench/ventas-transforms.sql
--
-- Added columns, each a function of the key (conduce = i), so the rows are the same on every run:
--   estado     varchar(2)   an order state code, low cardinality: PA PE EN DE and AN (exactly the
--                          rows with i % 10 = 7, 10%), plus XX in 1 row of 1000 (mapped by `else`)
--   cantidad   integer      1 to 24
--   telefono   varchar(24)  a phone number as people type them: Italian mobiles and landlines in
--                          national and international forms (spaces, dashes, dots, slashes,
--                          parentheses, 0039), and numbers of GB, US, ES, DE, FR and CH with their
--                          +country code; 1 row in 50 not a phone number at all ('n/d', '12345',
--                          '+39 347'), 1 row in 33 null; the phone of the row's customer
--                          (codigo_cliente: 50,000 customers, so 50,000 distinct numbers), or with
--                          -v phones=distinct one number per row (1M distinct: the worst case)
-- telefonos_e164(conduce, e164) holds what the phone transform (region IT) must make of each
-- number: its E.164 form, or null for the invalid and the null ones.

\if :{?phones}
\else
  \set phones customer
\endif
\if :{?base}
\else
  \set base ventas_base
\endif

drop table if exists ventas;
drop table if exists telefonos_e164;

create table ventas (
  conduce bigint primary key,
  fecha_emision date not null,
  facturado boolean not null,
  numero_factura varchar(20),
  codigo_cliente varchar(12) not null,
  cliente text not null,
  monto numeric(14,2) not null,
  notas text,
  ultima_modificacion timestamptz not null,
  estado varchar(2) not null,
  cantidad integer not null,
  telefono varchar(24)
);

create temporary table numeros as
select b.*,
       case when i % 10 = 7 then 'AN'
            when i % 1000 = 3 then 'XX'
            else (array['PA', 'PA', 'PA', 'PE', 'EN', 'EN', 'DE'])[1 + (i / 10) % 7]
       end as estado,
       (1 + (i * 7) % 24)::int as cantidad,
       case when p % 33 = 5 then 'null'
            when p % 50 = 11 then 'invalid'
            else 'format'
       end as kind,
       ((p / 3) % 14)::int as format,
       (array['320', '328', '333', '338', '340', '347', '348', '349', '366', '380', '389', '392'])[1 + (p % 12)::int]
           as mobile,
       lpad(((p * 104729 + 12345) % 10000000)::text, 7, '0') as d7,
       lpad(((p * 7919 + 555) % 100000000)::text, 8, '0') as d8
from (select v.*, v.conduce as i,
             -- whose phone the row carries: its customer's (codigo_cliente is 'C' || i % 50000), or
             -- with phones=distinct one of its own, the worst case for the phone step
             case when :'phones' = 'distinct' then v.conduce else v.conduce % 50000 end as p
      from :"base" v) b;

-- Each format: the text as typed, and the E.164 number it stands for.
create temporary table telefonos as
select conduce, p,
       case kind
         when 'null' then null
         when 'invalid' then (array['n/d', '12345', '+39 347'])[1 + (p % 3)::int]
         else case format
           when 0 then mobile || ' ' || substr(d7, 1, 3) || ' ' || substr(d7, 4)
           when 1 then '+39 ' || mobile || ' ' || d7
           when 2 then '0039 ' || mobile || '-' || substr(d7, 1, 3) || '-' || substr(d7, 4)
           when 3 then mobile || '.' || substr(d7, 1, 3) || '.' || substr(d7, 4)
           when 4 then '06 ' || substr(d8, 1, 4) || ' ' || substr(d8, 5)
           when 5 then '02/' || d8
           when 6 then '(+39) 055 ' || d7
           when 7 then '0039 011 ' || d7
           when 8 then '+44 20 7946 ' || substr(d7, 4)
           when 9 then '+1 (212) 555-01' || substr(d7, 6)
           when 10 then '+34 6' || substr(d8, 1, 2) || ' ' || substr(d8, 3, 3) || ' ' || substr(d8, 6)
           when 11 then '+49 30 ' || '2' || substr(d7, 2)
           when 12 then '+33 6 1' || substr(d7, 1, 1) || ' ' || substr(d7, 2, 2) || ' ' || substr(d7, 4, 2)
                        || ' ' || substr(d7, 6)
           else '+41 44 ' || '2' || substr(d7, 2, 2) || ' ' || substr(d7, 4, 2) || ' ' || substr(d7, 6)
         end
       end as telefono,
       case when kind <> 'format' then null
         else case format
           when 0 then '+39' || mobile || d7
           when 1 then '+39' || mobile || d7
           when 2 then '+39' || mobile || d7
           when 3 then '+39' || mobile || d7
           when 4 then '+3906' || d8
           when 5 then '+3902' || d8
           when 6 then '+39055' || d7
           when 7 then '+39011' || d7
           when 8 then '+44207946' || substr(d7, 4)
           when 9 then '+121255501' || substr(d7, 6)
           when 10 then '+346' || d8
           when 11 then '+49302' || substr(d7, 2)
           when 12 then '+3361' || d7
           else '+41442' || substr(d7, 2)
         end
       end as e164
from numeros;

insert into ventas
select n.conduce, n.fecha_emision, n.facturado, n.numero_factura, n.codigo_cliente, n.cliente, n.monto, n.notas,
       n.ultima_modificacion, n.estado, n.cantidad, t.telefono
from numeros n join telefonos t using (conduce)
order by n.conduce;

create table telefonos_e164 as select conduce, e164 from telefonos;
alter table telefonos_e164 add primary key (conduce);

drop table numeros;
drop table telefonos;
drop table :"base";
vacuum analyze ventas;
vacuum analyze telefonos_e164;
