/**
 * The départements' side: their agents (a staff role scoped to one département), the notifications
 * they send about agréments (idempotent by département and their own reference), the standing of
 * each agrément those notifications make (read by the publication rule), and the client
 * credentials of their own systems (only a hash of the secret is kept).
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table users drop constraint users_role_check;
    alter table users
      add constraint users_role_check check (role in ('childminder', 'moderator', 'supervisor', 'departement_agent')),
      add column departement_code text references departements(code),
      add constraint users_departement_agent check ((role = 'departement_agent') = (departement_code is not null));

    create table agrement_notifications (
      id uuid primary key default gen_random_uuid(),
      departement text not null references departements(code),
      reference text not null,
      kind text not null check (kind in ('suspension', 'lifting', 'withdrawal', 'modification', 'renewal', 'new_agrement')),
      agrement_number text not null,
      birth_name text not null,
      birth_date date not null,
      effective_at timestamptz not null,
      ends_at timestamptz,
      reason text not null,
      -- What else it carries (a new expiry date, a capacity, a workplace): codes and dates only.
      details jsonb not null default '{}',
      -- applied: matched and in effect; unmatched: waits in the pivot CAF's queue; refused: with its code.
      outcome text not null check (outcome in ('applied', 'unmatched', 'refused')),
      refusal text,
      registration_id uuid references registrations(id),
      channel text not null check (channel in ('form', 'batch', 'api')),
      sent_by uuid references users(id),
      client_id uuid,
      received_at timestamptz not null default now(),
      applied_at timestamptz,
      -- When her lifecycle workflow was told (null: to tell again, or she had none running yet).
      signalled_at timestamptz,
      unique (departement, reference)
    );
    create index agrement_notifications_match on agrement_notifications (departement, agrement_number);
    create index agrement_notifications_registration on agrement_notifications (registration_id, received_at);
    create index agrement_notifications_unmatched on agrement_notifications (departement, received_at)
      where outcome = 'unmatched';

    create table agrement_standing (
      registration_id uuid primary key references registrations(id),
      suspended_from timestamptz,
      suspended_until timestamptz,
      withdrawn_from timestamptz,
      updated_at timestamptz not null default now(),
      check ((suspended_from is null) = (suspended_until is null))
    );

    create table departement_api_clients (
      id uuid primary key default gen_random_uuid(),
      departement text not null references departements(code),
      label text not null,
      secret_hash text not null,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create index departement_api_clients_departement on departement_api_clients (departement);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table departement_api_clients, agrement_standing, agrement_notifications;
    delete from sessions where user_id in (select id from users where role = 'departement_agent');
    delete from users where role = 'departement_agent';
    alter table users drop constraint users_departement_agent, drop column departement_code, drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ('childminder', 'moderator', 'supervisor'));
  `);
}
