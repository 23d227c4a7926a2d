/**
 * The parents' search: each commune's position (for distances, from the open data described in
 * infra/commune-centres.ts), and a search row per published childminder written with her public
 * profile. A commune without a known position keeps a null centre: it is searched by its own code only.
 */
import type { Knex } from 'knex';
import communesData from '@etalab/decoupage-administratif/data/communes.json' with { type: 'json' };
import { communeCentres } from '../infra/commune-centres.ts';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    -- A city's arrondissements (Paris, Lyon, Marseille) point at it: "in the commune" includes them.
    alter table communes add column centre point, add column centre_source text
      check (centre_source in ('mairie', 'centroide')), add column parent_code text;
    create index communes_parent on communes (parent_code) where parent_code is not null;

    -- One row per published childminder: only what the search filters and sorts on, nothing hidden.
    create table search_profiles (
      registration_id uuid primary key references registrations(id),
      commune_code text not null,
      workplace text not null check (workplace in ('home', 'mam')),
      availability_status text not null check (availability_status in ('available', 'full', 'unavailable')),
      available_from date not null,
      places_under3 smallint not null,
      places_from3to6 smallint not null,
      places_over6 smallint not null,
      -- Days she works (bit 0 Monday) and her quarter hours (domain/search.ts).
      days_mask smallint not null,
      slot_mask bit(672) not null,
      -- Her last declaration, and whether a deadline passed since (listed last).
      declared_at timestamptz,
      overdue boolean not null default false,
      updated_at timestamptz not null default now()
    );
    -- A page walks the communes nearest first and, in each, this index in listing order.
    -- (api/search/query.ts sorts on these very expressions, most recently confirmed first.)
    create index search_profiles_listing on search_profiles
      (commune_code, overdue, (coalesce(declared_at, '-infinity'::timestamptz)) desc, registration_id desc);
  `);
  const centres = communeCentres((line) => console.log(line));
  const codes = Object.keys(centres);
  await db.raw(
    `update communes c set centre = point(v.lon, v.lat), centre_source = v.source
       from unnest(?::text[], ?::float8[], ?::float8[], ?::text[]) as v(code, lon, lat, source)
      where c.code = v.code`,
    [
      codes,
      codes.map((k) => centres[k]![0]),
      codes.map((k) => centres[k]![1]),
      codes.map((k) => centres[k]![2]),
    ],
  );
  await db.raw('create index communes_centre on communes using gist (centre)');
  const arrondissements = (communesData as Array<{ code: string; type: string; commune?: string }>).filter(
    (c) => c.type === 'arrondissement-municipal' && c.commune,
  );
  await db.raw(
    `update communes c set parent_code = v.parent from unnest(?::text[], ?::text[]) as v(code, parent)
      where c.code = v.code`,
    [arrondissements.map((c) => c.code), arrondissements.map((c) => c.commune!)],
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table search_profiles;
    drop index communes_centre;
    drop index communes_parent;
    alter table communes drop column centre, drop column centre_source, drop column parent_code;
  `);
}
