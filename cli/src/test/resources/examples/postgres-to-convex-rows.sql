-- About 60,000 rows for examples/postgres-to-convex/schema.sql, every value a function of the row number.
insert into sow_poles
select 'LAW.P.' || lpad(i::text, 6, '0'),
       (array['Lawley', 'Mohadin', 'Ivory Park'])[1 + i % 3],
       1 + i % 20, 1 + i % 208,
       round(-26.38 - (i % 5000) * 0.00001, 5), round(27.80 + (i % 5000) * 0.00001, 5),
       (array['wood 7m', 'wood 9m', 'steel 9m'])[1 + i % 3],
       7 + (i % 3) * 1.5,
       case when i % 11 = 0 then null else 'owner ' || i % 431 end,
       i % 4 <> 0,
       case when i % 7 = 0 then null else date '2025-01-06' + i % 400 end,
       (array['planned', 'permitted', 'planted', 'rejected'])[1 + i % 4],
       case when i % 10 = 0 then null
            else jsonb_build_object('photos', i % 4, 'access', case when i % 2 = 0 then 'open' else 'gate' end,
                                    'tags', jsonb_build_array('survey', 'zone ' || (1 + i % 20))) end,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '37 seconds'
from generate_series(1, 9000) as i;

insert into sow_drops
select 'DR' || lpad(i::text, 7, '0'),
       'LAW.P.' || lpad((1 + (i / 3) % 9000)::text, 6, '0'),
       (1 + i % 3999) || ' ' || (array['Mbeki', 'Tambo', 'Sisulu', 'Khumalo', 'Nkosi'])[1 + i % 5] || ' Street, Lawley',
       1 + i % 20, 1 + i % 208,
       case when i % 5 = 0 then null else 15 + (i % 480) * 0.25 end,
       case when i % 3 = 0 then null else 'ALCL' || upper(substr(md5(i::text), 1, 8)) end,
       i % 3 <> 0,
       (array['designed', 'installed', 'activated', 'faulty'])[1 + i % 4],
       timestamptz '2026-01-01 00:00:00+00' + i * interval '13 seconds'
from generate_series(1, 24000) as i;

insert into nokia_exports
select i, 'ALCL' || upper(substr(md5((i * 3)::text), 1, 8)),
       '1/1/' || 1 + i % 16 || '/' || 1 + i % 64,
       case when i % 9 = 0 then null else 'DR' || lpad((i * 3)::text, 7, '0') end,
       case when i % 5 = 3 then null else -27 + (i % 48) * 0.25 end,
       case when i % 5 = 3 then null else 1 + (i % 12) * 0.25 end,
       round(0.2 + (i % 4000) * 0.001, 3),
       (array['up', 'up', 'up', 'down', 'los'])[1 + i % 5],
       case when i % 5 = 3 then null else jsonb_build_object('rx', -27 + (i % 48) * 0.25, 'olt', 'OLT-' || 1 + i % 4) end,
       case when i % 13 = 0 then null else timestamptz '2026-03-01 00:00:00+00' + i * interval '71 seconds' end
from generate_series(1, 8000) as i;

insert into onemap_installations
select 500000 + i, 'ST-' || i % 7000,
       (1 + i % 3999) || ' ' || (array['Mbeki', 'Tambo', 'Sisulu', 'Khumalo', 'Nkosi'])[1 + i % 5] || ' Street, Mohadin',
       round(-26.40 - (i % 5000) * 0.00001, 5), round(27.78 + (i % 5000) * 0.00001, 5),
       (array['requested', 'scheduled', 'installed', 'declined'])[1 + i % 4],
       case when i % 4 = 2 then date '2025-06-01' + i % 300 end,
       (array['Velo', 'Fibertime', 'Ubuntu Civils'])[1 + i % 3],
       case when i % 6 = 0 then 'gate locked; call owner before visit (' || i || ')' end,
       jsonb_build_object('rooms', 1 + i % 5, 'consent', i % 8 <> 0, 'contact', jsonb_build_object('preferred', 'sms')),
       timestamptz '2026-02-01 00:00:00+00' + i * interval '5 minutes'
from generate_series(1, 5000) as i;

insert into onemap_poles
select 900000 + i, 'LAW.P.' || lpad(i::text, 6, '0'),
       round(-26.38 - (i % 5000) * 0.00001, 5), round(27.80 + (i % 5000) * 0.00001, 5),
       (array['captured', 'verified', 'needs photo'])[1 + i % 3],
       'field agent ' || i % 37, i % 6,
       timestamptz '2026-02-15 00:00:00+00' + i * interval '3 minutes'
from generate_series(1, 6000) as i;

insert into lawley_activations
select 'LA-' || lpad(i::text, 6, '0'), 'DR' || lpad((i * 5)::text, 7, '0'),
       'ALCL' || upper(substr(md5((i * 5)::text), 1, 8)),
       (array['residential', 'residential', 'business'])[1 + i % 3],
       (array[20, 50, 100])[1 + i % 3], date '2025-09-01' + i % 450, i % 17 <> 0,
       (array[99.00, 249.00, 449.00])[1 + i % 3],
       case when i % 17 = 0 then timestamptz '2026-04-01 12:00:00+00' + i * interval '1 hour' end
from generate_series(1, 4000) as i;

insert into mohadin_activations
select 'MA-' || lpad(i::text, 6, '0'), 'DR' || lpad((i * 5 + 2)::text, 7, '0'),
       'ALCL' || upper(substr(md5((i * 5 + 2)::text), 1, 8)),
       (array['residential', 'business', 'residential'])[1 + i % 3],
       (array[50, 20, 100])[1 + i % 3], date '2025-10-01' + i % 400, i % 19 <> 0,
       (array[249.00, 99.00, 449.00])[1 + i % 3],
       case when i % 19 = 0 then timestamptz '2026-05-01 08:30:00+00' + i * interval '1 hour' end
from generate_series(1, 4000) as i;
