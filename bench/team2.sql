-- Team 2's seven PostgreSQL tables (SPEC.md, team 2: 4k to 24k rows each, 60k in all), with the
-- columns a fibre roll-out keeps: poles, drops, ONT exports, field captures and activations.
-- Every value is a function of the row number (and of `random()` after `setseed`), so a run is
-- the same every time. Used by bench/run-convex.sh:  psql -v seed=0.42 -d DB -f bench/team2.sql
\set ON_ERROR_STOP 1
select setseed(:seed) \g /dev/null

drop table if exists sow_poles, sow_drops, nokia_exports, onemap_installations, onemap_poles,
    lawley_activations, mohadin_activations;

create table sow_poles (
    pole_number text primary key,
    project text not null,
    zone integer not null,
    pon integer not null,
    latitude numeric(9, 6) not null,
    longitude numeric(9, 6) not null,
    pole_type text not null,
    height_m double precision not null,
    owner text,
    permission_granted boolean not null,
    planned_date date,
    status text not null,
    updated_at timestamptz not null
);
insert into sow_poles
select 'LAW.P.' || chr(65 + i % 26) || lpad(i::text, 6, '0'),
       (array['Lawley', 'Mohadin', 'Ivory Park'])[1 + i % 3],
       1 + i % 20, 1 + i % 208,
       round((-26.38 - random() * 0.05)::numeric, 6), round((27.80 + random() * 0.05)::numeric, 6),
       (array['wood 7m', 'wood 9m', 'steel 9m'])[1 + i % 3],
       7 + (i % 3) * 1.0,
       case when i % 11 = 0 then null else 'owner ' || i % 431 end,
       i % 4 <> 0,
       case when i % 7 = 0 then null else date '2025-01-06' + i % 400 end,
       (array['planned', 'permitted', 'planted', 'rejected'])[1 + i % 4],
       timestamptz '2026-01-01 00:00:00+00' + i * interval '37 seconds'
from generate_series(1, 9000) as i;

create table sow_drops (
    drop_number text primary key,
    pole_number text not null,
    address text not null,
    zone integer not null,
    pon integer not null,
    cable_length_m double precision not null,
    ont_serial text,
    installed boolean not null,
    status text not null,
    updated_at timestamptz not null
);
insert into sow_drops
select 'DR' || lpad(i::text, 7, '0'),
       'LAW.P.' || chr(65 + (i / 3) % 26) || lpad((1 + (i / 3) % 9000)::text, 6, '0'),
       (1 + i % 3999) || ' ' || (array['Mbeki', 'Tambo', 'Sisulu', 'Khumalo', 'Nkosi'])[1 + i % 5] || ' Street, Lawley',
       1 + i % 20, 1 + i % 208,
       round((15 + random() * 120)::numeric, 1)::double precision,
       case when i % 3 = 0 then null else 'ALCL' || upper(substr(md5(i::text), 1, 8)) end,
       i % 3 <> 0,
       (array['designed', 'installed', 'activated', 'faulty'])[1 + i % 4],
       timestamptz '2026-01-01 00:00:00+00' + i * interval '13 seconds'
from generate_series(1, 24000) as i;

create table nokia_exports (
    id bigint primary key,
    ont_serial text not null,
    olt_port text not null,
    drop_number text,
    rx_power_dbm double precision,
    tx_power_dbm double precision,
    distance_km numeric(6, 3),
    status text not null,
    last_seen timestamptz
);
insert into nokia_exports
select i, 'ALCL' || upper(substr(md5((i * 3)::text), 1, 8)),
       '1/1/' || 1 + i % 16 || '/' || 1 + i % 64,
       case when i % 9 = 0 then null else 'DR' || lpad((i * 3)::text, 7, '0') end,
       round((-27 + random() * 12)::numeric, 2)::double precision,
       round((1 + random() * 3)::numeric, 2)::double precision,
       round((0.2 + random() * 4)::numeric, 3),
       (array['up', 'up', 'up', 'down', 'los'])[1 + i % 5],
       case when i % 13 = 0 then null else timestamptz '2026-03-01 00:00:00+00' + i * interval '71 seconds' end
from generate_series(1, 8000) as i;

create table onemap_installations (
    property_id bigint primary key,
    stand_number text not null,
    address text not null,
    latitude numeric(9, 6) not null,
    longitude numeric(9, 6) not null,
    install_status text not null,
    installed_on date,
    contractor text,
    notes text,
    captured_at timestamptz not null
);
insert into onemap_installations
select 500000 + i, 'ST-' || i % 7000,
       (1 + i % 3999) || ' ' || (array['Mbeki', 'Tambo', 'Sisulu', 'Khumalo', 'Nkosi'])[1 + i % 5] || ' Street, Mohadin',
       round((-26.40 - random() * 0.05)::numeric, 6), round((27.78 + random() * 0.05)::numeric, 6),
       (array['requested', 'scheduled', 'installed', 'declined'])[1 + i % 4],
       case when i % 4 = 2 then date '2025-06-01' + i % 300 end,
       (array['Velo', 'Fibertime', 'Ubuntu Civils'])[1 + i % 3],
       case when i % 6 = 0 then 'gate locked; call owner before visit (' || i || ')' end,
       timestamptz '2026-02-01 00:00:00+00' + i * interval '5 minutes'
from generate_series(1, 5000) as i;

create table onemap_poles (
    pole_id bigint primary key,
    pole_number text not null,
    latitude numeric(9, 6) not null,
    longitude numeric(9, 6) not null,
    status text not null,
    captured_by text not null,
    photos integer not null,
    captured_at timestamptz not null
);
insert into onemap_poles
select 900000 + i, 'LAW.P.' || chr(65 + i % 26) || lpad(i::text, 6, '0'),
       round((-26.38 - random() * 0.05)::numeric, 6), round((27.80 + random() * 0.05)::numeric, 6),
       (array['captured', 'verified', 'needs photo'])[1 + i % 3],
       'field agent ' || i % 37, i % 6,
       timestamptz '2026-02-15 00:00:00+00' + i * interval '3 minutes'
from generate_series(1, 6000) as i;

create table lawley_activations (
    activation_id text primary key,
    drop_number text not null,
    ont_serial text not null,
    customer_type text not null,
    speed_mbps integer not null,
    activated_on date not null,
    active boolean not null,
    monthly_fee numeric(8, 2) not null
);
insert into lawley_activations
select 'LA-' || lpad(i::text, 6, '0'), 'DR' || lpad((i * 5)::text, 7, '0'),
       'ALCL' || upper(substr(md5((i * 5)::text), 1, 8)),
       (array['residential', 'residential', 'business'])[1 + i % 3],
       (array[20, 50, 100])[1 + i % 3], date '2025-09-01' + i % 450, i % 17 <> 0,
       (array[99.00, 249.00, 449.00])[1 + i % 3]
from generate_series(1, 4000) as i;

create table mohadin_activations (like lawley_activations including all);
insert into mohadin_activations
select 'MA-' || lpad(i::text, 6, '0'), 'DR' || lpad((i * 5 + 2)::text, 7, '0'),
       'ALCL' || upper(substr(md5((i * 5 + 2)::text), 1, 8)),
       (array['residential', 'business', 'residential'])[1 + i % 3],
       (array[50, 20, 100])[1 + i % 3], date '2025-10-01' + i % 400, i % 19 <> 0,
       (array[249.00, 99.00, 449.00])[1 + i % 3]
from generate_series(1, 4000) as i;

analyze;
