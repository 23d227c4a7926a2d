/**
 * Relais petite enfance (RPE): the relays, the communes each covers (several relays may cover one
 * commune), their agents (a `relay` role scoped to one relay), the consent a childminder gives one
 * relay to help her (one at a time, withdrawn in one action), the requests for consent a relay sends
 * her, and the mark of a change a relay made on her behalf.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table relays (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      address text not null,
      postal_code text not null,
      city text not null,
      phone text,
      email text,
      -- Managed by the supervisors of the CAF of this département (domain/offices.ts).
      departement text not null references departements(code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (phone is not null or email is not null)
    );

    create table relay_communes (
      relay_id uuid not null references relays(id) on delete cascade,
      commune_code text not null references communes(code),
      primary key (relay_id, commune_code)
    );
    create index relay_communes_commune on relay_communes (commune_code);

    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('childminder', 'moderator', 'supervisor', 'relay'));
    alter table users add column relay_id uuid references relays(id);
    alter table users add constraint users_relay_scope check ((role = 'relay') = (relay_id is not null));

    create table relay_consents (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      relay_id uuid not null references relays(id),
      granted_at timestamptz not null default now(),
      withdrawn_at timestamptz
    );
    -- One relay at a time may help her.
    create unique index relay_consents_one_active on relay_consents (registration_id) where withdrawn_at is null;
    create index relay_consents_relay on relay_consents (relay_id) where withdrawn_at is null;

    create table relay_consent_requests (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      relay_id uuid not null references relays(id),
      requested_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      answered_at timestamptz
    );
    create unique index relay_consent_requests_open
      on relay_consent_requests (registration_id, relay_id) where answered_at is null;

    -- A change a relay agent made for her (proposed_by is the agent): « fait par … pour le compte de … ».
    alter table profile_changes add column relay_id uuid references relays(id);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    alter table profile_changes drop column relay_id;
    drop table relay_consent_requests, relay_consents;
    alter table users drop constraint users_relay_scope;
    alter table users drop column relay_id;
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ('childminder', 'moderator', 'supervisor'));
    drop table relay_communes, relays;
  `);
}
