-- Team 2's seven PostgreSQL tables, as the upstream job fills them: the statement of work's poles
-- and drops, the Nokia ONT export, the OneMap field captures and the activations of two areas.
-- Every table has a one-column primary key: write: mutation finds Convex documents by that one
-- field (an index ferry_by_<key> in schema.ts). Nullable columns arrive in Convex as null.
--   psql -d fieldops -f schema.sql

create table sow_poles (
    pole_number        text primary key,            -- LAW.P.A000123
    project            text not null,               -- Lawley, Mohadin, ...
    zone               integer not null,
    pon                integer not null,
    latitude           double precision not null,
    longitude          double precision not null,
    pole_type          text not null,               -- wood 7m, steel 9m, ...
    height_m           numeric(4, 1) not null,
    owner              text,                        -- unknown until the wayleave is signed
    permission_granted boolean not null,
    planned_date       date,
    status             text not null,               -- planned, permitted, planted, rejected
    attributes         jsonb,                       -- what the survey app adds: {"photos": [...], "access": ...}
    updated_at         timestamptz not null
);

create table sow_drops (
    drop_number    text primary key,                -- DR0001234
    pole_number    text not null,
    address        text not null,
    zone           integer not null,
    pon            integer not null,
    cable_length_m double precision,                -- measured when the drop is pulled
    ont_serial     text,                            -- set when the ONT is installed
    installed      boolean not null,
    status         text not null,                   -- designed, installed, activated, faulty
    updated_at     timestamptz not null
);

create table nokia_exports (
    id           bigint primary key,                -- the export's row id
    ont_serial   text not null,                     -- ALCL1234ABCD
    olt_port     text not null,                     -- 1/1/3/17
    drop_number  text,
    rx_power_dbm double precision,                  -- null while the ONT is offline
    tx_power_dbm double precision,
    distance_km  numeric(6, 3),
    status       text not null,                     -- up, down, los
    optics       jsonb,                             -- the export's raw optical readings
    last_seen    timestamptz
);

create table onemap_installations (
    property_id    bigint primary key,              -- OneMap's property id
    stand_number   text not null,
    address        text not null,
    latitude       double precision not null,
    longitude      double precision not null,
    install_status text not null,                   -- requested, scheduled, installed, declined
    installed_on   date,
    contractor     text,
    notes          text,
    survey         jsonb,                           -- the field form as captured
    captured_at    timestamptz not null
);

create table onemap_poles (
    pole_id     bigint primary key,                 -- OneMap's capture id
    pole_number text not null,
    latitude    double precision not null,
    longitude   double precision not null,
    status      text not null,                      -- captured, verified, needs photo
    captured_by text not null,
    photos      integer not null,
    captured_at timestamptz not null
);

create table lawley_activations (
    activation_id text primary key,                 -- LA-000123
    drop_number   text not null,
    ont_serial    text not null,
    customer_type text not null,                    -- residential, business
    speed_mbps    integer not null,
    activated_on  date not null,
    active        boolean not null,
    monthly_fee   numeric(8, 2) not null,
    cancelled_at  timestamptz
);

create table mohadin_activations (like lawley_activations including all);
